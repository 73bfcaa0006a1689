"""The form a lead adds a member with."""

from django import forms
from django.contrib.auth import get_user_model

from coprod_grid.nhsuk.buttons import Button
from coprod_grid.nhsuk.layout import Field, nhsuk_helper

from ..models import Membership, Organisation


class MemberAddForm(forms.Form):
    email = forms.EmailField(
        label="Email address",
        help_text="They must already have an account",
        error_messages={
            "required": "Enter the email address of the person to add",
            "invalid": "Enter an email address in the correct format, like name@example.nhs.uk",
        },
    )
    role = forms.ChoiceField(
        label="Role",
        choices=Membership.Role.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select a role"},
    )

    def __init__(self, *args, organisation: Organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation = organisation

        self.helper = nhsuk_helper(
            Field.text("email", width="two-thirds", autocomplete="off", spellcheck="false"),
            Field.radios("role", legend_size="s"),
            Button.primary("add", "Add member"),
        )

    def clean_email(self):
        email = self.cleaned_data["email"].strip()
        user = get_user_model().objects.filter(email__iexact=email, is_active=True).first()
        if user is None:
            raise forms.ValidationError(
                "There is no account with that email address. Ask an administrator to create one"
            )
        if Membership.objects.filter(user=user, organisation=self.organisation).exists():
            raise forms.ValidationError("That person is already a member of this organisation")
        self.user = user
        return email
