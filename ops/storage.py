"""Local file storage that removes what it could not finish writing.

Django's ``FileSystemStorage`` leaves the bytes written so far when a write fails (a full disk:
``ENOSPC``); no row points at them, so they are never served, but they keep the disk full. This
subclass deletes the partial file and re-raises.
"""

from __future__ import annotations

import contextlib
import os
from typing import Any

from django.core.files.storage import FileSystemStorage


class PartialSafeFileSystemStorage(FileSystemStorage):
    def _save(self, name: str, content: Any) -> str:
        try:
            return str(super()._save(name, content))  # type: ignore[misc]
        except OSError:
            with contextlib.suppress(OSError):
                os.remove(self.path(name))
            raise
