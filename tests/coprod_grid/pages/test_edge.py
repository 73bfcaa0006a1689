"""The edge of the app (coprod_grid/pages/edge.py): headers on every response, the
static files' manifest kept private, request bodies refused before they are read, and
the CSRF failure page."""

import gzip
import json
from unittest import mock

import pytest
from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.files.uploadhandler import TemporaryFileUploadHandler
from django.http import HttpRequest, HttpResponse
from django.templatetags.static import static
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils.module_loading import import_string
from whitenoise.middleware import WhiteNoiseMiddleware

from assessments.models import Assessment
from assessments.transfer import imports
from coprod_grid.grid.plotly_js import PLOTLY_JS_PATH
from tests.factories import LEAD, PASSWORD, make_assessment, make_member, make_organisation

pytestmark = pytest.mark.django_db

# A CSRF secret for the cookie, so that CsrfViewMiddleware goes on to read the form's
# token from the body (without a cookie it refuses before reading anything).
CSRF_SECRET = "a" * 32


@pytest.fixture
def lead():
    organisation = make_organisation()
    user = make_member(organisation, LEAD, username="alex.lead")
    make_assessment(organisation, user)
    return user


@pytest.fixture
def assessment(lead):
    return Assessment.objects.get(organisation__memberships__user=lead)


def csrf_client() -> Client:
    """A client whose POSTs go through the real CSRF check, as a browser's do."""
    client = Client(enforce_csrf_checks=True)
    client.cookies[django_settings.CSRF_COOKIE_NAME] = CSRF_SECRET
    return client


def csv_upload(size: int) -> SimpleUploadedFile:
    return SimpleUploadedFile("answers.csv", b"x" * size, "text/csv")


def spy(cls, name: str):
    """Patch ``cls.name`` with a mock that records its calls and still does the work."""
    original = getattr(cls, name)
    return mock.patch.object(cls, name, autospec=True, side_effect=original)


# --- Permissions-Policy and Cache-Control ----------------------------------------------


def signed_in_responses(client, lead, assessment) -> dict:
    client.force_login(lead)
    return {
        "page": client.get(reverse("assessments:task-list", args=[assessment.pk])),
        "dashboard": client.get(reverse("assessments:dashboard")),
        "json export": client.get(reverse("assessments:export-json", args=[assessment.pk])),
        "public page": client.get(reverse("grid")),
        "404 page": client.get("/assessments/987654321/"),
    }


def test_every_response_to_a_signed_in_person_is_not_stored(client, lead, assessment):
    for what, response in signed_in_responses(client, lead, assessment).items():
        directives = {d.strip() for d in response["Cache-Control"].split(",")}
        assert "no-store" in directives, what
        assert "private" in directives, what


def test_public_pages_for_people_not_signed_in_may_be_cached(client):
    response = client.get(reverse("grid"))
    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")


@pytest.mark.parametrize("feature", ["camera", "microphone", "geolocation", "payment", "usb"])
def test_every_response_carries_a_permissions_policy(client, lead, assessment, feature):
    responses = {
        "anonymous page": client.get(reverse("home")),
        "sign-in redirect": client.get(reverse("assessments:dashboard")),
        "healthz": client.get(reverse("healthz")),
        **signed_in_responses(client, lead, assessment),
    }
    for what, response in responses.items():
        policy = {p.strip() for p in response["Permissions-Policy"].split(",")}
        assert f"{feature}=()" in policy, what
        assert "interest-cohort=()" in policy, what


# --- the static files' manifest ----------------------------------------------------------


def static_middleware_class():
    """The WhiteNoise middleware the settings actually use."""
    for path in django_settings.MIDDLEWARE:
        cls = import_string(path)
        if isinstance(cls, type) and issubclass(cls, WhiteNoiseMiddleware):
            return cls
    raise AssertionError("no WhiteNoise middleware in MIDDLEWARE")


def test_the_static_manifest_is_not_served(settings, tmp_path):
    """As in production: WhiteNoise serving what collectstatic wrote to STATIC_ROOT,
    the manifest storage's staticfiles.json (and its compressed copy) among it."""
    (tmp_path / "css").mkdir()
    (tmp_path / "css" / "site.0123456789ab.css").write_text("body { margin: 0 }")
    manifest = {"paths": {"css/site.css": "css/site.0123456789ab.css"}, "version": "1.1"}
    (tmp_path / "staticfiles.json").write_text(json.dumps(manifest))
    (tmp_path / "staticfiles.json.gz").write_bytes(b"\x1f\x8b")
    settings.STATIC_ROOT = tmp_path
    settings.WHITENOISE_USE_FINDERS = False
    settings.WHITENOISE_AUTOREFRESH = False

    def not_static(request: HttpRequest) -> HttpResponse:
        return HttpResponse("not a static file", status=404)

    middleware = static_middleware_class()(not_static)
    factory = RequestFactory()
    served = middleware(factory.get("/static/css/site.0123456789ab.css"))
    assert served.status_code == 200
    for path in ("/static/staticfiles.json", "/static/staticfiles.json.gz"):
        response = middleware(factory.get(path))
        assert response.status_code == 404, path
        assert b"not a static file" in response.content


# --- request bodies ----------------------------------------------------------------------


def test_an_anonymous_upload_over_the_limit_is_refused_unread(assessment):
    url = reverse("assessments:import", args=[assessment.pk])
    with (
        spy(TemporaryFileUploadHandler, "new_file") as new_file,
        spy(HttpRequest, "_load_post_and_files") as parse,
    ):
        response = csrf_client().post(url, {"csv_file": csv_upload(5 * 1024 * 1024)})
    new_file.assert_not_called()
    parse.assert_not_called()
    assert response.status_code == 413


def test_a_signed_in_upload_over_the_limit_is_refused_too(client, lead, assessment):
    client.force_login(lead)
    url = reverse("assessments:import", args=[assessment.pk])
    big = django_settings.MAX_REQUEST_BYTES + 1
    with spy(HttpRequest, "_load_post_and_files") as parse:
        response = client.post(url, {"csv_file": csv_upload(big)})
    assert response.status_code == 413
    parse.assert_not_called()
    assert_the_too_large_page(response)


def assert_the_too_large_page(response):
    """The NHS page, which says what to do, not a bare status."""
    assert response.status_code == 413
    assert response["Content-Type"].startswith("text/html")
    page = response.content.decode()
    assert "<h1>What you sent is too large</h1>" in page
    assert "nothing was saved" in page
    assert 'class="nhsuk-header' in page


def test_the_too_large_page_states_the_import_limit():
    """The page repeats the import form's own limit; if one changes, so must the other."""
    page = Client().get(reverse("request-too-large")).content.decode()
    assert f"smaller than {imports.MAX_BYTES // (1024 * 1024)} MB" in page
    assert imports.TOO_BIG.removeprefix("The file must be ") in page


def test_the_proxy_fetches_the_too_large_page_without_signing_in():
    """nginx's error_page for a body over its own limit (deploy/nginx/) asks for this."""
    response = Client().get(reverse("request-too-large"))
    assert_the_too_large_page(response)
    assert Client().post(reverse("request-too-large")).status_code == 405


def test_an_anonymous_post_is_sent_to_sign_in_before_its_body_is_read(assessment):
    url = reverse("assessments:import", args=[assessment.pk])
    with spy(HttpRequest, "_load_post_and_files") as parse:
        response = csrf_client().post(url, {"csv_file": csv_upload(1000)})
    parse.assert_not_called()
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={url}"


def test_a_signed_in_import_a_little_too_big_gets_the_forms_message(client, lead, assessment):
    client.force_login(lead)
    url = reverse("assessments:import", args=[assessment.pk])
    response = client.post(url, {"csv_file": csv_upload(1_500_000)})
    assert response.status_code == 200
    assert "The file must be smaller than 1 MB" in response.content.decode()


def test_the_limit_leaves_room_above_the_imports_own():
    from assessments.transfer import imports

    assert django_settings.MAX_REQUEST_BYTES >= 2 * imports.MAX_BYTES
    assert django_settings.FILE_UPLOAD_MAX_MEMORY_SIZE >= django_settings.MAX_REQUEST_BYTES
    middleware = django_settings.MIDDLEWARE
    guard = middleware.index("coprod_grid.pages.edge.RequestBodyGuardMiddleware")
    assert guard < middleware.index("django.middleware.csrf.CsrfViewMiddleware")


def test_signing_in_still_works_through_the_csrf_check(lead):
    client = csrf_client()
    page = client.get(reverse("login"))
    token = page.context["csrf_token"]
    response = client.post(
        reverse("login"),
        {"username": "alex.lead", "password": PASSWORD, "csrfmiddlewaretoken": str(token)},
    )
    assert response.status_code == 302


# --- the CSRF failure page ---------------------------------------------------------------


def test_a_failed_csrf_check_shows_the_services_403_page(lead):
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("login"), {"username": "alex.lead", "password": PASSWORD})
    assert response.status_code == 403
    assert "403.html" in [t.name for t in response.templates]
    html = response.content.decode()
    assert "Your session may have expired: go back, reload the page and try again." in html
    assert "nhsuk-header" in html
    assert "CSRF" not in html


# --- static files compressed in development ----------------------------------------------


def plotly_js_url() -> str:
    return static(PLOTLY_JS_PATH)


def test_a_static_file_from_the_finders_is_sent_compressed():
    """As in production, where WhiteNoise sends collectstatic's compressed copy: a first
    page in development no longer fetches plotly.js's megabytes whole."""
    response = Client().get(plotly_js_url(), HTTP_ACCEPT_ENCODING="gzip, br")
    assert response.status_code == 200
    assert response["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in response["Vary"]
    compressed = b"".join(response.streaming_content)
    plain = b"".join(Client().get(plotly_js_url()).streaming_content)
    assert len(compressed) < len(plain) / 2
    assert gzip.decompress(compressed) == plain


def test_pages_are_never_compressed():
    """BREACH: a compressed page with a secret (the CSRF token) beside text an attacker
    controls leaks the secret through its length."""
    response = Client().get(reverse("login"), HTTP_ACCEPT_ENCODING="gzip")
    assert response.status_code == 200
    assert "Content-Encoding" not in response
