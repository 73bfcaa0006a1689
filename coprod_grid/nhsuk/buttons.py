"""NHS.UK buttons for the ``nhsuk`` crispy-forms pack.

``Button`` (``Button.primary``/``secondary``/``warning``), ``Submit`` and ``ButtonGroup``
for a form's ``FormHelper.layout``; ``templates/nhsuk/layout/baseinput.html`` renders them.
"""

from __future__ import annotations

from typing import Any

from crispy_forms import layout as crispy_layout

__all__ = ["Button", "ButtonGroup", "Submit"]


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
