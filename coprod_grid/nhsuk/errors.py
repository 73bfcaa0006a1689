"""Errors across forms and formsets, for the ``nhsuk`` crispy-forms pack.

``has_errors()`` (behind ``{{ form|nhsuk_has_errors }}``) and ``error_summary_items()``,
the list behind ``{% nhsuk_error_summary form %}``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django import forms
from django.forms.formsets import BaseFormSet

from .field_view import field_anchor_id

__all__ = ["SummaryItem", "error_summary_items", "has_errors"]


def _forms(*things: Any) -> Iterable[forms.BaseForm | BaseFormSet]:
    for thing in things:
        if thing is None or thing == "":
            continue
        if isinstance(thing, forms.BaseForm | BaseFormSet):
            yield thing
        elif isinstance(thing, Iterable) and not isinstance(thing, str | bytes | Mapping):
            yield from _forms(*thing)


def has_errors(*things: Any) -> bool:
    """True when any of the forms or formsets (or lists of them) is bound with errors."""
    for thing in _forms(*things):
        if isinstance(thing, BaseFormSet):
            if thing.is_bound and not thing.is_valid():
                return True
        elif thing.is_bound and thing.errors:
            return True
    return False


@dataclass
class SummaryItem:
    href: str
    message: str


def _form_items(form: forms.BaseForm) -> list[SummaryItem]:
    if not form.is_bound or not form.errors:
        return []
    visible = form.visible_fields()
    first = f"#{field_anchor_id(visible[0])}" if visible else ""
    items = [SummaryItem(first, str(error)) for error in form.non_field_errors()]
    for bound_field in form:
        if not bound_field.errors:
            continue
        href = first if bound_field.is_hidden else f"#{field_anchor_id(bound_field)}"
        items.extend(SummaryItem(href, str(error)) for error in bound_field.errors)
    return items


def error_summary_items(*things: Any) -> list[SummaryItem]:
    """The error summary's lines, in page order, each linking to its field's first input.

    Errors that belong to no field (a form's non-field errors, a formset's non-form errors,
    errors on hidden fields) link to the first visible field."""
    items: list[SummaryItem] = []
    for thing in _forms(*things):
        if isinstance(thing, BaseFormSet):
            if not thing.is_bound:
                continue
            first = ""
            for form in thing.forms:
                visible = form.visible_fields()
                if visible:
                    first = f"#{field_anchor_id(visible[0])}"
                    break
            items.extend(SummaryItem(first, str(error)) for error in thing.non_form_errors())
            for form in thing.forms:
                items.extend(_form_items(form))
        else:
            items.extend(_form_items(thing))
    return items
