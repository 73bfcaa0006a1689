"""Writes of the cost profile and of an organisation's own rates.

Who may: any member of the organisation edits its assessments' profiles, draft or
submitted, as with the action plan: the profile is planning, which lives on after
submission. Only an involvement lead sets the organisation's own rates, because they
change every profile of the organisation at once.

Every save of a profile names the profile's version it started from and lands only if
nobody has saved the profile since (``ProfileConflict``)."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from django.contrib.auth.models import AbstractBaseUser
from django.db import IntegrityError, transaction
from django.utils import timezone

from coprod_grid.models import Activity

from ..access import require_lead
from ..models import Assessment, Membership, Organisation
from .models import (
    ActivityCost,
    CostProfile,
    ExpertLine,
    ExpertRate,
    OtherLine,
    StaffLine,
    StaffRole,
    UnitCost,
)
from .profile import Lines


class ProfileConflict(Exception):
    """Someone saved the profile after this person opened it."""

    def __init__(self, profile: CostProfile | None):
        version = profile.version if profile else 0
        super().__init__(f"The cost profile is at version {version}")
        self.profile = profile
        self.version = version


def _locked_profile(
    assessment: Assessment, user: AbstractBaseUser, expected_version: int
) -> CostProfile:
    profile = CostProfile.objects.select_for_update().filter(assessment=assessment).first()
    if profile is None:
        if expected_version != 0:
            raise ProfileConflict(None)
        try:
            with transaction.atomic():
                profile = CostProfile.objects.create(
                    assessment=assessment, created_by=user, updated_by=user
                )
        except IntegrityError:
            # Someone else's first save made the profile a moment ago: theirs stands.
            raise ProfileConflict(CostProfile.objects.get(assessment=assessment)) from None
    elif profile.version != expected_version:
        raise ProfileConflict(profile)
    return profile


def _bump(profile: CostProfile, user: AbstractBaseUser) -> CostProfile:
    profile.version += 1
    profile.updated_by = user
    profile.save(update_fields=["version", "updated_by", "updated_at"])
    return profile


def _defaults(model, slugs) -> dict:
    return {
        row.slug: row for row in model.objects.filter(organisation__isnull=True, slug__in=slugs)
    }


@transaction.atomic
def activity_cost_save(
    *,
    assessment: Assessment,
    user: AbstractBaseUser,
    scenario: str,
    activity: Activity,
    expected_version: int,
    lines: Lines,
) -> CostProfile:
    """Replace one activity's lines in one scenario. Lines point at the default rates
    (by slug), so an organisation's own figure for a rate applies to them."""
    profile = _locked_profile(assessment, user, expected_version)
    row = ActivityCost.objects.filter(profile=profile, scenario=scenario, activity=activity).first()
    if row is None:
        row = ActivityCost(profile=profile, scenario=scenario, activity=activity)
    row.times_a_year = lines.times_a_year
    row._history_user = user
    row.save()
    for related in (row.staff_lines, row.expert_lines, row.other_lines):
        for line in related.all():
            line._history_user = user
            line.delete()
    roles = _defaults(StaffRole, {line.role for line in lines.staff})
    rates = _defaults(ExpertRate, {line.rate for line in lines.experts})
    units = _defaults(UnitCost, {line.unit for line in lines.others})
    for line in lines.staff:
        StaffLine.objects.create(
            activity_cost=row,
            role=roles[line.role],
            people=line.people,
            preparation_minutes=line.preparation_minutes,
            session_minutes=line.session_minutes,
            follow_up_minutes=line.follow_up_minutes,
        )
    for line in lines.experts:
        ExpertLine.objects.create(
            activity_cost=row,
            rate=rates[line.rate],
            people=line.people,
            minutes=line.minutes,
            paid=line.paid,
            travel=line.travel,
            carer=line.carer,
            support=line.support,
        )
    for line in lines.others:
        OtherLine.objects.create(
            activity_cost=row, unit_cost=units[line.unit], quantity=Decimal(line.quantity)
        )
    return _bump(profile, user)


@transaction.atomic
def planned_cost_reset(
    *, assessment: Assessment, user: AbstractBaseUser, activity: Activity, expected_version: int
) -> CostProfile:
    """Go back to the plan's own estimate for a planned activity."""
    profile = _locked_profile(assessment, user, expected_version)
    for row in ActivityCost.objects.filter(profile=profile, scenario="planned", activity=activity):
        row._history_user = user
        row.delete()
    return _bump(profile, user)


RATE_MODELS = {"staff": StaffRole, "experts": ExpertRate, "units": UnitCost}
AMOUNT_FIELDS = {
    "staff": ("hourly_pence",),
    "experts": ("amount_pence", "travel_pence", "carer_pence", "support_pence"),
    "units": ("amount_pence",),
}
COPIED_FIELDS = {"staff": ("name", "band"), "experts": ("name", "unit"), "units": ("name", "unit")}


@transaction.atomic
def organisation_rates_save(
    *,
    membership: Membership,
    organisation: Organisation,
    values: Mapping[tuple[str, str], Mapping[str, int] | None],
) -> int:
    """Set the organisation's own figures: ``values`` maps (kind, slug) to the amounts in
    pence, or to None to go back to the default. Returns how many rates changed. Every
    profile of the organisation reads the rates when it is shown, so both scenarios of
    each are recomputed with the new figures at once."""
    require_lead(membership=membership)
    user = membership.user
    changed = 0
    for kind, model in RATE_MODELS.items():
        slugs = [slug for (k, slug) in values if k == kind]
        defaults = _defaults(model, slugs)
        own = {
            row.slug: row
            for row in model.objects.select_for_update().filter(
                organisation=organisation, slug__in=slugs
            )
        }
        for slug in slugs:
            default = defaults.get(slug)
            amounts = values[(kind, slug)]
            row = own.get(slug)
            if default is None:
                continue
            same_as_default = amounts is not None and all(
                amounts[name] == getattr(default, name) for name in AMOUNT_FIELDS[kind]
            )
            if amounts is None or same_as_default:
                if row is not None:
                    row._history_user = user
                    row.delete()
                    changed += 1
                continue
            if row is not None and all(
                amounts[name] == getattr(row, name) for name in AMOUNT_FIELDS[kind]
            ):
                continue
            if row is None:
                row = model(slug=slug, organisation=organisation)
            for name in COPIED_FIELDS[kind]:
                setattr(row, name, getattr(default, name))
            for name in AMOUNT_FIELDS[kind]:
                setattr(row, name, amounts[name])
            row.order = default.order
            row.year = default.year
            today = timezone.localdate()
            row.source = (
                f"Set by {organisation.name} on {today.day} {today:%B %Y}, "
                f"in place of the default ({default.source})"
            )[:2000]
            row.updated_by = user
            row._history_user = user
            row.save()
            changed += 1
    return changed
