"""The questionnaire's shape: its sections, in order, and how far each has got.

The sections are "About this assessment", one per Grid category, "Services co-produced"
and "Commitment and barriers". Category sections follow the live catalogue, so their
completeness is worked out from the answers rather than stored: an activity an admin adds
later makes a completed section incomplete again, as it should.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from coprod_grid.models import Activity, Category

from .models import Assessment, Participant, SectionState

ABOUT = "about"
SERVICES = "services-co-produced"
COMMITMENT = "commitment-and-barriers"
FIXED_KEYS = frozenset({ABOUT, SERVICES, COMMITMENT})


class Progress(StrEnum):
    NOT_STARTED = "not-started"
    IN_PROGRESS = "in-progress"
    COMPLETED = "completed"

    @property
    def label(self) -> str:
        return {
            "not-started": "Not started",
            "in-progress": "In progress",
            "completed": "Completed",
        }[self.value]


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    category: Category | None = None
    activities: tuple[Activity, ...] = ()

    @property
    def is_category(self) -> bool:
        return self.category is not None


@dataclass(frozen=True)
class SectionProgress:
    section: Section
    progress: Progress
    version: int


def build_sections(categories: Iterable[Category]) -> list[Section]:
    """All sections in order; ``categories`` must come with their active activities
    prefetched as ``active_activities`` (see ``selectors.questionnaire_categories``)."""
    sections = [Section(ABOUT, "About this assessment")]
    for category in categories:
        activities = tuple(category.active_activities)
        if activities:
            sections.append(Section(category.slug, category.name, category, activities))
    sections.append(Section(SERVICES, "Services co-produced"))
    sections.append(Section(COMMITMENT, "Commitment and barriers"))
    return sections


def about_is_complete(assessment: Assessment) -> bool:
    if not (assessment.title and assessment.period and assessment.participants):
        return False
    if Participant.EXPERTS in assessment.participants:
        return assessment.experts_by_experience_count is not None
    return True


def section_progress(
    sections: Sequence[Section],
    assessment: Assessment,
    states: Iterable[SectionState],
    answered_activity_ids: set[int],
) -> list[SectionProgress]:
    state_by_key = {state.key: state for state in states}
    result = []
    for section in sections:
        state = state_by_key.get(section.key)
        started = state is not None
        if section.key == ABOUT:
            complete = about_is_complete(assessment)
        elif section.key == COMMITMENT:
            complete = bool(assessment.commitment)
        elif section.key == SERVICES:
            complete = started and state.status == SectionState.Status.COMPLETED
        else:
            ids = {activity.pk for activity in section.activities}
            answered = ids & answered_activity_ids
            complete = answered == ids
            started = started or bool(answered)
        if complete:
            progress = Progress.COMPLETED
        elif started:
            progress = Progress.IN_PROGRESS
        else:
            progress = Progress.NOT_STARTED
        result.append(SectionProgress(section, progress, state.version if state else 0))
    return result


def all_complete(progress: Iterable[SectionProgress]) -> bool:
    return all(item.progress == Progress.COMPLETED for item in progress)


def next_section(sections: Sequence[Section], key: str) -> Section | None:
    keys = [section.key for section in sections]
    index = keys.index(key)
    return sections[index + 1] if index + 1 < len(sections) else None
