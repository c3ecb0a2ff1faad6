"""Static files served by the app (WhiteNoise), before and after ``collectstatic``.

With ``WHITENOISE_USE_FINDERS`` the files come straight from ``static/`` and the apps, so
``collectstatic`` is optional: a deployment runs it (its nginx serves ``STATIC_ROOT``); ``make run``,
the tests and the benchmarks do not. WhiteNoise still looked in ``STATIC_ROOT`` and warned "No
directory at: var/staticfiles/" in every process started before a ``collectstatic``: this
middleware serves ``STATIC_ROOT`` once it exists and skips it silently until then (the finders
already serve every file it would hold). Its responses stream under ASGI block by block
(:class:`coprod.files.AsyncFileStream`): WhiteNoise's own made Django warn on every static file
served by uvicorn and read the file into a list first.
"""

from __future__ import annotations

import os
from typing import Any

from whitenoise.middleware import WhiteNoiseFileResponse, WhiteNoiseMiddleware

from .files import AsyncFileStream


class StaticFileResponse(AsyncFileStream, WhiteNoiseFileResponse):  # type: ignore[misc]  # no types
    """WhiteNoise's file response, streamed block by block under ASGI."""


class StaticFilesMiddleware(WhiteNoiseMiddleware):  # type: ignore[misc]  # whitenoise ships no types
    """WhiteNoise without the warning about a ``STATIC_ROOT`` that ``collectstatic`` has not made yet."""

    def add_files(self, root: Any, prefix: str | None = None) -> None:
        static_root = getattr(self, "static_root", None)
        not_collected = static_root and os.fspath(root) == os.fspath(static_root) and not os.path.isdir(root)
        if not_collected and not self.autorefresh:
            return
        super().add_files(root, prefix)

    @staticmethod
    def serve(static_file: Any, request: Any) -> StaticFileResponse:
        # WhiteNoiseMiddleware.serve, with the streaming response class.
        response = static_file.get_response(request.method, request.META)
        http_response = StaticFileResponse(response.file or (), status=int(response.status))
        del http_response["content-type"]  # WhiteNoise's headers say it
        for key, value in response.headers:
            http_response[key] = value
        return http_response
