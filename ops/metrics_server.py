"""Serve this machine's Celery worker metrics for Prometheus (worker machines have no web process).

    PROMETHEUS_MULTIPROC_DIR=/run/coprod-metrics python -m ops.metrics_server --port 9808

The worker processes write their task timers to ``PROMETHEUS_MULTIPROC_DIR``; this adds them up
and answers on ``/metrics`` (bind it to the private network only: it has no token).
"""

from __future__ import annotations

import argparse
import os
import sys
import time

from prometheus_client import CollectorRegistry, multiprocess, start_http_server


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=9808)
    args = parser.parse_args(argv)
    if not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        print("PROMETHEUS_MULTIPROC_DIR must be set (the directory the workers write to)", file=sys.stderr)
        return 2
    registry = CollectorRegistry()
    multiprocess.MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
    start_http_server(args.port, addr=args.host, registry=registry)
    while True:
        time.sleep(3600)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
