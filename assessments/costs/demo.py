"""The demo's cost profile: three of the submitted assessment's practices costed now, one
of them changed in the planned scenario, so the profile page, the results page and the
PDF have both scenarios to show. Written through the services, as a person would; run
again it changes nothing once the profile exists (a visitor's edits are kept)."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser

from ..models import Assessment
from . import calculation
from .models import CostProfile
from .profile import Lines
from .services import activity_cost_save
from .summary import cost_summary

# What each of the first three practices costs each time, and how often.
DEMO_LINES = (
    Lines(
        4,
        staff=(calculation.StaffInput("afc-band-7", 1, 90, 120, 60),),
        experts=(calculation.ExpertInput("involvement-payment-half-day", 6, 120, True, True),),
        others=(
            calculation.OtherInput("venue-half-day", 1),
            calculation.OtherInput("refreshments", 10),
        ),
    ),
    Lines(
        2,
        staff=(
            calculation.StaffInput("afc-band-8a", 1, 60, 180, 60),
            calculation.StaffInput("afc-band-3", 1, 120, 0, 30),
        ),
        experts=(
            calculation.ExpertInput("involvement-payment-hour", 4, 180, True, True, True),
            calculation.ExpertInput("involvement-payment-hour", 2, 180, False, True),
        ),
        others=(calculation.OtherInput("easy-read-page", 4),),
    ),
    Lines(
        12,
        staff=(calculation.StaffInput("afc-band-6", 1, 30, 90, 30),),
        experts=(
            calculation.ExpertInput("involvement-with-support", 2, 90, True, True, False, True),
        ),
    ),
)
PLANNED_CHANGE = Lines(
    6,
    staff=(calculation.StaffInput("afc-band-7", 1, 60, 120, 60),),
    experts=(calculation.ExpertInput("involvement-payment-half-day", 6, 120, True, True),),
    others=(calculation.OtherInput("interpreter-hour", 2),),
)


def demo_cost_profile(*, assessment: Assessment, user: AbstractBaseUser) -> CostProfile | None:
    """Give ``assessment`` its demo profile, unless it has one. Returns the profile."""
    existing = CostProfile.objects.filter(assessment=assessment).first()
    if existing is not None:
        return existing
    practices = cost_summary(assessment, with_impact=False).scenarios.now[: len(DEMO_LINES)]
    profile = None
    for version, (item, lines) in enumerate(zip(practices, DEMO_LINES, strict=False)):
        profile = activity_cost_save(
            assessment=assessment,
            user=user,
            scenario="now",
            activity=item.activity,
            expected_version=version,
            lines=lines,
        )
    if practices and profile is not None:
        profile = activity_cost_save(
            assessment=assessment,
            user=user,
            scenario="planned",
            activity=practices[0].activity,
            expected_version=profile.version,
            lines=PLANNED_CHANGE,
        )
    return profile
