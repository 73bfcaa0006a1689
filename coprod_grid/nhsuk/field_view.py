"""Field views for the ``nhsuk`` crispy-forms pack: everything a field's markup needs.

``field_view()`` turns a bound field into everything its markup (``markup.py``) needs
(ids, hint, errors, ``aria-describedby``, the widget's HTML with NHS.UK classes, the
radio or checkbox items), so the markup only writes out what is decided here.
``field_anchor_id()`` is the id of a field's first input, where an error summary link
lands.

Ids follow NHS.UK frontend: a field's hint is ``<id>-hint``, its error message
``<id>-error``, a character count's message ``<id>-info``, and a revealed panel
``<input id>-conditional``. Every label, hint, choice and error is escaped unless the
code that made it marked it safe.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from typing import Any

from django import forms
from django.forms.boundfield import BoundField
from django.forms.renderers import DjangoTemplates
from django.utils.safestring import SafeString

from .dates import DateInputWidget
from .widgets import is_stock_template, render_stock_widget

__all__ = ["Choice", "DatePart", "FieldView", "field_anchor_id", "field_view"]


@dataclass
class Choice:
    id: str
    name: str
    value: str
    label: str
    checked: bool
    disabled: bool = False
    hint: str = ""
    hint_id: str = ""
    divider: str = ""
    exclusive: bool = False
    conditional: str = ""
    conditional_id: str = ""


@dataclass
class DatePart:
    id: str
    name: str
    label: str
    value: Any
    width: int


@dataclass
class FieldView:
    field: BoundField
    kind: str
    id: str
    label: str
    size: str | None
    is_page_heading: bool
    hint: str
    hint_id: str
    errors: list[str]
    error_id: str
    describedby: str
    widget: str = ""
    choices: list[Choice] = dataclass_field(default_factory=list)
    date_parts: list[DatePart] = dataclass_field(default_factory=list)
    inline: bool = False
    small: bool = False
    max_characters: int | None = None
    threshold: int | None = None
    info_id: str = ""
    has_conditional: bool = False
    label_for: str = ""
    prefix: str = ""
    suffix: str = ""

    @property
    def disabled(self) -> bool:
        return bool(self.field.field.disabled)

    @property
    def label_class(self) -> str:
        return "nhsuk-label" + (f" nhsuk-label--{self.size}" if self.size else "")

    @property
    def legend_class(self) -> str:
        return "nhsuk-fieldset__legend" + (
            f" nhsuk-fieldset__legend--{self.size}" if self.size else ""
        )

    @property
    def group_class(self) -> str:
        classes = ["nhsuk-form-group"]
        if self.errors:
            classes.append("nhsuk-form-group--error")
        if self.kind == "textarea" and self.max_characters:
            classes.append("nhsuk-character-count")
        elif self.kind == "password":
            classes.append("nhsuk-password-input")
        elif self.kind == "file":
            classes.append("nhsuk-file-upload")
        return " ".join(classes)


def _kind(widget: forms.Widget) -> str:
    if widget.is_hidden:
        return "hidden"
    if isinstance(widget, forms.CheckboxSelectMultiple):
        return "checkboxes"
    if isinstance(widget, forms.RadioSelect):
        return "radios"
    if isinstance(widget, forms.CheckboxInput):
        return "checkbox"
    if isinstance(widget, forms.Textarea):
        return "textarea"
    if isinstance(widget, forms.Select):
        return "select"
    if isinstance(widget, DateInputWidget):
        return "date"
    if isinstance(widget, forms.MultiWidget):
        return "multi"
    if isinstance(widget, forms.FileInput):
        return "file"
    if isinstance(widget, forms.PasswordInput):
        return "password"
    if isinstance(widget, forms.widgets.Input):
        return "input"
    return "other"


def field_anchor_id(bound_field: BoundField) -> str:
    """The id of the first input of a field: where an error summary link should land."""
    widget = bound_field.field.widget
    base_id = widget.attrs.get("id") or bound_field.auto_id or ""
    kind = _kind(widget)
    if kind in ("radios", "checkboxes"):
        subwidgets = bound_field.subwidgets
        return subwidgets[0].id_for_label if subwidgets else base_id
    if kind in ("date", "multi"):
        return f"{base_id}_0"
    return base_id


def _classes(*names: str | None) -> str:
    seen: list[str] = []
    for name in names:
        for part in (name or "").split():
            if part not in seen:
                seen.append(part)
    return " ".join(seen)


def _render_widget(bound_field: BoundField, widget: forms.Widget, attrs: dict) -> SafeString:
    """``BoundField.as_widget`` without the ``aria-invalid`` Django adds to a field with
    errors: NHS.UK frontend leaves it out (the error message, linked by
    ``aria-describedby``, says what is wrong), and our markup follows its fixtures."""
    if bound_field.field.localize:
        widget.is_localized = True
    attrs = bound_field.build_widget_attrs(attrs, widget)
    attrs.pop("aria-invalid", None)
    if bound_field.auto_id and "id" not in widget.attrs:
        attrs.setdefault("id", bound_field.auto_id)
    renderer = bound_field.form.renderer
    if _is_stock(widget, renderer):
        # Django's own widget template, written out (widgets.render_stock_widget).
        context = widget.get_context(bound_field.html_name, bound_field.value(), attrs)
        return render_stock_widget(widget.template_name, context["widget"])
    return widget.render(
        name=bound_field.html_name,
        value=bound_field.value(),
        attrs=attrs,
        renderer=renderer,
    )


def _is_stock(widget: forms.Widget, renderer: Any) -> bool:
    return (
        type(renderer) is DjangoTemplates
        and type(widget).render is forms.Widget.render
        and type(widget)._render is forms.Widget._render
        and is_stock_template(renderer, widget.template_name)
    )


def field_view(
    bound_field: BoundField,
    options: Mapping[str, Any] | None = None,
    *,
    show_errors: bool = True,
    show_label: bool = True,
) -> FieldView:
    """Work out a field's NHS.UK markup parts. ``options`` come from the layout objects."""
    options = dict(options or {})
    widget = bound_field.field.widget
    kind = _kind(widget)
    field_id = widget.attrs.get("id") or bound_field.auto_id or ""
    errors = [str(error) for error in bound_field.errors] if show_errors else []
    hint = bound_field.help_text or ""
    view = FieldView(
        field=bound_field,
        kind=kind,
        id=field_id,
        label=(bound_field.label or "") if show_label else "",
        size=options.get("legend_size") or options.get("label_size"),
        is_page_heading=bool(options.get("is_page_heading")),
        hint=hint,
        hint_id=f"{field_id}-hint" if hint else "",
        errors=errors,
        error_id=f"{field_id}-error" if errors else "",
        describedby="",
        inline=bool(options.get("inline")),
        small=bool(options.get("small")),
        label_for=field_anchor_id(bound_field),
        prefix=options.get("prefix") or "",
        suffix=options.get("suffix") or "",
    )
    if kind == "hidden":
        # ``str(bound_field)``: Django adds no aria-invalid to a hidden input.
        if bound_field.field.show_hidden_initial:
            view.widget = SafeString(str(bound_field))
        else:
            view.widget = _render_widget(bound_field, widget, {})
        return view

    described = [view.hint_id, view.error_id]
    if kind in ("radios", "checkboxes"):
        view.describedby = " ".join(filter(None, described))
        view.choices = _choices(bound_field, options)
        view.has_conditional = any(choice.conditional for choice in view.choices)
        return view
    if kind == "date":
        view.describedby = " ".join(filter(None, described))
        view.date_parts = _date_parts(bound_field, field_id)
        return view

    # A single widget: copy it so the classes added here never leak into another render.
    widget = copy.deepcopy(widget)
    own_class = widget.attrs.pop("class", None)
    attrs: dict[str, Any] = {}
    if kind == "textarea":
        max_characters = options.get("max_characters") or getattr(
            bound_field.field, "max_length", None
        )
        if max_characters:
            view.max_characters = int(max_characters)
            view.threshold = options.get("threshold")
            view.info_id = f"{field_id}-info"
            described.insert(0, view.info_id)
            # The count tells people the limit; maxlength would cut off pasted text silently.
            widget.attrs.pop("maxlength", None)
        # NHS.UK textareas are 5 rows and sized by CSS; Django's default rows="10" and
        # cols="40" are dropped (rows a layout sets itself are kept).
        widget.attrs.pop("cols", None)
        if widget.attrs.get("rows") == "10":
            widget.attrs["rows"] = "5"
        attrs["class"] = _classes(
            "nhsuk-textarea",
            "nhsuk-textarea--error" if errors else None,
            "nhsuk-js-character-count" if view.max_characters else None,
            own_class,
        )
    elif kind == "select":
        attrs["class"] = _classes(
            "nhsuk-select", "nhsuk-select--error" if errors else None, own_class
        )
    elif kind == "checkbox":
        attrs["class"] = _classes("nhsuk-checkboxes__input", own_class)
    elif kind == "file":
        attrs["class"] = _classes("nhsuk-file-upload__input", own_class)
    elif kind in ("input", "password"):
        if isinstance(widget, forms.NumberInput):
            # NHS.UK and GOV.UK advise against type=number (scroll-wheel changes, odd
            # rounding); a text box with a numeric keyboard does the same job.
            widget.input_type = "text"
            for attr in ("min", "max", "step"):
                widget.attrs.pop(attr, None)
            integer = isinstance(bound_field.field, forms.IntegerField) and not isinstance(
                bound_field.field, forms.FloatField
            )
            attrs["inputmode"] = "numeric" if integer else "decimal"
        if isinstance(widget, forms.EmailInput | forms.PasswordInput):
            attrs["spellcheck"] = "false"
        if kind == "password":
            attrs["autocapitalize"] = "none"
            if "autocomplete" not in widget.attrs:
                attrs["autocomplete"] = "current-password"
        attrs["class"] = _classes(
            "nhsuk-input",
            "nhsuk-input--error" if errors else None,
            "nhsuk-password-input__input nhsuk-js-password-input-input"
            if kind == "password"
            else None,
            own_class,
        )
    elif own_class:
        attrs["class"] = own_class

    view.describedby = " ".join(filter(None, described))
    if view.describedby:
        attrs["aria-describedby"] = view.describedby
    view.widget = _render_widget(bound_field, widget, attrs)
    return view


def _choices(bound_field: BoundField, options: Mapping[str, Any]) -> list[Choice]:
    hints: Mapping[str, str] = options.get("hints") or {}
    dividers: Mapping[str, str] = options.get("dividers") or {}
    conditional: Mapping[str, str] = options.get("conditional") or {}
    exclusive = options.get("exclusive")
    disabled = bound_field.field.disabled
    choices = []
    for subwidget in bound_field.subwidgets:
        data = subwidget.data
        value = "" if data["value"] is None else str(data["value"])
        choice_id = data["attrs"].get("id") or ""
        divider = dividers.get(value, "")
        if exclusive is not None and value == exclusive and not divider:
            divider = "or"
        choices.append(
            Choice(
                id=choice_id,
                name=data["name"],
                value=value,
                label=str(data["label"]),
                checked=bool(data["selected"]),
                disabled=disabled,
                hint=hints.get(value, ""),
                hint_id=f"{choice_id}-item-hint" if hints.get(value) else "",
                divider=divider,
                exclusive=exclusive is not None and value == exclusive,
                conditional=conditional.get(value, ""),
                conditional_id=f"{choice_id}-conditional" if conditional.get(value) else "",
            )
        )
    return choices


def _date_parts(bound_field: BoundField, field_id: str) -> list[DatePart]:
    widget = bound_field.field.widget
    context = widget.get_context(bound_field.html_name, bound_field.value(), {"id": field_id})
    parts = []
    for (label, width), sub in zip(
        DateInputWidget.parts, context["widget"]["subwidgets"], strict=True
    ):
        parts.append(
            DatePart(
                id=sub["attrs"]["id"],
                name=sub["name"],
                label=label,
                value=sub["value"],
                width=width,
            )
        )
    return parts
