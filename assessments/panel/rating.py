"""A panel member's own rating: saving it part by part, sending it and withdrawing it
(``rating_<action>``; views never write models), and what the member's pages show.

A rating has one part per Grid category, asking about its active activities; a part is
completed when each of them has a rating. A rating of an activity retired since is kept
(it still counts in the member's score, as a draft's answer does) but no longer asked.

Saves are guarded like the questionnaire's: a sent rating refuses every change until
it is withdrawn, and each save names the version of the rating it started from
(``PanelMember.version``), so a page left open in another tab cannot silently overwrite
a newer save. Every row is checked with the model's rules (``clean_fields``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone

from coprod_grid import catalogue
from coprod_grid.grid.grid_terms import QUADRANT_NAMES
from coprod_grid.models import Activity, Category

from ..access import panel_seats
from ..models import Frequency, Invitation
from ..questionnaire.sections import Progress, questionnaire_categories
from ..results import results, scoring
from . import comparison, lenses
from .cache import lenses_cached
from .models import PanelAnswer, PanelMember
from .plain_words import (
    PLAIN_QUADRANTS,
    plain_category_name,
    plain_frequency,
    plain_question,
    plain_stage,
)

#: One activity's rating as a form gives it: (frequency, stage slugs, comment); None,
#: or an empty frequency, for an activity not rated yet ("Save and come back later").
RatingData = tuple[str, Sequence[str], str] | None


class RatingLocked(PermissionDenied):
    """The rating has been sent: withdraw it before changing anything."""


class RatingConflict(Exception):
    """The member saved their rating (in another tab) after this page was opened."""

    def __init__(self, version: int):
        super().__init__(f"The rating is at version {version}")
        self.version = version


class RatingIncomplete(Exception):
    """Some part still has an activity without a rating."""


class PartProgress(NamedTuple):
    """One part of a rating (a Grid category) and how far the member has got with it."""

    category: Category
    status: Progress

    @property
    def key(self) -> str:
        return self.category.slug

    @property
    def title(self) -> str:
        return plain_category_name(self.category)

    @property
    def activities(self) -> tuple[Activity, ...]:
        return active_activities(self.category)


def active_activities(category: Category) -> tuple[Activity, ...]:
    """The activities a part asks about, in the order the commissioners' form asks."""
    return tuple(activity for activity in category.all_activities if activity.is_active)


def rating_categories() -> tuple[Category, ...]:
    """The categories a rating has parts for, in catalogue order: the questionnaire's,
    less any with nothing active left to ask. Shared and read-only."""
    return tuple(category for category in questionnaire_categories() if active_activities(category))


def rating_category(key: str) -> Category | None:
    return next((c for c in rating_categories() if c.slug == key), None)


def rating_answers(member: PanelMember) -> dict[int, PanelAnswer]:
    """The member's ratings by activity id (plain rows: activities come from the
    catalogue in memory)."""
    return {answer.activity_id: answer for answer in PanelAnswer.objects.filter(member=member)}


def rating_progress(
    member: PanelMember, answers: Mapping[int, PanelAnswer] | None = None
) -> list[PartProgress]:
    """Each part of the member's rating with its status, in catalogue order.
    ``answers`` (``rating_answers``) are read unless given."""
    answered = set(rating_answers(member) if answers is None else answers)
    parts = []
    for category in rating_categories():
        asked = {activity.pk for activity in active_activities(category)}
        if asked <= answered:
            status = Progress.COMPLETED
        elif asked & answered:
            status = Progress.IN_PROGRESS
        else:
            status = Progress.NOT_STARTED
        parts.append(PartProgress(category, status))
    return parts


def parts_to_do(parts: Sequence[PartProgress]) -> list[PartProgress]:
    return [part for part in parts if part.status != Progress.COMPLETED]


def _locked(member: PanelMember) -> PanelMember:
    """Re-read the member's seat under a row lock, refusing a sent rating."""
    locked = PanelMember.objects.select_for_update().get(pk=member.pk)
    if locked.submitted_at is not None:
        raise RatingLocked("You have sent your rating. Withdraw it to change your answers")
    return locked


def _bump(locked: PanelMember, member: PanelMember, *fields: str) -> PanelMember:
    locked.version += 1
    locked.save(update_fields=["version", "updated_at", *fields])
    # The caller's object follows, so a page rendered after the save shows the new state.
    member.version, member.submitted_at = locked.version, locked.submitted_at
    return locked


def _checked_stages(frequency: str, stages: Sequence[str]) -> list[str]:
    """Stages in the cycle's order; none for an activity that does not happen."""
    order = [stage.slug for stage in catalogue.commissioning_stages()]
    unknown = set(stages) - set(order)
    if unknown:
        raise ValidationError({"stages": "Select stages from the list"})
    if frequency == Frequency.NONE:
        return []
    return [slug for slug in order if slug in stages]


@transaction.atomic
def rating_save_section(
    *,
    member: PanelMember,
    category: Category,
    answers: Mapping[str, RatingData],
    version: int,
) -> PanelMember:
    """Save the member's ratings of one part. ``answers`` maps activity slug to
    (frequency, stages, comment); an activity missing or None has no rating, and any
    it had is removed. Raises ``RatingLocked``, ``RatingConflict`` or
    ``ValidationError``; returns the seat at its new version."""
    locked = _locked(member)
    if locked.version != version:
        raise RatingConflict(locked.version)
    activities = active_activities(category)
    existing = {
        answer.activity_id: answer
        for answer in PanelAnswer.objects.filter(
            member=locked, activity__in=[activity.pk for activity in activities]
        )
    }
    to_save, to_delete = [], []
    for activity in activities:
        data = answers.get(activity.slug)
        answer = existing.get(activity.pk)
        if data is None or not data[0]:
            if answer is not None:
                to_delete.append(answer.pk)
            continue
        frequency, stages, comment = data
        stages = _checked_stages(frequency, stages)
        comment = comment.strip()
        if answer is None:
            answer = PanelAnswer(member=locked, activity=activity)
        elif (answer.frequency, answer.stages, answer.comment) == (frequency, stages, comment):
            continue
        answer.frequency, answer.stages, answer.comment = frequency, stages, comment
        answer.clean_fields(exclude=["member", "activity"])
        to_save.append(answer)
    if to_delete:
        PanelAnswer.objects.filter(pk__in=to_delete).delete()
    for answer in to_save:
        answer.save()
    return _bump(locked, member)


@transaction.atomic
def rating_submit(*, member: PanelMember) -> PanelMember:
    """Send the member's rating: it then counts in the panel's view and is locked.
    Raises ``RatingIncomplete`` naming the parts still to do."""
    locked = _locked(member)
    missing = parts_to_do(rating_progress(locked))
    if missing:
        names = ", ".join(part.title for part in missing)
        raise RatingIncomplete(
            f"Answer every question before you send your rating. Still to do: {names}"
        )
    locked.submitted_at = timezone.now()
    return _bump(locked, member, "submitted_at")


@transaction.atomic
def rating_withdraw(*, member: PanelMember) -> PanelMember:
    """Delete the member's answers and unsend their rating, so it no longer counts; they
    may rate again. Nothing records that they withdrew: the lead sees only that one
    fewer member has rated."""
    locked = PanelMember.objects.select_for_update().get(pk=member.pk)
    PanelAnswer.objects.filter(member=locked).delete()
    locked.submitted_at = None
    return _bump(locked, member, "submitted_at")


@dataclass(frozen=True)
class YourRating:
    """One rating a person has been asked for, for their dashboard."""

    member: PanelMember
    status: str
    tag_class: str
    url: str

    @property
    def assessment(self):
        return self.member.panel.assessment

    @property
    def organisation(self):
        return self.assessment.organisation


def ratings_for(user: AbstractBaseUser) -> list[YourRating]:
    """The ratings ``user`` has been asked for, newest assessment first, each with how far
    they have got. One query."""
    seats = panel_seats(user=user).annotate(rated=Count("answers"))
    result = []
    for seat in seats:
        if seat.submitted_at is not None:
            status, tag = "Sent", "nhsuk-tag--green"
        elif seat.rated:
            status, tag = "In progress", "nhsuk-tag--blue"
        else:
            status, tag = "Not started", "nhsuk-tag--white"
        url = reverse("assessments:rating", args=[seat.pk])
        result.append(YourRating(member=seat, status=status, tag_class=tag, url=url))
    return result


# What the member's pages show -----------------------------------------------------------


def rating_contact(member: PanelMember) -> AbstractBaseUser | None:
    """Whom to ask for help: the person who invited the member, if known. One query."""
    invitation = Invitation.objects.select_related("invited_by").filter(panel_member=member)
    return next((row.invited_by for row in invitation), None)


@dataclass(frozen=True)
class RatedRow:
    question: str
    answer: str  # empty: not answered yet
    stages: list[str]
    comment: str
    change_url: str


@dataclass(frozen=True)
class PartSummary:
    part: PartProgress
    rows: list[RatedRow]


def rating_summaries(
    member: PanelMember, parts: Sequence[PartProgress], answers: Mapping[int, PanelAnswer]
) -> list[PartSummary]:
    """The member's answers part by part, for "Check your answers"."""
    stage_names = {stage.slug: plain_stage(stage) for stage in catalogue.commissioning_stages()}
    summaries = []
    for part in parts:
        url = reverse("assessments:rating-section", args=[member.pk, part.key])
        rows = []
        for activity in part.activities:
            answer = answers.get(activity.pk)
            rows.append(
                RatedRow(
                    question=plain_question(activity),
                    answer=plain_frequency(answer.frequency) if answer else "",
                    stages=[stage_names.get(s, s) for s in answer.stages] if answer else [],
                    comment=answer.comment if answer else "",
                    change_url=f"{url}#activity-{activity.slug}",
                )
            )
        summaries.append(PartSummary(part, rows))
    return summaries


@dataclass(frozen=True)
class Position:
    activeness: int
    embeddedness: int
    quadrant_name: str
    meaning: str


def position_of(place: scoring.Score | lenses.PanelLens) -> Position | None:
    """A place on the Grid in whole numbers and words; None with nothing practised."""
    activeness, embeddedness, quadrant = place.activeness, place.embeddedness, place.quadrant
    if activeness is None or embeddedness is None or quadrant is None:
        return None
    return Position(
        activeness=scoring.as_percent(activeness),
        embeddedness=scoring.as_percent(embeddedness),
        quadrant_name=QUADRANT_NAMES[quadrant],
        meaning=PLAIN_QUADRANTS[quadrant],
    )


@dataclass(frozen=True)
class DifferenceRow:
    question: str
    organisation: str
    panel: list[tuple[str, int]]


@dataclass(frozen=True)
class Comparison:
    """A member's own position and, once the lead has opened it and enough have rated,
    the panel's and the organisation's. Never notes, comments, actions or who said what.
    """

    own: Position | None
    is_open: bool
    raters: int = 0
    shown: bool = False
    panel: Position | None = None
    organisation: Position | None = None
    gap_words: str = ""
    differences: list[DifferenceRow] = field(default_factory=list)


def rating_comparison(member: PanelMember) -> Comparison:
    """What the member's comparison page shows. Only for a sent rating: before that,
    nothing of anyone else's view may anchor theirs."""
    if member.submitted_at is None:
        raise RatingIncomplete("Send your rating to see how it compares")
    assessment = member.panel.assessment
    answers = results.answers_of(assessment)
    mine = position_of(comparison.member_score(member, assessment, answers))
    if not member.panel.is_open:
        return Comparison(own=mine, is_open=False)
    found = lenses_cached(assessment, answers)
    if found is None or not found.panel.shown:
        return Comparison(own=mine, is_open=True, raters=found.panel.raters if found else 0)
    activities = {a.slug: a for c in questionnaire_categories() for a in c.all_activities}
    return Comparison(
        own=mine,
        is_open=True,
        raters=found.panel.raters,
        shown=True,
        panel=position_of(found.panel),
        organisation=position_of(found.commissioners),
        gap_words=found.gap.words if found.gap else "",
        differences=[
            DifferenceRow(
                question=(
                    plain_question(activities[d.activity])
                    if d.activity in activities
                    else d.activity
                ),
                organisation=plain_frequency(d.commissioners),
                panel=[(plain_frequency(f), n) for f, n in d.panel.items()],
            )
            for d in found.disagreements
        ],
    )
