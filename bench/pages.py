#!/usr/bin/env python
"""First paint: server time and database queries of the main pages for a busy producer.

Builds a throwaway SQLite database under ``var/`` (a copy of a migrated template, see
``bench/sqlite_template.py``) with one user who has 1,000 completed generations (real engine
results: melodies, chord progressions, drum patterns, basslines, arrangements) and 500 saved ideas,
then renders each page ``--runs`` times through Django's test client (no network: the view, the
queries and the template, which is what "server time" means here) and prints p50 / p95 and the
number of queries per page. Target: every page <= 50 ms p50.

    .venv/bin/python bench/pages.py [--runs 30]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PAGES = ("/studio/", "/vault/", "/account/dashboard/", "/projects/", "/studio/tracks/", "/account/notifications/")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--generations", type=int, default=1000)
    parser.add_argument("--ideas", type=int, default=500)
    args = parser.parse_args()

    (ROOT / "var").mkdir(exist_ok=True)
    workdir = Path(tempfile.mkdtemp(prefix="bench-pages-", dir=ROOT / "var"))
    try:
        _run(args, workdir)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def _run(args: argparse.Namespace, workdir: Path) -> None:
    from bench.sqlite_template import migrated_sqlite

    database = workdir / "pages.sqlite3"
    migrated_sqlite(database)
    os.environ["DATABASE_URL"] = f"sqlite:///{database}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "coprod.settings")
    os.environ.setdefault("COPROD_DISABLE_AUTH_RATE_LIMITS", "true")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    settings.ALLOWED_HOSTS = ["*"]
    call_command("migrate", verbosity=0)
    user = _populate(args.generations, args.ideas)
    from insights.services import producer_profile_refresh

    producer_profile_refresh(user=user)  # what the worker does after the jobs
    client = Client()
    client.force_login(user)

    print(f"{args.generations} generations, {args.ideas} ideas; {args.runs} runs per page (server time)\n")
    print(f"{'page':28} {'p50 ms':>8} {'p95 ms':>8} {'queries':>8}")
    for path in PAGES:
        assert client.get(path).status_code == 200, path  # warm caches and templates
        times = []
        for _ in range(args.runs):
            started = time.perf_counter()
            response = client.get(path)
            times.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200
        with CaptureQueriesContext(connection) as queries:
            client.get(path)
        times.sort()
        p95 = times[min(len(times) - 1, int(len(times) * 0.95))]
        print(f"{path:28} {statistics.median(times):8.1f} {p95:8.1f} {len(queries):8d}")


def _populate(generations: int, ideas: int):  # type: ignore[no-untyped-def]
    from accounts.models import User
    from generation.engine import tools
    from generation.models import Generation
    from vault.models import Idea

    user = User.objects.create_user(username="busy", email="busy@example.com", password="x" * 12)
    kinds = [("melody", {}), ("chords", {}), ("drums", {}), ("bassline", {}), ("arrangement", {"length": 60})]
    samples = []
    for index, (tool, params) in enumerate(kinds * 4):
        validated = tools.validate_parameters(tool, params | {"genre": ["trap", "pop", "lofi", "house"][index % 4]})
        samples.append((tool, validated, tools.generate(tool, validated, seed=index)))
    rows = []
    for index in range(generations):
        tool, params, result = samples[index % len(samples)]
        rows.append(
            Generation(
                owner=user,
                tool=tool,
                parameters=params,
                seed=index,
                status="completed",
                progress=100,
                result=result,
                genre=result.get("genre") or "",
                bpm=result.get("bpm"),
                key=result.get("key") or "",
                scale=result.get("scale") or "",
            )
        )
    Generation.objects.bulk_create(rows, batch_size=200)
    saved = list(Generation.objects.filter(owner=user).order_by("id")[:ideas])
    Idea.objects.bulk_create(
        [
            Idea(
                owner=user,
                title=f"idea {i}",
                type=g.tool,
                genre=g.genre,
                key=g.key,
                scale=g.scale,
                bpm=g.bpm,
                data=g.result,
                generation=g,
            )
            for i, g in enumerate(saved)
        ],
        batch_size=200,
    )
    return user


if __name__ == "__main__":
    main()
