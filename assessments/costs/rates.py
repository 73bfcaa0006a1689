"""The rates in force for an organisation: each default, unless the organisation has set
its own figure for it. Three queries, one per kind of rate."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q

from . import calculation
from .models import ExpertRate, StaffRole, UnitCost


def _effective(model, organisation_id: int) -> tuple[list, set[str]]:
    """The defaults in order, each replaced by the organisation's own row of its slug.
    An organisation's row whose default is gone is ignored: there is nothing to override."""
    rows = list(
        model.objects.filter(
            Q(organisation__isnull=True) | Q(organisation_id=organisation_id)
        ).order_by("order", "slug", "pk")
    )
    own = {row.slug: row for row in rows if row.organisation_id is not None}
    effective = [own.get(row.slug, row) for row in rows if row.organisation_id is None]
    return effective, set(own)


@dataclass(frozen=True)
class RateBook:
    """The organisation's rates in force, as rows (for names and sources) and as the
    calculation's values. ``defaults`` are the default rows, whose ids lines point at."""

    staff: list[StaffRole]
    experts: list[ExpertRate]
    units: list[UnitCost]
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
    staff, own_staff = _effective(StaffRole, organisation_id)
    experts, own_experts = _effective(ExpertRate, organisation_id)
    units, own_units = _effective(UnitCost, organisation_id)
    overridden = (
        {("staff", s) for s in own_staff}
        | {("experts", s) for s in own_experts}
        | {("units", s) for s in own_units}
    )
    return RateBook(staff, experts, units, frozenset(overridden))
