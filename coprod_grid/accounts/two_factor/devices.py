"""A person's second factor, kept in django-otp's own models: one confirmed
``TOTPDevice`` (their authenticator app) and one ``StaticDevice`` whose ``StaticToken``
rows are their recovery codes, each deleted by django-otp when it is used.

Setting up makes an unconfirmed ``TOTPDevice`` first; it counts for nothing until the
person types a code from it, which proves the app holds the key. Confirming replaces any
older app and every recovery code. Each change records an ``AccountEvent``.

Two-factor sign-in is required for staff and involvement leads (``two_factor_required``),
who can change what others see and do; anyone else may turn it on. Whoever has a
confirmed app must give a code at sign-in (``middleware``).
"""

from __future__ import annotations

import secrets
from base64 import b32encode
from dataclasses import dataclass

import segno
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.http import HttpRequest
from django.utils.html import escape
from django.utils.safestring import SafeString
from django_otp import login as otp_login
from django_otp import verify_token
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from assessments.models import Membership

from ..events import account_event_record
from ..models import AccountEvent

APP_NAME = "Authenticator app"
RECOVERY_NAME = "Recovery codes"
RECOVERY_CODE_COUNT = 10
# The account page warns from here down, while there are still enough to sign in with.
RECOVERY_CODES_FEW = 3
# No 0/o, 1/l/i: the codes are read off paper and typed in by hand.
RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
RECOVERY_CODE_LENGTH = 10  # about 49 bits each, shown as two groups of five
QR_TITLE = "QR code for setting up your authenticator app"


@dataclass(frozen=True)
class TwoFactorNeeds:
    """What the sign-in check needs to know about a person, read in one query."""

    has_app: bool
    required: bool


def _leads(**user):
    # A deleted organisation's lead can no longer act as its lead.
    return Membership.objects.filter(
        role=Membership.Role.LEAD, organisation__deleted_at__isnull=True, **user
    )


def two_factor_required(user: AbstractBaseUser) -> bool:
    return bool(user.is_staff) or _leads(user=user).exists()


def two_factor_needs(user: AbstractBaseUser) -> TwoFactorNeeds:
    row = (
        get_user_model()
        ._default_manager.filter(pk=user.pk)
        .annotate(
            has_app=Exists(TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True)),
            is_lead=Exists(_leads(user=OuterRef("pk"))),
        )
        .values_list("has_app", "is_lead")
        .first()
    )
    has_app, is_lead = row or (False, False)
    return TwoFactorNeeds(has_app=has_app, required=bool(user.is_staff) or is_lead)


def two_factor_reason(user: AbstractBaseUser) -> str:
    """Why a person must use two-factor sign-in, in words for them; empty if they need not."""
    if user.is_staff:
        return "you are one of the service's administrators"
    names = list(_leads(user=user).values_list("organisation__name", flat=True)[:2])
    if not names:
        return ""
    if len(names) > 1:
        return f"you are an involvement lead at {names[0]} and other organisations"
    return f"you are an involvement lead at {names[0]}"


def totp_device_confirmed(*, user: AbstractBaseUser) -> TOTPDevice | None:
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).first()


def totp_device_for_set_up(*, user: AbstractBaseUser) -> TOTPDevice:
    """The app being set up: the same unconfirmed device on every visit until it is
    confirmed, so reloading the page does not change the QR code under the person."""
    device = TOTPDevice.objects.devices_for_user(user, confirmed=False).order_by("pk").first()
    return device or TOTPDevice.objects.create(user=user, name=APP_NAME, confirmed=False)


@transaction.atomic
def totp_device_confirm(*, request: HttpRequest, device: TOTPDevice, code: str) -> list[str] | None:
    """Confirm ``device`` if ``code`` is one it makes now: it replaces every other app and
    all recovery codes, and this session counts as verified by it. Returns the new
    recovery codes to show once, or None if the code is wrong."""
    user = request.user
    # verify_token locks the row, so one code cannot confirm the device twice at once.
    if verify_token(user, device.persistent_id, code) is None:
        return None
    device.refresh_from_db()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    otp_login(request, device)
    codes = _recovery_codes_make(user)
    account_event_record(user=user, kind=AccountEvent.Kind.TWO_FACTOR_ADDED)
    return codes


@transaction.atomic
def two_factor_add(*, user: AbstractBaseUser) -> tuple[TOTPDevice, list[str]]:
    """A confirmed app and new recovery codes without a code typed in: for the demo and
    for tests, which hold the key themselves."""
    TOTPDevice.objects.filter(user=user).delete()
    device = TOTPDevice.objects.create(user=user, name=APP_NAME, confirmed=True)
    codes = _recovery_codes_make(user)
    account_event_record(user=user, kind=AccountEvent.Kind.TWO_FACTOR_ADDED)
    return device, codes


def _recovery_codes_make(user: AbstractBaseUser) -> list[str]:
    # The device itself is kept: a session that signed in with a recovery code is
    # verified by it, and must stay so when that person makes new codes.
    device = StaticDevice.objects.filter(user=user).order_by("pk").first()
    if device is None:
        device = StaticDevice.objects.create(user=user, name=RECOVERY_NAME, confirmed=True)
    StaticDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    device.token_set.all().delete()
    tokens = [_recovery_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=t) for t in tokens)
    return [recovery_code_display(token) for token in tokens]


def _recovery_token() -> str:
    return "".join(secrets.choice(RECOVERY_ALPHABET) for _ in range(RECOVERY_CODE_LENGTH))


@transaction.atomic
def recovery_codes_replace(
    *, user: AbstractBaseUser, actor: AbstractBaseUser | None = None
) -> list[str]:
    """New recovery codes for someone with an app; every old code stops working."""
    codes = _recovery_codes_make(user)
    account_event_record(user=user, kind=AccountEvent.Kind.RECOVERY_CODES_REPLACED, actor=actor)
    return codes


def recovery_codes_left(*, user: AbstractBaseUser) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def recovery_code_normalise(code: str) -> str:
    """What is stored: lower case, without the hyphen and any spaces people type."""
    return "".join(ch for ch in code.lower() if ch.isalnum())


def recovery_code_display(token: str) -> str:
    half = len(token) // 2
    return f"{token[:half]}-{token[half:]}"


@transaction.atomic
def two_factor_remove(*, user: AbstractBaseUser, actor: AbstractBaseUser) -> bool:
    """Delete every app and recovery code ``user`` has. Sessions verified by them stop
    counting as verified (OTPMiddleware finds no device). False if there was none."""
    apps, _ = TOTPDevice.objects.filter(user=user).delete()
    codes, _ = StaticDevice.objects.filter(user=user).delete()
    if not (apps or codes):
        return False
    account_event_record(user=user, kind=AccountEvent.Kind.TWO_FACTOR_REMOVED, actor=actor)
    return True


def secret_key_display(device: TOTPDevice) -> str:
    """The key in base32, as authenticator apps ask for it, in groups of four."""
    key = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))


def qr_code_svg(device: TOTPDevice) -> SafeString:
    """The device's ``otpauth://`` address as an inline SVG QR code, drawn here: no image
    request, nothing from outside, and no style attributes for the CSP to refuse. The
    ``<title>`` and ``role="img"`` give it an accessible name."""
    svg = segno.make(device.config_url, error="m").svg_inline(
        scale=4, title=QR_TITLE, svgclass="app-qr-code", lineclass=None, light="#fff"
    )
    # segno writes "<svg width=.. height=.. class=..>"; add the role to that first tag.
    svg = svg.replace("<svg ", f'<svg role="img" aria-label="{escape(QR_TITLE)}" ', 1)
    return SafeString(svg)


@dataclass(frozen=True)
class TwoFactorStatus:
    """What the account page says about a person's two-factor sign-in."""

    on: bool
    required: bool
    reason: str
    recovery_codes_left: int

    @property
    def few_recovery_codes(self) -> bool:
        return self.on and self.recovery_codes_left <= RECOVERY_CODES_FEW

    @property
    def may_remove(self) -> bool:
        return self.on and not self.required


def two_factor_status(*, user: AbstractBaseUser) -> TwoFactorStatus:
    reason = two_factor_reason(user)
    on = totp_device_confirmed(user=user) is not None
    return TwoFactorStatus(
        on=on,
        required=bool(reason),
        reason=reason,
        recovery_codes_left=recovery_codes_left(user=user) if on else 0,
    )
