"""NHS.UK frontend's own examples, rebuilt as Django forms and rendered with our pack.

The ``nhsuk-frontend`` npm package (a dev dependency in package.json, pinned to the
version we vendor under ``static/vendor/``) ships ``fixtures.json`` for each component:
the Nunjucks macro options of every example and the HTML NHS.UK's templates render for
it. ``build(component, context)`` turns one example's options into a Django form with a
crispy layout of ours and renders it; ``NotApplicable`` says why an example has no Django
form equivalent. ``results()`` runs every form component's examples and is shared by the
test and the tally printed at the end of the run (see ``conftest.py``).
"""

from __future__ import annotations

import contextvars
import json
import os
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from crispy_forms.helper import FormHelper
from django import forms
from django.forms.utils import ErrorDict, ErrorList
from django.template import Context, Template
from django.utils.safestring import mark_safe

from coprod_grid.nhsuk.dates import DateInputField
from coprod_grid.nhsuk.layout import (
    ConditionalCheckboxes,
    ConditionalRadios,
    Field,
    Fieldset,
    Layout,
    Reveal,
)

from .dom import first_element, normalise, parse

ROOT = Path(__file__).resolve().parents[3]
PACKAGE = ROOT / "node_modules" / "nhsuk-frontend"
COMPONENTS_DIR = PACKAGE / "dist" / "nhsuk" / "components"

FORM_COMPONENTS = (
    "input",
    "textarea",
    "select",
    "radios",
    "checkboxes",
    "date-input",
    "character-count",
    "password-input",
    "file-upload",
    "fieldset",
    "legend",
    "label",
    "hint",
    "error-message",
    "error-summary",
)


# The example's own HTML, for the few parts compared without the attributes that tie them
# to a field (see ``_without_links``).
FIXTURE_HTML: contextvars.ContextVar[str] = contextvars.ContextVar("fixture_html")


class NotApplicable(Exception):
    """The example uses an option a Django form and our layout cannot express."""


def fixtures_missing_reason() -> str | None:
    if COMPONENTS_DIR.is_dir():
        return None
    return f"{COMPONENTS_DIR.relative_to(ROOT)} is missing: run `npm ci`"


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() in ("1", "true", "yes")


def package_version() -> str:
    return json.loads((PACKAGE / "package.json").read_text())["version"]


def fixtures(component: str) -> list[tuple[str, dict]]:
    """``(key, fixture)`` pairs; the key is the example's name, numbered when NHS.UK uses
    one name for several examples (``label (2)``)."""
    data = json.loads((COMPONENTS_DIR / component / "fixtures.json").read_text())
    counts = Counter(fixture["name"] for fixture in data["fixtures"])
    seen: Counter = Counter()
    pairs = []
    for fixture in data["fixtures"]:
        name = fixture["name"]
        seen[name] += 1
        key = f"{name} ({seen[name]})" if counts[name] > 1 else name
        pairs.append((key, fixture))
    return pairs


# --- reading macro options --------------------------------------------------------------


class _Options:
    """One example's options; ``done()`` refuses any option nobody read."""

    def __init__(self, context: dict):
        self.context = dict(context)
        self.used: set[str] = set()

    def get(self, key: str, default: Any = None) -> Any:
        self.used.add(key)
        return self.context.get(key, default)

    def ignore(self, *keys: str) -> None:
        self.used.update(keys)

    def done(self) -> None:
        left = sorted(set(self.context) - self.used)
        if left and all(key.endswith(("Text", "AriaLabel")) for key in left):
            raise NotApplicable("texts translated per example: Django translates with gettext")
        if left:
            raise NotApplicable(f"option {', '.join(left)}: no Django form equivalent")


def _text(value: Any, what: str) -> str:
    """A ``{"text"}``/``{"html"}``/string option as Django text (HTML marked safe)."""
    if isinstance(value, str):
        return value
    if isinstance(value, dict):
        extra = set(value) - {"text", "html"}
        if extra:
            raise NotApplicable(f"{what} option {', '.join(sorted(extra))}")
        if "html" in value:
            return mark_safe(value["html"])
        return value.get("text", "")
    raise NotApplicable(f"{what} given as {value!r}")


def _label(value: Any, what: str = "label") -> tuple[str, str | None, bool]:
    """``(text, size, is_page_heading)`` from a label or legend option."""
    if value is None:
        return "", None, False
    if isinstance(value, str):
        return value, None, False
    extra = set(value) - {"text", "heading", "size"}
    if extra:
        raise NotApplicable(f"{what} option {', '.join(sorted(extra))}")
    if isinstance(value.get("heading"), str):
        return value["heading"], value.get("size"), True
    if "heading" in value:
        raise NotApplicable(f"{what} heading given as {value['heading']!r}")
    return value.get("text", ""), value.get("size"), False


def _error(options: _Options) -> str | None:
    error = options.get("errorMessage")
    if error is None:
        return None
    if error is True:
        raise NotApplicable(
            "errorMessage: true (error styling with no message): a Django error has a message"
        )
    return _text(error, "errorMessage")


def _hint(options: _Options) -> str:
    hint = options.get("hint")
    return "" if hint is None else _text(hint, "hint")


@dataclass
class Built:
    form: forms.Form
    html: str


def _render(form: forms.Form, errors: dict[str, str]) -> str:
    if errors:
        # As a bound form that failed validation would have them, without inventing data.
        form._errors = ErrorDict({name: ErrorList([message]) for name, message in errors.items()})
    return Template("{% load crispy_forms_tags %}{% crispy form %}").render(Context({"form": form}))


def _form(fields: dict[str, forms.Field], layout: list, initial: dict | None = None):
    form_class = type("FixtureForm", (forms.Form,), dict(fields))
    form = form_class(initial=initial or {}, auto_id="%s")
    helper = FormHelper()
    helper.form_tag = False
    helper.disable_csrf = True
    helper.layout = Layout(*layout)
    form.helper = helper
    return form


# --- text-like fields -------------------------------------------------------------------

WIDTHS = {2, 3, 4, 5, 10, 20, 30}


def _single(component: str, options: _Options) -> Built:
    name = options.get("name") or "example"
    options.ignore("id")  # ids are renamed in comparison (see dom.py)
    text, size, heading = _label(options.get("label"))
    hint = _hint(options)
    error = _error(options)
    value = options.get("value")
    disabled = bool(options.get("disabled"))
    attrs: dict[str, Any] = {}
    css: list[str] = []
    for key in ("autocomplete", "inputmode"):
        if options.get(key) is not None:
            attrs[key] = options.get(key)
    if options.get("spellcheck") is not None:
        attrs["spellcheck"] = "true" if options.get("spellcheck") else "false"
    if options.get("classes"):
        css.append(options.get("classes"))
    width = options.get("width")
    if options.get("code"):
        css.append("nhsuk-input--code")
    kwargs: dict[str, Any] = {"label_size": size, "is_page_heading": heading}

    if component == "input":
        widget = forms.TextInput()
        if options.get("type"):
            widget.input_type = options.get("type")
        for key in ("prefix", "suffix"):
            if options.get(key) is not None:
                kwargs[key] = _text(options.get(key), key)
        field = forms.CharField(widget=widget)
        layout = Field.text(name, width=width, css_class=" ".join(css) or None, **kwargs, **attrs)
    elif component == "password-input":
        for key in ("prefix", "suffix"):
            if options.get(key) is not None:
                kwargs[key] = _text(options.get(key), key)
        field = forms.CharField(widget=forms.PasswordInput(render_value=True))
        layout = Field.password(
            name, width=width, css_class=" ".join(css) or None, **kwargs, **attrs
        )
    elif component in ("textarea", "character-count"):
        rows = options.get("rows")
        maxlength = options.get("maxlength") if component == "character-count" else None
        if component == "character-count" and not maxlength:
            raise NotApplicable("a character count with no maxlength (set only in JavaScript)")
        field = forms.CharField(widget=forms.Textarea(), max_length=maxlength)
        layout = Field.textarea(
            name,
            rows=rows,
            threshold=options.get("threshold"),
            css_class=" ".join(css) or None,
            **kwargs,
            **attrs,
        )
    elif component == "select":
        choices = []
        for item in options.get("items") or []:
            extra = set(item) - {"value", "text", "selected"}
            if extra:
                raise NotApplicable(f"select item option {', '.join(sorted(extra))}")
            choices.append((item["value"], item["text"]))
            if item.get("selected"):
                value = item["value"]
        field = forms.ChoiceField(choices=choices)
        layout = Field.select(name, css_class=" ".join(css) or None, **kwargs, **attrs)
    elif component == "file-upload":
        multiple = options.get("multiple")
        if multiple:
            raise NotApplicable("multiple files: Django's FileInput takes one file")
        field = forms.FileField()
        layout = Field(name, options={k: v for k, v in kwargs.items() if v}, **attrs)
    else:  # pragma: no cover
        raise AssertionError(component)
    if width is not None and component not in ("input", "password-input"):
        raise NotApplicable(f"width on {component}")
    options.done()
    field.label = text
    field.help_text = hint
    field.required = False
    field.disabled = disabled
    form = _form({name: field}, [layout], {name: value} if value is not None else None)
    return Built(form, _render(form, {name: error} if error else {}))


# --- radios and checkboxes --------------------------------------------------------------


def _conditional_field(html: str, index: int) -> tuple[str, forms.Field, Any]:
    """A revealed text field, read back from the example's own markup: one form group
    holding a label and a text input."""
    root = parse(html)
    groups = [child for child in root.children if not isinstance(child, str)]
    if len(groups) != 1:
        raise NotApplicable("conditional content other than one form field")

    def elements(node):
        for child in node.children:
            if not isinstance(child, str):
                yield child
                yield from elements(child)

    found = list(elements(groups[0]))
    tags = [element.tag for element in found]
    if tags != ["label", "input"]:
        raise NotApplicable("conditional content other than one text field")
    label, input_ = found
    attrs = dict(input_.attrs)
    name = attrs.pop("name")
    attrs.pop("id", None)
    classes = [c for c in (attrs.pop("class") or "").split() if c != "nhsuk-input"]
    widget = forms.TextInput()
    widget.input_type = attrs.pop("type", "text")
    text = " ".join("".join(c for c in label.children if isinstance(c, str)).split())
    field = forms.CharField(label=text, required=False, widget=widget)
    layout = Field(name, css_class=" ".join(classes) or None, **attrs)
    return name, field, layout


def _choices(component: str, options: _Options) -> Built:
    name = options.get("name") or "example"
    options.ignore("idPrefix")  # ids are renamed in comparison (see dom.py)
    fieldset = options.get("fieldset") or {}
    extra = set(fieldset) - {"legend"}
    if extra:
        raise NotApplicable(f"fieldset option {', '.join(sorted(extra))}")
    if not fieldset.get("legend"):
        raise NotApplicable(
            "choices without a fieldset legend: the pack always asks its question in a legend"
        )
    text, size, heading = _label(fieldset.get("legend"), "legend")
    hint = _hint(options)
    error = _error(options)
    disabled = bool(options.get("disabled"))
    choices, hints, dividers, reveals = [], {}, {}, []
    fields: dict[str, forms.Field] = {}
    exclusive = None
    pending_divider = None
    for index, item in enumerate(options.get("items") or []):
        if "divider" in item:
            pending_divider = item["divider"]
            continue
        extra = set(item) - {"value", "text", "hint", "conditional", "checked", "behaviour"}
        if extra:
            raise NotApplicable(f"item option {', '.join(sorted(extra))}")
        value = item["value"]
        choices.append((value, item["text"]))
        if item.get("hint"):
            hints[value] = _text(item["hint"], "item hint")
        if pending_divider:
            dividers[value] = pending_divider
            pending_divider = None
        if item.get("behaviour"):
            if item["behaviour"] != "exclusive" or component != "checkboxes":
                raise NotApplicable(f"item behaviour {item['behaviour']!r}")
            exclusive = value
        if item.get("checked"):
            raise NotApplicable("item checked: Django ticks choices from the field's value")
        if item.get("conditional"):
            cond_name, cond_field, cond_layout = _conditional_field(
                _text(item["conditional"], "conditional"), index
            )
            fields[cond_name] = cond_field
            reveals.append(Reveal(value, cond_layout))
    value = options.get("value") if component == "radios" else options.get("values")
    kwargs = {
        "legend_size": size,
        "is_page_heading": heading,
        "small": bool(options.get("small")),
        "hints": hints or None,
    }
    if component == "radios":
        kwargs["dividers"] = dividers or None
        kwargs["inline"] = bool(options.get("inline"))
        field = forms.ChoiceField(choices=choices, widget=forms.RadioSelect)
        layout = (
            ConditionalRadios(name, *reveals, **kwargs) if reveals else Field.radios(name, **kwargs)
        )
    else:
        if options.get("inline"):
            raise NotApplicable("inline checkboxes: NHS.UK has no inline checkboxes style")
        if dividers and set(dividers) != {exclusive}:
            raise NotApplicable("a divider before a choice that is not exclusive")
        kwargs["exclusive"] = exclusive
        field = forms.MultipleChoiceField(choices=choices, widget=forms.CheckboxSelectMultiple)
        layout = (
            ConditionalCheckboxes(name, *reveals, **kwargs)
            if reveals
            else Field.checkboxes(name, **kwargs)
        )
    options.done()
    field.label, field.help_text, field.required, field.disabled = text, hint, False, disabled
    form = _form({name: field, **fields}, [layout], {name: value} if value else None)
    return Built(form, _render(form, {name: error} if error else {}))


# --- date input -------------------------------------------------------------------------


def _date(options: _Options) -> Built:
    options.ignore("id")
    name = "example"
    fieldset = options.get("fieldset") or {}
    if set(fieldset) - {"legend"}:
        raise NotApplicable("fieldset options other than legend")
    text, size, heading = _label(fieldset.get("legend"), "legend")
    hint = _hint(options)
    error = _error(options)
    values = options.get("values")
    options.done()
    field = DateInputField(label=text, help_text=hint, required=False)
    layout = Field.date(name, legend_size=size, is_page_heading=heading)
    initial = None
    if values:
        initial = {name: [values.get("day"), values.get("month"), values.get("year")]}
    form = _form({name: field}, [layout], initial)
    return Built(form, _render(form, {name: error} if error else {}))


# --- parts of a field -------------------------------------------------------------------


def _without_links(html: str, fixture_html: str, attrs: tuple[str, ...]) -> str:
    """NHS.UK's examples of a lone label, hint or error message link to no field; in a
    form ours always do (``for``, ``id``). Drop those attributes from our part only when
    the example has none, so every other attribute is still compared."""
    root = parse(fixture_html)
    first = next(child for child in root.children if not isinstance(child, str))
    keep = {name for name, _value in first.attrs}
    for name in attrs:
        if name not in keep:
            html = re.sub(rf'\s{name}="[^"]*"', "", html, count=1)
    return html


def _part(component: str, options: _Options) -> Built:
    """A label, legend, fieldset, hint or error message: render a field (or fieldset)
    that has one and take just that part."""
    if not options.context:
        raise NotApplicable("content from a Nunjucks call block")
    if component == "label":
        text, size, heading = _label(options.context)
        if not text:
            raise NotApplicable("content from a Nunjucks call block")
        field = forms.CharField(label=text, required=False)
        form = _form(
            {"example": field}, [Field.text("example", label_size=size, is_page_heading=heading)]
        )
        html = _render(form, {})
        if heading:
            part = first_element(html, lambda tag, classes: "nhsuk-label-wrapper" in classes)
        else:
            part = first_element(html, lambda tag, classes: tag == "label")
        return Built(form, _without_links(part, FIXTURE_HTML.get(), ("for",)))
    if component in ("legend", "fieldset"):
        legend = options.context if component == "legend" else options.get("legend")
        if component == "fieldset":
            options.done()
        text, size, heading = _label(legend, "legend")
        if not text:
            raise NotApplicable("content from a Nunjucks call block")
        form = _form({}, [Fieldset(text, size=size, is_page_heading=heading)])
        html = _render(form, {})
        if component == "fieldset":
            return Built(form, html)
        return Built(form, first_element(html, lambda tag, classes: tag == "legend"))
    if component == "hint":
        hint = _text(options.context, "hint")
        field = forms.CharField(label="Example", help_text=hint, required=False)
        form = _form({"example": field}, [Field.text("example")])
        part = first_element(_render(form, {}), lambda tag, classes: "nhsuk-hint" in classes)
        return Built(form, _without_links(part, FIXTURE_HTML.get(), ("id",)))
    if component == "error-message":
        message = _text(options.context, "error message")
        form = _form({}, [])
        form._errors = ErrorDict({"__all__": ErrorList([message])})
        html = _render(form, {})
        return Built(form, first_element(html, lambda tag, c: "nhsuk-error-message" in c))
    if component == "error-summary":
        return _error_summary(options)
    raise AssertionError(component)  # pragma: no cover


def _error_summary(options: _Options) -> Built:
    heading = options.get("heading")
    if _text(heading, "heading") != "There is a problem" or (
        isinstance(heading, dict) and ("html" in heading)
    ):
        raise NotApplicable("a heading other than the pack's own: There is a problem")
    items = [item for item in options.get("errorList") or [] if item]
    options.done()
    if not items:
        raise NotApplicable("a summary with no errors: the pack shows none")
    bound = []
    for index, item in enumerate(items):
        if set(item) - {"text", "href"}:
            raise NotApplicable("error list item options other than text and href")
        if item.get("href"):
            # One form per error, so each error keeps its own place in the list.
            name = item["href"].removeprefix("#")
            form = type("F", (forms.Form,), {name: forms.CharField(label="Example")})(
                data={}, auto_id="%s", prefix=None
            )
            form._errors = ErrorDict({name: ErrorList([_text(item["text"], "error")])})
        else:
            form = forms.Form(data={}, prefix=f"f{index}")
            form._errors = ErrorDict({"__all__": ErrorList([_text(item["text"], "error")])})
        bound.append(form)
    html = Template("{% load nhsuk %}{% nhsuk_error_summary forms %}").render(
        Context({"forms": bound})
    )
    return Built(bound[0], html)


BUILDERS = {
    "input": _single,
    "textarea": _single,
    "select": _single,
    "character-count": _single,
    "password-input": _single,
    "file-upload": _single,
    "radios": _choices,
    "checkboxes": _choices,
    "date-input": lambda component, options: _date(options),
}


def build(component: str, context: dict) -> Built:
    builder = BUILDERS.get(component, _part)
    return builder(component, _Options(context))


@dataclass
class Result:
    component: str
    key: str
    expected: str = ""
    actual: str = ""
    not_applicable: str = ""

    @property
    def passed(self) -> bool:
        return not self.not_applicable and self.expected == self.actual


def result(component: str, key: str, fixture: dict) -> Result:
    if "call block" in fixture["name"]:
        # The content came from a {% call %} block: the options alone do not hold it.
        return Result(component, key, not_applicable="content from a Nunjucks call block")
    token = FIXTURE_HTML.set(fixture["html"])
    try:
        built = build(component, fixture["context"])
    except NotApplicable as reason:
        return Result(component, key, not_applicable=str(reason))
    finally:
        FIXTURE_HTML.reset(token)
    return Result(component, key, normalise(fixture["html"]), normalise(built.html))


def results() -> list[Result]:
    return [
        result(component, key, fixture)
        for component in FORM_COMPONENTS
        for key, fixture in fixtures(component)
    ]


def tally() -> dict[str, Counter]:
    """Examples, passed and not applicable, per form component."""
    rows: dict[str, Counter] = {component: Counter() for component in FORM_COMPONENTS}
    for outcome in results():
        row = rows[outcome.component]
        row["examples"] += 1
        if outcome.not_applicable:
            row["not applicable"] += 1
        elif outcome.passed:
            row["passed"] += 1
    return rows


def tally_lines() -> list[str]:
    lines = [f"NHS.UK frontend {package_version()} fixtures rendered with the nhsuk pack:"]
    lines.append(f"  {'component':<17}{'examples':>9}{'passed':>8}{'not applicable':>16}")
    totals: Counter = Counter()
    for component, row in tally().items():
        totals.update(row)
        lines.append(
            f"  {component:<17}{row['examples']:>9}{row['passed']:>8}{row['not applicable']:>16}"
        )
    lines.append(
        f"  {'all':<17}{totals['examples']:>9}{totals['passed']:>8}{totals['not applicable']:>16}"
    )
    return lines
