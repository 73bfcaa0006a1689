"""The sign-in form, in NHS.UK style and rendered by the crispy ``nhsuk`` pack."""

from crispy_forms.helper import FormHelper
from django.contrib.auth.forms import AuthenticationForm
from django.core.validators import MaxLengthValidator

from coprod_grid.nhsuk.buttons import Button
from coprod_grid.nhsuk.layout import Field, Layout


class SignInForm(AuthenticationForm):
    """Django's ``AuthenticationForm`` with NHS.UK wording and markup.

    django-axes counts failures against the posted ``username``, so the field keeps that
    name. Messages follow the NHS.UK style: say what to do, no full stop."""

    error_messages = {
        "invalid_login": "Enter a correct username and password",
        "inactive": "This account has been switched off. Ask an administrator to switch it on",
    }

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        username = self.fields["username"]
        username.label = "Username"
        username.error_messages["required"] = "Enter your username"
        # AuthenticationForm sets max_length after the field is built, which adds no
        # validator: without this a long name reaches authenticate() and django-axes,
        # whose 255-character column then fails on PostgreSQL.
        username.validators.append(
            MaxLengthValidator(
                username.max_length or 150,
                message="Your username must be %(limit_value)d characters or fewer",
            )
        )
        # NHS.UK advises against autofocus: it moves screen reader users past the heading.
        username.widget.attrs.pop("autofocus", None)
        password = self.fields["password"]
        password.label = "Password"
        password.error_messages["required"] = "Enter your password"

        self.helper = FormHelper()
        self.helper.layout = Layout(
            Field.text(
                "username",
                width="two-thirds",
                autocomplete="username",
                autocapitalize="none",
                spellcheck="false",
            ),
            Field("password", css_class="nhsuk-u-width-two-thirds"),
            Button.primary("sign-in", "Sign in"),
        )


__all__ = ["SignInForm"]
