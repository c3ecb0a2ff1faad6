"""Settings for the test suite: the real settings with fast hashing and an isolated key space.

In CI (``CI=true``) the suite must run on the machine's PostgreSQL and Redis: a missing
``DATABASE_URL`` or ``REDIS_URL`` is an error, never a silent fallback to SQLite.
"""

import os

if os.environ.get("CI", "").lower() == "true":
    for required in ("DATABASE_URL", "REDIS_URL"):
        if not os.environ.get(required):
            raise RuntimeError(f"CI=true but {required} is not set: CI must test against the real service")
    if not os.environ["DATABASE_URL"].startswith(("postgres://", "postgresql://")):
        raise RuntimeError("CI=true requires DATABASE_URL to point at PostgreSQL")

os.environ.setdefault("COPROD_DISABLE_AUTH_RATE_LIMITS", "true")
os.environ.setdefault("COPROD_CACHE_PREFIX", f"coprod-test-{os.getpid()}")
os.environ.setdefault("COPROD_CHANNEL_PREFIX", f"coprod-test-{os.getpid()}")
os.environ.setdefault("CELERY_QUEUE", f"coprod-test-{os.getpid()}")

from .settings import *  # noqa: F403
from .settings import VAR_DIR

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = str(VAR_DIR / f"test-media-{os.getpid()}")
WHITENOISE_AUTOREFRESH = True

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    # A file, not memory: the end-to-end tests start daphne in another process on this database.
    # One name per checkout, so `--reuse-db` (pytest options) keeps it between runs: migrating
    # from scratch costs ~100 s, most of it dj-stripe's migrations. New migrations are still applied.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test.sqlite3")}  # noqa: F405
# The inline wait is what the generate tests exercise; on a loaded test machine a job can take
# longer than the 3 s a person waits in production, so the tests wait longer before a 202.
GENERATION_INLINE_WAIT_SECONDS = 15
