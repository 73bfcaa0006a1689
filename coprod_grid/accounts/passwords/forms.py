"""Django's password reset, set-password and change forms in NHS.UK wording and markup.

The fields, validators and saving are Django's. What changes: labels, hints and errors
say what to do without a full stop; the password validators' messages lose theirs and
sit on the box where the password was created, as on the invitation form; and the reset
form's email goes through the service's task queue, never straight over SMTP.
"""

from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import PasswordChangeForm, PasswordResetForm, SetPasswordForm
from django.contrib.auth.tokens import default_token_generator
from django.core.validators import MaxLengthValidator

from coprod_grid.nhsuk.buttons import Button
from coprod_grid.nhsuk.layout import Field, nhsuk_helper

from . import services

MAX_PASSWORD = 128
PASSWORD_HINT = "Use at least 12 characters. Avoid common passwords and your name"


def _nhs(message: str) -> str:
    """NHS.UK style: no full stop at the end of an error."""
    return message.rstrip(".")


class ResetRequestForm(PasswordResetForm):
    email = forms.EmailField(
        label="Email address",
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={
            "required": "Enter your email address",
            "invalid": "Enter an email address in the correct format, like name@example.nhs.uk",
            "max_length": "Enter an email address of 254 characters or fewer",
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = nhsuk_helper(
            Field.text("email", width="two-thirds", autocomplete="email", spellcheck="false"),
            Button.primary("send", "Send me a link"),
        )

    def save(self, *, request, token_generator=default_token_generator, **_options) -> int:
        """Email each account at the address its link (Django's ``get_users``: active,
        with a usable password, the address matched without regard to case). Takes the
        keyword arguments ``PasswordResetView`` passes; only these two matter here."""
        email = self.cleaned_data["email"]
        return services.password_reset_send(
            email=email,
            users=self.get_users(email),
            link_base=request.build_absolute_uri("/"),
            token_generator=token_generator,
        )

    def send_mail(self, *args, **kwargs):
        # Django's would send at once over SMTP, in the request; every message goes
        # through send_message and the task queue instead (see save).
        raise NotImplementedError("ResetRequestForm.save sends through send_message")


class _NewPassword:
    """The two new-password boxes of ``SetPasswordForm``, in NHS.UK wording."""

    error_messages = {"password_mismatch": "Enter the same password in both boxes"}

    def _word_new_password(self, *, create: str, again: str) -> None:
        first, second = self.fields["new_password1"], self.fields["new_password2"]
        first.label, first.help_text = create, PASSWORD_HINT
        first.error_messages["required"] = create
        second.label, second.help_text = again, ""
        second.error_messages["required"] = again
        for field in (first, second):
            # As on the invitation form: a bound on what the hasher is given to chew on.
            field.widget.attrs["maxlength"] = str(MAX_PASSWORD)
            field.validators.append(
                MaxLengthValidator(
                    MAX_PASSWORD, message=f"Enter a password of {MAX_PASSWORD} characters or fewer"
                )
            )

    def clean(self):
        # SetPasswordForm.clean puts the validators' messages on the second box; they
        # are about the password made in the first.
        self.validate_passwords("new_password1", "new_password2")
        password = self.cleaned_data.get("new_password1")
        if password:
            try:
                password_validation.validate_password(password, self.user)
            except forms.ValidationError as error:
                self.add_error("new_password1", [_nhs(message) for message in error.messages])
        return self.cleaned_data


class NewPasswordForm(_NewPassword, SetPasswordForm):
    """The form a reset link opens."""

    def __init__(self, user, *args, **kwargs):
        super().__init__(user, *args, **kwargs)
        self._word_new_password(create="Create a password", again="Enter the password again")
        self.helper = nhsuk_helper(
            Field("new_password1", css_class="nhsuk-u-width-two-thirds"),
            Field("new_password2", css_class="nhsuk-u-width-two-thirds"),
            Button.primary("save", "Save password"),
        )


class ChangePasswordForm(_NewPassword, PasswordChangeForm):
    error_messages = {
        **_NewPassword.error_messages,
        "password_incorrect": "Enter your current password correctly",
    }

    def __init__(self, user, *args, **kwargs):
        super().__init__(user, *args, **kwargs)
        old = self.fields["old_password"]
        old.label = "Current password"
        old.error_messages["required"] = "Enter your current password"
        # NHS.UK advises against autofocus: it moves screen reader users past the heading.
        old.widget.attrs.pop("autofocus", None)
        self._word_new_password(
            create="Create a new password", again="Enter the new password again"
        )
        self.helper = nhsuk_helper(
            Field("old_password", css_class="nhsuk-u-width-two-thirds"),
            Field("new_password1", css_class="nhsuk-u-width-two-thirds"),
            Field("new_password2", css_class="nhsuk-u-width-two-thirds"),
            Button.primary("save", "Change password"),
        )


__all__ = ["ChangePasswordForm", "NewPasswordForm", "ResetRequestForm"]
