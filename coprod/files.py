"""Stored files: where they live, under which names, and the one way they are served.

* Private files (previews, MIDI and MusicXML of results, uploads, exports, and later tracks and
  stems) are stored under ``private/<folder>/<32 random hex>.<ext>``: names say nothing about
  their owner or row and cannot be guessed. They are served only by owner-checked API views
  through :func:`file_response`, never by the public media route.
* Public files (avatars) live under ``public/``; only that prefix is served at ``/media/``.
* Files are deleted with the rows that own them (django-cleanup, on commit).

:func:`file_response` streams the file from Django, or, behind a web server configured for it
(``COPROD_FILE_SERVING``), hands the transfer to it with ``X-Accel-Redirect`` (nginx) or
``X-Sendfile`` (Apache, lighttpd) after the owner check. With S3 storage (``COPROD_STORAGE=s3``)
nginx is handed a presigned URL's path and query instead of a file path.
"""

from __future__ import annotations

import secrets
from collections.abc import AsyncIterator, Iterator
from pathlib import PurePosixPath
from typing import Any, cast
from urllib.parse import urlsplit

from asgiref.sync import sync_to_async
from django.conf import settings
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, HttpResponse
from django.http.response import HttpResponseBase
from django.utils.deconstruct import deconstructible
from django.utils.http import content_disposition_header
from rest_framework.response import Response

PRIVATE_ROOT = "private"
PUBLIC_ROOT = "public"


@deconstructible
class RandomFileName:
    """``upload_to`` giving ``<root>/<folder>/<random>.<ext>`` (the extension kept, the name not)."""

    def __init__(self, folder: str, *, public: bool = False):
        self.folder = folder
        self.public = public

    def __call__(self, instance: Any, filename: str) -> str:
        suffix = PurePosixPath(filename).suffix.lower()[:10]
        if not suffix[1:].isalnum():
            suffix = ""
        root = PUBLIC_ROOT if self.public else PRIVATE_ROOT
        return f"{root}/{self.folder}/{secrets.token_hex(16)}{suffix}"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, RandomFileName) and (self.folder, self.public) == (other.folder, other.public)

    def __hash__(self) -> int:
        return hash((self.folder, self.public))


class AsyncFileStream:
    """Mixin for a :class:`~django.http.FileResponse` that an ASGI server streams block by block.

    Django's ASGI handler reads a response through ``__aiter__``; for a file (a synchronous
    iterator) the base class warns ("StreamingHttpResponse must consume synchronous iterators")
    and reads the whole file into a list first: a 3-minute WAV (48 MB) in memory per download.
    Here each block is read in a worker thread and sent as it comes. Synchronous iteration (WSGI,
    the test client) is unchanged.
    """

    streaming_content: Any

    async def __aiter__(self) -> AsyncIterator[bytes]:
        blocks = iter(cast(Iterator[bytes], self.streaming_content))
        read = sync_to_async(_next_block, thread_sensitive=False)
        while (block := await read(blocks)) is not None:
            yield block


class StreamedFileResponse(AsyncFileStream, FileResponse):
    """A FileResponse streamed block by block under ASGI (:class:`AsyncFileStream`)."""


def _next_block(blocks: Iterator[bytes]) -> bytes | None:
    return next(blocks, None)


def file_response(
    stored: FieldFile, *, filename: str, content_type: str, as_attachment: bool = True
) -> HttpResponseBase:
    """The response that delivers ``stored`` (already owner-checked by the caller).

    ``filename`` is what the user's browser saves it as; the header is built by Django's helper,
    so no user text can break out of it.
    """
    mode = settings.FILE_SERVING
    if mode == "django":
        return StreamedFileResponse(
            stored.open("rb"), as_attachment=as_attachment, filename=filename, content_type=content_type
        )
    response = HttpResponse(content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(as_attachment, filename) or "attachment"
    if mode == "x-accel-redirect":
        response["X-Accel-Redirect"] = _accel_target(stored)
    else:  # x-sendfile
        response["X-Sendfile"] = stored.path
    return response


def _accel_target(stored: FieldFile) -> str:
    """Where nginx fetches the file: the shared media volume, or the object store (S3).

    An object in S3 has no local path: nginx gets the path and query of a presigned URL under
    ``FILE_ACCEL_S3_PREFIX``, an internal location that proxies to the store's endpoint.
    """
    try:
        stored.path  # noqa: B018 - only local storage has a path
    except NotImplementedError:
        url = urlsplit(stored.url)
        return f"{settings.FILE_ACCEL_S3_PREFIX.rstrip('/')}{url.path}?{url.query}"
    return f"{settings.FILE_ACCEL_PREFIX.rstrip('/')}/{stored.name}"


# A file being written on a worker is usually there within a second or two.
FILE_RETRY_AFTER_SECONDS = 2


def file_pending_response() -> Response:
    """``202`` for a file a worker is still writing, with ``Retry-After``: ask again shortly."""
    return Response(
        {
            "success": True,
            "status": "processing",
            "retry_after": FILE_RETRY_AFTER_SECONDS,
            "message": "The file is being written; ask again shortly.",
        },
        status=202,
        headers={"Retry-After": str(FILE_RETRY_AFTER_SECONDS)},
    )
