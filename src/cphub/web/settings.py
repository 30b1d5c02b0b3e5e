"""Django settings for the Hub's web shell. Everything is driven by environment variables with safe defaults:
SQLite in ./var for the embedded demo, PostgreSQL when ``DATABASE_URL`` is set."""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import unquote, urlparse

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = Path(os.environ.get("CPHUB_HOME", Path.cwd()))
VAR_DIR = Path(os.environ.get("CPHUB_VAR", PROJECT_DIR / "var"))

SECRET_KEY = os.environ.get("CPHUB_SECRET_KEY", "dev-only-insecure-key-change-me-in-production-0123456789")
DEBUG = os.environ.get("CPHUB_DEBUG", "0") == "1"
ALLOWED_HOSTS = os.environ.get("CPHUB_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_q",
    "cphub.web.core",
    "cphub.web.store",
    "cphub.web.scorecard",
    "cphub.web.kinship",
    "cphub.web.virtual_school",
    "cphub.web.ssd",
    "cphub.web.forecast",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "cphub.web.core.middleware.SecurityHeadersMiddleware",
]

ROOT_URLCONF = "cphub.web.urls"
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
                "cphub.web.core.context.hub",
            ]
        },
    }
]
WSGI_APPLICATION = "cphub.web.wsgi.application"


def _database(url: str | None) -> dict:
    if not url:
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        return {"ENGINE": "django.db.backends.sqlite3", "NAME": os.environ.get("CPHUB_SQLITE", VAR_DIR / "cphub.sqlite3"),
                "OPTIONS": {"timeout": 30}}
    u = urlparse(url)
    if u.scheme.startswith("postgres"):
        return {"ENGINE": "django.db.backends.postgresql", "NAME": unquote(u.path.lstrip("/")),
                "USER": unquote(u.username or ""), "PASSWORD": unquote(u.password or ""),
                "HOST": u.hostname or "", "PORT": str(u.port or "")}
    if u.scheme == "sqlite":
        return {"ENGINE": "django.db.backends.sqlite3", "NAME": unquote(u.path) or ":memory:"}
    raise ValueError(f"Unsupported DATABASE_URL scheme: {u.scheme}")


DATABASES = {"default": _database(os.environ.get("DATABASE_URL"))}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [{"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"}]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = False
USE_TZ = True

STATIC_URL = "/assets/"
STATIC_ROOT = VAR_DIR / "staticfiles"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # WhiteNoise expects it even before collectstatic
GOVUK_FRONTEND = Path(os.environ.get("CPHUB_GOVUK_FRONTEND", PROJECT_DIR / "node_modules" / "govuk-frontend" / "dist" / "govuk"))
# govuk-frontend's compiled CSS expects its fonts and images at /assets/fonts and /assets/images.
STATICFILES_DIRS = [("", GOVUK_FRONTEND / "assets"), ("govuk", GOVUK_FRONTEND), BASE_DIR / "static"]
WHITENOISE_USE_FINDERS = True

# Uploads: refuse anything larger than this (the import page also checks zip expansion).
DATA_UPLOAD_MAX_MEMORY_SIZE = 50 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 50 * 1024 * 1024
CPHUB_MAX_UPLOAD_BYTES = int(os.environ.get("CPHUB_MAX_UPLOAD_BYTES", 50 * 1024 * 1024))

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"

# The council this installation serves (DfE 3-digit LA code); the demo is a synthetic council.
CPHUB_LA = os.environ.get("CPHUB_LA", "871")
# The council's Standard Safeguarding Dataset (docs/ssd.md): a SQLAlchemy URL or a folder of ssd_*.csv, and the
# case system whose shipped value map to start from (the council's own map is edited at /data/ssd/value-map/).
CPHUB_SSD_URL = os.environ.get("CPHUB_SSD_URL", "")
CPHUB_SSD_CMS = os.environ.get("CPHUB_SSD_CMS", "liquid_logic")
CPHUB_SUPPRESSION_THRESHOLD = int(os.environ.get("CPHUB_SUPPRESSION_THRESHOLD", "5"))

# Background jobs: Django-Q2 with the ORM broker; CPHUB_SYNC_JOBS=1 (the default) runs them in-process.
CPHUB_SYNC_JOBS = os.environ.get("CPHUB_SYNC_JOBS", "1") == "1"
Q_CLUSTER = {"name": "cphub", "orm": "default", "workers": 1, "timeout": 3600, "retry": 3700,
             "sync": CPHUB_SYNC_JOBS, "catch_up": False}
if os.environ.get("REDIS_URL"):
    Q_CLUSTER.pop("orm")
    Q_CLUSTER["redis"] = os.environ["REDIS_URL"]

# Outgoing email to carers: console in development; set CPHUB_NOTIFY_API_KEY to use GOV.UK Notify.
EMAIL_BACKEND = os.environ.get("CPHUB_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("CPHUB_FROM_EMAIL", "virtual.school@example.gov.uk")

LOGGING = {"version": 1, "disable_existing_loggers": False,
           "handlers": {"console": {"class": "logging.StreamHandler"}},
           "root": {"handlers": ["console"], "level": os.environ.get("CPHUB_LOG_LEVEL", "WARNING")}}
