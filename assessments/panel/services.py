"""The involvement lead's side of an assessment's lived-experience panel, named
``<entity>_<action>``: inviting people, letting the members who have rated see the
comparison, choosing the headline result and recording the answers agreed with the panel.
Every change is saved in its history with who made it and why.

The lead learns how many members have rated, never who: nothing here joins a member's
rating to the address the lead invited.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from coprod_grid import catalogue
from coprod_grid.models import Activity

from ..access import require_lead
from ..invitations import services as invitations
from ..models import Answer, Assessment, Frequency, Invitation, Membership
from ..results.results import stage_slugs
from . import lenses
from .comparison import Lenses
from .models import AgreedAnswer, Panel, PanelMember

BEFORE_BOTH_RATED = (
    "You can record an agreed answer after both have rated: at least one panel member, "
    "and the commissioners for this activity"
)
STAGES_WHEN_NONE = (
    "Commissioning stages can only be selected for an activity that is done. Unselect the "
    "stages or change how often"
)
UNKNOWN_STAGE = "Select commissioning stages from the list"

#: How often, in the few words a table cell has room for.
SHORT_FREQUENCY = {
    Frequency.NONE: "Not at the moment",
    Frequency.OCCASIONAL: "Occasionally",
    Frequency.ROUTINE: "Routinely",
}


class PanelRefused(Exception):
    """The change cannot be made yet; the message says why."""


def _saved(row, *, user, reason: str) -> None:
    row.updated_by = user
    row._history_user = user
    row._change_reason = reason
    row.save()


def panel_for_assessment(assessment: Assessment, *, user=None) -> Panel:
    """The assessment's panel, made if it has none; ``user`` is recorded as making it."""
    panel, _ = Panel.objects.get_or_create(assessment=assessment, defaults={"updated_by": user})
    return panel


def _require_lead_of(by: Membership, assessment: Assessment) -> None:
    """``require_lead``, and of the assessment's own organisation: the views reach only
    their own organisation's assessments, and the services do not rely on it."""
    require_lead(membership=by)
    if by.organisation_id != assessment.organisation_id:
        raise PermissionDenied("Only an involvement lead of this organisation can do this")


def _locked(panel: Panel, by: Membership) -> Panel:
    """The panel's row, locked, once ``by`` is known to lead its organisation: changes to
    one panel (and its agreed answers) happen one after the other, so two tabs cannot
    both create the same agreed answer."""
    require_lead(membership=by)
    locked = (
        Panel.objects.select_for_update(of=("self",)).select_related("assessment").get(pk=panel.pk)
    )
    _require_lead_of(by, locked.assessment)
    return locked


def panel_invite(*, assessment: Assessment, by: Membership, email: str, link_base: str):
    """The lead invites ``email`` to rate the assessment. A refused invitation leaves no
    empty panel behind."""
    _require_lead_of(by, assessment)
    with transaction.atomic():
        panel_for_assessment(assessment, user=by.user)
        return invitations.invitation_create_for_panel(
            assessment=assessment, by=by, email=email, link_base=link_base
        )


def panel_open(*, panel: Panel, by: Membership, open: bool) -> Panel:
    """Let the members who have rated see the comparison, or stop them. Opening an open
    panel keeps the time it was first opened."""
    with transaction.atomic():
        panel = _locked(panel, by)
        if open == panel.is_open:
            return panel
        panel.opened_at = timezone.now() if open else None
        reason = "Comparison opened to the panel" if open else "Comparison closed to the panel"
        _saved(panel, user=by.user, reason=reason)
    return panel


def panel_headline_set(*, panel: Panel, by: Membership, headline: str) -> Panel:
    with transaction.atomic():
        panel = _locked(panel, by)
        panel.headline = headline
        panel.clean_fields(exclude=["assessment", "updated_by"])
        _saved(panel, user=by.user, reason=f"Headline: {panel.get_headline_display()}")
    return panel


def _both_have_rated(panel: Panel, activity: Activity) -> bool:
    rated = PanelMember.objects.filter(panel=panel, submitted_at__isnull=False).exists()
    answered = Answer.objects.filter(assessment_id=panel.pk, activity=activity).exists()
    return rated and answered


def _checked_stages(frequency: str, stages: Sequence[str]) -> list[str]:
    """The stages in the cycle's order; none at all for an activity not done."""
    if frequency == Frequency.NONE and stages:
        raise ValidationError({"stages": STAGES_WHEN_NONE})
    known = stage_slugs()
    if set(stages) - set(known):
        raise ValidationError({"stages": UNKNOWN_STAGE})
    return [slug for slug in known if slug in stages]


def agreed_answer_save(
    *,
    panel: Panel,
    by: Membership,
    activity: Activity,
    frequency: str,
    stages: Sequence[str],
    note: str,
) -> AgreedAnswer:
    """Record (or change) the answer agreed between the panel and the commissioners for
    one activity. ``PanelRefused`` until both have rated; ``ValidationError`` for values
    the form should not have let through."""
    with transaction.atomic():
        panel = _locked(panel, by)
        if not _both_have_rated(panel, activity):
            raise PanelRefused(BEFORE_BOTH_RATED)
        agreed = AgreedAnswer.objects.filter(panel=panel, activity=activity).first()
        reason = "Agreed answer changed" if agreed else "Agreed answer recorded"
        agreed = agreed or AgreedAnswer(panel=panel, activity=activity)
        agreed.frequency = frequency
        agreed.stages = _checked_stages(frequency, stages)
        agreed.note = note.strip()
        agreed.clean_fields(exclude=["panel", "activity", "updated_by"])
        _saved(agreed, user=by.user, reason=reason)
    return agreed


def agreed_answer_remove(*, panel: Panel, by: Membership, activity: Activity) -> bool:
    """Remove the agreed answer, so the commissioners' answer counts again. False if
    there was none."""
    with transaction.atomic():
        panel = _locked(panel, by)
        agreed = AgreedAnswer.objects.filter(panel=panel, activity=activity).first()
        if agreed is None:
            return False
        # The history's deletion row is made from these, like a save's.
        agreed.updated_by = agreed._history_user = by.user
        agreed._change_reason = "Agreed answer removed"
        agreed.delete()
    return True


# --- what the lead's pages show --------------------------------------------------------


@dataclass(frozen=True)
class JoinedInvitation:
    email: str
    joined_at: datetime


@dataclass(frozen=True)
class PanelStatus:
    """The panel page: the invitations and how many have joined and rated. A list of
    who has rated is deliberately not here."""

    panel: Panel | None
    open_invitations: list[Invitation]
    joined: list[JoinedInvitation]
    invited: int
    joined_count: int
    rated: int

    @property
    def shown(self) -> bool:
        return self.rated >= lenses.THRESHOLD


def panel_status(assessment: Assessment) -> PanelStatus:
    """Two queries however many are invited: the panel with its counts, and its
    invitations.

    ``invited`` counts every invitation not withdrawn (waiting, expired or accepted);
    ``joined_count`` every seat, a rating typed in from paper too; ``rated`` those
    submitted."""
    panel = (
        Panel.objects.filter(assessment=assessment)
        .annotate(
            joined=Count("members"),
            rated=Count("members", filter=Q(members__submitted_at__isnull=False)),
        )
        .first()
    )
    if panel is None:
        return PanelStatus(None, [], [], 0, 0, 0)
    sent = list(
        Invitation.objects.filter(assessment=assessment, withdrawn_at=None).order_by(
            "-created_at", "-pk"
        )
    )
    accepted = sorted(
        (row for row in sent if row.accepted_at), key=lambda row: row.email.casefold()
    )
    return PanelStatus(
        panel=panel,
        open_invitations=[row for row in sent if not row.accepted_at],
        joined=[JoinedInvitation(row.email, row.accepted_at) for row in accepted],
        invited=len(sent),
        joined_count=panel.joined,
        rated=panel.rated,
    )


@dataclass(frozen=True)
class DifferenceRow:
    """One activity on the differences page, with nothing that names who rated it."""

    slug: str
    name: str
    is_active: bool  # an agreement is recorded only for an activity the Grid still asks
    commissioners: str
    counts: list[tuple[str, int]]
    discuss: bool
    agreed: AgreedAnswer | None
    comments: list[str]

    @property
    def counts_text(self) -> str:
        return " · ".join(f"{label} {count}" for label, count in self.counts)

    @property
    def agreed_text(self) -> str:
        return SHORT_FREQUENCY.get(self.agreed.frequency, "") if self.agreed else ""


def panel_counts(counts: dict[str, int]) -> list[tuple[str, int]]:
    """How many members gave each answer, in the order of the questionnaire's choices."""
    return [(SHORT_FREQUENCY[value], counts.get(value, 0)) for value in Frequency.values]


def activity_names(slugs: Sequence[str]) -> tuple[dict[str, str], set[str]]:
    """Activities' names, retired ones' too (a rating may name one the catalogue has
    since retired), and which are active: from the live catalogue, with one query only
    if some are not in it."""
    active = {a.slug: a.name for a in catalogue.active_activities() if a.slug in set(slugs)}
    names = dict(active)
    missing = set(slugs) - set(names)
    if missing:
        names |= dict(Activity.objects.filter(slug__in=missing).values_list("slug", "name"))
    return names, set(active)


def difference_rows(found: Lenses) -> list[DifferenceRow]:
    """The differences, largest first, as ``lenses.disagreements`` orders them; empty
    while the panel's view is hidden, so nothing per activity can point to one rater."""
    if not found.panel.shown:
        return []
    items = found.disagreements
    names, active = activity_names([item.activity for item in items])
    return [
        DifferenceRow(
            slug=item.activity,
            name=names.get(item.activity, item.activity),
            is_active=item.activity in active,
            commissioners=SHORT_FREQUENCY.get(item.commissioners, "Not answered"),
            counts=panel_counts(dict(item.panel)),
            discuss=item.discuss,
            agreed=found.agreed_answers.get(item.activity),
            comments=found.comments.get(item.activity, []),
        )
        for item in items
    ]


@dataclass(frozen=True)
class AgreedElsewhere:
    slug: str
    name: str
    is_active: bool
    agreed: AgreedAnswer

    @property
    def agreed_text(self) -> str:
        return SHORT_FREQUENCY.get(self.agreed.frequency, "")


def agreed_elsewhere(found: Lenses, rows: Sequence[DifferenceRow]) -> list[AgreedElsewhere]:
    """Agreed answers for activities not among the differences (every member now gives
    the commissioners' answer, or the panel's view is hidden): they still count in the
    agreed result, so the lead must be able to find and change them."""
    listed = {row.slug for row in rows}
    slugs = [slug for slug in found.agreed_answers if slug not in listed]
    if not slugs:
        return []
    names, active = activity_names(slugs)
    return [
        AgreedElsewhere(slug, names.get(slug, slug), slug in active, found.agreed_answers[slug])
        for slug in slugs
    ]


@dataclass(frozen=True)
class AgreementContext:
    """What the agreed answer page shows above its form for one activity."""

    commissioners: Answer | None
    counts: list[tuple[str, int]]  # empty while the panel's view is hidden
    rated: int
    agreed: AgreedAnswer | None

    @property
    def commissioners_text(self) -> str:
        answer = self.commissioners
        return SHORT_FREQUENCY[answer.frequency] if answer else "Not answered"

    @property
    def counts_text(self) -> str:
        return " · ".join(f"{label} {count}" for label, count in self.counts)

    @property
    def both_rated(self) -> bool:
        """What ``agreed_answer_save`` asks before it records anything."""
        return self.rated > 0 and self.commissioners is not None


def agreement_context(panel: Panel, activity: Activity) -> AgreementContext:
    """Three queries: the commissioners' answer, the submitted ratings counted, and the
    agreed answer. A member with no answer for the activity counts as "not at the
    moment", as on the differences page (``lenses.disagreements``)."""
    answer = Answer.objects.filter(assessment_id=panel.pk, activity=activity).first()

    def said(frequency: str) -> Count:
        return Count("answers", filter=Q(answers__activity=activity, answers__frequency=frequency))

    tally = PanelMember.objects.filter(panel=panel, submitted_at__isnull=False).aggregate(
        rated=Count("pk", distinct=True),
        occasional=said(Frequency.OCCASIONAL),
        routine=said(Frequency.ROUTINE),
    )
    rated = tally["rated"]
    counts = {
        Frequency.NONE: rated - tally["occasional"] - tally["routine"],
        Frequency.OCCASIONAL: tally["occasional"],
        Frequency.ROUTINE: tally["routine"],
    }
    agreed = (
        AgreedAnswer.objects.filter(panel=panel, activity=activity)
        .select_related("updated_by")
        .first()
    )
    return AgreementContext(
        commissioners=answer,
        counts=panel_counts(counts) if rated >= lenses.THRESHOLD else [],
        rated=rated,
        agreed=agreed,
    )
