"""Reading the carry-over: which assessment a new draft may start from, and what a
copied draft still holds unchecked. The mark itself is ``SectionState.carried_from``,
set by ``carry_over.services`` and cleared by any save of the section."""

from collections.abc import Iterable

from ..models import Answer, Assessment, Organisation
from ..questionnaire.sections import Section, SectionProgress


def latest_submitted(organisation: Organisation) -> Assessment | None:
    """The assessment a new draft may start from: the organisation's own latest
    submitted one (never a draft, never a deleted one, never another organisation's)."""
    return (
        Assessment.objects.filter(organisation=organisation, status=Assessment.Status.SUBMITTED)
        .order_by("-submitted_at", "-pk")
        .first()
    )


def carried_sections(progress: Iterable[SectionProgress]) -> list[SectionProgress]:
    """The sections still holding last year's answers that nobody has saved since."""
    return [item for item in progress if item.carried_from]


def new_activity_ids(assessment: Assessment, section: Section, carried_from: str) -> set[int]:
    """The activities of a carried section that the previous assessment did not answer:
    new to the Grid since then. One query, and none for a section that is not carried."""
    if not (carried_from and section.is_category and assessment.started_from_id):
        return set()
    answered = set(
        Answer.objects.filter(
            assessment_id=assessment.started_from_id,
            activity__in=[activity.pk for activity in section.activities],
        ).values_list("activity_id", flat=True)
    )
    return {activity.pk for activity in section.required_activities if activity.pk not in answered}
