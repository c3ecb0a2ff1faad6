"""How many threads the audio work uses: ``COPROD_RENDER_THREADS``, else the machine's cores.

The renderer's pool (:func:`.render.render_pool`) and the mixer's passes (:func:`.mix._over_spans`) both
size themselves from it.
"""

from __future__ import annotations

import os


def render_threads() -> int:
    """``COPROD_RENDER_THREADS``, else the number of cores."""
    configured = os.environ.get("COPROD_RENDER_THREADS", "").strip()
    return max(1, int(configured)) if configured else max(1, os.cpu_count() or 1)
