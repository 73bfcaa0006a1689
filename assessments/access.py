"""Who may see and do what. Every lookup of an organisation's data goes through a helper
here that answers 404 for anyone who is not a member, so another organisation's objects
look exactly like objects that do not exist. Deleted (soft-deleted) organisations and
assessments are hidden here like objects that do not exist. ``require_lead`` is the
one check of the lead's role, for views and services alike.

A lived-experience panel member is not a member of the organisation: they reach only
their own seat on the panels they joined (``panel_seat_for``), never anything through
``assessment_for_user``."""

from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from .models import Assessment, Membership, Organisation
from .panel.models import PanelMember


@dataclass(frozen=True)
class AssessmentAccess:
    assessment: Assessment
    membership: Membership

    @property
    def is_lead(self) -> bool:
        return self.membership.is_lead


def membership_for(*, user: AbstractBaseUser, organisation_id: int) -> Membership:
    try:
        return Membership.objects.select_related("organisation").get(
            # organisation__pk, not organisation_id: a lookup on the primary key answers
            # "no such row" for an id beyond the database's integers instead of crashing.
            user=user,
            organisation__pk=organisation_id,
            organisation__deleted_at__isnull=True,
        )
    except Membership.DoesNotExist:
        raise Http404("No such organisation") from None


def assessment_for_user(*, user: AbstractBaseUser, assessment_id: int) -> AssessmentAccess:
    """The assessment and the user's membership of its organisation, in one query."""
    membership = (
        Membership.objects.select_related("organisation")
        .filter(
            user=user,
            organisation__deleted_at__isnull=True,
            organisation__assessments__pk=assessment_id,
            # A join does not go through the default manager: exclude deleted rows here.
            organisation__assessments__deleted_at__isnull=True,
        )
        .first()
    )
    if membership is None:
        raise Http404("No such assessment")
    # With its panel, if it has one (no panel is known without another query).
    assessment = Assessment.objects.select_related(
        "organisation", "created_by", "updated_by", "submitted_by", "panel"
    ).get(pk=assessment_id)
    return AssessmentAccess(assessment=assessment, membership=membership)


def user_memberships(*, user: AbstractBaseUser) -> QuerySet[Membership]:
    return Membership.objects.filter(
        user=user, organisation__deleted_at__isnull=True
    ).select_related("organisation")


def organisation_for_member(*, user: AbstractBaseUser, organisation_id: int) -> Organisation:
    return membership_for(user=user, organisation_id=organisation_id).organisation


def require_lead(*, membership: Membership) -> None:
    if not membership.is_lead:
        raise PermissionDenied("Only an involvement lead can do this")


def panel_seat_for(*, user: AbstractBaseUser, member_id: int) -> PanelMember:
    """The user's own seat on the panel of a live assessment, with its assessment and
    organisation, in one query; 404 for anyone else's seat."""
    try:
        return PanelMember.objects.select_related("panel__assessment__organisation").get(
            pk=member_id,
            user=user,
            user__isnull=False,
            panel__assessment__deleted_at__isnull=True,
            panel__assessment__organisation__deleted_at__isnull=True,
        )
    except PanelMember.DoesNotExist:
        raise Http404("No such rating") from None


def panel_seats(*, user: AbstractBaseUser):
    """The user's seats on panels of live assessments, newest assessment first."""
    return (
        PanelMember.objects.filter(
            user=user,
            panel__assessment__deleted_at__isnull=True,
            panel__assessment__organisation__deleted_at__isnull=True,
        )
        .select_related("panel__assessment__organisation")
        .order_by("-panel__assessment__period", "-pk")
    )
