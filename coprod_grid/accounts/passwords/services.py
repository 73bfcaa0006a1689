"""Password reset by email and password change, named ``password_<action>``.

Django's auth views and forms do the hard parts: the reset token (it covers the password
hash and the last sign-in, so a link works once, and it expires after
``PASSWORD_RESET_TIMEOUT``), the password validators, and the session hash that signs
out every other session when a password changes. What this module adds:

- ``password_reset_allowed``: each request counts against the address asked for and the
  client's IP address (``HourlyLimit``). The limits count requests, not accounts, so the
  answer over a limit is the same whether or not the address has an account.
- ``password_reset_send``: one email per active account with a usable password at the
  address, through ``send_message``. For an address with none, ``pretend_to_send`` does
  the same rendering and enqueues one task that sends nothing, so neither the page, the
  number of queries nor the time taken tells whether the address has an account.
- ``password_reset_done`` and ``password_change_done``: an ``AccountEvent``, and an email
  telling the person their password changed, in case it was not them.
"""

from collections.abc import Iterable
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.contrib.auth.tokens import PasswordResetTokenGenerator, default_token_generator
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from coprod_grid.mail.messages import pretend_to_send, send_message
from coprod_grid.nhsuk.templatetags.nhsuk import nhsuk_duration

from ..events import account_event_record
from ..limits import HourlyLimit
from ..models import EventKind

#: Reset emails one address may be sent in an hour: enough for a person whose first
#: email was slow to arrive, too few to fill someone's inbox.
PER_ADDRESS = 3
#: Requests from one IP address in an hour, whatever the addresses: room for a shared
#: office connection, not for a script trying address after address.
PER_CLIENT = 20
BY_ADDRESS = HourlyLimit("password-reset-address", PER_ADDRESS)
BY_CLIENT = HourlyLimit("password-reset-client", PER_CLIENT)

TOO_MANY = "You have asked for too many password reset emails. Wait an hour, then try again"
RESET_SUBJECT = "Reset your password for the Co-production Grid self-assessment"
CHANGED_SUBJECT = "Your password for the Co-production Grid self-assessment has been changed"


def password_reset_lifetime() -> str:
    """How long a reset link works, in words ("1 hour"), as the pages and emails say it."""
    return nhsuk_duration(timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT))


def password_reset_allowed(*, email: str, client: str) -> bool:
    """Count one request for ``email`` from ``client``; False when either has used up
    this hour's allowance, and then nothing may be sent."""
    # Both are counted even when the first is over: every request is a request.
    by_address = BY_ADDRESS.take(email)
    by_client = BY_CLIENT.take(client or "unknown")
    return by_address and by_client


def _absolute(link_base: str, path: str) -> str:
    return link_base.rstrip("/") + path


def _reset_context(
    *, user: AbstractBaseUser, link_base: str, token_generator: PasswordResetTokenGenerator
) -> dict:
    uid = urlsafe_base64_encode(force_bytes(user._meta.pk.value_to_string(user)))
    token = token_generator.make_token(user)
    path = reverse("password-reset-confirm", kwargs={"uidb64": uid, "token": token})
    return {
        # People sign in with their username, and several accounts can share an address.
        "username": user.get_username(),
        "link": _absolute(link_base, path),
        "lifetime": password_reset_lifetime(),
        "reset_page": _absolute(link_base, reverse("password-reset")),
    }


def password_reset_send(
    *,
    email: str,
    users: Iterable[AbstractBaseUser],
    link_base: str,
    token_generator: PasswordResetTokenGenerator = default_token_generator,
) -> int:
    """Email each of ``users`` (the accounts ``email`` names) its own reset link; the
    number sent. With none, do the same work and send nothing."""
    sent = 0
    for user in users:
        to = getattr(user, user.get_email_field_name())
        context = _reset_context(user=user, link_base=link_base, token_generator=token_generator)
        send_message(to=to, subject=RESET_SUBJECT, template="password_reset", context=context)
        sent += 1
    if not sent:
        # An unsaved stand-in, so the token and the rendering cost what a real one does.
        stand_in = get_user_model()(**{get_user_model().get_email_field_name(): email})
        context = _reset_context(
            user=stand_in, link_base=link_base, token_generator=token_generator
        )
        pretend_to_send(to=email, subject=RESET_SUBJECT, template="password_reset", context=context)
    return sent


def _when(moment: datetime) -> str:
    """``3:05pm on 4 March 2026``, in the service's time zone, as NHS.UK writes times."""
    local = timezone.localtime(moment)
    hour = local.hour % 12 or 12
    return f"{hour}:{local:%M}{'am' if local.hour < 12 else 'pm'} on {local.day} {local:%B %Y}"


def _password_changed(*, user: AbstractBaseUser, kind: EventKind, link_base: str) -> None:
    event = account_event_record(user=user, kind=kind)
    to = getattr(user, user.get_email_field_name(), "")
    if not to:
        return
    send_message(
        to=to,
        subject=CHANGED_SUBJECT,
        template="password_changed",
        context={
            "username": user.get_username(),
            "when": _when(event.at),
            "by_email": kind == EventKind.PASSWORD_RESET,
            "reset_page": _absolute(link_base, reverse("password-reset")),
        },
    )


def password_reset_done(*, user: AbstractBaseUser, link_base: str) -> None:
    """After a new password was set through a reset link (already saved)."""
    _password_changed(user=user, kind=EventKind.PASSWORD_RESET, link_base=link_base)


def password_change_done(*, user: AbstractBaseUser, link_base: str) -> None:
    """After a signed-in person changed their password (already saved)."""
    _password_changed(user=user, kind=EventKind.PASSWORD_CHANGED, link_base=link_base)
