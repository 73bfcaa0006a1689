"""The pages of two-factor sign-in: the code step (an app code, or a recovery code on a
page of its own, so it works without JavaScript), setting up an app, the recovery codes
(shown once), new recovery codes and turning two-factor sign-in off.

Recovery codes go from the request that makes them to the page that shows them in the
session, which that page empties: a reload, or the back button, shows them no more.
"""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from . import devices, sign_in
from .forms import AppCodeForm, RecoveryCodeForm
from .middleware import code_step, set_up_step

RECOVERY_CODES_SESSION_KEY = "two_factor_recovery_codes"


def safe_next(request: HttpRequest, default: str = settings.LOGIN_REDIRECT_URL) -> str:
    """Where to go afterwards: ``?next=`` if it is a page of this site, else ``default``."""
    candidate = request.GET.get("next", "")
    if url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return resolve_url(default)


def _with_next(name: str, next_url: str) -> str:
    return f"{reverse(name)}?{urlencode({'next': next_url})}"


def _posted(request: HttpRequest):
    return request.POST if request.method == "POST" else None


@code_step
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def verify(request: HttpRequest) -> HttpResponse:
    next_url = safe_next(request)
    device = devices.totp_device_confirmed(user=request.user)
    if device is None or request.user.is_verified():
        return redirect(next_url)
    form = AppCodeForm(_posted(request))
    if request.method == "POST":
        if locked := sign_in.locked_out_response(request):
            return locked
        if form.is_valid():
            result = sign_in.app_code_check(
                request=request, device=device, code=form.cleaned_data["code"]
            )
            if result.locked_out:
                return result.locked_out
            if result.device:
                return redirect(next_url)
            form.add_error("code", result.error)
    return render(request, "accounts/two_factor_verify.html", {"form": form, "next": next_url})


@code_step
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def recovery(request: HttpRequest) -> HttpResponse:
    next_url = safe_next(request)
    if request.user.is_verified() or devices.totp_device_confirmed(user=request.user) is None:
        return redirect(next_url)
    form = RecoveryCodeForm(_posted(request))
    if request.method == "POST":
        if locked := sign_in.locked_out_response(request):
            return locked
        if form.is_valid():
            result = sign_in.recovery_code_check(request=request, code=form.cleaned_data["code"])
            if result.locked_out:
                return result.locked_out
            if result.device:
                _recovery_codes_left_message(request)
                return redirect(next_url)
            form.add_error("code", result.error)
    context = {"form": form, "next": next_url}
    return render(request, "accounts/two_factor_recovery.html", context)


def _recovery_codes_left_message(request: HttpRequest) -> None:
    left = devices.recovery_codes_left(user=request.user)
    codes = f"{left} recovery code{'s' if left != 1 else ''}"
    if left <= devices.RECOVERY_CODES_FEW:
        messages.warning(request, f"You have {codes} left. Make new ones on your account page")
    else:
        messages.info(request, f"You signed in with a recovery code. You have {codes} left")


@set_up_step
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def set_up(request: HttpRequest) -> HttpResponse:
    next_url = safe_next(request)
    device = devices.totp_device_for_set_up(user=request.user)
    replacing = devices.totp_device_confirmed(user=request.user) is not None
    button = "Use the new app" if replacing else "Turn on two-factor sign-in"
    form = AppCodeForm(_posted(request), button=button)
    if form.is_valid():
        if error := sign_in.throttled_message(device):
            form.add_error("code", error)
        elif codes := devices.totp_device_confirm(
            request=request, device=device, code=form.cleaned_data["code"]
        ):
            request.session[RECOVERY_CODES_SESSION_KEY] = codes
            done = "Your new authenticator app is set up" if replacing else None
            messages.success(request, done or "Two-factor sign-in is on")
            return redirect(_with_next("two-factor-recovery-codes", next_url))
        else:
            form.add_error("code", sign_in.WRONG_APP_CODE)
    context = {
        "form": form,
        "qr_code": devices.qr_code_svg(device),
        "secret_key": devices.secret_key_display(device),
        "replacing": replacing,
        "reason": devices.two_factor_reason(request.user),
    }
    return render(request, "accounts/two_factor_set_up.html", context)


@never_cache
@require_safe
def recovery_codes(request: HttpRequest) -> HttpResponse:
    codes = request.session.pop(RECOVERY_CODES_SESSION_KEY, None)
    context = {"codes": codes, "next": safe_next(request, default="account")}
    return render(request, "accounts/two_factor_recovery_codes.html", context)


@require_POST
def recovery_codes_new(request: HttpRequest) -> HttpResponse:
    if devices.totp_device_confirmed(user=request.user) is None:
        return redirect("account")
    request.session[RECOVERY_CODES_SESSION_KEY] = devices.recovery_codes_replace(user=request.user)
    messages.success(request, "You have new recovery codes. The old ones no longer work")
    return redirect(_with_next("two-factor-recovery-codes", reverse("account")))


@require_http_methods(["GET", "HEAD", "POST"])
def remove(request: HttpRequest) -> HttpResponse:
    if devices.totp_device_confirmed(user=request.user) is None:
        return redirect("account")
    if devices.two_factor_required(request.user):
        raise PermissionDenied("Two-factor sign-in is required for this account")
    if request.method == "POST":
        devices.two_factor_remove(user=request.user, actor=request.user)
        messages.success(request, "Two-factor sign-in is off")
        return redirect("account")
    return render(request, "accounts/two_factor_remove.html")
