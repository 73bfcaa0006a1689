"""The forms of the cost profile: one activity's lines, and an organisation's rates.

Both normalise and validate only. A row of lines left empty is ignored; a row with
something in it must be whole. Errors follow the NHS style and name the row."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from coprod_grid.nhsuk.buttons import Button, ButtonGroup
from coprod_grid.nhsuk.layout import Field, Fieldset, nhsuk_helper

from . import calculation
from .models import MAX_MINUTES, MAX_PEOPLE, MAX_QUANTITY, MAX_TIMES_A_YEAR
from .profile import Lines
from .rates import RateBook

STAFF_ROWS, EXPERT_ROWS, OTHER_ROWS = 3, 2, 2


def _attributes(attrs: dict) -> str:
    """HTML attributes as Django's ``attrs.html`` writes them."""
    return "".join(
        f" {escape(name)}" if value is True else f' {escape(name)}="{escape(value)}"'
        for name, value in attrs.items()
        if value is not False
    )


class RateSelect(forms.Select):
    """A choice of rate, written out in Python: the markup of Django's select templates
    byte for byte, without rendering a template for every option of every row (an
    activity's form has seven of them, each listing every rate of its kind). Its choices
    are (value, label) pairs, with no groups."""

    def render(self, name, value, attrs=None, renderer=None) -> SafeString:
        attrs = self.build_attrs(self.attrs, attrs)
        if self.allow_multiple_selected:
            attrs["multiple"] = True
        chosen = self.format_value(value)
        options = []
        found = False
        for option_value, label in self.choices:
            option_value = "" if option_value is None else str(option_value)
            selected = (not found or self.allow_multiple_selected) and option_value in chosen
            found = found or selected
            mark = " selected" if selected else ""
            options.append(
                f'\n  <option value="{escape(option_value)}"{mark}>{escape(label)}</option>\n'
            )
        return mark_safe(
            f'<select name="{escape(name)}"{_attributes(attrs)}>{"".join(options)}\n</select>'
        )


def _whole(
    label: str, *, low: int, high: int, required: bool = False, where: str = ""
) -> forms.IntegerField:
    """A whole number whose errors name the row it is in ("People for staff 2 …")."""
    lowered = label[0].lower() + label[1:]
    named = f"{label} for {where}" if where else label
    return forms.IntegerField(
        label=label,
        required=required,
        min_value=low,
        max_value=high,
        error_messages={
            "required": f"Enter {lowered}",
            "invalid": f"{named} must be a whole number, like 2",
            "min_value": f"{named} must be {low} or more",
            "max_value": f"{named} must be {high:,} or fewer",
        },
    )


def _money(label: str, *, required: bool = False) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        required=required,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
        min_value=Decimal(0),
        max_value=Decimal(1_000_000),
        decimal_places=2,
        max_digits=9,
        error_messages={
            "invalid": f"{label} must be an amount of money, like 25.50",
            "min_value": f"{label} must be 0 or more",
            "max_value": f"{label} must be £1,000,000 or less",
            "max_decimal_places": f"{label} must be in pounds and pence, like 25.50",
            "max_digits": f"{label} must be £1,000,000 or less",
            "max_whole_digits": f"{label} must be £1,000,000 or less",
        },
    )


def _quantity_errors(named: str) -> dict[str, str]:
    too_many = f"{named} must be {MAX_QUANTITY:,} or fewer"
    return {
        "invalid": f"{named} must be a number, like 2",
        "min_value": f"{named} must be more than 0",
        "max_value": too_many,
        "max_decimal_places": f"{named} can have 2 decimal places at most",
        "max_digits": too_many,
        "max_whole_digits": too_many,
    }


class ActivityCostForm(forms.Form):
    times_a_year = _whole("Times a year", low=0, high=MAX_TIMES_A_YEAR, required=True)
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0, required=False)

    def __init__(self, *args, rates: RateBook, lines: Lines, scenario_label: str, **kwargs):
        self.staff_rows = max(STAFF_ROWS, len(lines.staff) + 1)
        self.expert_rows = max(EXPERT_ROWS, len(lines.experts) + 1)
        self.other_rows = max(OTHER_ROWS, len(lines.others) + 1)
        kwargs.setdefault("initial", {}).update(initial_values(lines))
        super().__init__(*args, **kwargs)
        self.fields[
            "times_a_year"
        ].help_text = f"How many times a year this is done, {scenario_label}. Enter 0 if it stops"
        staff = [("", "Choose a role")] + [(r.slug, _staff_label(r)) for r in rates.staff]
        experts = [("", "Choose a rate")] + [(r.slug, _expert_label(r)) for r in rates.experts]
        units = [("", "Choose a cost")] + [(r.slug, _unit_label(r)) for r in rates.units]
        layout = [Field.text("times_a_year", width=4, label_size="s")]
        for i in range(self.staff_rows):
            n = i + 1
            self.fields[f"staff-{i}-role"] = forms.ChoiceField(
                label="Role", choices=staff, required=False, widget=RateSelect
            )
            where = f"staff {n}"
            self.fields[f"staff-{i}-people"] = _whole("People", low=1, high=MAX_PEOPLE, where=where)
            for part, label in (
                ("preparation", "Minutes preparing"),
                ("session", "Minutes at the session"),
                ("follow_up", "Minutes following up"),
            ):
                self.fields[f"staff-{i}-{part}"] = _whole(
                    label, low=0, high=MAX_MINUTES, where=where
                )
            layout.append(
                Fieldset(
                    f"Staff {n}",
                    Field.select(f"staff-{i}-role"),
                    *(
                        Field.text(f"staff-{i}-{part}", width=4, inputmode="numeric")
                        for part in ("people", "preparation", "session", "follow_up")
                    ),
                    size="s",
                    hint="Each person's time, each time" if n == 1 else None,
                )
            )
        for i in range(self.expert_rows):
            self.fields[f"expert-{i}-rate"] = forms.ChoiceField(
                label="Payment rate", choices=experts, required=False, widget=RateSelect
            )
            where = f"people with lived experience {i + 1}"
            self.fields[f"expert-{i}-people"] = _whole(
                "People", low=1, high=MAX_PEOPLE, where=where
            )
            self.fields[f"expert-{i}-minutes"] = _whole(
                "Minutes each", low=0, high=MAX_MINUTES, where=where
            )
            for part, label in (
                ("paid", "Paid for their time"),
                ("travel", "Travel paid"),
                ("carer", "Carers' costs paid"),
                ("support", "Support paid for"),
            ):
                self.fields[f"expert-{i}-{part}"] = forms.BooleanField(label=label, required=False)
            layout.append(
                Fieldset(
                    f"People with lived experience {i + 1}",
                    Field.select(f"expert-{i}-rate"),
                    Field.text(f"expert-{i}-people", width=4, inputmode="numeric"),
                    Field.text(f"expert-{i}-minutes", width=4, inputmode="numeric"),
                    *(
                        Field.checkbox(f"expert-{i}-{part}", small=True)
                        for part in ("paid", "travel", "carer", "support")
                    ),
                    size="s",
                )
            )
        for i in range(len(lines.experts), self.expert_rows):
            # People are paid for their time unless someone says otherwise.
            self.fields[f"expert-{i}-paid"].initial = True
        for i in range(self.other_rows):
            self.fields[f"other-{i}-unit"] = forms.ChoiceField(
                label="Cost", choices=units, required=False, widget=RateSelect
            )
            self.fields[f"other-{i}-quantity"] = forms.DecimalField(
                label="How many units",
                required=False,
                widget=forms.TextInput(attrs={"inputmode": "decimal"}),
                min_value=Decimal("0.01"),
                max_value=Decimal(MAX_QUANTITY),
                decimal_places=2,
                max_digits=8,
                error_messages=_quantity_errors(f"How many units for other cost {i + 1}"),
            )
            layout.append(
                Fieldset(
                    f"Other cost {i + 1}",
                    Field.select(f"other-{i}-unit"),
                    Field.text(f"other-{i}-quantity", width=5, inputmode="decimal"),
                    size="s",
                )
            )
        layout.append(ButtonGroup(Button.primary("save", "Save and recalculate")))
        self.helper = nhsuk_helper(*layout)

    def clean(self):
        cleaned = super().clean()
        for i in range(self.staff_rows):
            self._row(
                cleaned,
                f"staff-{i}",
                "role",
                ["people", "preparation", "session", "follow_up"],
                f"Select a role for staff {i + 1}",
                people=True,
            )
        for i in range(self.expert_rows):
            self._row(
                cleaned,
                f"expert-{i}",
                "rate",
                ["people", "minutes"],
                f"Select a payment rate for people with lived experience {i + 1}",
                people=True,
            )
        for i in range(self.other_rows):
            prefix = f"other-{i}"
            unit, quantity = cleaned.get(f"{prefix}-unit"), cleaned.get(f"{prefix}-quantity")
            if unit and quantity is None and f"{prefix}-quantity" not in self.errors:
                self.add_error(f"{prefix}-quantity", f"Enter how many units for other cost {i + 1}")
            if quantity is not None and not unit:
                self.add_error(f"{prefix}-unit", f"Select a cost for other cost {i + 1}")
        return cleaned

    def _row(self, cleaned, prefix, chooser, numbers, missing_choice, people=False):
        choice = cleaned.get(f"{prefix}-{chooser}")
        typed = any(cleaned.get(f"{prefix}-{name}") is not None for name in numbers)
        if typed and not choice:
            self.add_error(f"{prefix}-{chooser}", missing_choice)
        missing_people = people and cleaned.get(f"{prefix}-people") is None
        if choice and missing_people and f"{prefix}-people" not in self.errors:
            self.add_error(f"{prefix}-people", "Enter how many people")

    def to_lines(self) -> Lines:
        c = self.cleaned_data
        staff = tuple(
            calculation.StaffInput(
                role=c[f"staff-{i}-role"],
                people=c[f"staff-{i}-people"],
                preparation_minutes=c[f"staff-{i}-preparation"] or 0,
                session_minutes=c[f"staff-{i}-session"] or 0,
                follow_up_minutes=c[f"staff-{i}-follow_up"] or 0,
            )
            for i in range(self.staff_rows)
            if c.get(f"staff-{i}-role")
        )
        experts = tuple(
            calculation.ExpertInput(
                rate=c[f"expert-{i}-rate"],
                people=c[f"expert-{i}-people"],
                minutes=c[f"expert-{i}-minutes"] or 0,
                paid=c[f"expert-{i}-paid"],
                travel=c[f"expert-{i}-travel"],
                carer=c[f"expert-{i}-carer"],
                support=c[f"expert-{i}-support"],
            )
            for i in range(self.expert_rows)
            if c.get(f"expert-{i}-rate")
        )
        others = tuple(
            calculation.OtherInput(unit=c[f"other-{i}-unit"], quantity=c[f"other-{i}-quantity"])
            for i in range(self.other_rows)
            if c.get(f"other-{i}-unit")
        )
        return Lines(c["times_a_year"], staff, experts, others)


def initial_values(lines: Lines) -> dict:
    values: dict = {"times_a_year": lines.times_a_year}
    for i, line in enumerate(lines.staff):
        values.update(
            {
                f"staff-{i}-role": line.role,
                f"staff-{i}-people": line.people,
                f"staff-{i}-preparation": line.preparation_minutes,
                f"staff-{i}-session": line.session_minutes,
                f"staff-{i}-follow_up": line.follow_up_minutes,
            }
        )
    for i, line in enumerate(lines.experts):
        values.update(
            {
                f"expert-{i}-rate": line.rate,
                f"expert-{i}-people": line.people,
                f"expert-{i}-minutes": line.minutes,
                f"expert-{i}-paid": line.paid,
                f"expert-{i}-travel": line.travel,
                f"expert-{i}-carer": line.carer,
                f"expert-{i}-support": line.support,
            }
        )
    for i, line in enumerate(lines.others):
        values.update({f"other-{i}-unit": line.unit, f"other-{i}-quantity": line.quantity})
    return values


def _pounds(pence: int) -> str:
    return f"£{pence / 100:,.2f}" if pence % 100 else f"£{pence // 100:,}"


def _staff_label(role) -> str:
    return f"{role.name}: {_pounds(role.hourly_pence)} an hour"


def _expert_label(rate) -> str:
    return f"{rate.name}: {_pounds(rate.amount_pence)} {rate.unit_label}"


def _unit_label(unit) -> str:
    return f"{unit.name}: {_pounds(unit.amount_pence)} {unit.unit}"


def _to_pence(value: Decimal | None) -> int | None:
    return None if value is None else int(value * 100)


class RatesForm(forms.Form):
    """The organisation's own figures: each box shows the figure in force; emptying a
    box, or entering the default, goes back to the default."""

    AMOUNTS = {
        "staff": (("hourly_pence", "Cost of an hour"),),
        "experts": (
            ("amount_pence", "Payment"),
            ("travel_pence", "Travel, per person"),
            ("carer_pence", "Carers' costs, per person"),
            ("support_pence", "Support, per person"),
        ),
        "units": (("amount_pence", "Cost of one unit"),),
    }

    def __init__(self, *args, rates: RateBook, editable: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.rates = rates
        layout = []
        for kind, rows in (
            ("staff", rates.staff),
            ("experts", rates.experts),
            ("units", rates.units),
        ):
            for row in rows:
                names = []
                for attr, label in self.AMOUNTS[kind]:
                    name = f"{kind}-{row.slug}-{attr}"
                    self.fields[name] = _money(label)
                    self.fields[name].initial = Decimal(getattr(row, attr)).scaleb(-2)
                    self.fields[name].disabled = not editable
                    names.append(Field.text(name, width=5, prefix="£", inputmode="decimal"))
                legend = row.name if kind != "experts" else f"{row.name} ({row.unit_label})"
                hint = (
                    f"Your own figure for {row.year}."
                    if rates.is_own(kind, row.slug)
                    else f"An estimate for {row.year}."
                )
                layout.append(Fieldset(legend, *names, size="s", hint=hint))
        if editable:
            layout.append(ButtonGroup(Button.primary("save", "Save rates")))
        self.helper = nhsuk_helper(*layout)

    def values(self) -> dict:
        """(kind, slug) → amounts in pence, or None where every box was emptied."""
        result = {}
        for kind, rows in (
            ("staff", self.rates.staff),
            ("experts", self.rates.experts),
            ("units", self.rates.units),
        ):
            for row in rows:
                amounts = {
                    attr: _to_pence(self.cleaned_data.get(f"{kind}-{row.slug}-{attr}"))
                    for attr, _ in self.AMOUNTS[kind]
                }
                if all(value is None for value in amounts.values()):
                    result[(kind, row.slug)] = None
                else:
                    result[(kind, row.slug)] = {
                        attr: 0 if value is None else value for attr, value in amounts.items()
                    }
        return result
