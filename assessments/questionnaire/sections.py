"""The questionnaire's shape: its sections, in order, and how far each has got.

The sections are "About this assessment", one per Grid category, "Services co-produced"
and "Commitment and barriers". This module is a leaf: it knows the models and the
catalogue, and nothing of forms, services or pages, so that the services can ask it
whether an assessment is complete inside their own transaction.

Which activities a category section holds is one rule, used by every page, the import
and the submission alike:

* a draft: the category's active activities, then any retired activity it has an
  answer to (tagged "Retired from the Grid"): a draft keeps counting what it answered,
  so that submitting it changes nothing, and people can see and change that answer;
* a submitted assessment: exactly the activities it answered, in the categories it was
  submitted with, whatever the catalogue has become since.

Category sections follow the live catalogue, so their completeness is worked out from
the answers rather than stored: an activity an admin adds later makes a completed
section of a draft incomplete again, as it should.
"""

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

from django.db.models import Prefetch

from coprod_grid.catalogue import memoised_by_catalogue
from coprod_grid.models import Activity, Category

from ..models import Answer, Assessment, Participant, SectionState

ABOUT = "about"
SERVICES = "services-co-produced"
COMMITMENT = "commitment-and-barriers"
FIXED_KEYS = frozenset({ABOUT, SERVICES, COMMITMENT})


class Kind(StrEnum):
    """What a section asks about; each kind has one form, template and save
    (``questionnaire/kinds.py``) and one completeness rule (below)."""

    ABOUT = "about"
    CATEGORY = "category"
    SERVICES = "services"
    COMMITMENT = "commitment"


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
    kind: Kind
    category: Category | None = None
    activities: tuple[Activity, ...] = ()

    @property
    def is_category(self) -> bool:
        return self.kind == Kind.CATEGORY

    @property
    def required_activities(self) -> tuple[Activity, ...]:
        """The activities a draft must answer: retired ones it answered are extra."""
        return tuple(activity for activity in self.activities if activity.is_active)


@dataclass(frozen=True)
class SectionProgress:
    section: Section
    progress: Progress
    version: int
    # The period whose copied answers the section still holds unchecked (carry_over).
    carried_from: str = ""


@memoised_by_catalogue
def questionnaire_categories() -> tuple[Category, ...]:
    """Categories with all their activities, retired ones too, as ``all_activities``
    (each with its typical stages), in the questionnaire's order. Read once per
    catalogue version and shared: read-only."""
    activities = Activity.objects.prefetch_related("typical_stages").order_by(
        "-embeddedness", "activeness", "slug"
    )
    return tuple(
        Category.objects.prefetch_related(
            Prefetch("activities", queryset=activities, to_attr="all_activities")
        )
    )


def answer_category(answer: Answer, categories: Iterable[Category]) -> str:
    """The category an answer belongs to: the one it was submitted in, else the live one."""
    if answer.snapshot_category:
        return answer.snapshot_category
    return next(
        category.slug
        for category in categories
        if any(activity.pk == answer.activity_id for activity in category.all_activities)
    )


def build_sections(
    categories: Iterable[Category], assessment: Assessment, answers: Mapping[int, Answer]
) -> list[Section]:
    """All the assessment's sections in order. ``answers`` maps activity id to answer."""
    sections = [Section(ABOUT, "About this assessment", Kind.ABOUT)]
    for category in categories:
        if assessment.is_submitted:
            activities = tuple(
                activity
                for activity in _all_activities(categories)
                if activity.pk in answers
                and answer_category(answers[activity.pk], categories) == category.slug
            )
        else:
            activities = tuple(
                activity
                for activity in category.all_activities
                if activity.is_active or activity.pk in answers
            )
        if activities:
            sections.append(
                Section(category.slug, category.name, Kind.CATEGORY, category, activities)
            )
    sections.append(Section(SERVICES, "Services co-produced", Kind.SERVICES))
    sections.append(Section(COMMITMENT, "Commitment and barriers", Kind.COMMITMENT))
    return sections


def section_count() -> int:
    """How many sections a new assessment has, from the live catalogue."""
    return len(build_sections(questionnaire_categories(), Assessment(), {}))


def _all_activities(categories: Iterable[Category]) -> Iterable[Activity]:
    for category in categories:
        yield from category.all_activities


def about_is_complete(assessment: Assessment) -> bool:
    if not (assessment.title and assessment.period and assessment.participants):
        return False
    if Participant.EXPERTS in assessment.participants:
        return assessment.experts_by_experience_count is not None
    return True


def category_is_complete(section: Section, answered: set[int]) -> bool:
    return {activity.pk for activity in section.required_activities} <= answered


# Whether a section is complete, by kind: (section, assessment, its stored state or
# None, the ids of the activities answered).
COMPLETENESS: dict[Kind, Callable[[Section, Assessment, SectionState | None, set[int]], bool]] = {
    Kind.ABOUT: lambda section, assessment, state, answered: about_is_complete(assessment),
    Kind.CATEGORY: lambda section, assessment, state, answered: category_is_complete(
        section, answered
    ),
    # "None yet" is a complete answer that leaves nothing behind but the saved state.
    Kind.SERVICES: lambda section, assessment, state, answered: (
        state is not None and state.status == SectionState.Status.COMPLETED
    ),
    Kind.COMMITMENT: lambda section, assessment, state, answered: bool(assessment.commitment),
}


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
        complete = COMPLETENESS[section.kind](section, assessment, state, answered_activity_ids)
        started = state is not None or any(
            activity.pk in answered_activity_ids for activity in section.activities
        )
        if complete:
            progress = Progress.COMPLETED
        elif started:
            progress = Progress.IN_PROGRESS
        else:
            progress = Progress.NOT_STARTED
        result.append(
            SectionProgress(
                section,
                progress,
                state.version if state else 0,
                state.carried_from if state else "",
            )
        )
    return result


@dataclass(frozen=True)
class Questionnaire:
    """An assessment's sections, its answers by activity id, and each section's progress."""

    sections: list[Section]
    answers: dict[int, Answer]
    progress: list[SectionProgress]

    @property
    def all_complete(self) -> bool:
        return all(item.progress == Progress.COMPLETED for item in self.progress)

    @property
    def complete_count(self) -> int:
        return sum(item.progress == Progress.COMPLETED for item in self.progress)

    @property
    def incomplete(self) -> list[Section]:
        return [item.section for item in self.progress if item.progress != Progress.COMPLETED]

    def find(self, key: str) -> SectionProgress | None:
        return next((item for item in self.progress if item.section.key == key), None)

    def after(self, key: str) -> Section | None:
        keys = [section.key for section in self.sections]
        index = keys.index(key)
        return self.sections[index + 1] if index + 1 < len(self.sections) else None


def questionnaire(
    assessment: Assessment,
    *,
    answers: Iterable[Answer] | None = None,
    states: Iterable[SectionState] | None = None,
) -> Questionnaire:
    """The assessment's questionnaire as it stands. ``answers`` and ``states`` are read
    here unless given (a service passes the rows it read under its lock)."""
    if answers is None:
        # Plain rows: the sections take their activities from the catalogue in memory.
        answers = Answer.objects.filter(assessment=assessment)
    if states is None:
        states = SectionState.objects.filter(assessment=assessment)
    by_activity = {answer.activity_id: answer for answer in answers}
    sections = build_sections(questionnaire_categories(), assessment, by_activity)
    progress = section_progress(sections, assessment, states, set(by_activity))
    return Questionnaire(sections, by_activity, progress)
