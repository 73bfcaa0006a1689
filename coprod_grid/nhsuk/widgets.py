"""Django's own text-like widget templates, written out in Python for the pack's fields.

Every text box, textarea and single checkbox of every form is rendered here rather than
through the form renderer's templates (``django/forms/widgets/input.html``, ``attrs.html``
and the ``textarea.html`` beside them), which cost more than the rest of a field. Only
when the renderer is Django's default one and those templates are Django's own files: a
project that overrides one of them, or a widget with a template or ``render`` of its own,
is rendered by Django as before. The output is what the templates give, stripped as the
renderer strips it, escaped as ``{{ }}`` escapes.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import django.forms
from django.utils.html import conditional_escape
from django.utils.safestring import SafeData, SafeString

__all__ = ["is_stock_template", "render_stock_widget"]

WIDGETS = "django/forms/widgets/"
INPUT = WIDGETS + "input.html"
ATTRS = WIDGETS + "attrs.html"
TEXTAREA = WIDGETS + "textarea.html"
# The widget templates that are only ``{% include "django/forms/widgets/input.html" %}``.
INPUT_ALIASES = frozenset(
    WIDGETS + name
    for name in (
        "text.html", "email.html", "password.html", "number.html", "url.html", "tel.html",
        "search.html", "hidden.html", "checkbox.html",
    )
)  # fmt: skip
DJANGO_TEMPLATES = Path(django.forms.__file__).resolve().parent / "templates"

_stock: dict[str, bool] = {}


def _is_djangos(renderer: Any, template_name: str) -> bool:
    origin = renderer.get_template(template_name).template.origin
    return Path(origin.name).resolve().is_relative_to(DJANGO_TEMPLATES)


def is_stock_template(renderer: Any, template_name: str) -> bool:
    """Whether ``template_name``, and every template it includes, is Django's own file as
    the (default ``DjangoTemplates``) renderer finds it. Worked out once per name."""
    if template_name not in _stock:
        if template_name in INPUT_ALIASES:
            needed = (template_name, INPUT, ATTRS)
        elif template_name == TEXTAREA:
            needed = (TEXTAREA, ATTRS)
        else:
            needed = ()
        _stock[template_name] = bool(needed) and all(_is_djangos(renderer, name) for name in needed)
    return _stock[template_name]


def _text(value: Any) -> str:
    if type(value) is str:
        return html.escape(value)  # as escape() does; the widget is marked safe as a whole
    if not isinstance(value, str):
        value = str(value)
    return conditional_escape(value)


def _as_s(value: Any) -> str:
    """``{{ value|stringformat:'s' }}``: the filter is ``is_safe``, so a safe value stays
    as it is and any other is escaped."""
    formatted = "%s" % (str(value) if isinstance(value, tuple) else value)
    return formatted if isinstance(value, SafeData) else html.escape(formatted)


def _attrs(attrs: Mapping[str, Any]) -> str:
    """django/forms/widgets/attrs.html"""
    parts = []
    for name, value in attrs.items():
        if value is False:
            continue
        if value is True:
            parts.append(f" {_text(name)}")
        else:
            parts.append(f' {_text(name)}="{_as_s(value)}"')
    return "".join(parts)


def _input(widget: Mapping[str, Any]) -> str:
    """django/forms/widgets/input.html"""
    value = widget["value"]
    shown = f' value="{_as_s(value)}"' if value is not None else ""
    return (
        f'<input type="{_text(widget["type"])}" name="{_text(widget["name"])}"'
        f"{shown}{_attrs(widget['attrs'])}>"
    )


def _textarea(widget: Mapping[str, Any]) -> str:
    """django/forms/widgets/textarea.html"""
    value = _text(widget["value"]) if widget["value"] else ""
    return f'<textarea name="{_text(widget["name"])}"{_attrs(widget["attrs"])}>\n{value}</textarea>'


def _writer(template_name: str) -> Callable[[Mapping[str, Any]], str]:
    return _textarea if template_name == TEXTAREA else _input


def render_stock_widget(template_name: str, widget: Mapping[str, Any]) -> SafeString:
    """The widget (``get_context()["widget"]``) as its stock template renders it."""
    return SafeString(_writer(template_name)(widget))
