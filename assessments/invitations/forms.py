"""The form a lead invites a person with, and the form an invited person without an
account sets their name and password with (Django's password validators apply)."""

from django import forms
from django.contrib.auth import get_user_model, password_validation

from coprod_grid.nhsuk.buttons import Button
from coprod_grid.nhsuk.layout import Field, nhsuk_helper

from ..models import Invitation, Membership
from .services import Account


def _nhs(message: str) -> str:
    """NHS.UK style: no full stop at the end of an error."""
    return message.rstrip(".")


class InvitationForm(forms.Form):
    email = forms.EmailField(
        label="Email address",
        help_text="The link in the email works for 7 days",
        max_length=150,
        error_messages={
            "required": "Enter the email address of the person to invite",
            "invalid": "Enter an email address in the correct format, like name@example.nhs.uk",
            "max_length": "Enter an email address of 150 characters or fewer",
        },
    )
    role = forms.ChoiceField(
        label="Role",
        choices=Membership.Role.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select a role"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = nhsuk_helper(
            Field.text("email", width="two-thirds", autocomplete="off", spellcheck="false"),
            Field.radios("role", legend_size="s"),
            Button.primary("invite", "Send invitation"),
        )


class AcceptForm(forms.Form):
    first_name = forms.CharField(
        label="First name",
        max_length=150,
        error_messages={
            "required": "Enter your first name",
            "max_length": "Enter a first name of 150 characters or fewer",
        },
    )
    last_name = forms.CharField(
        label="Last name",
        max_length=150,
        error_messages={
            "required": "Enter your last name",
            "max_length": "Enter a last name of 150 characters or fewer",
        },
    )
    password1 = forms.CharField(
        label="Create a password",
        help_text="Use at least 12 characters. Avoid common passwords and your name",
        strip=False,
        max_length=128,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        error_messages={
            "required": "Create a password",
            "max_length": "Enter a password of 128 characters or fewer",
        },
    )
    password2 = forms.CharField(
        label="Enter the password again",
        strip=False,
        max_length=128,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        error_messages={
            "required": "Enter the password again",
            "max_length": "Enter a password of 128 characters or fewer",
        },
    )

    def __init__(self, *args, invitation: Invitation, **kwargs):
        super().__init__(*args, **kwargs)
        self.invitation = invitation
        self.helper = nhsuk_helper(
            Field.text("first_name", width="two-thirds", autocomplete="given-name"),
            Field.text("last_name", width="two-thirds", autocomplete="family-name"),
            Field("password1", css_class="nhsuk-u-width-two-thirds"),
            Field("password2", css_class="nhsuk-u-width-two-thirds"),
            Button.primary("accept", "Accept and sign in"),
        )

    def clean(self):
        data = super().clean()
        password, again = data.get("password1"), data.get("password2")
        if not password:
            return data
        if again is not None and password != again:
            self.add_error("password2", "Enter the same password in both boxes")
        someone = get_user_model()(
            username=self.invitation.email.lower(),
            email=self.invitation.email,
            first_name=data.get("first_name", ""),
            last_name=data.get("last_name", ""),
        )
        try:
            password_validation.validate_password(password, user=someone)
        except forms.ValidationError as error:
            self.add_error("password1", [_nhs(message) for message in error.messages])
        return data

    @property
    def account(self) -> Account:
        return Account(
            first_name=self.cleaned_data["first_name"],
            last_name=self.cleaned_data["last_name"],
            password=self.cleaned_data["password1"],
        )
