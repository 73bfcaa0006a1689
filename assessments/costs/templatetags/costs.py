"""Money for the cost pages: whole pence shown as pounds, once, at display."""

from django import template

register = template.Library()


def _format(pence: int) -> str:
    whole, part = divmod(abs(int(pence)), 100)
    return f"£{whole:,}.{part:02d}"


@register.filter
def pounds(pence) -> str:
    """``123450`` → "£1,234.50"; a negative amount gets a minus sign."""
    if pence is None:
        return ""
    return f"−{_format(pence)}" if int(pence) < 0 else _format(pence)


@register.filter
def signed_pounds(pence) -> str:
    """A difference: "+£12.00", "−£13.67" or "£0.00"."""
    if pence is None:
        return ""
    value = int(pence)
    if value > 0:
        return f"+{_format(value)}"
    return f"−{_format(value)}" if value < 0 else _format(0)


@register.filter
def hours(minutes) -> str:
    """Minutes as hours and minutes: 95 → "1 hour 35 minutes"."""
    value = int(minutes or 0)
    h, m = divmod(value, 60)
    parts = []
    if h:
        parts.append(f"{h} hour{'s' if h != 1 else ''}")
    if m or not h:
        parts.append(f"{m} minute{'s' if m != 1 else ''}")
    return " ".join(parts)
