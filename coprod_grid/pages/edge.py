"""What every request and response passes through at the edge of the app.

- ``ResponseHeadersMiddleware``: a ``Permissions-Policy`` on every response, and
  ``Cache-Control: no-store`` on every response to a signed-in person (pages, PDFs,
  exports), so that neither the browser's cache nor a proxy keeps a copy of an
  organisation's data. Public pages for people not signed in and static files keep their
  caching.
- ``StaticCompressionMiddleware``: gzip for a static file sent uncompressed. In
  production collectstatic writes a compressed copy of every file worth compressing and
  WhiteNoise sends that, so this finds nothing to do; in development (``make run``),
  files come from the finders with no compressed copies, and a first page would
  otherwise fetch plotly.js's 4.8 MB whole. Pages are never compressed here: a page
  holding a secret beside text an attacker chooses is what BREACH reads through gzip.
- ``StaticFilesMiddleware``: WhiteNoise, but never serving the static files' manifest
  (``staticfiles.json``), which lists every file the app ships.
- ``RequestBodyGuardMiddleware``: refuses a body bigger than ``MAX_REQUEST_BYTES`` from
  its ``Content-Length`` alone, and a body from someone not signed in to a page that needs
  signing in, both before anything reads the body. It goes before ``CsrfViewMiddleware``,
  whose check reads ``request.POST`` and so would otherwise parse (and write to disk) an
  anonymous upload of any size before ``LoginRequiredMiddleware`` refused it.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.contrib.auth.middleware import LoginRequiredMiddleware
from django.contrib.staticfiles.storage import staticfiles_storage
from django.http import HttpRequest, HttpResponse
from django.middleware.gzip import GZipMiddleware
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers
from whitenoise.middleware import WhiteNoiseMiddleware

# Browser features the service never uses, each allowed to no origin at all.
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "ambient-light-sensor",
        "autoplay",
        "battery",
        "bluetooth",
        "browsing-topics",
        "camera",
        "display-capture",
        "document-domain",
        "encrypted-media",
        "geolocation",
        "gyroscope",
        "hid",
        "idle-detection",
        "interest-cohort",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "publickey-credentials-get",
        "screen-wake-lock",
        "serial",
        "usb",
        "xr-spatial-tracking",
    )
)

# Methods whose body a view reads as form data or files.
BODY_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


def request_too_large(request: HttpRequest) -> HttpResponse:
    """The NHS page for a body too large to take: the app's own refusal, and the page
    the reverse proxy shows for a body over its own limit (deploy/nginx/)."""
    return render(request, "413.html", status=413)


def content_length(request: HttpRequest) -> int:
    """The body's declared size; 0 when absent or not a number (Django then reads no
    body at all)."""
    try:
        return max(int(request.META.get("CONTENT_LENGTH") or 0), 0)
    except ValueError:
        return 0


class ResponseHeadersMiddleware:
    """First in ``MIDDLEWARE``, so that every response carries its headers, redirects to
    HTTPS and static files included."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        # ``request.user`` is set by AuthenticationMiddleware, further in: a static file
        # (served by WhiteNoise before it) or an early refusal has none.
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            add_never_cache_headers(response)
        return response


class StaticCompressionMiddleware(GZipMiddleware):
    """Before WhiteNoise in ``MIDDLEWARE``, so that it sees WhiteNoise's responses.
    GZipMiddleware itself leaves alone a response already encoded (WhiteNoise's .gz or
    .br copy), one to a client that does not accept gzip, and one too short to gain."""

    def process_response(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:
        if not request.path_info.startswith(settings.STATIC_URL):
            return response
        return super().process_response(request, response)


class StaticFilesMiddleware(WhiteNoiseMiddleware):
    """WhiteNoise serves every file in ``STATIC_ROOT``, and ``collectstatic`` with a
    manifest storage writes its manifest there too; this leaves the manifest (and any
    compressed copy) to the URL configuration, which answers 404."""

    def __init__(self, get_response=None, settings=settings) -> None:
        super().__init__(get_response, settings)
        name = getattr(staticfiles_storage, "manifest_name", "staticfiles.json")
        self.hidden = {
            f"{self.static_prefix}{name}{suffix}" for suffix in ("", ".gz", ".br", ".zst")
        }

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path_info in self.hidden:
            return self.get_response(request)
        return super().__call__(request)


class RequestBodyGuardMiddleware(LoginRequiredMiddleware):
    """Refuse what would be read from a request body before it is read.

    Sizes: the biggest body the service expects is a CSV import, refused by its form
    above 1 MB with a message saying so. ``MAX_REQUEST_BYTES`` leaves room above that
    (and for the multipart envelope), so that a file a little too big gets that message
    rather than a bare 413; anything bigger is answered 413 from its ``Content-Length``,
    unread. Django's ``DATA_UPLOAD_MAX_MEMORY_SIZE`` only bounds the form fields, not the
    files, so this is what bounds an upload.

    Signing in: placed after AuthenticationMiddleware (Django's check auth.E013 asks it
    of a LoginRequiredMiddleware) and before ``CsrfViewMiddleware``, its
    ``process_view`` runs before the CSRF check's. It sends someone not signed in who
    sends a body to a page that needs signing in to sign in, exactly as
    LoginRequiredMiddleware would (the same ``login_required``, ``login_url`` and
    ``redirect_field_name`` of the view), but before the CSRF check parses the body.
    Requests without a body are left to LoginRequiredMiddleware itself.
    """

    def process_request(self, request: HttpRequest) -> HttpResponse | None:
        if content_length(request) > settings.MAX_REQUEST_BYTES:
            return request_too_large(request)
        return None

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.method not in BODY_METHODS or content_length(request) == 0:
            return None
        return super().process_view(request, view_func, view_args, view_kwargs)
