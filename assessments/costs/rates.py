"""The rates in force for an organisation: each default, unless the organisation has set
its own figure for it. One query for the three kinds of rate, read as plain values: the
pages show a rate's name, year and source beside its figures and never change one."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import connection

from . import calculation
from .models import ExpertRate, StaffRole, UnitCost

KIND_MODELS = {"staff": StaffRole, "experts": ExpertRate, "units": UnitCost}
UNIT_LABELS = dict(ExpertRate.Unit.choices)


@dataclass(frozen=True)
class RateRow:
    """One rate of one kind ("staff", "experts" or "units"), as stored."""

    kind: str
    id: int
    slug: str
    name: str
    organisation_id: int | None
    source: str
    year: str
    order: int
    band: str = ""
    unit: str = ""
    hourly_pence: int = 0  # staff
    amount_pence: int = 0  # experts and units
    travel_pence: int = 0  # experts, as the three below
    carer_pence: int = 0
    support_pence: int = 0

    @property
    def is_default(self) -> bool:
        return self.organisation_id is None

    @property
    def unit_label(self) -> str:
        """An expert rate's unit as people read it ("per hour")."""
        return UNIT_LABELS.get(self.unit, self.unit)


# The columns of every kind; each kind fills its own (OWN_COLUMNS) and leaves the others
# empty, so that the three kinds read as one UNION ALL.
COMMON = ("id", "slug", "name", "organisation_id", "source", "year", "order")
EXTRA = {
    "band": "TEXT",
    "unit": "TEXT",
    "hourly_pence": "INTEGER",
    "amount_pence": "INTEGER",
    "travel_pence": "INTEGER",
    "carer_pence": "INTEGER",
    "support_pence": "INTEGER",
}
OWN_COLUMNS = {
    "staff": ("band", "hourly_pence"),
    "experts": ("unit", "amount_pence", "travel_pence", "carer_pence", "support_pence"),
    "units": ("unit", "amount_pence"),
}


def _kind_sql(kind: str) -> str:
    """One kind's part of the query: its defaults and one organisation's own rows."""
    quote = connection.ops.quote_name
    model = KIND_MODELS[kind]
    columns = [quote(model._meta.get_field(name).column) for name in COMMON]
    for name, sql_type in EXTRA.items():
        own = name in OWN_COLUMNS[kind]
        # A typed NULL: PostgreSQL matches a UNION's columns' types two parts at a time.
        columns.append(
            quote(model._meta.get_field(name).column) if own else f"CAST(NULL AS {sql_type})"
        )
    organisation = quote(model._meta.get_field("organisation").column)
    return (
        f"SELECT '{kind}', {', '.join(columns)} FROM {quote(model._meta.db_table)} "
        f"WHERE {organisation} IS NULL OR {organisation} = %s"
    )


def _effective_rows(organisation_id: int) -> dict[str, tuple[list[RateRow], set[str]]]:
    """Each kind's defaults in order, each replaced by the organisation's own row of its
    slug, and the slugs it has its own figure for. An organisation's row whose default
    is gone is ignored: there is nothing to override.

    Written out in SQL because the ORM takes longer to build the three kinds' queries
    than the database takes to answer them (every cost page reads the rates)."""
    parts = " UNION ALL ".join(_kind_sql(kind) for kind in KIND_MODELS)
    # By kind, then as each model orders its rows: order, slug, id.
    sql = f"{parts} ORDER BY 1, 8, 3, 2"
    with connection.cursor() as cursor:
        cursor.execute(sql, [organisation_id] * len(KIND_MODELS))
        fetched = cursor.fetchall()
    rows: dict[str, list[RateRow]] = {kind: [] for kind in KIND_MODELS}
    for kind, *values in fetched:
        fields = dict(zip((*COMMON, *EXTRA), values, strict=True))
        own = {name: fields[name] for name in OWN_COLUMNS[kind]}
        rows[kind].append(RateRow(kind, *(fields[name] for name in COMMON), **own))
    result = {}
    for kind, kind_rows in rows.items():
        own = {row.slug: row for row in kind_rows if row.organisation_id is not None}
        effective = [own.get(row.slug, row) for row in kind_rows if row.organisation_id is None]
        result[kind] = (effective, set(own))
    return result


@dataclass(frozen=True)
class RateBook:
    """The organisation's rates in force, as rows (for names and sources) and as the
    calculation's values. Lines point at the default rows, by slug."""

    staff: list[RateRow]
    experts: list[RateRow]
    units: list[RateRow]
    overridden: frozenset[tuple[str, str]]  # ("staff" | "experts" | "units", slug)

    def values(self) -> calculation.Rates:
        return calculation.Rates(
            staff={r.slug: calculation.StaffRate(r.slug, r.hourly_pence) for r in self.staff},
            experts={
                r.slug: calculation.ExpertRateValue(
                    r.slug, r.unit, r.amount_pence, r.travel_pence, r.carer_pence, r.support_pence
                )
                for r in self.experts
            },
            units={r.slug: calculation.UnitRate(r.slug, r.amount_pence) for r in self.units},
        )

    def is_own(self, kind: str, slug: str) -> bool:
        return (kind, slug) in self.overridden


def rate_book(organisation_id: int) -> RateBook:
    effective = _effective_rows(organisation_id)
    overridden = frozenset((kind, slug) for kind, (_, own) in effective.items() for slug in own)
    return RateBook(
        staff=effective["staff"][0],
        experts=effective["experts"][0],
        units=effective["units"][0],
        overridden=overridden,
    )
