"""NHS.UK buttons for the ``nhsuk`` crispy-forms pack.

``Button`` (``Button.primary``/``secondary``/``warning``), ``Submit`` and ``ButtonGroup``
for a form's ``FormHelper.layout``. They are written out here as
``templates/nhsuk/layout/baseinput.html`` renders them; the template renders crispy's own
buttons, and ours when given a template of their own.
"""

from __future__ import annotations

from typing import Any

from crispy_forms import layout as crispy_layout
from crispy_forms.utils import TEMPLATE_PACK
from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from .layout import Div
from .markup import escaped

__all__ = ["Button", "ButtonGroup", "Submit"]


# The pack's button template: a Button left with it renders without it (Button.markup).
BUTTON_TEMPLATE = "nhsuk/layout/baseinput.html"


class ButtonGroup(Div):
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

    def render(self, form, context, template_pack=TEMPLATE_PACK, **kwargs):
        # crispy compiles ``value`` as a template on every render, so that it may hold
        # template code; a plain value renders as itself, marked safe, as crispy leaves it.
        if any(mark in str(self.value) for mark in ("{{", "{%", "{#")):
            return super().render(form, context, template_pack=template_pack, **kwargs)
        self.value = SafeString(str(self.value))
        template = self.get_template_name(template_pack)
        if template == BUTTON_TEMPLATE:
            return self.markup()
        context.update({"input": self})
        return render_to_string(template, context.flatten())

    def markup(self) -> SafeString:
        """``layout/baseinput.html`` written out."""
        value = escaped(self.value)
        if self.input_type == "hidden":
            own_id = f' id="{escaped(self.id)}"' if self.id else ""
            return SafeString(
                f'<input type="hidden" name="{escaped(self.name)}" value="{value}"{own_id}'
                f"{escaped(self.flat_attrs)}>\n"
            )
        variant = f" nhsuk-button--{escaped(self.variant)}" if self.variant else ""
        classes = escaped(self.field_classes) if self.nhsuk else ""
        once = ' data-prevent-double-click="true"' if self.prevent_double_click else ""
        return SafeString(
            f'<button class="nhsuk-button{variant}{classes}" data-module="nhsuk-button"{once}'
            f' type="{escaped(self.input_type)}" name="{escaped(self.name)}" value="{value}"'
            f' id="{escaped(self.id)}"{escaped(self.flat_attrs)}>{value}</button>\n'
        )

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
