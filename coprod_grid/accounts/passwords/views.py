"""Django's password reset and change views, with the service's forms, templates and
URL names, and the few steps it adds: the hourly limits before a reset email, and the
account event and "your password has been changed" email after a new password is saved.

The reset views are open to anyone (Django marks them ``login_not_required``); the change
views need a signed-in person. None of them follows a ``next`` parameter: each goes to
its own next page.
"""

from django.contrib.auth import views as auth_views
from django.db import transaction
from django.http import HttpResponse
from django.urls import reverse_lazy

from ..client_address import client_ip
from . import services
from .forms import ChangePasswordForm, NewPasswordForm, ResetRequestForm


class _LinkLifetime:
    """Puts how long a reset link works ("1 hour") in the page's context."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        return {**context, "lifetime": services.password_reset_lifetime()}


class ResetRequestView(_LinkLifetime, auth_views.PasswordResetView):
    form_class = ResetRequestForm
    template_name = "accounts/password_reset_form.html"
    success_url = reverse_lazy("password-reset-sent")

    def form_valid(self, form: ResetRequestForm) -> HttpResponse:
        allowed = services.password_reset_allowed(
            email=form.cleaned_data["email"], client=client_ip(self.request)
        )
        if not allowed:
            form.add_error("email", services.TOO_MANY)
            return self.form_invalid(form)
        return super().form_valid(form)


class ResetSentView(_LinkLifetime, auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_sent.html"


class ResetConfirmView(_LinkLifetime, auth_views.PasswordResetConfirmView):
    form_class = NewPasswordForm
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("password-reset-complete")
    # The person signs in with the new password, which shows it works.
    post_reset_login = False

    def form_valid(self, form: NewPasswordForm) -> HttpResponse:
        with transaction.atomic():
            response = super().form_valid(form)
            services.password_reset_done(
                user=form.user, link_base=self.request.build_absolute_uri("/")
            )
        return response


class ResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"


class ChangeView(auth_views.PasswordChangeView):
    form_class = ChangePasswordForm
    template_name = "accounts/password_change_form.html"
    success_url = reverse_lazy("password-change-done")

    def form_valid(self, form: ChangePasswordForm) -> HttpResponse:
        # Django's form_valid keeps this session signed in (update_session_auth_hash);
        # every other session of the account fails its session hash check from now on.
        with transaction.atomic():
            response = super().form_valid(form)
            services.password_change_done(
                user=form.user, link_base=self.request.build_absolute_uri("/")
            )
        return response


class ChangeDoneView(auth_views.PasswordChangeDoneView):
    template_name = "accounts/password_change_done.html"
