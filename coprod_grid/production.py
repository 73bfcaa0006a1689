"""Production settings: the base settings hardened for serving over HTTPS.

Use with ``DJANGO_SETTINGS_MODULE=coprod_grid.production``. Refuses to start without a
real SECRET_KEY, and turns on every protection ``manage.py check --deploy`` asks for.
"""

import math
import os

from django.core.exceptions import ImproperlyConfigured

from .mail.config import email_settings
from .settings import *  # noqa: F403
from .settings import DEVELOPMENT_SECRET_KEY, envbool, envint

# A key must be long and varied: its estimated entropy (its length times log2 of the
# number of distinct characters in it, an upper bound for a random string) at least 128
# bits. 50 identical characters score 0; secrets.token_urlsafe(64) scores about 500.
SECRET_KEY_MIN_LENGTH = 50
SECRET_KEY_MIN_BITS = 128


def secret_key_bits(key: str) -> float:
    """An estimate of ``key``'s entropy, as if each character were drawn at random from
    the characters it holds."""
    distinct = len(set(key))
    return len(key) * math.log2(distinct) if distinct > 1 else 0.0


SECRET_KEY = os.environ.get("SECRET_KEY", "")
if (
    SECRET_KEY == DEVELOPMENT_SECRET_KEY
    or len(SECRET_KEY) < SECRET_KEY_MIN_LENGTH
    or secret_key_bits(SECRET_KEY) < SECRET_KEY_MIN_BITS
):
    raise ImproperlyConfigured(
        f"Set SECRET_KEY to a random value of at least {SECRET_KEY_MIN_LENGTH} varied "
        f"characters (about {SECRET_KEY_MIN_BITS} bits of entropy or more; a repeated or "
        "patterned value is refused), for example the output "
        "of: python -c 'import secrets; print(secrets.token_urlsafe(64))'"
    )

DEBUG = envbool("DEBUG", False)
if DEBUG:
    raise ImproperlyConfigured("DEBUG must be off in production")

SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", True)
# A load balancer's health check may come over plain HTTP: answer it, not redirect it.
# (Regular expressions matched against the path without its leading slash.)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
# Behind a load balancer that terminates TLS and sets X-Forwarded-Proto.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
# Asking browsers' preload lists to hard-code HTTPS for the whole domain is hard to undo:
# an opt-in, once every subdomain is served over HTTPS.
SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", False)
if not SECURE_HSTS_PRELOAD:
    # check --deploy warns whenever preload is off; off is the decision, until opted in.
    SILENCED_SYSTEM_CHECKS = ["security.W021"]
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_NAME = "__Secure-sessionid"
CSRF_COOKIE_NAME = "__Secure-csrftoken"

STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = False

# Email goes through a real SMTP server, and says who it is from.
EMAIL = email_settings(os.environ)
if not EMAIL.host:
    raise ImproperlyConfigured(
        "Set EMAIL_URL (for example smtp+tls://user:password@smtp.example.nhs.uk:587) "
        "or EMAIL_HOST to the SMTP server that sends the service's email"
    )
if not os.environ.get("DEFAULT_FROM_EMAIL"):
    raise ImproperlyConfigured(
        "Set DEFAULT_FROM_EMAIL to the address the service's email comes from, for example "
        "'Co-production Grid <noreply@grid.example.nhs.uk>'"
    )
EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = EMAIL.host
EMAIL_PORT = EMAIL.port
EMAIL_HOST_USER = EMAIL.user
EMAIL_HOST_PASSWORD = EMAIL.password
EMAIL_USE_TLS = EMAIL.use_tls
EMAIL_USE_SSL = EMAIL.use_ssl
DEFAULT_FROM_EMAIL = SERVER_EMAIL = EMAIL.from_email
