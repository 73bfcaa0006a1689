"""The ``nhsuk`` template pack for django-crispy-forms: layout objects and field views.

The pack's templates live in ``templates/nhsuk/`` in the shape of crispy-forms-gds; this
module holds the Python half:

* layout objects a form's ``FormHelper.layout`` can use — ``Field`` (with the class
  methods ``text``, ``textarea``, ``select``, ``radios``, ``checkboxes``, ``checkbox``,
  ``date``), ``ConditionalRadios`` and ``ConditionalCheckboxes`` with ``Reveal``,
  ``Fieldset``, ``Button`` (``Button.primary``/``secondary``/``warning``), ``Submit``,
  ``ButtonGroup``, ``Div``, plus crispy's own ``HTML``, ``Hidden`` and ``Layout``;
* ``field_view()``, which turns a bound field into everything its template needs (ids,
  hint, errors, ``aria-describedby``, the widget's HTML with NHS.UK classes, the radio or
  checkbox items), so the templates stay dumb;
* ``error_summary_items()``, the list behind ``{% nhsuk_error_summary form %}``;
* ``DateInputField``/``DateInputWidget``, a day-month-year date in the NHS.UK pattern.

Ids follow NHS.UK frontend: a field's hint is ``<id>-hint``, its error message
``<id>-error``, a character count's message ``<id>-info``, and a revealed panel
``<input id>-conditional``. Every label, hint, choice and error is escaped unless the
code that made it marked it safe.
"""

from __future__ import annotations

import copy
import datetime
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from typing import Any

from crispy_forms import layout as crispy_layout
from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Hidden, Layout
from crispy_forms.utils import TEMPLATE_PACK, flatatt, render_field
from django import forms
from django.forms.boundfield import BoundField
from django.forms.formsets import BaseFormSet
from django.template.loader import render_to_string
from django.utils.safestring import SafeString
from django.utils.text import slugify

__all__ = [
    "HTML",
    "Button",
    "ButtonGroup",
    "ConditionalCheckboxes",
    "ConditionalRadios",
    "DateInputField",
    "DateInputWidget",
    "Div",
    "Field",
    "Fieldset",
    "Hidden",
    "Layout",
    "Reveal",
    "Submit",
    "error_summary_items",
    "field_anchor_id",
    "field_view",
    "has_errors",
    "nhsuk_helper",
]

# The options a layout object passes to ``field.html`` travel under this one context key,
# so a page's own context variables cannot be mistaken for them.
OPTIONS_KEY = "nhsuk_options"

SIZES = ("s", "m", "l", "xl")
FIXED_WIDTHS = (2, 3, 4, 5, 10, 20, 30)
FLUID_WIDTHS = ("full", "three-quarters", "two-thirds", "one-half", "one-third", "one-quarter")


def _size(size: str | None) -> str | None:
    if size is None:
        return None
    if size not in SIZES:
        raise ValueError(f"size must be one of {SIZES}, not {size!r}")
    return size


def _width_class(width: int | str | None) -> str | None:
    """``10`` -> ``nhsuk-input--width-10``; ``"two-thirds"`` -> ``nhsuk-u-width-two-thirds``."""
    if width is None:
        return None
    if isinstance(width, int):
        if width not in FIXED_WIDTHS:
            raise ValueError(f"a fixed width must be one of {FIXED_WIDTHS}, not {width!r}")
        return f"nhsuk-input--width-{width}"
    if width not in FLUID_WIDTHS:
        raise ValueError(f"a fluid width must be one of {FLUID_WIDTHS}, not {width!r}")
    return f"nhsuk-u-width-{width}"


def _without_none(**options: Any) -> dict[str, Any]:
    return {key: value for key, value in options.items() if value not in (None, False, {}, ())}


# --------------------------------------------------------------------------------------
# Layout objects
# --------------------------------------------------------------------------------------


class Field(crispy_layout.Field):
    """A field with NHS.UK options. Prefer the class methods, which name the options.

    ``Field("name", css_class=..., autocomplete="email")`` still works as in crispy; extra
    keyword arguments become attributes of the ``<input>``.
    """

    def __init__(self, *fields: Any, options: Mapping[str, Any] | None = None, **kwargs: Any):
        super().__init__(*fields, **kwargs)
        self.options: dict[str, Any] = dict(options or {})

    def render(self, form, context, template_pack=TEMPLATE_PACK, extra_context=None, **kwargs):
        extra_context = dict(extra_context or {})
        extra_context[OPTIONS_KEY] = self.options
        return super().render(
            form, context, template_pack=template_pack, extra_context=extra_context, **kwargs
        )

    @classmethod
    def text(
        cls,
        name: str,
        *,
        label_size: str | None = None,
        is_page_heading: bool = False,
        width: int | str | None = None,
        **attrs: Any,
    ) -> Field:
        """A text input. ``width`` is 2, 3, 4, 5, 10, 20 or 30 characters, or a fraction
        such as ``"two-thirds"``."""
        options = _without_none(label_size=_size(label_size), is_page_heading=is_page_heading)
        css_class = _classes(_width_class(width), attrs.pop("css_class", None)) or None
        return cls(name, css_class=css_class, options=options, **attrs)

    @classmethod
    def textarea(
        cls,
        name: str,
        *,
        label_size: str | None = None,
        is_page_heading: bool = False,
        rows: int | None = None,
        max_characters: int | None = None,
        threshold: int | None = None,
        **attrs: Any,
    ) -> Field:
        """A textarea. A field with ``max_length`` gets a character count on its own;
        ``max_characters`` sets or overrides the count, ``threshold`` (a percentage) hides
        it until the text is that close to the limit."""
        if rows is not None:
            attrs["rows"] = rows
        options = _without_none(
            label_size=_size(label_size),
            is_page_heading=is_page_heading,
            max_characters=max_characters,
            threshold=threshold,
        )
        return cls(name, options=options, **attrs)

    @classmethod
    def select(
        cls, name: str, *, label_size: str | None = None, is_page_heading: bool = False, **attrs
    ) -> Field:
        options = _without_none(label_size=_size(label_size), is_page_heading=is_page_heading)
        return cls(name, options=options, **attrs)

    @classmethod
    def radios(
        cls,
        name: str,
        *,
        legend_size: str | None = None,
        is_page_heading: bool = False,
        inline: bool = False,
        small: bool = False,
        hints: Mapping[Any, str] | None = None,
        dividers: Mapping[Any, str] | None = None,
        **attrs: Any,
    ) -> Field:
        """Radios in a fieldset whose legend is the field's label.

        ``hints`` maps a choice's value to a hint under it; ``dividers`` maps a value to
        the text of a divider (usually "or") shown before it."""
        options = _without_none(
            legend_size=_size(legend_size),
            is_page_heading=is_page_heading,
            inline=inline,
            small=small,
            hints=_string_keys(hints),
            dividers=_string_keys(dividers),
        )
        return cls(name, options=options, **attrs)

    @classmethod
    def checkboxes(
        cls,
        name: str,
        *,
        legend_size: str | None = None,
        is_page_heading: bool = False,
        small: bool = False,
        hints: Mapping[Any, str] | None = None,
        exclusive: Any = None,
        **attrs: Any,
    ) -> Field:
        """Checkboxes in a fieldset. ``exclusive`` names the value of a "None of these"
        choice: it gets an "or" divider and unticks the others (NHS.UK JavaScript)."""
        options = _without_none(
            legend_size=_size(legend_size),
            is_page_heading=is_page_heading,
            small=small,
            hints=_string_keys(hints),
            exclusive=None if exclusive is None else str(exclusive),
        )
        return cls(name, options=options, **attrs)

    @classmethod
    def checkbox(cls, name: str, *, small: bool = False, **attrs: Any) -> Field:
        """A single checkbox (a ``BooleanField``); its label sits beside the box."""
        return cls(name, options=_without_none(small=small), **attrs)

    @classmethod
    def date(
        cls, name: str, *, legend_size: str | None = None, is_page_heading: bool = False
    ) -> Field:
        """A ``DateInputField``: day, month and year boxes in a fieldset."""
        options = _without_none(legend_size=_size(legend_size), is_page_heading=is_page_heading)
        return cls(name, options=options)


def _string_keys(mapping: Mapping[Any, str] | None) -> dict[str, str] | None:
    if not mapping:
        return None
    return {str(key): value for key, value in mapping.items()}


class Reveal(crispy_layout.LayoutObject):
    """The fields shown under one choice of a ``ConditionalRadios``/``ConditionalCheckboxes``
    when it is picked: ``Reveal("other", "other_detail")``. ``value`` is the choice's value
    (not its label)."""

    def __init__(self, value: Any, *fields: Any):
        self.value = str(value)
        self.fields = list(fields)

    def render(self, form, context, template_pack=TEMPLATE_PACK, **kwargs):
        return self.get_rendered_fields(form, context, template_pack)


class _Conditional(Field):
    kind = ""

    def __init__(self, name: str, *reveals: Reveal, **kwargs: Any):
        for reveal in reveals:
            if not isinstance(reveal, Reveal):
                raise TypeError(f"{type(self).__name__} takes Reveal objects, not {reveal!r}")
        if kwargs.get("inline"):
            raise ValueError("NHS.UK does not reveal content under inline radios")
        builder = getattr(Field, self.kind)
        made = builder(name, **kwargs)
        super().__init__(name, options=made.options)
        self.attrs = made.attrs
        # Reveals sit in ``fields`` so crispy's get_field_names() sees the fields they hold.
        self.fields.extend(reveals)

    def render(self, form, context, template_pack=TEMPLATE_PACK, extra_context=None, **kwargs):
        name, reveals = self.fields[0], self.fields[1:]
        values = {str(value) for value, _label in _flat_choices(form[name].field.choices)}
        conditional: dict[str, SafeString] = {}
        for reveal in reveals:
            if reveal.value not in values:
                raise ValueError(
                    f"Reveal({reveal.value!r}) is not a choice of {name!r}: {sorted(values)}"
                )
            conditional[reveal.value] = reveal.render(form, context, template_pack=template_pack)
        options = {**self.options, "conditional": conditional}
        extra_context = dict(extra_context or {})
        extra_context[OPTIONS_KEY] = options
        return render_field(
            name,
            form,
            context,
            template=self.get_template_name(template_pack),
            attrs=self.attrs,
            template_pack=template_pack,
            extra_context=extra_context,
        )


class ConditionalRadios(_Conditional):
    """Radios that reveal more fields under a choice when it is picked::

        ConditionalRadios(
            "contact",
            Reveal("email", "email_address"),
            Reveal("phone", Field.text("phone_number", width=20)),
            legend_size="m",
        )

    Takes the keyword arguments of ``Field.radios`` except ``inline`` (NHS.UK does not
    reveal content under inline radios)."""

    kind = "radios"


class ConditionalCheckboxes(_Conditional):
    """Checkboxes that reveal more fields under a choice when it is ticked; see
    ``ConditionalRadios``. Takes the keyword arguments of ``Field.checkboxes``."""

    kind = "checkboxes"


def _flat_choices(choices: Iterable) -> Iterable[tuple[Any, Any]]:
    for value, label in choices:
        if isinstance(label, list | tuple):
            yield from _flat_choices(label)
        else:
            yield value, label


class Fieldset(crispy_layout.LayoutObject):
    """Fields grouped under a legend: ``Fieldset("What is your address?", "line_1", ...,
    size="l", is_page_heading=True, hint="...")``.

    Unlike crispy's ``Fieldset`` the legend is plain text (escaped), not a template."""

    template = "%s/layout/fieldset.html"

    def __init__(
        self,
        legend: str,
        *fields: Any,
        size: str | None = None,
        is_page_heading: bool = False,
        hint: str | None = None,
        css_id: str | None = None,
        css_class: str | None = None,
        template: str | None = None,
        **kwargs: Any,
    ):
        self.legend = legend
        self.fields = list(fields)
        self.size = _size(size)
        self.is_page_heading = is_page_heading
        self.hint = hint
        self.css_id = css_id
        self.css_class = css_class
        self.template = template or self.template
        self.flat_attrs = flatatt(kwargs)

    def render(self, form, context, template_pack=TEMPLATE_PACK, **kwargs):
        fields = self.get_rendered_fields(form, context, template_pack, **kwargs)
        hint_id = None
        if self.hint:
            hint_id = f"{self.css_id or 'fieldset-' + slugify(self.legend)}-hint"
        return render_to_string(
            self.get_template_name(template_pack),
            {"fieldset": self, "fields": fields, "hint_id": hint_id},
        )


class Div(crispy_layout.Div):
    """A plain ``<div>``, for spacing: ``Div("a", "b", css_class="nhsuk-u-margin-bottom-5")``."""


class ButtonGroup(crispy_layout.Div):
    """Buttons side by side (``nhsuk-button-group``)."""

    css_class = "nhsuk-button-group"


class Button(crispy_layout.BaseInput):
    """An NHS.UK button: ``Button.primary("submit", "Save and continue")``,
    ``Button.secondary("action", "Save and come back later")``.

    ``name``/``value`` are submitted with the form, as crispy's ``Submit`` does, and
    ``value`` is the button's text."""

    input_type = "submit"
    variant = ""
    # Tells nhsuk/layout/baseinput.html to keep this object's css_class; crispy's own
    # Submit carries Bootstrap classes, which the template drops.
    nhsuk = True

    def __init__(
        self,
        name: str,
        value: str,
        *,
        variant: str = "",
        prevent_double_click: bool = True,
        **kwargs: Any,
    ):
        self.variant = variant
        self.prevent_double_click = prevent_double_click
        super().__init__(name, value, **kwargs)

    @classmethod
    def primary(cls, name: str, value: str, **kwargs: Any) -> Button:
        return cls(name, value, **kwargs)

    @classmethod
    def secondary(cls, name: str, value: str, **kwargs: Any) -> Button:
        return cls(name, value, variant="secondary", **kwargs)

    @classmethod
    def warning(cls, name: str, value: str, **kwargs: Any) -> Button:
        return cls(name, value, variant="warning", **kwargs)


class Submit(Button):
    """crispy's ``Submit`` for this pack: a primary NHS.UK button."""


def nhsuk_helper(*layout: Any) -> FormHelper:
    """A ``FormHelper`` laying out the form with this pack, hidden fields included."""
    helper = FormHelper()
    helper.layout = Layout(*layout)
    helper.render_hidden_fields = True
    return helper


# --------------------------------------------------------------------------------------
# A day-month-year date (NHS.UK date input)
# --------------------------------------------------------------------------------------


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


# --------------------------------------------------------------------------------------
# Field views: everything field.html needs, worked out here rather than in templates
# --------------------------------------------------------------------------------------


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
    return bound_field.as_widget(widget=widget, attrs=attrs)


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
    )
    if kind == "hidden":
        view.widget = SafeString(str(bound_field))
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


# --------------------------------------------------------------------------------------
# Errors across forms and formsets
# --------------------------------------------------------------------------------------


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
