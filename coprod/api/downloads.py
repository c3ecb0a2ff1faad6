"""File downloads: the ``Content-Disposition`` of every file the APIs send, built by Django's helper.

Django's ``content_disposition_header`` quotes the name and adds an RFC 5987 ``filename*`` for
non-ASCII names, so a name holding quotes, semicolons or line breaks cannot bend the header.
"""

from __future__ import annotations

from django.http import HttpResponse
from django.utils.http import content_disposition_header


def as_attachment(response: HttpResponse, filename: str) -> HttpResponse:
    """Mark ``response`` as a download named ``filename``; returns it."""
    response["Content-Disposition"] = content_disposition_header(True, filename) or "attachment"
    return response
