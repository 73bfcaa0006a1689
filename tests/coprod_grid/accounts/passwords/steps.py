"""What a person does on the password pages, as the tests drive them through the client."""

import re

from django.contrib.auth import get_user
from django.core import mail
from django.http import HttpRequest
from django.urls import reverse

from tests.html import parse

NEW_PASSWORD = "a brand new and unusual passphrase"
RESET_LINK = re.compile(r"http://testserver(/password-reset/[^/\s]+/[^/\s]+/)")


def ask_for_reset(client, email: str, ip: str = "198.51.100.1", url: str | None = None):
    return client.post(url or reverse("password-reset"), {"email": email}, REMOTE_ADDR=ip)


def reset_emails() -> list:
    return [m for m in mail.outbox if m.subject.startswith("Reset your password")]


def changed_emails() -> list:
    return [m for m in mail.outbox if "has been changed" in m.subject]


def link_in(message) -> str:
    """The path of the reset link in an email's text part."""
    return RESET_LINK.search(message.body)[1]


def set_password(client, url: str, password: str = NEW_PASSWORD, again: str | None = None):
    data = {"new_password1": password, "new_password2": password if again is None else again}
    return client.post(url, data)


def open_link_and_set(client, link: str, password: str = NEW_PASSWORD):
    """Open the emailed link (Django swaps the token for "set-password") and save."""
    opened = client.get(link)
    assert opened.status_code == 302, opened.status_code
    assert opened["Location"].endswith("/set-password/")
    return set_password(client, opened["Location"], password)


def sign_in(client, username: str, password: str):
    return client.post(reverse("login"), {"username": username, "password": password})


def is_signed_in(client) -> bool:
    """Whether the client's session still signs it in, by the check AuthenticationMiddleware
    makes on every request (the session's copy of the password hash must still match)."""
    request = HttpRequest()
    request.session = client.session
    return get_user(request).is_authenticated


def summary(response) -> list[str]:
    found = parse(response.content.decode()).find(cls="nhsuk-error-summary")
    return [li.text.strip() for li in found.find_all("li")]


def h1(response) -> list[str]:
    return [heading.text for heading in parse(response.content.decode()).find_all("h1")]


def title(response) -> str:
    return parse(response.content.decode()).find("title").text


def html_part(message) -> str:
    [(html, kind)] = message.alternatives
    assert kind == "text/html"
    return html
