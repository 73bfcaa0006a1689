"""Production settings: the base settings hardened for serving over HTTPS.

Use with ``DJANGO_SETTINGS_MODULE=coprod_grid.production``. Refuses to start without a
real SECRET_KEY, and turns on every protection ``manage.py check --deploy`` asks for.
"""

import os

from django.core.exceptions import ImproperlyConfigured

from .settings import *  # noqa: F403
from .settings import DEVELOPMENT_SECRET_KEY, envbool, envint

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY or SECRET_KEY == DEVELOPMENT_SECRET_KEY or len(SECRET_KEY) < 50:
    raise ImproperlyConfigured(
        "Set SECRET_KEY to a random value of at least 50 characters, for example the output "
        "of: python -c 'import secrets; print(secrets.token_urlsafe(64))'"
    )

DEBUG = envbool("DEBUG", False)
if DEBUG:
    raise ImproperlyConfigured("DEBUG must be off in production")

SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", True)
# Behind a load balancer that terminates TLS and sets X-Forwarded-Proto.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_NAME = "__Secure-sessionid"
CSRF_COOKIE_NAME = "__Secure-csrftoken"

STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = False
