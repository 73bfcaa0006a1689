"""The ``nhsuk`` template pack for django-crispy-forms: layout objects.

The pack's templates live in ``templates/nhsuk/`` in the shape of crispy-forms-gds; this
module and its neighbours hold the Python half, fields' markup included (``markup``).
Here are the layout objects a form's ``FormHelper.layout`` can use — ``Field`` (with the
class methods ``text``, ``textarea``, ``select``, ``radios``, ``checkboxes``, ``checkbox``,
``date``), ``ConditionalRadios`` and ``ConditionalCheckboxes`` with ``Reveal``,
``Fieldset``, ``Div``, plus crispy's own ``HTML``, ``Hidden`` and ``Layout`` — and
``nhsuk_helper()``. The buttons are in
``buttons``, the field views behind the markup in ``field_view``, the error summary in
``errors`` and the day-month-year date in ``dates``.

Every label, hint, choice and error is escaped unless the code that made it marked it safe.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from typing import Any

from crispy_forms import layout as crispy_layout
from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Hidden, Layout
from crispy_forms.utils import TEMPLATE_PACK, flatatt, render_field
from django.conf import settings
from django.template.loader import render_to_string
from django.utils.safestring import SafeString
from django.utils.text import slugify

from .field_view import _classes, field_view
from .markup import escaped, field_html

__all__ = [
    "HTML",
    "OPTIONS_KEY",
    "ConditionalCheckboxes",
    "ConditionalRadios",
    "Div",
    "Field",
    "Fieldset",
    "Hidden",
    "Layout",
    "Reveal",
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


# The pack's templates of a field, a div and a fieldset: a layout object left with its
# own renders without it (Field.render_one, Div.render, Fieldset.render).
FIELD_TEMPLATE = "nhsuk/field.html"
DIV_TEMPLATE = "nhsuk/layout/div.html"
FIELDSET_TEMPLATE = "nhsuk/layout/fieldset.html"


def _apply_attrs(field: Any, attrs: Mapping[str, Any]) -> None:
    """A layout object's attributes onto the field's widget (or each of a MultiWidget's),
    exactly as crispy's ``render_field`` puts them there; ``type="hidden"`` swaps in the
    field's hidden widget."""
    multi = hasattr(field.widget, "widgets")
    widgets = field.widget.widgets if multi else [field.widget]
    for index, _widget in enumerate(widgets):
        if attrs.get("type") == "hidden":
            if multi:
                field.widget.widgets[index] = field.hidden_widget(attrs)
            else:
                field.widget = field.hidden_widget(attrs)
        elif multi:
            field.widget.widgets[index].attrs.update(attrs)
        else:
            field.widget.attrs.update(attrs)


def _mark_rendered(form: Any, name: str) -> None:
    """crispy's bookkeeping, which its rendering of hidden and unmentioned fields reads."""
    if not hasattr(form, "rendered_fields"):
        return
    if name not in form.rendered_fields:
        form.rendered_fields.add(name)
        return
    if not getattr(settings, "CRISPY_FAIL_SILENTLY", True):
        raise Exception(f"A field should only be rendered once: {name}")
    logging.warning("A field should only be rendered once: %s", name)


def _without_none(**options: Any) -> dict[str, Any]:
    return {key: value for key, value in options.items() if value not in (None, False, {}, ())}


class Field(crispy_layout.Field):
    """A field with NHS.UK options. Prefer the class methods, which name the options.

    ``Field("name", css_class=..., autocomplete="email")`` still works as in crispy; extra
    keyword arguments become attributes of the ``<input>``.
    """

    def __init__(self, *fields: Any, options: Mapping[str, Any] | None = None, **kwargs: Any):
        super().__init__(*fields, **kwargs)
        self.options: dict[str, Any] = dict(options or {})

    def render(self, form, context, template_pack=TEMPLATE_PACK, extra_context=None, **kwargs):
        return SafeString(
            "".join(
                self.render_one(name, form, context, template_pack, self.options, extra_context)
                for name in self.fields
            )
        )

    def render_one(self, name, form, context, template_pack, options, extra_context=None):
        """One of this object's fields, as crispy's ``render_field`` with the pack's
        ``field.html`` would render it, without its template: the widget gets this
        object's attributes and the form records the field as rendered, as crispy does,
        and the markup comes from ``field_view`` and ``markup`` directly. A field
        template of the caller's own, or a name the form lacks, goes through crispy."""
        extra_context = dict(extra_context or {})
        if self.wrapper_class:
            extra_context["wrapper_class"] = self.wrapper_class
        template = self.get_template_name(template_pack)
        if template != FIELD_TEMPLATE or not isinstance(name, str) or name not in form.fields:
            extra_context[OPTIONS_KEY] = options
            return render_field(
                name,
                form,
                context,
                template=template,
                attrs=self.attrs,
                template_pack=template_pack,
                extra_context=extra_context,
            )
        bound_field = form[name]
        _apply_attrs(bound_field.field, self.attrs)
        _mark_rendered(form, name)
        if "wrapper_class" in extra_context:
            wrapper_class = extra_context["wrapper_class"]
        else:
            wrapper_class = context.get("wrapper_class")
        view = field_view(
            bound_field,
            options,
            show_errors=context.get("form_show_errors", True) is not False,
            show_label=context.get("form_show_labels", True) is not False,
        )
        return field_html(view, wrapper_class)

    @classmethod
    def text(
        cls,
        name: str,
        *,
        label_size: str | None = None,
        is_page_heading: bool = False,
        width: int | str | None = None,
        prefix: str | None = None,
        suffix: str | None = None,
        **attrs: Any,
    ) -> Field:
        """A text input. ``width`` is 2, 3, 4, 5, 10, 20 or 30 characters, or a fraction
        such as ``"two-thirds"``. ``prefix`` and ``suffix`` are short text either side of
        the box (``"£"``, ``"kg"``)."""
        options = _without_none(
            label_size=_size(label_size),
            is_page_heading=is_page_heading,
            prefix=prefix,
            suffix=suffix,
        )
        own_class = attrs.pop("css_class", None)
        if own_class and "nhsuk-input--width-" in own_class:
            width = None  # a width class of the caller's own wins, as in NHS.UK's macro
        css_class = _classes(_width_class(width), own_class) or None
        return cls(name, css_class=css_class, options=options, **attrs)

    @classmethod
    def password(
        cls,
        name: str,
        *,
        label_size: str | None = None,
        is_page_heading: bool = False,
        width: int | str | None = None,
        prefix: str | None = None,
        suffix: str | None = None,
        **attrs: Any,
    ) -> Field:
        """A password input (a ``PasswordInput`` widget) with NHS.UK's show/hide button."""
        return cls.text(
            name,
            label_size=label_size,
            is_page_heading=is_page_heading,
            width=width,
            prefix=prefix,
            suffix=suffix,
            **attrs,
        )

    @classmethod
    def file(
        cls, name: str, *, label_size: str | None = None, is_page_heading: bool = False, **attrs
    ) -> Field:
        """A file upload (a ``FileField``)."""
        options = _without_none(label_size=_size(label_size), is_page_heading=is_page_heading)
        return cls(name, options=options, **attrs)

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
        return self.render_one(name, form, context, template_pack, options, extra_context)


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
        hint_id = self.hint_id()
        template = self.get_template_name(template_pack)
        if template == FIELDSET_TEMPLATE:
            return self.markup(fields, hint_id)
        return render_to_string(template, {"fieldset": self, "fields": fields, "hint_id": hint_id})

    def hint_id(self) -> str | None:
        if not self.hint:
            return None
        return f"{self.css_id or 'fieldset-' + slugify(self.legend)}-hint"

    def legend_html(self) -> str:
        """What the ``<legend>`` holds: the legend, escaped, as the page's heading if it is."""
        if self.is_page_heading:
            return f'<h1 class="nhsuk-fieldset__heading">{escaped(self.legend)}</h1>'
        return escaped(self.legend)

    def markup(self, fields: str, hint_id: str | None, *, after: str = "") -> SafeString:
        """``layout/fieldset.html`` written out; ``after`` follows the fields (a
        subclass's own content, ending in a newline)."""
        css_class = f" {escaped(self.css_class)}" if self.css_class else ""
        css_id = f' id="{escaped(self.css_id)}"' if self.css_id else ""
        described = f' aria-describedby="{escaped(hint_id)}"' if hint_id else ""
        size = f" nhsuk-fieldset__legend--{escaped(self.size)}" if self.size else ""
        hint = (
            f'<div class="nhsuk-hint" id="{escaped(hint_id)}">{escaped(self.hint)}</div>\n'
            if self.hint
            else ""
        )
        return SafeString(
            f'<fieldset class="nhsuk-fieldset{css_class}"{css_id}{described}'
            f"{escaped(self.flat_attrs)}>\n"
            f'<legend class="nhsuk-fieldset__legend{size}">{self.legend_html()}</legend>\n'
            f"{hint}{escaped(fields)}\n{after}</fieldset>\n"
        )


class Div(crispy_layout.Div):
    """A plain ``<div>``, for spacing: ``Div("a", "b", css_class="nhsuk-u-margin-bottom-5")``.

    With the pack's own template it is written out here, as ``layout/div.html`` would
    render it, rather than through the template."""

    def render(self, form, context, template_pack=TEMPLATE_PACK, **kwargs):
        if self.get_template_name(template_pack) != DIV_TEMPLATE:
            return super().render(form, context, template_pack=template_pack, **kwargs)
        fields = self.get_rendered_fields(form, context, template_pack, **kwargs)
        css_id = f' id="{escaped(self.css_id)}"' if self.css_id else ""
        css_class = f' class="{escaped(self.css_class)}"' if self.css_class else ""
        return SafeString(
            f"<div{css_id}{css_class}{escaped(self.flat_attrs)}>\n{escaped(fields)}\n</div>\n"
        )


def nhsuk_helper(*layout: Any) -> FormHelper:
    """A ``FormHelper`` laying out the form with this pack, hidden fields included."""
    helper = FormHelper()
    helper.layout = Layout(*layout)
    helper.render_hidden_fields = True
    return helper
