"""A migrated, empty SQLite database for the benchmarks, made once per set of migrations.

Migrating from nothing takes 70 s on an idle 2-core machine (most of it dj-stripe's migrations) and
many minutes on a busy one, far longer than what the benchmarks measure. The first run migrates a
template under ``var/bench-templates/`` named by a digest of every migration file of the project
and of ``requirements.txt`` (which pins the third-party apps and so their migrations); later runs
copy it. A template whose digest no longer matches is simply never used again (and removed).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = ROOT / "var" / "bench-templates"


def _digest() -> str:
    digest = hashlib.sha256((ROOT / "requirements.txt").read_bytes())
    for path in sorted(ROOT.glob("*/migrations/*.py")):
        digest.update(str(path.relative_to(ROOT)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def migrated_sqlite(target: Path) -> None:
    """Write a migrated, empty SQLite database at ``target`` (migrating a template first if needed)."""
    TEMPLATES.mkdir(parents=True, exist_ok=True)
    template = TEMPLATES / f"{_digest()}.sqlite3"
    if not template.exists():
        for stale in TEMPLATES.glob("*.sqlite3*"):
            stale.unlink()
        partial = template.with_suffix(f".partial-{os.getpid()}")
        env = dict(os.environ, DATABASE_URL=f"sqlite:///{partial}")
        env.setdefault("DJANGO_SETTINGS_MODULE", "coprod.settings")
        command = [sys.executable, str(ROOT / "manage.py"), "migrate", "--noinput", "-v", "0"]
        subprocess.run(command, env=env, check=True, cwd=ROOT)
        partial.rename(template)  # only a finished migration becomes the template
    shutil.copyfile(template, target)
