"""The one-field forms of two-factor sign-in: a 6-digit code from an authenticator app,
or a recovery code. They only tidy and check the shape of what was typed; whether the
code is right is for django-otp (``sign_in``, ``devices``)."""

import re

from django import forms

from coprod_grid.nhsuk.buttons import Button
from coprod_grid.nhsuk.layout import Field, nhsuk_helper

from .devices import RECOVERY_CODE_LENGTH, recovery_code_normalise

ENTER_APP_CODE = "Enter the 6-digit code from your authenticator app"
ENTER_RECOVERY_CODE = "Enter a recovery code"


class AppCodeForm(forms.Form):
    code = forms.CharField(
        label="Code from your authenticator app",
        help_text="The code is 6 numbers. It changes every 30 seconds",
        max_length=20,
        error_messages={"required": ENTER_APP_CODE, "max_length": ENTER_APP_CODE},
    )

    def __init__(self, *args, button: str = "Continue", **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = nhsuk_helper(
            Field.text(
                "code",
                width=10,
                inputmode="numeric",
                autocomplete="one-time-code",
                spellcheck="false",
            ),
            Button.primary("verify", button),
        )

    def clean_code(self) -> str:
        # People type the code as the app shows it, often with a space in the middle.
        code = re.sub(r"[\s-]", "", self.cleaned_data["code"])
        if not re.fullmatch(r"\d{6}", code):
            raise forms.ValidationError(ENTER_APP_CODE)
        return code


class RecoveryCodeForm(forms.Form):
    code = forms.CharField(
        label="Recovery code",
        help_text="It is 10 letters and numbers, like abcde-23456",
        max_length=40,
        error_messages={"required": ENTER_RECOVERY_CODE, "max_length": ENTER_RECOVERY_CODE},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = nhsuk_helper(
            Field.text(
                "code",
                width=20,
                autocomplete="off",
                autocapitalize="none",
                spellcheck="false",
            ),
            Button.primary("verify", "Continue"),
        )

    def clean_code(self) -> str:
        code = recovery_code_normalise(self.cleaned_data["code"])
        if len(code) != RECOVERY_CODE_LENGTH:
            raise forms.ValidationError(
                "Enter the recovery code as 10 letters and numbers, like abcde-23456"
            )
        return code
