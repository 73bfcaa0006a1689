"""Reading a cost profile: the stored rows, and each activity's lines as the calculation
takes them."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from django.db import connection

from coprod_grid.models import Activity

from ..models import Assessment
from . import calculation
from .models import ActivityCost, CostProfile, ExpertLine, OtherLine, StaffLine

OCCASIONAL_TIMES = 1
"""How many times a year a practice answered "occasionally" is pre-filled with."""
ROUTINE_TIMES = 4
"""How many times a year a practice answered "routinely" is pre-filled with: at least
once a quarter is the least that makes something normal practice."""


@dataclass(frozen=True)
class Lines:
    """One activity's stored lines in one scenario: how many times, and each time's."""

    times_a_year: int
    staff: tuple[calculation.StaffInput, ...] = ()
    experts: tuple[calculation.ExpertInput, ...] = ()
    others: tuple[calculation.OtherInput, ...] = ()

    @property
    def is_empty(self) -> bool:
        return not (self.staff or self.experts or self.others)


def stored_profile(assessment: Assessment) -> CostProfile | None:
    return CostProfile.objects.filter(assessment=assessment).first()


@dataclass(frozen=True)
class StoredRow:
    """One activity someone has costed in one scenario, and its lines."""

    activity: Activity
    category: str  # the activity's category's slug
    lines: Lines


# The columns of every kind of line; each kind fills its own and leaves the others
# empty, so that the three kinds read as one UNION ALL.
LINE_COLUMNS = {
    "people": "INTEGER",
    "minutes": "INTEGER",  # an expert's, or a member of staff's preparation
    "session_minutes": "INTEGER",
    "follow_up_minutes": "INTEGER",
    "paid": "BOOLEAN",
    "travel": "BOOLEAN",
    "carer": "BOOLEAN",
    "support": "BOOLEAN",
    "quantity": "NUMERIC",
}
# Each kind: its model, the foreign key to its rate, and which model field fills which
# column.
LINE_KINDS = {
    "staff": (
        StaffLine,
        "role",
        {
            "people": "people",
            "minutes": "preparation_minutes",
            "session_minutes": "session_minutes",
            "follow_up_minutes": "follow_up_minutes",
        },
    ),
    "experts": (
        ExpertLine,
        "rate",
        {name: name for name in ("people", "minutes", "paid", "travel", "carer", "support")},
    ),
    "others": (OtherLine, "unit_cost", {"quantity": "quantity"}),
}
CENT = Decimal("0.01")


def _lines_sql(kind: str) -> str:
    """One kind's part of the query: the profile's lines, with their rates' slugs."""
    quote = connection.ops.quote_name
    model, rate, filled = LINE_KINDS[kind]
    rate_field = model._meta.get_field(rate)
    rate_table = quote(rate_field.related_model._meta.db_table)
    table = quote(model._meta.db_table)
    cost_table = quote(ActivityCost._meta.db_table)
    # A typed NULL: PostgreSQL matches a UNION's columns' types two parts at a time.
    columns = [
        f"line.{quote(model._meta.get_field(filled[name]).column)}"
        if name in filled
        else f"CAST(NULL AS {sql_type})"
        for name, sql_type in LINE_COLUMNS.items()
    ]
    return (
        f"SELECT '{kind}', line.id, line.activity_cost_id, rate.slug, {', '.join(columns)} "
        f"FROM {table} line "
        f"JOIN {cost_table} cost ON cost.id = line.activity_cost_id "
        f"JOIN {rate_table} rate ON rate.id = line.{quote(rate_field.column)} "
        "WHERE cost.profile_id = %s"
    )


def _fetch(sql: str, params: list) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _stored_lines(profile: CostProfile) -> dict[int, dict[str, list]]:
    """activity cost id → kind of line → its lines, each kind in the order saved."""
    parts = " UNION ALL ".join(_lines_sql(kind) for kind in LINE_KINDS)
    fetched = _fetch(f"{parts} ORDER BY 1, 2", [profile.pk] * len(LINE_KINDS))
    lines: dict[int, dict[str, list]] = {}
    for kind, _id, activity_cost, rate, people, minutes, session, follow_up, *rest in fetched:
        paid, travel, carer, support, quantity = rest
        if kind == "staff":
            line = calculation.StaffInput(rate, people, minutes, session, follow_up)
        elif kind == "experts":
            # SQLite gives a boolean as 0 or 1.
            flags = (bool(paid), bool(travel), bool(carer), bool(support))
            line = calculation.ExpertInput(rate, people, minutes, *flags)
        else:
            # SQLite gives 1.00 back as 1 and 2.50 as 2.5: the two decimals are put back.
            line = calculation.OtherInput(rate, Decimal(str(quantity)).quantize(CENT))
        lines.setdefault(activity_cost, {}).setdefault(kind, []).append(line)
    return lines


def _costed_sql() -> str:
    quote = connection.ops.quote_name
    activity = Activity._meta
    category = activity.get_field("category").related_model._meta
    return (
        "SELECT cost.id, cost.scenario, cost.activity_id, activity.slug, category.slug, "
        f"cost.times_a_year FROM {quote(ActivityCost._meta.db_table)} cost "
        f"JOIN {quote(activity.db_table)} activity ON activity.id = cost.activity_id "
        f"JOIN {quote(category.db_table)} category ON category.id = activity.category_id "
        # As ActivityCost orders its rows.
        f"WHERE cost.profile_id = %s ORDER BY cost.scenario, category.{quote('order')}, "
        "activity.slug"
    )


def stored_rows(
    profile: CostProfile | None, activities: Mapping[str, Activity]
) -> dict[tuple[str, str], StoredRow]:
    """(scenario, activity slug) → the stored row, in the order the profile shows them;
    two queries, whatever the profile's size. ``activities`` are the ones the caller has
    read, by slug (the answers' and the catalogue's): any other is read here.

    Written out in SQL because the ORM takes longer to build these queries than the
    database takes to answer them, and every cost page, the results and the export
    read the profile."""
    if profile is None:
        return {}
    costed = _fetch(_costed_sql(), [profile.pk])
    lines = _stored_lines(profile) if costed else {}
    missing = {activity_id for _, _, activity_id, slug, _, _ in costed if slug not in activities}
    if missing:
        # Retired, and not answered: the catalogue no longer lists it.
        retired = Activity.objects.filter(pk__in=missing).select_related("category")
        activities = {**activities, **{activity.slug: activity for activity in retired}}
    rows = {}
    for pk, scenario, _, slug, category, times in costed:
        kinds = lines.get(pk, {})
        rows[(scenario, slug)] = StoredRow(
            activity=activities[slug],
            category=category,
            lines=Lines(
                times_a_year=times,
                staff=tuple(kinds.get("staff", ())),
                experts=tuple(kinds.get("experts", ())),
                others=tuple(kinds.get("others", ())),
            ),
        )
    return rows
