"""The code step of signing in, after the password: a code from the person's app, or
one of their recovery codes, checked by django-otp. django-otp refuses a code at or
before the last one accepted (so a code seen over someone's shoulder is spent), and
slows guessing down: after each wrong code the next is not even checked for 1, 2, 4, 8…
seconds (``OTP_TOTP_THROTTLE_FACTOR``), which only a right code resets.

A wrong code is also a failed sign-in for django-axes, counted with wrong passwords for
the same username and address: at ``AXES_FAILURE_LIMIT`` the person is signed out and
sees the locked-out page, exactly as after too many wrong passwords, and a locked-out
person is signed out before any code is checked.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_lockout_response
from django.contrib.auth import logout
from django.contrib.auth.signals import user_login_failed
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django_otp import login as otp_login
from django_otp import verify_token
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from ..events import account_event_record
from ..models import AccountEvent
from .devices import recovery_code_normalise

WRONG_APP_CODE = "Enter a correct code from your authenticator app"
WRONG_RECOVERY_CODE = "Enter a correct recovery code"


@dataclass(frozen=True)
class CodeResult:
    """``device`` is set when the code was right; ``locked_out`` is the page to answer
    with when this wrong code locked the person out."""

    device: Device | None = None
    error: str = ""
    locked_out: HttpResponse | None = None


def _credentials(request: HttpRequest) -> dict:
    # What django-axes counts failures against: the same key as the password form's.
    return {"username": request.user.get_username()}


def _sign_out_locked(request: HttpRequest, credentials: dict) -> HttpResponse:
    logout(request)
    return get_lockout_response(request, credentials=credentials)


def locked_out_response(request: HttpRequest) -> HttpResponse | None:
    """The locked-out page (signing the person out) if django-axes has locked them out."""
    credentials = _credentials(request)
    if AxesProxyHandler.is_locked(request, credentials=credentials):
        return _sign_out_locked(request, credentials)
    return None


def throttled_message(device: Device) -> str:
    """The NHS.UK error while django-otp will not check another code yet; empty if it will."""
    allowed, details = device.verify_is_allowed()
    if allowed:
        return ""
    wait = (details["locked_until"] - timezone.now()).total_seconds()
    return f"Too many wrong codes. Wait {_in_words(max(1, math.ceil(wait)))}, then try again"


def _in_words(seconds: int) -> str:
    if seconds < 120:
        return f"{seconds} second{'s' if seconds != 1 else ''}"
    minutes = math.ceil(seconds / 60)
    if minutes < 120:
        return f"{minutes} minutes"
    return f"{math.ceil(minutes / 60)} hours"


def _check(request: HttpRequest, device: Device | None, token: str, wrong: str) -> CodeResult:
    if device is not None:
        throttled = throttled_message(device)
        if throttled:
            return CodeResult(error=throttled)
        verified = verify_token(request.user, device.persistent_id, token)
        if verified is not None:
            otp_login(request, verified)
            return CodeResult(device=verified)
    credentials = _credentials(request)
    user_login_failed.send(sender=__name__, credentials=credentials, request=request)
    if getattr(request, "axes_locked_out", False):
        return CodeResult(error=wrong, locked_out=_sign_out_locked(request, credentials))
    return CodeResult(error=wrong)


def app_code_check(*, request: HttpRequest, device: TOTPDevice, code: str) -> CodeResult:
    return _check(request, device, code, WRONG_APP_CODE)


def recovery_code_check(*, request: HttpRequest, code: str) -> CodeResult:
    """A recovery code works once: django-otp deletes it as it accepts it."""
    device = StaticDevice.objects.devices_for_user(request.user, confirmed=True).first()
    result = _check(request, device, recovery_code_normalise(code), WRONG_RECOVERY_CODE)
    if result.device is not None:
        account_event_record(user=request.user, kind=AccountEvent.Kind.RECOVERY_CODE_USED)
    return result
