"""The hardening: production settings pass ``check --deploy``, every response carries a
strict Content-Security-Policy and the other security headers, cookies are secure, sign-in
is throttled with a clear message, sessions expire, passwords are checked, and Django
admin is for staff only."""

import importlib
import os
import re
import secrets
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from assessments.models import Assessment
from coprod_grid.sessions import (
    REFRESHED_AT,
    SIGNED_IN_AT,
    session_needs_refresh,
    session_outlived,
)
from tests.factories import LEAD, PASSWORD, make_assessment, make_member, make_organisation

pytestmark = pytest.mark.django_db

BASE_DIR = Path(django_settings.BASE_DIR)
PRODUCTION_KEY = secrets.token_urlsafe(64)
# Production refuses to start without an SMTP server and a from address.
PRODUCTION_EMAIL = {
    "EMAIL_URL": "smtp+tls://grid:secret@smtp.example.nhs.uk:587",
    "DEFAULT_FROM_EMAIL": "Co-production Grid <noreply@grid.example.nhs.uk>",
}
# What production.py sets that changes how requests and cookies are handled.
PRODUCTION_NAMES = (
    "SECURE_SSL_REDIRECT",
    "SECURE_REDIRECT_EXEMPT",
    "SECURE_PROXY_SSL_HEADER",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE",
    "SESSION_COOKIE_NAME",
    "CSRF_COOKIE_NAME",
)


def manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    """``manage.py`` in a fresh process with production settings and ``env``."""
    environment = {
        key: value
        for key, value in os.environ.items()
        if key
        not in {
            "DEBUG",
            "SECRET_KEY",
            "DJANGO_SETTINGS_MODULE",
            "SECURE_SSL_REDIRECT",
            "SECURE_HSTS_PRELOAD",
        }
    }
    environment.update(
        {
            "DJANGO_SETTINGS_MODULE": "coprod_grid.production",
            "SECRET_KEY": PRODUCTION_KEY,
            "ALLOWED_HOSTS": "grid.example.nhs.uk",
            **PRODUCTION_EMAIL,
            **env,
        }
    )
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture
def production(monkeypatch):
    """The production settings module, imported with a real-looking secret key."""
    monkeypatch.setenv("SECRET_KEY", PRODUCTION_KEY)
    for name, value in PRODUCTION_EMAIL.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("DEBUG", raising=False)
    monkeypatch.delenv("SECURE_SSL_REDIRECT", raising=False)
    monkeypatch.delenv("SECURE_HSTS_SECONDS", raising=False)
    monkeypatch.delenv("SECURE_HSTS_PRELOAD", raising=False)
    sys.modules.pop("coprod_grid.production", None)
    try:
        yield importlib.import_module("coprod_grid.production")
    finally:
        sys.modules.pop("coprod_grid.production", None)


@pytest.fixture
def served_in_production(settings, production):
    """These tests' settings, with production's HTTPS and cookie hardening switched on."""
    for name in PRODUCTION_NAMES:
        setattr(settings, name, getattr(production, name))
    return settings


@pytest.fixture
def lead():
    organisation = make_organisation()
    user = make_member(organisation, LEAD, username="alex.lead")
    make_assessment(organisation, user)
    return user


def https(**extra) -> dict:
    """Headers of a request that reached the load balancer over HTTPS."""
    return {"HTTP_X_FORWARDED_PROTO": "https", **extra}


def cookie_attributes(response, name: str) -> dict:
    morsel = response.cookies[name]
    return {key: morsel[key] for key in ("secure", "httponly", "samesite", "max-age", "expires")}


def csp_directives(response) -> dict[str, list[str]]:
    policy = response.headers["Content-Security-Policy"]
    directives = {}
    for part in policy.split(";"):
        words = part.split()
        if words:
            directives[words[0]] = words[1:]
    return directives


# --- check --deploy and production's refusals -------------------------------------------


@pytest.mark.parametrize(
    ("env", "silenced"),
    # With HSTS preload off (the default), check --deploy's warning that it is off is
    # the one check silenced; opting in silences nothing.
    [({}, 1), ({"SECURE_HSTS_PRELOAD": "true"}, 0)],
    ids=["preload-off", "preload-on"],
)
def test_check_deploy_with_production_settings_finds_nothing(env, silenced):
    result = manage("check", "--deploy", "--fail-level", "WARNING", **env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip() == f"System check identified no issues ({silenced} silenced)."
    assert "WARNING" not in result.stderr
    assert "security." not in result.stdout + result.stderr


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"SECRET_KEY": ""}, "Set SECRET_KEY"),
        ({"SECRET_KEY": "too-short"}, "Set SECRET_KEY"),
        ({"SECRET_KEY": "x" * 50}, "Set SECRET_KEY"),
        ({"SECRET_KEY": "ab" * 40}, "Set SECRET_KEY"),
        ({"SECRET_KEY": "abcde" * 10}, "Set SECRET_KEY"),
        (
            {"SECRET_KEY": "development-only-key-not-for-production-use-0123456789abcdef"},
            "Set SECRET_KEY",
        ),
        ({"DEBUG": "true"}, "DEBUG must be off"),
        ({"EMAIL_URL": ""}, "Set EMAIL_URL"),
        ({"DEFAULT_FROM_EMAIL": ""}, "Set DEFAULT_FROM_EMAIL"),
        ({"EMAIL_URL": "http://smtp.example.nhs.uk"}, "EMAIL_URL must start with"),
        ({"EMAIL_URL": "", "EMAIL_HOST": "smtp", "EMAIL_PORT": "x"}, "EMAIL_PORT must be"),
        ({"EMAIL_URL": "", "EMAIL_HOST": "smtp", "EMAIL_USE_TLS": "maybe"}, "EMAIL_USE_TLS"),
        ({"DEFAULT_FROM_EMAIL": "not an address"}, "DEFAULT_FROM_EMAIL must be"),
    ],
    ids=[
        "no-key",
        "short-key",
        "identical-characters-key",
        "two-characters-key",
        "patterned-key",
        "development-key",
        "debug",
        "no-email-server",
        "no-from-address",
        "bad-email-url",
        "bad-email-port",
        "bad-email-tls",
        "bad-from-address",
    ],
)
def test_production_refuses_to_start_unsafely(env, message):
    result = manage("check", **env)
    assert result.returncode != 0
    assert message in result.stderr


def test_production_accepts_a_random_key():
    from django.core.management.utils import get_random_secret_key

    result = manage("check", SECRET_KEY=get_random_secret_key())
    assert result.returncode == 0, result.stderr


def test_secret_key_entropy_estimate(production):
    assert production.secret_key_bits("x" * 50) == 0
    assert production.secret_key_bits("abcde" * 10) < production.SECRET_KEY_MIN_BITS
    assert production.secret_key_bits(PRODUCTION_KEY) >= production.SECRET_KEY_MIN_BITS


def test_production_settings_are_hardened(production):
    assert production.DEBUG is False
    assert production.SECURE_SSL_REDIRECT is True
    assert production.SECURE_HSTS_SECONDS >= 31_536_000
    assert production.SECURE_HSTS_INCLUDE_SUBDOMAINS is True
    # Preload is hard to undo: opt-in.
    assert production.SECURE_HSTS_PRELOAD is False
    assert production.SESSION_COOKIE_SECURE is True
    assert production.CSRF_COOKIE_SECURE is True
    assert production.SESSION_COOKIE_HTTPONLY is True
    assert production.CSRF_COOKIE_HTTPONLY is True
    assert production.SESSION_COOKIE_SAMESITE == "Lax"
    assert production.CSRF_COOKIE_SAMESITE == "Lax"
    assert production.SESSION_COOKIE_NAME.startswith("__Secure-")
    assert production.CSRF_COOKIE_NAME.startswith("__Secure-")
    assert production.X_FRAME_OPTIONS == "DENY"
    assert production.SECURE_REFERRER_POLICY == "same-origin"
    assert production.SECURE_CONTENT_TYPE_NOSNIFF is True
    assert production.EMAIL_BACKEND == "django.core.mail.backends.smtp.EmailBackend"
    assert (production.EMAIL_HOST, production.EMAIL_PORT) == ("smtp.example.nhs.uk", 587)
    assert (production.EMAIL_HOST_USER, production.EMAIL_HOST_PASSWORD) == ("grid", "secret")
    assert production.EMAIL_USE_TLS is True
    assert production.EMAIL_USE_SSL is False
    assert PRODUCTION_EMAIL["DEFAULT_FROM_EMAIL"] == production.DEFAULT_FROM_EMAIL


# --- headers on every kind of response --------------------------------------------------


def _pages(client, lead) -> dict[str, object]:
    client.force_login(lead)
    assessment = Assessment.objects.get(organisation__memberships__user=lead)
    return {
        "public page": client.get(reverse("grid")),
        "signed-in page": client.get(reverse("assessments:task-list", args=[assessment.pk])),
        "form page": client.get(reverse("assessments:section", args=[assessment.pk, "about"])),
        "json export": client.get(reverse("assessments:export-json", args=[assessment.pk])),
        "404 page": client.get("/assessments/987654321/"),
        "admin": client.get(reverse("admin:index")),
    }


def test_every_response_carries_a_strict_content_security_policy(client, lead):
    for what, response in _pages(client, lead).items():
        directives = csp_directives(response)
        assert directives["default-src"] == ["'self'"], what
        assert directives["object-src"] == ["'none'"], what
        assert directives["frame-ancestors"] == ["'none'"], what
        assert directives["base-uri"] == ["'self'"], what
        assert directives["form-action"] == ["'self'"], what
        # 'self' and, on pages with the inline script, that request's nonce: nothing else.
        script = directives["script-src"]
        assert script[0] == "'self'", what
        assert all(re.fullmatch(r"'nonce-[\w+/=-]+'", word) for word in script[1:]), what
        if what.endswith("page"):
            assert len(script) == 2, what
        for directive in ("script-src", "style-src", "default-src"):
            words = directives.get(directive, [])
            assert "'unsafe-inline'" not in words, (what, directive)
            assert "'unsafe-eval'" not in words, (what, directive)
            assert "*" not in words, (what, directive)
        # Plotly's modebar is switched off rather than allowing inline styles.
        assert directives["style-src"] == ["'self'"], what


def test_each_request_gets_its_own_nonce(client):
    first = csp_directives(client.get(reverse("home")))["script-src"]
    second = csp_directives(client.get(reverse("home")))["script-src"]
    assert first != second


def test_every_response_carries_the_other_security_headers(client, lead):
    for what, response in _pages(client, lead).items():
        assert response.headers["X-Frame-Options"] == "DENY", what
        assert response.headers["Referrer-Policy"] == "same-origin", what
        assert response.headers["X-Content-Type-Options"] == "nosniff", what
        assert response.headers["Cross-Origin-Opener-Policy"] == "same-origin", what


def test_production_sends_plain_http_to_https(client, served_in_production):
    response = client.get(reverse("grid"))
    assert response.status_code == 301
    assert response["Location"] == "https://testserver/grid/"


def test_production_answers_the_health_check_over_plain_http(client, served_in_production):
    """A load balancer's health check over HTTP gets the answer, not a redirect."""
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.content == b"ok"
    # Only that path: a page with a similar name is still sent to HTTPS.
    assert client.get("/healthz/more").status_code == 301


def test_production_sends_hsts_over_https(client, served_in_production):
    response = client.get(reverse("grid"), **https())
    assert response.status_code == 200
    assert response.headers["Strict-Transport-Security"] == ("max-age=31536000; includeSubDomains")


def test_hsts_preload_is_an_opt_in(monkeypatch, production):
    monkeypatch.setenv("SECURE_HSTS_PRELOAD", "true")
    sys.modules.pop("coprod_grid.production", None)
    opted_in = importlib.import_module("coprod_grid.production")
    assert opted_in.SECURE_HSTS_PRELOAD is True
    assert "security.W021" not in getattr(opted_in, "SILENCED_SYSTEM_CHECKS", [])


def test_production_cookies_are_secure_httponly_and_samesite(client, served_in_production, lead):
    page = client.get(reverse("login"), **https())
    csrf = cookie_attributes(page, "__Secure-csrftoken")
    assert csrf["secure"] is True
    assert csrf["httponly"] is True
    assert csrf["samesite"] == "Lax"

    signed_in = client.post(
        reverse("login"), {"username": "alex.lead", "password": PASSWORD}, **https()
    )
    assert signed_in.status_code == 302
    session = cookie_attributes(signed_in, "__Secure-sessionid")
    assert session["secure"] is True
    assert session["httponly"] is True
    assert session["samesite"] == "Lax"
    # A browser-session cookie: it goes when the browser closes.
    assert session["max-age"] == ""
    assert session["expires"] == ""


# --- sessions ---------------------------------------------------------------------------


def test_sessions_last_a_working_day_at_most():
    assert django_settings.SESSION_COOKIE_AGE <= 8 * 60 * 60
    assert django_settings.SESSION_EXPIRE_AT_BROWSER_CLOSE is True
    # Inactivity, not time since sign-in, is what ends a session (sessions.py slides it).
    assert "coprod_grid.sessions.SlidingSessionMiddleware" in django_settings.MIDDLEWARE
    assert django_settings.SESSION_REFRESH_SECONDS <= 10 * 60


def test_an_expired_session_is_sent_to_sign_in(client, lead):
    client.force_login(lead)
    dashboard = reverse("assessments:dashboard")
    assert client.get(dashboard).status_code == 200
    Session.objects.update(expire_date=timezone.now() - timedelta(seconds=1))
    response = client.get(dashboard)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={dashboard}"


def _age_session(seconds: int) -> None:
    """Make the only session look as if it was last saved ``seconds`` ago."""
    session = Session.objects.get()
    data = session.get_decoded()
    data[REFRESHED_AT] = int(time.time()) - seconds
    remaining = timedelta(seconds=django_settings.SESSION_COOKIE_AGE - seconds)
    Session.objects.filter(pk=session.pk).update(
        session_data=SessionStore().encode(data), expire_date=timezone.now() + remaining
    )


def test_a_request_after_the_refresh_interval_pushes_the_expiry_back(client, lead):
    client.force_login(lead)
    client.get(reverse("assessments:dashboard"))
    _age_session(django_settings.SESSION_REFRESH_SECONDS + 1)
    client.get(reverse("assessments:dashboard"))
    expiry = Session.objects.get().expire_date
    assert expiry > timezone.now() + timedelta(hours=7, minutes=59)


def test_requests_within_the_refresh_interval_do_not_write_the_session(client, lead):
    client.force_login(lead)
    client.get(reverse("assessments:dashboard"))
    _age_session(60)
    before = Session.objects.get()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("assessments:dashboard")).status_code == 200
    assert not [q for q in queries if "django_session" in q["sql"] and "UPDATE" in q["sql"]]
    assert Session.objects.get().expire_date == before.expire_date


def _set_signed_in_at(seconds_ago: int) -> None:
    """Make the only session look as if its person signed in ``seconds_ago``."""
    session = Session.objects.get()
    data = session.get_decoded()
    data[SIGNED_IN_AT] = int(time.time()) - seconds_ago
    Session.objects.filter(pk=session.pk).update(session_data=SessionStore().encode(data))


def test_signing_in_notes_the_time(client, lead):
    before = int(time.time())
    client.force_login(lead)
    assert before <= Session.objects.get().get_decoded()[SIGNED_IN_AT] <= time.time()


def test_a_session_ends_its_absolute_lifetime_after_sign_in_whatever_the_activity(client, lead):
    lifetime = django_settings.SESSION_ABSOLUTE_SECONDS
    assert lifetime <= 12 * 60 * 60
    client.force_login(lead)
    dashboard = reverse("assessments:dashboard")
    # Active all along: the sliding expiry has just been pushed back.
    _set_signed_in_at(lifetime - 60)
    _age_session(django_settings.SESSION_REFRESH_SECONDS + 1)
    assert client.get(dashboard).status_code == 200
    assert Session.objects.get().expire_date > timezone.now() + timedelta(hours=7)

    _set_signed_in_at(lifetime + 1)
    response = client.get(dashboard)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={dashboard}"
    assert not Session.objects.exists()
    # Signed out for good: the next request is anonymous too.
    assert client.get(dashboard).status_code == 302


def test_a_session_from_before_the_rule_starts_its_clock(client, lead):
    client.force_login(lead)
    session = Session.objects.get()
    data = session.get_decoded()
    del data[SIGNED_IN_AT]
    Session.objects.filter(pk=session.pk).update(session_data=SessionStore().encode(data))
    assert client.get(reverse("assessments:dashboard")).status_code == 200
    assert Session.objects.get().get_decoded()[SIGNED_IN_AT] <= time.time()


@pytest.mark.parametrize(
    ("signed_in_at", "now", "expected"),
    [
        ("junk", 1000.0, True),
        (1000, 1000.0, False),
        (1000, 1599.0, False),
        (1000, 1600.0, True),
        (2000, 1000.0, True),  # signed in "in the future": the clock went back
    ],
)
def test_session_outlived(signed_in_at, now, expected):
    assert session_outlived(signed_in_at, now, 600) is expected


def test_signing_out_leaves_no_session_behind(client, lead):
    client.force_login(lead)
    client.get(reverse("assessments:dashboard"))
    client.post(reverse("logout"))
    assert not Session.objects.exists()
    # A stale cookie on a public page does not create a session either.
    client.get(reverse("grid"))
    assert not Session.objects.exists()


@pytest.mark.parametrize(
    ("refreshed_at", "now", "expected"),
    [
        (None, 1000.0, True),
        ("junk", 1000.0, True),
        (1000, 1000.0, False),
        (1000, 1299.0, False),
        (1000, 1300.0, True),
        (2000, 1000.0, True),  # saved "in the future": the clock went back
    ],
)
def test_session_needs_refresh(refreshed_at, now, expected):
    assert session_needs_refresh(refreshed_at, now, 300) is expected


# --- sign-in throttling -----------------------------------------------------------------


def test_repeated_failures_lock_sign_in_with_a_clear_message(client, lead):
    for _ in range(django_settings.AXES_FAILURE_LIMIT):
        response = client.post(reverse("login"), {"username": "alex.lead", "password": "wrong"})
    assert response.status_code == 429
    html = response.content.decode()
    assert "Sign-in locked for 15 minutes" in html
    assert "too many failed attempts" in html


def test_the_admin_sign_in_is_throttled_too(client, lead):
    lead.is_staff = True
    lead.save()
    admin_login = reverse("admin:login")
    for _ in range(django_settings.AXES_FAILURE_LIMIT):
        response = client.post(admin_login, {"username": "alex.lead", "password": "wrong"})
    assert response.status_code == 429
    assert "Sign-in locked" in response.content.decode()
    # The right password is refused while locked.
    response = client.post(admin_login, {"username": "alex.lead", "password": PASSWORD})
    assert response.status_code == 429


# --- passwords --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "password",
    ["short1!", "password123456", "123456789012345", "alex.lead.2026"],
    ids=["too-short", "common", "all-digits", "like-the-username"],
)
def test_weak_passwords_are_refused(password):
    user = get_user_model()(username="alex.lead", email="alex.lead@example.nhs.uk")
    with pytest.raises(ValidationError):
        validate_password(password, user)


def test_a_long_uncommon_password_is_accepted():
    user = get_user_model()(username="alex.lead", email="alex.lead@example.nhs.uk")
    validate_password(PASSWORD, user)


def test_all_of_djangos_password_validators_are_on():
    names = {
        validator["NAME"].rsplit(".", 1)[1]
        for validator in django_settings.AUTH_PASSWORD_VALIDATORS
    }
    assert names == {
        "UserAttributeSimilarityValidator",
        "MinimumLengthValidator",
        "CommonPasswordValidator",
        "NumericPasswordValidator",
    }


# --- admin ------------------------------------------------------------------------------


def test_a_member_who_is_not_staff_cannot_sign_in_to_admin(client, lead):
    response = client.post(reverse("admin:login"), {"username": "alex.lead", "password": PASSWORD})
    assert response.status_code == 200
    assert "staff account" in response.content.decode()
    assert client.get(reverse("admin:index")).status_code == 302


def test_staff_can_use_admin(client, lead):
    lead.is_staff = True
    lead.save()
    client.force_login(lead)
    assert client.get(reverse("admin:index")).status_code == 200


def test_every_cache_key_carries_the_release(tmp_path):
    """One release-wide cache version: a change to any code, template, stylesheet or
    locked dependency gives every cache a new key prefix, so a shared cache never serves
    what an older release made."""
    from coprod_grid.settings import release_digest

    for name in ("coprod_grid", "assessments", "templates", "static/css", "static/js"):
        (tmp_path / name).mkdir(parents=True)
    (tmp_path / "uv.lock").write_text("weasyprint 70")
    template = tmp_path / "templates" / "page.html"
    template.write_text("<p>One</p>")
    first = release_digest(tmp_path)

    template.write_text("<p>Two</p>")
    after_template = release_digest(tmp_path)
    (tmp_path / "uv.lock").write_text("weasyprint 71")
    after_upgrade = release_digest(tmp_path)

    assert len({first, after_template, after_upgrade}) == 3
    assert release_digest(tmp_path) == after_upgrade
    for alias in ("default", "reports"):
        assert django_settings.CACHES[alias]["KEY_PREFIX"] == django_settings.RELEASE


# --- trusted proxies (sign-in throttling) -----------------------------------------------


def test_no_proxy_is_trusted_unless_configured():
    assert django_settings.TRUSTED_PROXIES == []


def test_trusted_proxies_are_read_from_the_environment():
    result = manage(
        "shell",
        "-c",
        "from django.conf import settings; print(settings.TRUSTED_PROXIES)",
        TRUSTED_PROXIES="10.0.0.5, 10.1.0.0/16,2001:db8::/32",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == "['10.0.0.5', '10.1.0.0/16', '2001:db8::/32']"


def test_a_trusted_proxy_that_is_not_an_address_is_refused():
    result = manage("check", TRUSTED_PROXIES="10.0.0.5,proxy.internal")
    assert result.returncode != 0
    assert "TRUSTED_PROXIES must be IP addresses or networks, not 'proxy.internal'" in (
        result.stderr
    )
