"""A day-month-year date for the ``nhsuk`` crispy-forms pack (the NHS.UK date input).

``DateInputField`` is the form field and ``DateInputWidget`` its three boxes; lay the
field out with ``Field.date``.
"""

from __future__ import annotations

import datetime
from typing import Any

from django import forms

__all__ = ["DateInputField", "DateInputWidget"]


class DateInputWidget(forms.MultiWidget):
    """Three text boxes, day, month and year, rendered as an NHS.UK date input."""

    template_name = "django/forms/widgets/multiwidget.html"
    parts = (("Day", 2), ("Month", 2), ("Year", 4))

    def __init__(self, attrs: dict | None = None):
        widgets = [forms.TextInput(attrs={"inputmode": "numeric"}) for _ in self.parts]
        super().__init__(widgets, attrs)

    def decompress(self, value):
        if isinstance(value, datetime.date):
            return [value.day, value.month, value.year]
        return [None, None, None]


class DateInputField(forms.MultiValueField):
    """A date typed as day, month and year. Messages follow the NHS.UK date input."""

    widget = DateInputWidget
    default_error_messages = {
        "required": "Enter a date",
        "incomplete": "Enter a complete date, with a day, month and year",
        "invalid": "Enter a real date",
    }

    def __init__(self, **kwargs: Any):
        invalid = {"invalid": self.default_error_messages["invalid"]}
        parts = (
            forms.IntegerField(error_messages=invalid),
            forms.IntegerField(error_messages=invalid),
            forms.IntegerField(error_messages=invalid),
        )
        super().__init__(parts, require_all_fields=False, **kwargs)
        for part in self.fields:
            part.required = True
            part.error_messages["incomplete"] = self.error_messages["incomplete"]

    def compress(self, data_list):
        if not data_list:
            return None
        day, month, year = data_list
        try:
            return datetime.date(year, month, day)
        except (TypeError, ValueError, OverflowError):  # OverflowError: a year like 10**20
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None
