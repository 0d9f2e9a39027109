"""Base settings, driven by environment variables. Safe embedded default: SQLite under var/."""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent  # the cchc package
PROJECT_DIR = BASE_DIR.parent
VAR_DIR = Path(os.environ.get("CCHC_VAR_DIR", PROJECT_DIR / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [x.strip() for x in os.environ.get(name, default).split(",") if x.strip()]


SECRET_KEY = os.environ.get("SECRET_KEY", "dev-insecure-key-change-me-in-production-0123456789abcdef")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "auditlog",
    "axes",
    "ninja",  # serves the Swagger UI of /api/docs from local static files (offline intranets)
    "cchc.core",
    "cchc.org",
    "cchc.plans",
    "cchc.knowledge",
    "cchc.exams",
    "cchc.capacity",
    "cchc.notifications",
    "cchc.inspections",
    "cchc.initiatives",
    "cchc.surveys",
    "cchc.assessment",
    "cchc.dossiers",
    "cchc.procedures",
    "cchc.reports",
    "cchc.exchange",
    "cchc.site",  # last: the pages that bring the apps together (home, audit browser), fed by their hooks.py
]

MIDDLEWARE = [
    "cchc.core.middleware.TrustedProxyMiddleware",  # first: everything below sees the real client address
    "cchc.core.middleware.RequestLogMiddleware",  # one line per request, whatever answers it
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "cchc.core.middleware.ChosenLanguageMiddleware",  # Vietnamese unless chosen otherwise (not Accept-Language)
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "auditlog.middleware.AuditlogMiddleware",
    "cchc.core.middleware.EdgeGuardMiddleware",  # NUL bytes / non-finite JSON numbers / bad parameters → 400
    "axes.middleware.AxesMiddleware",
    "cchc.core.deferred.AfterResponseMiddleware",  # last: runs the usage-log appends once the response is built
]

ROOT_URLCONF = "cchc.urls"
WSGI_APPLICATION = "cchc.wsgi.application"

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
                "django.template.context_processors.i18n",
                "cchc.site.context_processors.navigation",
            ],
            "builtins": ["django.templatetags.i18n"],
        },
    }
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'cchc.sqlite3'}"),
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"timeout": 30, "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"}
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "cchc.core.auth_backends.AxesBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "cchc.core.validators.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "cchc.core.validators.CharacterClassValidator"},
    {"NAME": "cchc.core.validators.NotCurrentPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Login throttling (django-axes): lock an account+IP after repeated failures.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked.html"
AXES_CLIENT_IP_CALLABLE = "cchc.core.clientip.client_ip"
# Proxies whose X-Forwarded-For is believed (addresses or networks, comma-separated). Behind the nginx of
# docs/deploy.md on the same machine: 127.0.0.1,::1 (the default). Empty = trust no proxy (REMOTE_ADDR only).
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES", "127.0.0.1,::1")

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = 8 * 3600
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Tiếng Việt")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
# Uploaded files are private: nothing serves MEDIA_URL (not runserver, not whitenoise, not the web server); each kind
# of file is streamed by a view that checks access first (plans.evidence_download, capacity.material_download,
# knowledge documents). Templates link to those views, never to ``file.url``.
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "cchc.core.storage.TransactionalFileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
DATA_UPLOAD_MAX_MEMORY_SIZE = 30 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "cchc"}}

# Background jobs: "thread" (embedded default, no Redis), "inline" (tests), "celery" (production, needs REDIS_URL).
CCHC_JOBS = os.environ.get("CCHC_JOBS", "celery" if REDIS_URL and env_bool("CCHC_CELERY", False) else "thread")
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = CCHC_JOBS != "celery"

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "cchc@localhost")
# Absolute links in notification e-mails.
CCHC_SITE_URL = os.environ.get("CCHC_SITE_URL", "http://localhost:8000")

AUDITLOG_INCLUDE_ALL_MODELS = False
AUDITLOG_DISABLE_REMOTE_ADDR = False

LOG_FORMAT = os.environ.get("LOG_FORMAT", "text")  # "json" for structured logs in production
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "format": "%(asctime)s %(levelname)s %(name)s %(message)s",
        },
        "text": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    # cchc.request writes one line per request (method, path, status, time); django.request would add a second
    # record — with a traceback for every 403/404 — so it only reports server errors (5xx, with the traceback).
    "loggers": {"django.db.backends": {"level": "WARNING"}, "axes": {"level": "WARNING"},
                "django.request": {"level": "ERROR"}},
}

# Progress reports: a focal point's submission goes to the unit leader before the CCHC office sees it.
CCHC_LEADER_APPROVAL = env_bool("CCHC_LEADER_APPROVAL", True)
CCHC_MAX_UPLOAD_MB = float(os.environ.get("CCHC_MAX_UPLOAD_MB", "20"))  # every upload (cchc.core.intake)
CCHC_MAX_INFLATED_MB = float(os.environ.get("CCHC_MAX_INFLATED_MB", "100"))  # unpacked .docx/.xlsx/.pdf
# 766 dossier indicators: Parquet batches written by `cchc dossiers import` and read by DuckDB (cchc/dossiers/engine)
CCHC_DOSSIERS_DIR = Path(os.environ.get("CCHC_DOSSIERS_DIR", VAR_DIR / "dossiers"))
CCHC_DOSSIERS_MAX_UPLOAD_MB = float(os.environ.get("CCHC_DOSSIERS_MAX_UPLOAD_MB", "1024"))  # the web import screen
# a 766 .xlsx unpacked (zip bombs refused before reading): in all, and one sheet's size against its compressed size
CCHC_DOSSIERS_MAX_INFLATED_MB = float(os.environ.get("CCHC_DOSSIERS_MAX_INFLATED_MB", "16384"))
CCHC_DOSSIERS_MAX_INFLATE_RATIO = float(os.environ.get("CCHC_DOSSIERS_MAX_INFLATE_RATIO", "200"))
CCHC_DOSSIERS_MEMORY_LIMIT = os.environ.get("CCHC_DOSSIERS_MEMORY_LIMIT", "2GB")  # DuckDB, per import (spills past it)
# `cchc backup` writes its archives here unless --out is given (cchc/site/backup.py; docs/deploy.md)
CCHC_BACKUP_DIR = Path(os.environ.get("CCHC_BACKUP_DIR", VAR_DIR / "backups"))
# The province this installation serves (its units, its communes and the central bodies located there). A name
# before or after 1 July 2025 ("Bình Định" is followed to the merged "Gia Lai"). CCHC_DEMO_PROVINCE is the old name.
CCHC_PROVINCE = os.environ.get("CCHC_PROVINCE") or os.environ.get("CCHC_DEMO_PROVINCE") or "Hà Tĩnh"
CCHC_DEMO_PROVINCE = CCHC_PROVINCE
# Occurrences: the first reporting period of a plan is due at least this many days after the plan's issue date.
CCHC_PLAN_LEAD_DAYS = int(os.environ.get("CCHC_PLAN_LEAD_DAYS", "30"))
# CCHC index: a unit's yearly CCHC plan is "on time" when issued by this month-day of the assessed year (an editable
# default: each province sets its own date in its yearly guidance; not confirmed as a national rule).
CCHC_INDEX_PLAN_DUE = os.environ.get("CCHC_INDEX_PLAN_DUE", "01-31")
# Periodic CCHC reports: "cutoff" = data cut-off dates of Nghị định 09/2019 Điều 12 (15th to 14th, as the Bộ Nội vụ's
# CCHC reporting guidance applies them); "calendar" = 1 January to the end of the quarter/half/year (cchc.reports).
CCHC_REPORT_PERIOD_RULE = os.environ.get("CCHC_REPORT_PERIOD_RULE", "cutoff")
# Exchange API (cchc.exchange): days an Idempotency-Key of a push is remembered; days a tombstone of a deleted row
# is served by GET /deleted (a client that last pulled longer ago must pull everything again).
CCHC_EXCHANGE_IDEMPOTENCY_DAYS = int(os.environ.get("CCHC_EXCHANGE_IDEMPOTENCY_DAYS", "7"))
CCHC_EXCHANGE_TOMBSTONE_DAYS = int(os.environ.get("CCHC_EXCHANGE_TOMBSTONE_DAYS", "400"))
