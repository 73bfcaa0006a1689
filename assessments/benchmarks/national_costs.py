"""The cost profile of the busiest organisation's latest submitted assessment, the one
the benchmark's "results" and "costs" pages show: the demo's three costed practices and
its planned change, written through the costs services as a person would, and one rate
of the organisation's own (band 7 staff time) so the rates page and every total merge an
override with the defaults. Other organisations have no profile: the costs pages are
measured on one assessment, and a profile is a few dozen rows, not a national load."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet

from assessments.costs.demo import demo_cost_profile
from assessments.costs.models import (
    ActivityCost,
    CostProfile,
    ExpertLine,
    ExpertRate,
    OtherLine,
    StaffLine,
    StaffRole,
    UnitCost,
)
from assessments.costs.services import organisation_rates_save
from assessments.models import Assessment, Membership, Organisation

#: The busiest organisation's own figure for an hour of band 7 staff time, in pence.
OWN_BAND_7_PENCE = 4500


@dataclass(frozen=True)
class CostCounts:
    profiles: int
    activity_costs: int
    own_rates: int


def generate_costs(organisation: Organisation, lead) -> CostCounts:
    """Give ``organisation``'s latest submitted assessment the demo's cost profile, and
    the organisation its own band 7 rate. Nothing when it has no submitted assessment."""
    submitted = (
        Assessment.objects.filter(organisation=organisation, status=Assessment.Status.SUBMITTED)
        .order_by("-submitted_at", "-pk")
        .first()
    )
    if submitted is None:
        return CostCounts(0, 0, 0)
    membership = Membership.objects.get(
        organisation=organisation, user=lead, role=Membership.Role.LEAD
    )
    own = organisation_rates_save(
        membership=membership,
        organisation=organisation,
        values={("staff", "afc-band-7"): {"hourly_pence": OWN_BAND_7_PENCE}},
    )
    profile = demo_cost_profile(assessment=submitted, user=lead)
    activity_costs = ActivityCost.objects.filter(profile=profile).count() if profile else 0
    return CostCounts(int(profile is not None), activity_costs, own)


def costs_rows(organisations: QuerySet[Organisation]) -> list[QuerySet]:
    """What ``delete_generated`` removes, in order: lines (and their history) before the
    activity costs they belong to, those before their profiles, then the organisations'
    own rates, which nothing generated points at (lines point at the defaults)."""
    assessments = Assessment.all_objects.filter(organisation__in=organisations)
    profiles = CostProfile.objects.filter(assessment__in=assessments)
    costs = ActivityCost.objects.filter(profile__in=profiles)
    rows: list[QuerySet] = []
    for line in (StaffLine, ExpertLine, OtherLine):
        rows += [
            line.history.filter(activity_cost_id__in=costs.values("pk")),
            line.objects.filter(activity_cost__in=costs),
        ]
    rows += [
        ActivityCost.history.filter(profile_id__in=profiles.values("pk")),
        costs,
        CostProfile.history.filter(assessment_id__in=assessments.values("pk")),
        profiles,
    ]
    for rate in (StaffRole, ExpertRate, UnitCost):
        rows += [
            rate.history.filter(organisation_id__in=organisations.values("pk")),
            rate.objects.filter(organisation__in=organisations),
        ]
    return rows
