"""Template tags for NHS.UK frontend markup: ``{% load nhsuk %}``.

``{% nhsuk_error_summary form %}``
    The error summary, for the top of the page above the ``<h1>``. Takes any number of
    forms, formsets or lists of them: ``{% nhsuk_error_summary form formset %}``.
    Renders nothing when none of them has errors.

``{{ form|nhsuk_has_errors }}``
    True when a form, formset or list of them is bound with errors; for the "Error: "
    title prefix (see ``templates/base.html``).

``{{ cooloff_timedelta|nhsuk_duration }}``
    A timedelta in words ("15 minutes"), for the sign-in lockout page.

``{% nhsuk_field field %}``
    Used by the crispy pack's ``nhsuk/field.html``: the field's NHS.UK markup, worked out
    by ``coprod_grid.nhsuk.field_view`` and written by ``coprod_grid.nhsuk.markup``, with
    the layout's options, ``wrapper_class``, ``form_show_errors`` and ``form_show_labels``
    from the context.
"""

from datetime import timedelta
from typing import Any

from django import template
from django.forms.boundfield import BoundField
from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from ..errors import error_summary_items, has_errors
from ..field_view import field_view
from ..layout import OPTIONS_KEY
from ..markup import field_html

register = template.Library()


@register.simple_tag
def nhsuk_error_summary(*forms: Any) -> SafeString:
    items = error_summary_items(*forms)
    if not items:
        return SafeString("")
    return render_to_string("nhsuk/layout/error_summary.html", {"items": items})


@register.filter
def nhsuk_has_errors(forms: Any) -> bool:
    return has_errors(forms)


@register.simple_tag(takes_context=True)
def nhsuk_field(context: template.Context, field: BoundField) -> SafeString:
    view = field_view(
        field,
        context.get(OPTIONS_KEY),
        show_errors=context.get("form_show_errors", True) is not False,
        show_label=context.get("form_show_labels", True) is not False,
    )
    return field_html(view, context.get("wrapper_class"))


@register.filter
def nhsuk_duration(value: Any) -> str:
    """A timedelta in words, in whole minutes or hours: ``15 minutes``, ``1 hour``."""
    if not isinstance(value, timedelta):
        return ""
    minutes = round(value.total_seconds() / 60)
    if minutes and minutes % 60 == 0:
        hours = minutes // 60
        return f"{hours} hour" if hours == 1 else f"{hours} hours"
    return "1 minute" if minutes == 1 else f"{minutes} minutes"
