#!/usr/bin/env python
"""The web tier: uvicorn with N worker processes serving ``coprod.asgi`` on one port.

    .venv/bin/python bin/web.py --host 127.0.0.1 --port 8000 --workers 2 [--no-access-log]

Each worker is a whole Django + Channels process; WebSocket groups live in the Redis channel layer,
so an event sent by any process (a Celery worker, another web process) reaches a socket held by
any of them. Channels has no lifespan handler, so lifespan is off. The log is uvicorn's, except
that secrets in query strings (``/ws?token=...``, ``?api_key=...``) are replaced by ``[redacted]``
before anything is written. ``bin/services.py run`` (``make run``) starts this; a deployment runs
the same command behind its proxy (see the README).
"""

from __future__ import annotations

import argparse
import copy
import logging
import re
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
APPLICATION = "coprod.asgi:application"
_SECRET_IN_QUERY = re.compile(r"([?&](?:token|access_token|api_key|key)=)[^&\s\"]*", re.IGNORECASE)


class RedactQuerySecrets(logging.Filter):
    """Replaces the values of ``token``, ``access_token``, ``api_key`` and ``key`` query parameters."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple):
            record.args = tuple(
                _SECRET_IN_QUERY.sub(r"\1[redacted]", arg) if isinstance(arg, str) else arg for arg in record.args
            )
        elif isinstance(record.msg, str):
            record.msg = _SECRET_IN_QUERY.sub(r"\1[redacted]", record.msg)
        return True


def log_config() -> dict[str, Any]:
    """uvicorn's logging configuration with :class:`RedactQuerySecrets` on both of its handlers."""
    from uvicorn.config import LOGGING_CONFIG

    config = copy.deepcopy(LOGGING_CONFIG)
    config["filters"] = {"redact": {"()": "bin.web.RedactQuerySecrets"}}
    for handler in config["handlers"].values():
        handler["filters"] = ["redact"]
    return config


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--no-access-log", action="store_true")
    args = parser.parse_args(argv)
    # The worker processes are spawned: they find coprod and bin.web through the parent's sys.path.
    sys.path.insert(0, str(ROOT))
    import uvicorn

    uvicorn.run(
        APPLICATION,
        host=args.host,
        port=args.port,
        workers=max(1, args.workers),
        lifespan="off",
        server_header=False,
        access_log=not args.no_access_log,
        log_config=log_config(),
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
