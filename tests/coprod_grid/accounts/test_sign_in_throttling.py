"""Sign-in throttling (issue 14, finding 7): who the client is, and what is locked.

Failures lock a username *from one address* after ``AXES_FAILURE_LIMIT`` (someone
guessing one person's password), and an *address* after
``SIGN_IN_FAILURES_PER_ADDRESS`` spread over any usernames (someone spraying) — never a
username from everywhere, which would let anyone lock anyone out. The address is the
socket's, or, when the socket is a configured proxy, the one that proxy forwarded.
"""

import pytest
from axes.models import AccessAttempt
from django.conf import settings as django_settings
from django.contrib.auth import SESSION_KEY, get_user_model
from django.test import Client, RequestFactory
from django.urls import reverse

from coprod_grid.accounts.client_address import client_ip, warn_of_untrusted_forwarding

PASSWORD = "correct horse battery staple"
PROXY = "10.0.0.5"
CLIENT_A = "203.0.113.10"
CLIENT_B = "198.51.100.20"


@pytest.fixture
def lead(db):
    return get_user_model().objects.create_user(username="lead", password=PASSWORD)


@pytest.fixture
def behind_proxy(settings):
    settings.TRUSTED_PROXIES = [PROXY]
    return settings


def sign_in(client, username, password, *, socket, forwarded=None):
    extra = {"REMOTE_ADDR": socket}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return client.post(reverse("login"), {"username": username, "password": password}, **extra)


def signed_in(client, user) -> bool:
    return client.session.get(SESSION_KEY) == str(user.pk)


# --- (a) someone else's failures do not lock a person out -------------------------------


def test_failures_for_a_username_from_one_client_do_not_lock_it_for_another(lead, behind_proxy):
    attacker = Client()
    for _ in range(django_settings.AXES_FAILURE_LIMIT + 3):
        sign_in(attacker, "lead", "wrong", socket=PROXY, forwarded=CLIENT_A)
    assert sign_in(attacker, "lead", PASSWORD, socket=PROXY, forwarded=CLIENT_A).status_code == 429

    person = Client()
    response = sign_in(person, "lead", PASSWORD, socket=PROXY, forwarded=CLIENT_B)
    assert response.status_code == 302
    assert signed_in(person, lead)


def test_failures_from_one_socket_address_do_not_lock_another(lead):
    attacker = Client()
    for _ in range(django_settings.AXES_FAILURE_LIMIT + 3):
        sign_in(attacker, "lead", "wrong", socket=CLIENT_A)
    person = Client()
    assert sign_in(person, "lead", PASSWORD, socket=CLIENT_B).status_code == 302
    assert signed_in(person, lead)


# --- (b) spraying many usernames from one address locks that address --------------------


def test_spraying_usernames_from_one_address_locks_the_address(lead):
    sprayer = Client()
    statuses = [
        sign_in(sprayer, f"person{n}", "wrong", socket=CLIENT_A).status_code
        for n in range(8)
        for _ in range(4)
    ]
    # As for a username, the failure that reaches the limit is answered with the lock.
    assert statuses.index(429) == django_settings.SIGN_IN_FAILURES_PER_ADDRESS - 1
    assert set(statuses[django_settings.SIGN_IN_FAILURES_PER_ADDRESS - 1 :]) == {429}
    # Even a right password, for a username never tried, is refused from that address…
    response = sign_in(sprayer, "lead", PASSWORD, socket=CLIENT_A)
    assert response.status_code == 429
    assert "too many failed attempts" in response.content.decode()
    assert not signed_in(sprayer, lead)
    # …while the same person elsewhere signs in.
    elsewhere = Client()
    assert sign_in(elsewhere, "lead", PASSWORD, socket=CLIENT_B).status_code == 302


def test_the_address_lock_needs_more_failures_than_a_username_lock():
    assert django_settings.SIGN_IN_FAILURES_PER_ADDRESS > django_settings.AXES_FAILURE_LIMIT
    assert django_settings.AXES_LOCKOUT_PARAMETERS == [["username", "ip_address"]]


def test_a_right_password_resets_only_that_username_from_that_address(lead):
    limit = django_settings.SIGN_IN_FAILURES_PER_ADDRESS
    client = Client()
    # Failures for other people from A, and for the lead (short of the lead's limit).
    for n in range(limit - 4):
        sign_in(client, f"person{n % 4}", "wrong", socket=CLIENT_A)
    for _ in range(2):
        sign_in(client, "lead", "wrong", socket=CLIENT_A)
    assert sign_in(client, "lead", PASSWORD, socket=CLIENT_A).status_code == 302
    # The lead's two failures are forgiven; the others still count against address A.
    assert not AccessAttempt.objects.filter(username="lead").exists()
    other = Client()
    for _ in range(3):
        assert sign_in(other, "person9", "wrong", socket=CLIENT_A).status_code == 200
    assert sign_in(other, "person9", "wrong", socket=CLIENT_A).status_code == 429


# --- (c) a forwarded address is believed only from a configured proxy -------------------


def test_a_spoofed_forwarded_for_from_a_client_is_ignored(lead, behind_proxy):
    attacker = Client()
    limit = django_settings.AXES_FAILURE_LIMIT
    for n in range(limit - 1):
        response = sign_in(attacker, "lead", "wrong", socket=CLIENT_A, forwarded=f"192.0.2.{n}")
        assert response.status_code == 200
    response = sign_in(attacker, "lead", "wrong", socket=CLIENT_A, forwarded="192.0.2.99")
    assert response.status_code == 429
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {CLIENT_A}


def test_without_trusted_proxies_the_forwarded_header_is_never_believed(lead, settings):
    settings.TRUSTED_PROXIES = []
    client = Client()
    sign_in(client, "lead", "wrong", socket=PROXY, forwarded=CLIENT_A)
    assert list(AccessAttempt.objects.values_list("ip_address", flat=True)) == [PROXY]


# --- (d) behind the proxy, each client is counted apart ---------------------------------


def test_behind_the_proxy_clients_do_not_share_an_address_lock(lead, behind_proxy):
    sprayer = Client()
    for n in range(django_settings.SIGN_IN_FAILURES_PER_ADDRESS):
        sign_in(sprayer, f"person{n % 8}", "wrong", socket=PROXY, forwarded=CLIENT_A)
    assert sign_in(sprayer, "lead", PASSWORD, socket=PROXY, forwarded=CLIENT_A).status_code == 429

    person = Client()
    response = sign_in(person, "lead", PASSWORD, socket=PROXY, forwarded=CLIENT_B)
    assert response.status_code == 302
    assert signed_in(person, lead)
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {CLIENT_A}


def test_a_client_cannot_prepend_an_address_through_the_proxy(lead, behind_proxy):
    # The proxy appends the address it saw; anything left of it came from the client.
    client = Client()
    sign_in(client, "lead", "wrong", socket=PROXY, forwarded=f"192.0.2.1, {CLIENT_A}")
    assert list(AccessAttempt.objects.values_list("ip_address", flat=True)) == [CLIENT_A]


# --- the client address itself ----------------------------------------------------------


def request_from(socket, forwarded=None):
    extra = {"REMOTE_ADDR": socket}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


@pytest.mark.parametrize(
    ("trusted", "socket", "forwarded", "expected"),
    [
        ([], CLIENT_A, None, CLIENT_A),
        ([], CLIENT_A, CLIENT_B, CLIENT_A),
        ([PROXY], CLIENT_A, CLIENT_B, CLIENT_A),
        ([PROXY], PROXY, None, PROXY),
        ([PROXY], PROXY, "", PROXY),
        ([PROXY], PROXY, CLIENT_B, CLIENT_B),
        ([PROXY], PROXY, f" {CLIENT_A} ,{CLIENT_B} ", CLIENT_B),
        # Two proxies in a chain: the right-most address that is not one of them.
        ([PROXY, "10.0.0.6"], PROXY, f"{CLIENT_A}, {CLIENT_B}, 10.0.0.6", CLIENT_B),
        (["10.0.0.0/24"], PROXY, f"{CLIENT_B}, 10.0.0.6", CLIENT_B),
        (["10.0.0.0/24"], "10.0.1.1", CLIENT_B, "10.0.1.1"),
        # Junk where the proxy's own entry should be: fall back to the proxy's address.
        ([PROXY], PROXY, "not-an-address", PROXY),
        ([PROXY], PROXY, f"{CLIENT_A}, unknown", PROXY),
        # Every entry is a proxy: the left-most proxy is the nearest thing to a client.
        ([PROXY, "10.0.0.6"], PROXY, "10.0.0.6", "10.0.0.6"),
        (["2001:db8::/32"], "2001:db8::1", "2001:DB8:1::5", "2001:db8:1::5"),
        (["::ffff:10.0.0.5"], "::ffff:10.0.0.5", CLIENT_B, CLIENT_B),
    ],
)
def test_client_ip(settings, trusted, socket, forwarded, expected):
    settings.TRUSTED_PROXIES = trusted
    assert client_ip(request_from(socket, forwarded)) == expected


def test_client_ip_without_a_socket_address(settings):
    settings.TRUSTED_PROXIES = [PROXY]
    request = RequestFactory().get("/")
    del request.META["REMOTE_ADDR"]
    assert client_ip(request) is None


def test_axes_asks_client_ip_for_the_address():
    assert django_settings.AXES_CLIENT_IP_CALLABLE == (
        "coprod_grid.accounts.client_address.client_ip"
    )
    assert django_settings.AXES_HANDLER == "coprod_grid.accounts.throttle.SignInThrottle"


def test_a_forwarded_header_from_an_untrusted_socket_is_warned_of_once(settings, caplog):
    """Behind a proxy with TRUSTED_PROXIES unset, every client would share the proxy's
    address: the log says so, once per address, not on every sign-in."""
    settings.TRUSTED_PROXIES = []
    warn_of_untrusted_forwarding.cache_clear()
    with caplog.at_level("WARNING", logger="coprod_grid.accounts"):
        for _ in range(3):
            client_ip(request_from(PROXY, CLIENT_B))
        client_ip(request_from(CLIENT_A))
    warnings = [r for r in caplog.records if "TRUSTED_PROXIES" in r.getMessage()]
    assert len(warnings) == 1
    assert PROXY in warnings[0].getMessage()


def test_a_trusted_proxy_is_not_warned_of(settings, caplog):
    settings.TRUSTED_PROXIES = [PROXY]
    warn_of_untrusted_forwarding.cache_clear()
    with caplog.at_level("WARNING", logger="coprod_grid.accounts"):
        client_ip(request_from(PROXY, CLIENT_B))
    assert not [r for r in caplog.records if "TRUSTED_PROXIES" in r.getMessage()]
