"""Django settings for the Hub's web shell. Everything is driven by environment variables with safe defaults:
SQLite in ./var for the embedded demo, PostgreSQL when ``DATABASE_URL`` is set."""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path
from urllib.parse import unquote, urlparse

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = Path(os.environ.get("CPHUB_HOME", Path.cwd()))
VAR_DIR = Path(os.environ.get("CPHUB_VAR", PROJECT_DIR / "var"))

# Demo mode (CPHUB_DEMO=1: `make demo` and the tests) allows a generated per-installation key and the demo
# accounts. Outside demo mode the Hub refuses to start without CPHUB_SECRET_KEY (docs/security.md).
CPHUB_DEMO = os.environ.get("CPHUB_DEMO", "0") == "1"
SECRET_KEY = os.environ.get("CPHUB_SECRET_KEY", "")
if not SECRET_KEY:
    if not CPHUB_DEMO:
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured(
            "CPHUB_SECRET_KEY is not set. Set it to a long random value (python -c 'import secrets; "
            "print(secrets.token_urlsafe(50))'), or set CPHUB_DEMO=1 for the synthetic demo.")
    from cphub.web.core.secret import demo_secret_key

    SECRET_KEY = demo_secret_key(VAR_DIR)
DEBUG = os.environ.get("CPHUB_DEBUG", "0") == "1"
ALLOWED_HOSTS = os.environ.get("CPHUB_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_q",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "cphub.web.core",
    "cphub.web.audit",
    "cphub.web.accounts",
    "cphub.web.store",
    "cphub.web.scorecard",
    "cphub.web.kinship",
    "cphub.web.virtual_school",
    "cphub.web.ssd",
    "cphub.web.forecast",
    "cphub.web.results",
    "cphub.web.meetings",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "cphub.web.accounts.middleware.IdleTimeoutMiddleware",
    "cphub.web.accounts.middleware.TwoFactorRequiredMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "cphub.web.core.middleware.SecurityHeadersMiddleware",
    "cphub.web.audit.middleware.AuditChangesMiddleware",
    "axes.middleware.AxesMiddleware",
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
                "OPTIONS": {"timeout": 30, "transaction_mode": "IMMEDIATE"}}  # write lock at BEGIN: imports queue
    u = urlparse(url)
    if u.scheme.startswith("postgres"):
        return {"ENGINE": "django.db.backends.postgresql", "NAME": unquote(u.path.lstrip("/")),
                "USER": unquote(u.username or ""), "PASSWORD": unquote(u.password or ""),
                "HOST": u.hostname or "", "PORT": str(u.port or "")}
    if u.scheme == "sqlite":
        return {"ENGINE": "django.db.backends.sqlite3", "NAME": unquote(u.path) or ":memory:",
                "OPTIONS": {"timeout": 30, "transaction_mode": "IMMEDIATE"}}
    raise ValueError(f"Unsupported DATABASE_URL scheme: {u.scheme}")


DATABASES = {"default": _database(os.environ.get("DATABASE_URL"))}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# scrypt first (Django's own; n=2**14, r=8, p=1: ~16 MB and tens of milliseconds a check, see docs/security.md);
# PBKDF2 hashes made earlier still verify and are upgraded to scrypt at the next sign-in.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.ScryptPasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
]
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]
# Sign-in throttling (django-axes): after CPHUB_LOCKOUT_FAILURES failures for one username, or from one address,
# further attempts are refused for CPHUB_LOCKOUT_MINUTES; every failure is kept (axes' AccessFailureLog + audit).
AXES_FAILURE_LIMIT = int(os.environ.get("CPHUB_LOCKOUT_FAILURES", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("CPHUB_LOCKOUT_MINUTES", "30")))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_ENABLE_ACCESS_FAILURE_LOG = True  # one row per failed sign-in (user name, address, time)
AXES_VERBOSE = False  # its log lines carry usernames and addresses; the audit table records failures instead
AXES_LOCKOUT_CALLABLE = "cphub.web.accounts.views.locked_out"
AXES_CLIENT_IP_CALLABLE = "cphub.web.audit.record.client_ip"
AXES_ENABLE_ADMIN = False
# Behind a TLS-terminating proxy, how many proxies append to X-Forwarded-For (0: use the socket's address).
CPHUB_PROXY_HOPS = int(os.environ.get("CPHUB_PROXY_HOPS", "0"))
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = False
USE_TZ = True

STATIC_URL = "/assets/"
STATIC_ROOT = Path(os.environ.get("CPHUB_STATIC_ROOT", VAR_DIR / "staticfiles"))
try:
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # WhiteNoise expects it even before collectstatic
except OSError:  # a read-only image where it was collected at build time
    pass
GOVUK_FRONTEND = Path(os.environ.get("CPHUB_GOVUK_FRONTEND", PROJECT_DIR / "node_modules" / "govuk-frontend" / "dist" / "govuk"))
# govuk-frontend's compiled CSS expects its fonts and images at /assets/fonts and /assets/images.
STATICFILES_DIRS = [("", GOVUK_FRONTEND / "assets"), ("govuk", GOVUK_FRONTEND), BASE_DIR / "static"]
WHITENOISE_USE_FINDERS = True

# Uploads: refuse anything larger than this (the import page also checks zip expansion).
DATA_UPLOAD_MAX_MEMORY_SIZE = 50 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 50 * 1024 * 1024
CPHUB_MAX_UPLOAD_BYTES = int(os.environ.get("CPHUB_MAX_UPLOAD_BYTES", 50 * 1024 * 1024))

# Sessions: 30 minutes idle (the expiry is renewed while the user is active, see accounts.middleware).
CPHUB_IDLE_MINUTES = int(os.environ.get("CPHUB_IDLE_MINUTES", "30"))
SESSION_COOKIE_AGE = CPHUB_IDLE_MINUTES * 60
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
# Served over HTTPS (directly or behind a TLS-terminating proxy): secure cookies, HSTS, redirect to https.
CPHUB_HTTPS = os.environ.get("CPHUB_HTTPS", "0") == "1"
if CPHUB_HTTPS:
    SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = True
    SECURE_HSTS_SECONDS = int(os.environ.get("CPHUB_HSTS_SECONDS", str(365 * 24 * 3600)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = os.environ.get("CPHUB_HSTS_PRELOAD", "0") == "1"
    if not SECURE_HSTS_PRELOAD:
        # Submitting a domain to the browsers' HSTS preload list is the council's decision for the whole domain
        # (CPHUB_HSTS_PRELOAD=1 opts in), so its reminder (W021) is the one deploy check silenced.
        SILENCED_SYSTEM_CHECKS = ["security.W021"]
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"
    # The proxy must set X-Forwarded-Proto (and strip it from clients): docs/deployment.md.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
CSRF_FAILURE_VIEW = "cphub.web.core.views.csrf_failure"
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("CPHUB_CSRF_TRUSTED_ORIGINS", "").split(",") if o]

# The council this installation serves (DfE 3-digit LA code); the demo is a synthetic council.
CPHUB_LA = os.environ.get("CPHUB_LA", "871")
# The council's Standard Safeguarding Dataset (docs/ssd.md): a SQLAlchemy URL or a folder of ssd_*.csv, and the
# case system whose shipped value map to start from (the council's own map is edited at /data/ssd/value-map/).
CPHUB_SSD_URL = os.environ.get("CPHUB_SSD_URL", "")
CPHUB_SSD_CMS = os.environ.get("CPHUB_SSD_CMS", "liquid_logic")
CPHUB_SUPPRESSION_THRESHOLD = int(os.environ.get("CPHUB_SUPPRESSION_THRESHOLD", "5"))

# Results computed once per data version (cphub.web.results): recompute the default dates after each change;
# how many councils' tables a worker keeps in memory.
CPHUB_PRECOMPUTE = os.environ.get("CPHUB_PRECOMPUTE", "1") == "1"
CPHUB_FRAME_CACHE = int(os.environ.get("CPHUB_FRAME_CACHE", "4"))  # table sets (2 per council) kept per worker
CPHUB_RESULTS_STORE = os.environ.get("CPHUB_RESULTS_STORE", "1") == "1"  # 0: compute every page (benchmark baseline)

# Background jobs: Django-Q2 with the ORM broker; CPHUB_SYNC_JOBS=1 (the default) runs them in-process.
CPHUB_SYNC_JOBS = os.environ.get("CPHUB_SYNC_JOBS", "1") == "1"
Q_CLUSTER = {"name": "cphub", "orm": "default", "workers": 1, "timeout": 3600, "retry": 3700,
             "sync": CPHUB_SYNC_JOBS, "catch_up": False}
if os.environ.get("REDIS_URL"):
    Q_CLUSTER.pop("orm")
    Q_CLUSTER["redis"] = os.environ["REDIS_URL"]

# Outgoing email to carers: in development a console backend that prints who/when but never the body or the
# address; set CPHUB_EMAIL_BACKEND (e.g. Django's SMTP backend) or CPHUB_NOTIFY_API_KEY for GOV.UK Notify.
EMAIL_BACKEND = os.environ.get("CPHUB_EMAIL_BACKEND", "cphub.web.audit.mail.RedactedConsoleBackend")
DEFAULT_FROM_EMAIL = os.environ.get("CPHUB_FROM_EMAIL", "virtual.school@example.gov.uk")
EMAIL_HOST = os.environ.get("CPHUB_EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("CPHUB_EMAIL_PORT", "587"))
EMAIL_HOST_USER = os.environ.get("CPHUB_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("CPHUB_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = os.environ.get("CPHUB_EMAIL_TLS", "1") == "1"

# Application logs carry no personal data: every handler passes through the redacting filter (emails, child ids,
# URL paths and query strings of child-level pages, names in the audit's "who").
LOGGING = {"version": 1, "disable_existing_loggers": False,
           "filters": {"no_personal_data": {"()": "cphub.web.audit.logfilter.NoPersonalDataFilter"}},
           "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["no_personal_data"]}},
           "root": {"handlers": ["console"], "level": os.environ.get("CPHUB_LOG_LEVEL", "WARNING")},
           "loggers": {"django": {"handlers": ["console"], "level": "WARNING", "propagate": False},
                       "axes": {"handlers": ["console"], "level": "WARNING", "propagate": False}}}

# Retention (days) per kind of record; `cphub purge` (scheduled daily in the worker) deletes older ones.
CPHUB_RETENTION_DAYS = {
    kind: int(os.environ.get(f"CPHUB_RETAIN_{kind.upper()}_DAYS", default))
    for kind, default in {
        "kinship_requests": "730",   # closed advice requests, two years after closing
        "bookings": "365",           # event bookings, a year after the event
        "uploads": "14",             # stored upload files (rejected returns included)
        "import_findings": "365",    # validation findings kept on import records
        "audit": "2190",             # six years
        "sessions": "1",             # expired sessions
        "failed_sign_ins": "90",     # axes' records of failed sign-ins
    }.items()
}
