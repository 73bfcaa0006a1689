"""A field's NHS.UK markup, written out in Python from its ``FieldView``.

Every field of every form goes through here, so it is plain string building rather
than a chain of template includes: the Django template language costs microseconds per
variable looked up, and a category section of the questionnaire looks up tens of
thousands. The output is, byte for byte, what the pack's field templates produced
(``nhsuk/layout/*.html`` kept the same shapes; see the comment at the top of each
function), and every value is escaped as ``{{ value }}`` would escape it: labels, hints,
choices and errors stay escaped unless the code that made them marked them safe.
"""

from __future__ import annotations

import html
from typing import Any

from django.utils.formats import localize
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString
from django.utils.timezone import template_localtime

from .field_view import FieldView

__all__ = ["field_html"]


def escaped(value: Any) -> str:
    """``{{ value }}`` in an autoescaping template (``render_value_in_context``). A plain
    string is escaped as ``escape()`` escapes it, without marking each piece safe: the
    field's whole markup is marked safe once."""
    if type(value) is str:
        return html.escape(value)
    if not isinstance(value, str):
        value = localize(template_localtime(value))
        if not isinstance(value, str):
            value = str(value)
    return conditional_escape(value)


def _digits(value: Any) -> str:
    """``{{ value|stringformat:'d' }}``: empty when it is not a number."""
    try:
        return "%d" % value  # noqa: UP031 -- the filter's own formatting
    except (ValueError, TypeError):
        return ""


def _wrapper(view: FieldView, wrapper_class: Any) -> str:
    group = escaped(view.group_class)
    return f"{group} {escaped(wrapper_class)}" if wrapper_class else group


def _field_errors(view: FieldView) -> str:
    """layout/field_errors.html"""
    if not view.errors:
        return "\n"
    messages = "<br>".join(
        f'<span class="nhsuk-u-visually-hidden">Error: </span>{escaped(error)}'
        for error in view.errors
    )
    return f'<span class="nhsuk-error-message" id="{escaped(view.error_id)}">{messages}</span>\n\n'


def _hint_and_errors(view: FieldView) -> str:
    """layout/help_text_and_errors.html"""
    hint = f'<div class="nhsuk-hint" id="{escaped(view.hint_id)}">{escaped(view.hint)}</div>\n'
    return (hint if view.hint else "") + _field_errors(view) + "\n"


def _legend(view: FieldView) -> str:
    """layout/legend.html"""
    if not view.label:
        return "\n"
    label = escaped(view.label)
    if view.is_page_heading:
        label = f'<h1 class="nhsuk-fieldset__heading">{label}</h1>'
    return f'<legend class="{escaped(view.legend_class)}">{label}</legend>\n'


def _label(view: FieldView) -> str:
    """layout/label.html"""
    if not view.label:
        return "\n"
    label = (
        f'<label class="{escaped(view.label_class)}" for="{escaped(view.label_for)}">'
        f"{escaped(view.label)}</label>"
    )
    if view.is_page_heading:
        label = f'<h1 class="nhsuk-label-wrapper">{label}</h1>'
    return label + "\n"


def _described(view: FieldView) -> str:
    return f' aria-describedby="{escaped(view.describedby)}"' if view.describedby else ""


def _choices(view: FieldView, wrapper_class: Any, prefix: str, input_type: str) -> str:
    """layout/_choices.html, as radios.html and checkboxes.html include it."""
    modifiers = (f" nhsuk-{prefix}--inline" if view.inline else "") + (
        f" nhsuk-{prefix}--small" if view.small else ""
    )
    parts = [
        f'\n<div class="{_wrapper(view, wrapper_class)}">\n'
        f'<fieldset class="nhsuk-fieldset"{_described(view)}>\n'
        f"{_legend(view)}\n{_hint_and_errors(view)}\n"
        f'<div class="nhsuk-{prefix}{modifiers}" data-module="nhsuk-{prefix}">\n'
    ]
    for choice in view.choices:
        choice_id = escaped(choice.id)
        if choice.divider:
            parts.append(f'<div class="nhsuk-{prefix}__divider">{escaped(choice.divider)}</div>\n')
        flags = (
            (" checked" if choice.checked else "")
            + (" disabled" if choice.disabled else "")
            + (f' aria-describedby="{escaped(choice.hint_id)}"' if choice.hint else "")
            + (
                f' data-aria-controls="{escaped(choice.conditional_id)}"'
                if choice.conditional
                else ""
            )
            + (' data-behaviour="exclusive"' if choice.exclusive else "")
        )
        parts.append(
            f'<div class="nhsuk-{prefix}__item">\n'
            f'<input class="nhsuk-{prefix}__input" id="{choice_id}" name="{escaped(choice.name)}"'
            f' type="{input_type}" value="{escaped(choice.value)}"{flags}>\n'
            f'<label class="nhsuk-label nhsuk-{prefix}__label" for="{choice_id}">'
            f"{escaped(choice.label)}</label>\n"
        )
        if choice.hint:
            parts.append(
                f'<div class="nhsuk-hint nhsuk-{prefix}__hint" id="{escaped(choice.hint_id)}">'
                f"{escaped(choice.hint)}</div>\n"
            )
        parts.append("</div>\n")
        if choice.conditional:
            hidden = "" if choice.checked else f" nhsuk-{prefix}__conditional--hidden"
            parts.append(
                f'<div class="nhsuk-{prefix}__conditional{hidden}"'
                f' id="{escaped(choice.conditional_id)}">\n{escaped(choice.conditional)}\n</div>\n'
            )
    parts.append("</div>\n</fieldset>\n</div>\n")
    return "".join(parts)


def _checkbox(view: FieldView, wrapper_class: Any) -> str:
    """layout/checkbox.html: a single checkbox, its label beside the box."""
    small = " nhsuk-checkboxes--small" if view.small else ""
    hint = (
        f'<div class="nhsuk-hint nhsuk-checkboxes__hint" id="{escaped(view.hint_id)}">'
        f"{escaped(view.hint)}</div>\n"
        if view.hint
        else ""
    )
    return (
        f'\n<div class="{_wrapper(view, wrapper_class)}">\n'
        f"{_field_errors(view)}\n"
        f'<div class="nhsuk-checkboxes{small}" data-module="nhsuk-checkboxes">\n'
        f'<div class="nhsuk-checkboxes__item">\n'
        f"{escaped(view.widget)}\n"
        f'<label class="nhsuk-label nhsuk-checkboxes__label" for="{escaped(view.id)}">'
        f"{escaped(view.label)}</label>\n"
        f"{hint}</div>\n</div>\n</div>\n"
    )


def _date(view: FieldView, wrapper_class: Any) -> str:
    """layout/date_input.html: day, month and year in a fieldset (role="group")."""
    group_error = " nhsuk-form-group--error" if view.errors else ""
    input_error = " nhsuk-input--error" if view.errors else ""
    parts = [
        f'\n<div class="{_wrapper(view, wrapper_class)}">\n'
        f'<fieldset class="nhsuk-fieldset" role="group"{_described(view)}>\n'
        f"{_legend(view)}\n{_hint_and_errors(view)}\n"
        f'<div class="nhsuk-date-input" id="{escaped(view.id)}">\n'
    ]
    for part in view.date_parts:
        part_id = escaped(part.id)
        value = (
            f' value="{escaped(part.value)}"' if part.value is not None and part.value != "" else ""
        )
        parts.append(
            f'<div class="nhsuk-date-input__item">\n'
            f'<div class="nhsuk-form-group{group_error}">\n'
            f'<label class="nhsuk-label nhsuk-date-input__label" for="{part_id}">'
            f"{escaped(part.label)}</label>\n"
            f'<input class="nhsuk-input nhsuk-date-input__input'
            f' nhsuk-input--width-{escaped(part.width)}{input_error}" id="{part_id}"'
            f' name="{escaped(part.name)}" type="text" inputmode="numeric"{value}>\n'
            f"</div>\n</div>\n"
        )
    parts.append("</div>\n</fieldset>\n</div>\n")
    return "".join(parts)


def _wrapped(view: FieldView, *, toggle: str = "") -> str:
    prefix = suffix = ""
    if view.prefix:
        prefix = (
            '<div class="nhsuk-input-wrapper__prefix" aria-hidden="true">'
            f"{escaped(view.prefix)}</div>\n"
        )
    if view.suffix:
        suffix = (
            '<div class="nhsuk-input-wrapper__suffix" aria-hidden="true">'
            f"{escaped(view.suffix)}</div>\n"
        )
    return (
        f'<div class="nhsuk-input-wrapper">\n{prefix}{escaped(view.widget)}\n{suffix}{toggle}</div>'
    )


def _input(view: FieldView, wrapper_class: Any) -> str:
    """layout/input.html: text inputs, passwords, textareas (with a character count),
    selects and file uploads."""
    module = ""
    if view.max_characters:
        module = (
            ' data-module="nhsuk-character-count"'
            f' data-maxlength="{escaped(_digits(view.max_characters))}"'
        )
        if view.threshold:
            module += f' data-threshold="{escaped(_digits(view.threshold))}"'
    elif view.kind == "password":
        module = ' data-module="nhsuk-password-input"'
    elif view.kind == "file":
        module = ' data-module="nhsuk-file-upload"'
    if view.kind == "password":
        disabled = ' disabled aria-disabled="true"' if view.disabled else ""
        widget = _wrapped(
            view,
            toggle=(
                '<button class="nhsuk-button nhsuk-button--secondary nhsuk-button--small'
                ' nhsuk-password-input__toggle nhsuk-js-password-input-toggle"'
                ' data-module="nhsuk-button" type="button" aria-label="Show password"'
                f' aria-controls="{escaped(view.id)}"{disabled} hidden>Show</button>\n'
            ),
        )
    elif view.prefix or view.suffix:
        widget = _wrapped(view)
    else:
        widget = escaped(view.widget)
    count = (
        f'<div class="nhsuk-hint nhsuk-character-count__message" id="{escaped(view.info_id)}">'
        f"You can enter up to {escaped(view.max_characters)} characters</div>"
        if view.max_characters
        else ""
    )
    return (
        f'\n<div class="{_wrapper(view, wrapper_class)}"{module}>\n'
        f"{_label(view)}\n{_hint_and_errors(view)}\n{widget}\n{count}\n</div>\n"
    )


def field_html(view: FieldView, wrapper_class: Any = None) -> SafeString:
    """The field's markup, as ``nhsuk/field.html`` renders it. ``wrapper_class`` is the
    layout's extra class for the field's form group."""
    if view.kind == "hidden":
        html = escaped(view.widget)
    elif view.kind == "radios":
        html = _choices(view, wrapper_class, "radios", "radio") + "\n"
    elif view.kind == "checkboxes":
        html = _choices(view, wrapper_class, "checkboxes", "checkbox") + "\n"
    elif view.kind == "checkbox":
        html = _checkbox(view, wrapper_class)
    elif view.kind == "date":
        html = _date(view, wrapper_class)
    else:
        html = _input(view, wrapper_class)
    return SafeString(html + "\n")
