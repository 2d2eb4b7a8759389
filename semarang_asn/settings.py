"""Settings for Sistem Merit ASN Kota Semarang, read from the environment.

Every setting is listed in the README. With no environment at all the app runs on
an embedded default: SQLite and a filesystem Celery broker under ``var/``.
"""

from datetime import timedelta
from pathlib import Path

import environ
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()
# `make run` writes a local .env (DEBUG=1 and a generated SECRET_KEY) on first start.
if (BASE_DIR / ".env").exists():
    environ.Env.read_env(BASE_DIR / ".env")

DEBUG = env.bool("DEBUG", default=False)
# Without DEBUG the key is required where something is signed or served: the web process and
# Celery refuse to start without one, and `check --deploy` reports it (semarang_asn/core/startup.py).
# Commands that only read the models and migrations run without one.
SECRET_KEY = env("SECRET_KEY", default="") or ("insecure-development-key-only-for-debug" if DEBUG else "")

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "django_htmx",
    "import_export",
    "django_celery_beat",
    "csp",
    "axes",
    "bootstrap",
    "semarang_asn.core",
    "positions",
    "training",
    "performance",
    "assessments",
    "semarang_asn.dashboard",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "semarang_asn.core.middleware.SettingsOnceMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "semarang_asn.core.middleware.IndonesianFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "semarang_asn.core.middleware.NoStoreForSignedInMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "semarang_asn.core.middleware.FormErrorStatusMiddleware",
    # Last, as django-axes requires: it turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "semarang_asn.urls"
WSGI_APPLICATION = "semarang_asn.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "semarang_asn.core.context_processors.roles",
            ],
        },
    },
]

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}")}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and env.bool("DATABASE_POOL", default=False):
    # psycopg 3's pool; Django requires persistent connections off with it.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {})["pool"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and env.bool("DATABASE_JIT_OFF", default=True):
    # The app's queries are short, index-served lookups; PostgreSQL's JIT, triggered by cost
    # estimates on the city-sized tables, compiled for 30-100 ms to save a few.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The embedded default is written by the web server, the worker and beat at once:
    # writers queue (BEGIN IMMEDIATE, busy timeout, WAL) and BEGIN is retried when the
    # lock is still held after the timeout (semarang_asn/core/sqlite/base.py).
    DATABASES["default"]["ENGINE"] = "semarang_asn.core.sqlite"
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "timeout": env.float("SQLITE_TIMEOUT", default=20.0),
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL;PRAGMA synchronous=NORMAL",
        }
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Every signed-in request reads its session from the database, with one statement written once
# per process (semarang_asn/core/sessions.py, about 0.1 ms). Not Django's cached_db in front of
# Redis: with Redis down it fails logins and pages (cache writes and deletes raise), and a cache
# that swallowed a failed delete would keep a logged-out session alive.
SESSION_ENGINE = "semarang_asn.core.sessions"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Login throttling (django-axes): after LOGIN_FAILURE_LIMIT wrong passwords a username is
# locked, and so is the address they came from, each on its own, for LOGIN_LOCKOUT_MINUTES
# (0: until an administrator unlocks it under Axes > Access attempts in admin).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # Django's ModelBackend, loading the user with their employee, roles and unread count.
    "semarang_asn.core.auth.RequestUserBackend",
]
AXES_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=5)
_lockout_minutes = env.int("LOGIN_LOCKOUT_MINUTES", default=30)
AXES_COOLOFF_TIME = timedelta(minutes=_lockout_minutes) if _lockout_minutes else None
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_LOCKOUT_CALLABLE = "semarang_asn.core.views.login_locked_out"
AXES_CLIENT_IP_CALLABLE = "semarang_asn.core.security.client_ip"
# A success does not wipe the count: it would also wipe the per-address count an attacker
# with one valid account could reset between guesses at other usernames.
AXES_RESET_ON_SUCCESS = False
AXES_VERBOSE = False
# How many proxies in front of gunicorn append to X-Forwarded-For (docs/deploy.md). With 0 the
# client address is the socket's; a header a client sent itself is then never believed.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0 if DEBUG else 1)

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard:home"
LOGOUT_REDIRECT_URL = "dashboard:home"

LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Bahasa Indonesia")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Jakarta"
USE_I18N = True
USE_TZ = True
# Dates, times and numbers in one way per language: semarang_asn/formats/<lang>/formats.py.
FORMAT_MODULE_PATH = ["semarang_asn.formats"]
# Counts are grouped where they are shown, with humanize's intcomma (which uses the format
# module's separators). Grouping every integer in every template would also turn ids and
# years inside URLs, form values and element ids into "12.345" and "2.026".
USE_THOUSAND_SEPARATOR = False

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
MEDIA_URL = "media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=VAR_DIR / "media")
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Sistem Merit ASN <no-reply@semarangkota.go.id>")

# Celery: Redis when REDIS_URL is set, otherwise kombu's filesystem transport under var/,
# so that a worker and beat really run on a machine with no broker server.
if REDIS_URL:
    CELERY_BROKER_URL = REDIS_URL
    CELERY_RESULT_BACKEND = REDIS_URL
    # A task a dead worker had taken comes back after the visibility timeout (longer than
    # any task's time limit); a broker that does not answer is given up on after 2 s.
    CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600, "socket_connect_timeout": 2}
else:
    _broker_dir = VAR_DIR / "broker"
    CELERY_BROKER_URL = "filesystem://"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_broker_dir / "queue"),
        "data_folder_out": str(_broker_dir / "queue"),
        "processed_folder": str(_broker_dir / "processed"),
        "control_folder": str(_broker_dir / "control"),
        "store_processed": False,
    }
    CELERY_RESULT_BACKEND = f"file://{VAR_DIR / 'results'}"
    for _dir in (_broker_dir / "queue", _broker_dir / "processed", _broker_dir / "control", VAR_DIR / "results"):
        _dir.mkdir(parents=True, exist_ok=True)
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_TIME_LIMIT = 30 * 60
CELERY_TASK_SOFT_TIME_LIMIT = 25 * 60
# At-least-once: a task is acknowledged after it ran, and a task whose worker process was
# killed (OOM, SIGKILL) is put back on the queue. Every task is idempotent, so a second run
# changes nothing (tests/core/test_faults.py).
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True

# Security: strict by default whenever DEBUG is off (see `manage.py check --deploy`).
# X-Forwarded-Proto is believed only because gunicorn listens on loopback (Procfile) behind a
# proxy that overwrites the header on every request (docs/deploy.md). With no such proxy, set
# TRUST_X_FORWARDED_PROTO=0 so that no client can claim HTTPS for itself.
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if env.bool("TRUST_X_FORWARDED_PROTO", default=True) else None
)
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=not DEBUG)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True

# Every asset is served by the app itself, so the policy allows nothing from elsewhere.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "style-src-attr": ["'unsafe-inline'"],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}

# Merit rules that DOMAIN.md marks configurable have their seeded defaults in the
# database (core.Setting); these are only the app-wide operating knobs.
DEMO_LOGINS_ALLOWED = env.bool("DEMO_LOGINS_ALLOWED", default=DEBUG)
UPLOAD_MAX_BYTES = env.int("UPLOAD_MAX_BYTES", default=5 * 1024 * 1024)
# CSV/XLSX imports of employees, positions and competency results: a whole city in one file.
IMPORT_MAX_BYTES = env.int("IMPORT_MAX_BYTES", default=25 * 1024 * 1024)
# Rows one import file may hold (Semarang has about 15,000 ASN and 22,000 positions' need).
IMPORT_MAX_ROWS = env.int("IMPORT_MAX_ROWS", default=25_000)
# Long work (imports, cycle opening) runs as core.Job on a worker; JOBS_RUN_INLINE runs it in the
# web process after the commit instead (tests); JOBS_QUEUE names the queue (default: Celery's).
JOBS_RUN_INLINE = env.bool("JOBS_RUN_INLINE", default=False)
JOBS_QUEUE = env("JOBS_QUEUE", default="")
# An export of more rows than this runs as a job with a progress page and a download; a smaller
# one is written in the request (seconds at most, and the reader gets the file at once).
EXPORT_INLINE_MAX_ROWS = env.int("EXPORT_INLINE_MAX_ROWS", default=2_000)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
}
