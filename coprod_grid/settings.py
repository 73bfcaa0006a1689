"""Settings for the Co-production Grid self-assessment.

Everything that differs between machines comes from the environment, read by the small
helpers below, which fail loudly on a value they cannot understand rather than guessing.
The defaults are safe for a developer's laptop: SQLite, DEBUG off unless asked for.
Production adds its hardening in ``coprod_grid/production.py``.
"""

import hashlib
import ipaddress
import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from coprod_grid.mail.config import email_settings

BASE_DIR = Path(__file__).resolve().parent.parent

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def envbool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    lowered = value.strip().lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}")


def envint(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None:
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}") from None


def envlist(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if value is None:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


def envnetworks(name: str) -> list[str]:
    values = envlist(name, [])
    for value in values:
        try:
            ipaddress.ip_network(value, strict=False)
        except ValueError:
            raise ImproperlyConfigured(
                f"{name} must be IP addresses or networks, not {value!r}"
            ) from None
    return values


# A fixed development key keeps sessions alive across restarts on a laptop; production.py
# refuses to start with it.
DEVELOPMENT_SECRET_KEY = "development-only-key-not-for-production-use-0123456789abcdef"
SECRET_KEY = os.environ.get("SECRET_KEY", DEVELOPMENT_SECRET_KEY)
DEBUG = envbool("DEBUG", False)
ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", [])

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
    "axes",
    "simple_history",
    "django_tasks",
    "django_tasks_db",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "coprod_grid",
    "coprod_grid.nhsuk",
    "coprod_grid.jobs",  # after django_tasks_db: its admin replaces that app's
    "coprod_grid.accounts",
    "assessments",
    "assessments.panel",
    "assessments.peers",
    "assessments.codesign",
    "assessments.ledger",
    "assessments.costs",
]

MIDDLEWARE = [
    # First, so that every response carries Permissions-Policy, and every response to a
    # signed-in person Cache-Control: no-store (coprod_grid/pages/edge.py).
    "coprod_grid.pages.edge.ResponseHeadersMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Compresses a static file that WhiteNoise has no compressed copy of: in development,
    # where files come from the finders (plotly.js: 4.8 MB, 1.4 MB gzipped).
    "coprod_grid.pages.edge.StaticCompressionMiddleware",
    # WhiteNoise, without serving the static files' manifest.
    "coprod_grid.pages.edge.StaticFilesMiddleware",
    # Reads the catalogue's token at most once a request (coprod_grid/catalogue.py).
    "coprod_grid.catalogue.CatalogueTokenMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # After SessionMiddleware: slides the session's expiry, and ends it a fixed time
    # after sign-in whatever the activity (coprod_grid/sessions.py).
    "coprod_grid.sessions.SlidingSessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # After AuthenticationMiddleware and before CsrfViewMiddleware, which reads the body:
    # refuses bodies over MAX_REQUEST_BYTES, and bodies from people not signed in to
    # pages that need it, unread (coprod_grid/pages/edge.py).
    "coprod_grid.pages.edge.RequestBodyGuardMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    # Marks request.user verified once they have given a second factor this session.
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    # After both: holds a signed-in person at the code step until they give their
    # second factor (coprod_grid/accounts/two_factor/middleware.py).
    "coprod_grid.accounts.two_factor.middleware.TwoFactorMiddleware",
    # Lets the change history record who made each change (after authentication).
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "coprod_grid.urls"
WSGI_APPLICATION = "coprod_grid.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            # Dates and times in NHS style (|nhs_date, |nhs_time, |nhs_datetime).
            "builtins": ["coprod_grid.templatetags.nhs_style"],
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=envint("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers carry on while a save is in flight, and the busy timeout makes a
    # second writer wait its turn instead of failing with "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "assessments:dashboard"
LOGOUT_REDIRECT_URL = "login"

# Sessions end after a working day of inactivity and with the browser. The expiry slides
# with each request, saved at most once per SESSION_REFRESH_SECONDS rather than on every
# request (coprod_grid/sessions.py): one write every few minutes instead of one per page.
SESSION_COOKIE_AGE = envint("SESSION_COOKIE_AGE", 8 * 60 * 60)
SESSION_REFRESH_SECONDS = envint("SESSION_REFRESH_SECONDS", 5 * 60)
# However active the person, a session ends this long after signing in (sessions.py).
SESSION_ABSOLUTE_SECONDS = envint("SESSION_ABSOLUTE_SECONDS", 12 * 60 * 60)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# A refused CSRF check (most often a form left open past the session's end) shows the
# service's own 403 page, saying what to do.
CSRF_FAILURE_VIEW = "coprod_grid.pages.views.csrf_failure"

# A password reset link works once, for an hour: long enough for a slow email, short
# enough that an old message in someone's inbox is no use to anyone else.
PASSWORD_RESET_TIMEOUT = envint("PASSWORD_RESET_TIMEOUT", 3600)

# The reverse proxies in front of the service (addresses or networks, comma-separated).
# Only a request whose socket address is one of these has its X-Forwarded-For believed,
# and then only the right-most entry that is not one of them (the address the outermost
# proxy saw). Empty, the default, means no proxy: the socket address is the client's.
TRUSTED_PROXIES = envnetworks("TRUSTED_PROXIES")

# Sign-in throttling (django-axes, with coprod_grid/accounts/throttle.py and
# client_address.py):
# - five failures for one username from one address lock that username from that
#   address (someone guessing one person's password);
# - twenty failures from one address, over any usernames, lock that address for every
#   username (someone trying a password on many accounts);
# each for fifteen minutes after the latest failure. A username is never locked from
# every address: anyone who knew it could then keep its owner out. A right password
# from an unlocked address forgives that username's failures from that address only.
AXES_FAILURE_LIMIT = envint("AXES_FAILURE_LIMIT", 5)
SIGN_IN_FAILURES_PER_ADDRESS = envint("SIGN_IN_FAILURES_PER_ADDRESS", 20)
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_HANDLER = "coprod_grid.accounts.throttle.SignInThrottle"
AXES_CLIENT_IP_CALLABLE = "coprod_grid.accounts.client_address.client_ip"
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False

# Two-factor sign-in (coprod_grid/accounts/two_factor/). The issuer names the service in
# people's authenticator apps. After each wrong code the next is not checked for 1, 2,
# 4, 8… seconds, so guessing a 6-digit code takes lifetimes even below axes' limit.
OTP_TOTP_ISSUER = "NHS Co-production Grid"
OTP_TOTP_THROTTLE_FACTOR = 1
OTP_STATIC_THROTTLE_FACTOR = 1

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True


def release_digest(base: Path) -> str:
    """A digest of everything that decides what the app draws and computes: its code,
    templates, stylesheets and scripts, and the locked dependency versions. It labels
    every cache key (``KEY_PREFIX``), so a release never serves what an older one cached,
    in a cache shared by all processes and servers. Reading the files takes a few
    milliseconds, once per process."""
    digest = hashlib.blake2b(digest_size=8)
    paths = [base / "uv.lock"]
    for folder in ("coprod_grid", "assessments", "templates", "static/css", "static/js"):
        paths += sorted((base / folder).rglob("*.*"))
    for path in paths:
        if path.is_file() and path.suffix in {".py", ".html", ".css", ".js", ".lock"}:
            digest.update(str(path.relative_to(base)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


# One release-wide cache version: a deployment may set RELEASE (a commit id, say); by
# default it is the digest of the code.
RELEASE = os.environ.get("RELEASE") or release_digest(BASE_DIR)

# Caches (docs/adr/0006-scaling.md). Everything cached is keyed by its content, or by
# what cannot change without a new key (a submitted assessment's id and submission
# time, the catalogue's token), under the release's prefix, so a cache shared by any
# number of servers is never stale. The default cache is per-process memory. Rendered
# PDFs cost seconds of CPU each, so they go to the database, shared by every process
# and server: each report is laid out once, whichever process is asked for it first.
# The table is created by a migration (assessments 0004).
REPORT_CACHE_TABLE = "report_cache"
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "KEY_PREFIX": RELEASE,
    },
    "reports": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": REPORT_CACHE_TABLE,
        "TIMEOUT": 24 * 60 * 60,
        "KEY_PREFIX": RELEASE,
        "OPTIONS": {"MAX_ENTRIES": envint("REPORT_CACHE_MAX_ENTRIES", 5000)},
    },
    # Rate limits (coprod_grid/accounts/limits.py) must be counted by every process
    # together, so they are kept in the database too (table made by accounts 0001).
    "limits": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "rate_limits",
        "TIMEOUT": 60 * 60,
        "KEY_PREFIX": RELEASE,
    },
}

STATIC_URL = "/static/"
# Where collectstatic writes: served by WhiteNoise, or by the web server in front.
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT") or BASE_DIR / "staticfiles")
FIXTURE_DIRS = [BASE_DIR / "fixtures"]

STATICFILES_DIRS = [BASE_DIR / "static"]
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
    "coprod_grid.grid.plotly_js.PlotlyJsFinder",  # plotly.js from the installed plotly package
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": envlist(
            "STATICFILES_BACKEND",
            ["django.contrib.staticfiles.storage.StaticFilesStorage"],
        )[0]
    },
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

CRISPY_ALLOWED_TEMPLATE_PACKS = ["nhsuk"]
CRISPY_TEMPLATE_PACK = "nhsuk"
CRISPY_FAIL_SILENTLY = False

# A strict Content-Security-Policy: nothing from outside, no inline script or style.
# The one tiny inline script (marking <body> as JavaScript-capable) carries a nonce.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

# The biggest body the service takes is a CSV import, which its form refuses above 1 MB
# with a message saying so. A request whose Content-Length is over MAX_REQUEST_BYTES
# (2.5 MiB: that, plus room for a file a little too big to get the form's message rather
# than a bare error, and for the multipart envelope) is refused with 413 before its body
# is read, and a body from someone not signed in to a page that needs signing in is
# refused unread too (coprod_grid/pages/edge.py). So every upload fits in memory, and
# none is ever written to a temporary file. The reverse proxy limits bodies as well.
MAX_REQUEST_BYTES = envint("MAX_REQUEST_BYTES", 2_621_440)
DATA_UPLOAD_MAX_MEMORY_SIZE = MAX_REQUEST_BYTES
FILE_UPLOAD_MAX_MEMORY_SIZE = MAX_REQUEST_BYTES

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Email (coprod_grid/mail/): an SMTP server from EMAIL_URL or EMAIL_HOST and friends,
# checked here. A developer's machine prints messages on the console (in `make run`'s
# output, from the worker); production.py sends through SMTP and requires a server.
EMAIL = email_settings(os.environ)
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
EMAIL_HOST = EMAIL.host or "localhost"
EMAIL_PORT = EMAIL.port
EMAIL_HOST_USER = EMAIL.user
EMAIL_HOST_PASSWORD = EMAIL.password
EMAIL_USE_TLS = EMAIL.use_tls
EMAIL_USE_SSL = EMAIL.use_ssl
EMAIL_TIMEOUT = envint("EMAIL_TIMEOUT", 10)
DEFAULT_FROM_EMAIL = SERVER_EMAIL = EMAIL.from_email

# Background jobs (django-tasks, the backport of Django 6's django.tasks) kept in the
# database: no broker. `manage.py db_worker` runs them; tests run them at once
# (tests/conftest.py). /healthz answers 503 once a task has waited longer than this.
# Two queues, each with its own worker: "default" (email) and "reports" (PDFs rendered
# ahead of their download, seconds each: assessments/reports/ahead.py).
TASK_QUEUES = ["default", "reports"]
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": TASK_QUEUES}}
REPORTS_RENDER_AHEAD = envbool("REPORTS_RENDER_AHEAD", True)
TASK_WORKER_STALE_SECONDS = envint("TASK_WORKER_STALE_SECONDS", 300)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
