"""Who may see and do what. Every lookup of an organisation's data goes through a helper
here that answers 404 for anyone who is not a member, so another organisation's objects
look exactly like objects that do not exist. Deleted (soft-deleted) organisations and
assessments are hidden here like objects that do not exist. ``require_lead`` is the
one check of the lead's role, for views and services alike.

A lived-experience panel member is not a member of the organisation: they reach only
their own seat on the panels they joined (``panel_seat_for``), never anything through
``assessment_for_user``.

Every refusal here is logged (logger ``coprod_grid.access``, WARNING) with the user's id,
the kind and id of what was asked for and the reason, never the data itself, so that
someone probing other organisations' ids shows up as a person, not as broken links. A
404's reason is "not a member": the one query cannot tell another organisation's object
from one that is deleted or never existed, and need not.
"""

import logging
from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied
from django.db.models import F, QuerySet
from django.http import Http404

from .models import Assessment, Membership, Organisation
from .panel.models import PanelMember

logger = logging.getLogger("coprod_grid.access")

NOT_A_MEMBER = "not a member"
NOT_THE_LEAD = "not the lead"
NOT_THEIR_SEAT = "not their seat"


def log_refusal(*, user_id: int | None, kind: str, object_id: int, reason: str) -> None:
    """One line per refusal, its fields also as the record's attributes for a structured
    handler. Only ids and a fixed reason: no title, name or answer is ever logged."""
    logger.warning(
        "Access refused: user_id=%s %s_id=%s reason=%s",
        user_id,
        kind,
        object_id,
        reason,
        extra={
            "user_id": user_id,
            "object_kind": kind,
            "object_id": object_id,
            "reason": reason,
        },
    )


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
        log_refusal(
            user_id=user.pk, kind="organisation", object_id=organisation_id, reason=NOT_A_MEMBER
        )
        raise Http404("No such organisation") from None


# The membership's columns, read beside the assessment's through its organisation.
_MEMBERSHIP_COLUMNS = {
    f"_membership_{field.attname}": F(f"organisation__memberships__{field.attname}")
    for field in Membership._meta.concrete_fields
}


def assessment_for_user(*, user: AbstractBaseUser, assessment_id: int) -> AssessmentAccess:
    """The assessment (with its organisation, the people who changed it, and its panel
    if it has one) and the user's membership of its organisation, in one query."""
    try:
        # get(), not first(): no ORDER BY, whose matching against the eighty selected
        # columns costs more than the query itself. A user has one membership of an
        # organisation, so there is one row at most.
        assessment = (
            Assessment.objects.select_related(
                "organisation", "created_by", "updated_by", "submitted_by", "panel"
            )
            .filter(
                # pk, not id=: a lookup on the primary key answers "no such row" for an
                # id beyond the database's integers instead of crashing.
                pk=assessment_id,
                organisation__deleted_at__isnull=True,
                organisation__memberships__user=user,
            )
            # After the filter, so that the columns come from the membership it joined.
            .annotate(**_MEMBERSHIP_COLUMNS)
            .get()
        )
    except Assessment.DoesNotExist:
        log_refusal(
            user_id=user.pk, kind="assessment", object_id=assessment_id, reason=NOT_A_MEMBER
        )
        raise Http404("No such assessment") from None
    membership = Membership.from_db(
        assessment._state.db,
        [field.attname for field in Membership._meta.concrete_fields],
        [getattr(assessment, name) for name in _MEMBERSHIP_COLUMNS],
    )
    membership.organisation = assessment.organisation
    membership.user = user
    return AssessmentAccess(assessment=assessment, membership=membership)


def user_memberships(*, user: AbstractBaseUser) -> QuerySet[Membership]:
    return Membership.objects.filter(
        user=user, organisation__deleted_at__isnull=True
    ).select_related("organisation")


def organisation_for_member(*, user: AbstractBaseUser, organisation_id: int) -> Organisation:
    return membership_for(user=user, organisation_id=organisation_id).organisation


def require_lead(*, membership: Membership) -> None:
    if not membership.is_lead:
        log_refusal(
            user_id=membership.user_id,
            kind="organisation",
            object_id=membership.organisation_id,
            reason=NOT_THE_LEAD,
        )
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
        log_refusal(
            user_id=user.pk, kind="panel_member", object_id=member_id, reason=NOT_THEIR_SEAT
        )
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
