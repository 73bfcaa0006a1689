"""Holding a signed-in person at the code step until they give their second factor.

Django's LoginView checks the password and signs the person in as usual; this middleware
(after OTPMiddleware, which sets ``request.user.is_verified()``, and after
LoginRequiredMiddleware) then sends anyone not yet verified this session:

- to the code step, if they have a confirmed authenticator app;
- to setting one up, if they have none but must have one (``two_factor_required``).

Until then they may still use what needs no sign-in (views marked
``login_not_required``), sign out, and the steps themselves, which are marked with the
decorators below. Admin is covered like every other page. Checking a person costs one
query, and nothing once they are verified beyond OTPMiddleware's look-up of the device.
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest, HttpResponseRedirect
from django.urls import reverse

from .devices import two_factor_needs

CODE_STEP = "two_factor_code_step"
SET_UP_STEP = "two_factor_set_up_step"
SIGN_OUT_VIEWS = {"logout", "admin:logout"}


def code_step(view: Callable) -> Callable:
    """Mark a view a person may use before giving their code (the code step itself)."""
    setattr(view, CODE_STEP, True)
    return view


def set_up_step(view: Callable) -> Callable:
    """Mark a view a person who must set up an app may use before they have one."""
    setattr(view, SET_UP_STEP, True)
    return view


def _redirect(name: str, request: HttpRequest) -> HttpResponseRedirect:
    query = urlencode({"next": request.get_full_path()})
    return HttpResponseRedirect(f"{reverse(name)}?{query}")


class TwoFactorMiddleware:
    def __init__(self, get_response: Callable):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func: Callable, view_args, view_kwargs):
        user = request.user
        if not user.is_authenticated or user.is_verified():
            return None
        if not getattr(view_func, "login_required", True):
            return None
        if request.resolver_match.view_name in SIGN_OUT_VIEWS:
            return None
        if request.path_info.startswith(settings.STATIC_URL):
            return None
        if getattr(view_func, CODE_STEP, False):
            return None  # the step itself sends on whoever should not be there
        needs = two_factor_needs(user)
        if needs.has_app:
            return _redirect("two-factor-verify", request)
        if needs.required and not getattr(view_func, SET_UP_STEP, False):
            return _redirect("two-factor-set-up", request)
        return None
