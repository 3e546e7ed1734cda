"""LearnLoop's settings: one file, read from the environment.

SQLite is the embedded default; set DATABASE_URL for PostgreSQL. Every variable is listed,
with its default and meaning, in the README's configuration table.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


# True under pytest: a fast password hasher and an insecure key are allowed there only.
TESTING = "pytest" in sys.modules

DEBUG = env_bool("DEBUG", False)
# Without SECRET_KEY, management commands (migrate, makemigrations --check...) still run with a
# development key; serving pages refuses it unless DEBUG is on (learnloop/wsgi.py), and
# `manage.py check --deploy` fails on it (learnloop/core/checks.py).
DEVELOPMENT_SECRET_KEY = "insecure-development-key-do-not-use-in-production"  # noqa: S105
SECRET_KEY = os.environ.get("SECRET_KEY", "") or DEVELOPMENT_SECRET_KEY

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")
CSRF_FAILURE_VIEW = "learnloop.core.error_pages.csrf_failure"
SITE_NAME = os.environ.get("SITE_NAME", "LearnLoop")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",  # full-text search fields; harmless on SQLite
    "django.forms",
    "django_htmx",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "rest_framework",
    "drf_spectacular",
    "django_tasks_db",
    "learnloop.core",
    "learnloop.accounts",
    "learnloop.partnership",
    "learnloop.themes",
    "learnloop.loop",
    "learnloop.ingest",
    "learnloop.reviews",
    "learnloop.audits",
    "learnloop.dataset",
    "learnloop.voice",
    "learnloop.workforce",
    "learnloop.reach",
    "learnloop.impact",
    "learnloop.published",
    "learnloop.reports",
    "learnloop.evaluation",
    "learnloop.insights",
    "learnloop.notifications",
    "learnloop.retention",
    "learnloop.national",
    "learnloop.tokens",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "learnloop.core.middleware.AuditContextMiddleware",
    "learnloop.accounts.middleware.TwoFactorMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "learnloop.urls"
WSGI_APPLICATION = "learnloop.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "learnloop.core.context_processors.site",
            ],
            "builtins": ["learnloop.core.templatetags.govuk", "learnloop.retention.templatetags.authorship"],
        },
    }
]

if not os.environ.get("DATABASE_URL"):
    (BASE_DIR / "var").mkdir(exist_ok=True)

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'var' / 'learnloop.sqlite3'}",
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
    )
}
# The cache every process and machine shares (drawn charts, audit results, sessions): Redis
# when REDIS_URL is set, as production machines run it; otherwise a table in the database
# (created by a migration), never one process's memory. Tests use memory, emptied per test.
REDIS_URL = os.environ.get("REDIS_URL", "")
if TESTING:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "tests"}}
elif REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "learnloop_cache",
            "OPTIONS": {"MAX_ENTRIES": 20000},
        }
    }
CACHES["default"]["KEY_PREFIX"] = os.environ.get("CACHE_KEY_PREFIX", "learnloop")
CACHES["default"]["TIMEOUT"] = 7 * 24 * 60 * 60
# Sessions read from the cache and written through to the database: no query per request
# while the cache holds them, and nothing lost if it is emptied.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:start"
LOGOUT_REDIRECT_URL = "accounts:login"

# django-axes: lock an account and address pair out after repeated failed sign-ins.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = float(os.environ.get("AXES_COOLOFF_HOURS", "1"))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "username"
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
# Failures are cleared when sign-in is complete, second step included (learnloop/accounts/signals.py).
AXES_RESET_ON_SUCCESS = False
AXES_VERBOSE = False
AXES_CLIENT_IP_CALLABLE = "learnloop.core.audit.client_ip"
# The code typed at the second step is never written to axes' log of failed attempts.
AXES_SENSITIVE_PARAMETERS = ["password", "otp_token"]

# Two-factor sign-in (django-otp, TOTP with single-use recovery codes). Each partnership says
# which roles must use it; TWO_FACTOR_REQUIRED=0 stops requiring it (for local development only:
# `check --deploy` warns). Anyone who has set it up is always asked for a code.
TWO_FACTOR_REQUIRED = env_bool("TWO_FACTOR_REQUIRED", True)
OTP_TOTP_ISSUER = os.environ.get("SITE_NAME", "LearnLoop")
# Password links: at most this many requests an hour for one address, and from one client address.
PASSWORD_RESET_LIMIT = int(os.environ.get("PASSWORD_RESET_LIMIT", "5"))

if TESTING:
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = os.environ.get("TIME_ZONE", "Europe/London")
USE_I18N = False
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT") or BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "learnloop" / "static_build"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or TESTING
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG or TESTING
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "var" / "media"))
MEDIA_URL = "/media/"

# Uploaded evidence: the largest file accepted, in megabytes.
EVIDENCE_MAX_UPLOAD_MB = int(os.environ.get("EVIDENCE_MAX_UPLOAD_MB", "20"))
# Child's-journey extracts: the largest file accepted, in megabytes.
DATASET_MAX_UPLOAD_MB = int(os.environ.get("DATASET_MAX_UPLOAD_MB", "200"))
# The address people use to reach LearnLoop, for links in e-mails sent outside a request.
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")
# Reports list at most this many records in a table (the committee paper's overdue actions, new
# findings...), then say how many more there are with a link to the app's filtered list page.
REPORT_LIST_ROWS = int(os.environ.get("REPORT_LIST_ROWS", "25"))
# An upload larger than this is written to a temporary file, not held in memory; a form body
# (other than its files) larger than this is refused. Web statistics and workforce survey
# exports are refused above FILE_UPLOAD_MAX_MEMORY_SIZE too (their forms read them whole).
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# What every importer reads from one file (core.tables.DEFAULT_LIMITS, docs/operators.md):
# JSON, a "default" entry and one per source ("dataset", "aggregates", "voice", "workforce",
# "reach") naming only the limits that differ, such as {"dataset": {"max_rows": 3000000}}.
UPLOAD_LIMITS = json.loads(os.environ.get("UPLOAD_LIMITS", "") or "{}")

PAGE_SIZE = int(os.environ.get("PAGE_SIZE", "25"))
# How long a page drawn for a member is kept (learnloop/core/pagecache.py); 0 draws every page
# every time. A kept page is dropped at once when anything it shows changes, whatever this says.
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "3600"))

# The national themes page lists a theme rising in at least this many partnerships at once (2 or more).
NATIONAL_RISING_MIN_PARTNERSHIPS = int(os.environ.get("NATIONAL_RISING_MIN_PARTNERSHIPS", "2"))

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_COOKIE_AGE", str(8 * 60 * 60)))
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", not (DEBUG or TESTING))
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if env_bool("BEHIND_HTTPS_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = True
    SECURE_HSTS_SECONDS = 31536000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("HSTS_INCLUDE_SUBDOMAINS", True)
# Submitting the domain to browsers' preload list is a decision for its owner: off unless asked.
SECURE_HSTS_PRELOAD = env_bool("HSTS_PRELOAD", False)
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]
# How many proxies in front of the app set X-Forwarded-For (0: use REMOTE_ADDR).
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))

from django.utils.csp import CSP  # noqa: E402

SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.SELF],
}

# E-mail (invitations): printed to the console unless a backend is configured.
MAILERS = {
    "default": {
        "BACKEND": os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"),
        "OPTIONS": {
            key: value
            for key, value in {
                "host": os.environ.get("EMAIL_HOST"),
                "port": int(os.environ["EMAIL_PORT"]) if os.environ.get("EMAIL_PORT") else None,
                "username": os.environ.get("EMAIL_HOST_USER"),
                "password": os.environ.get("EMAIL_HOST_PASSWORD"),
                "use_tls": env_bool("EMAIL_USE_TLS", False) if os.environ.get("EMAIL_USE_TLS") else None,
            }.items()
            if value is not None
        },
    }
}
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "learnloop@localhost")

# Notifications (`manage.py send_notifications`, daily): reminders this many days before a due
# date, then the day after it and every NOTIFY_OVERDUE_EVERY_DAYS while not done; a weekly
# summary on NOTIFY_DIGEST_DAY of what is overdue and due in the next NOTIFY_DIGEST_AHEAD_DAYS.
NOTIFY_DAYS_BEFORE = int(os.environ.get("NOTIFY_DAYS_BEFORE", "7"))
NOTIFY_OVERDUE_EVERY_DAYS = int(os.environ.get("NOTIFY_OVERDUE_EVERY_DAYS", "7"))
NOTIFY_DIGEST_DAY = os.environ.get("NOTIFY_DIGEST_DAY", "monday")
NOTIFY_DIGEST_AHEAD_DAYS = int(os.environ.get("NOTIFY_DIGEST_AHEAD_DAYS", "14"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"axes": {"level": "WARNING"}},
}

# Background work (imports, documents): Django's tasks framework with the database backend;
# `manage.py db_worker` runs the queue. TASKS_IMMEDIATE=1 runs tasks in the request instead.
TASKS = {
    "default": {
        "BACKEND": (
            "django.tasks.backends.immediate.ImmediateBackend"
            if TESTING or env_bool("TASKS_IMMEDIATE", False)
            else "django_tasks_db.DatabaseBackend"
        )
    }
}

# The secret for pseudonymising identifiers from source systems (keyed hash, HMAC-SHA256).
# Required in production; never stored with the data.
PSEUDONYMISATION_KEY = os.environ.get("PSEUDONYMISATION_KEY", "")
if not PSEUDONYMISATION_KEY and (DEBUG or TESTING):
    PSEUDONYMISATION_KEY = "development-pseudonymisation-key"  # noqa: S105

REST_FRAMEWORK = {
    # A personal access token first, so a script without one is told so (401) with how to give one.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "learnloop.tokens.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": [
        "rest_framework.permissions.IsAuthenticated",
        "learnloop.tokens.authentication.TokenScope",
    ],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 100,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "LearnLoop API",
    "DESCRIPTION": "Read access to a partnership's learning loop and minimum dataset, and to the national view.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    # The schema describes what the API holds: for signed-in people only.
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    # The kinds of shared learning appear in several national components: one name for them.
    "ENUM_NAME_OVERRIDES": {"SharedLearningKindEnum": "learnloop.national.selectors.SEARCH_KINDS"},
    # 400, 401 and 404 are declared for every operation that can give them (learnloop/api/schema.py).
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "learnloop.api.schema.error_responses",
    ],
}
