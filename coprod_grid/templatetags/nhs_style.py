"""Dates and times as the NHS.UK content style guide writes them, in the service's time
zone: "1 December 2026", "8:21pm", "9am", "midday", "midnight", and together
"8:21pm on 1 December 2026". A template builtin (settings.TEMPLATES), so every template
has them without a ``{% load %}``.
"""

from __future__ import annotations

import datetime

from django import template
from django.utils import dateformat, timezone

register = template.Library()


def _local(value: datetime.datetime) -> datetime.datetime:
    return timezone.localtime(value) if timezone.is_aware(value) else value


@register.filter
def nhs_time(value: datetime.datetime | datetime.time | None) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, datetime.datetime):
        value = _local(value).time()
    if value.hour == 0 and value.minute == 0:
        return "midnight"
    if value.hour == 12 and value.minute == 0:
        return "midday"
    hour = value.hour % 12 or 12
    suffix = "am" if value.hour < 12 else "pm"
    return f"{hour}{suffix}" if value.minute == 0 else f"{hour}:{value.minute:02d}{suffix}"


@register.filter
def nhs_date(value: datetime.date | None) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, datetime.datetime):
        value = _local(value).date()
    return dateformat.format(value, "j F Y")


@register.filter
def nhs_datetime(value: datetime.datetime | None) -> str:
    if value is None or value == "":
        return ""
    return f"{nhs_time(value)} on {nhs_date(value)}"
