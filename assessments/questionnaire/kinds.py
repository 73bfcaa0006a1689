"""One object per kind of questionnaire section, holding everything a page does with
that kind: the template it is shown in, its form (filled from what is saved, or bound to
what was posted), the service that saves it, and how "Check your answers" lists it.
Each kind's completeness rule is in ``sections.py`` (``COMPLETENESS``), where the
services can reach it without knowing about forms.

The section view and the check-answers page stay the same short code for every kind:
``kind_of(section).form(...)``, ``.save(...)``, ``.summary_rows(...)``.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from django import forms
from django.contrib.auth.models import AbstractBaseUser

from coprod_grid.models import Activity, CommissioningStage

from ..models import Answer, Assessment, Commitment, Frequency, Participant, SectionState
from . import services
from .category_form import CategorySectionForm
from .forms import AboutForm, CommitmentForm, ServicesForm
from .sections import Kind, Section
from .services import AnswerData

RETIRED_TAG = "Retired from the Grid"
NOT_ANSWERED = "Not answered yet"
FORM_ID = "section-form"
FREQUENCY_LABELS = dict(Frequency.choices)
PARTICIPANT_LABELS = dict(Participant.choices)
COMMITMENT_LABELS = dict(Commitment.choices)


@dataclass
class SummaryRow:
    key: str
    value: str = ""
    lines: list[str] = field(default_factory=list)
    anchor: str = ""
    tag: str = ""


@dataclass(frozen=True)
class SectionForm:
    """What the section view needs to build a form: ``data`` is the POST, if any."""

    section: Section
    assessment: Assessment
    answers: Mapping[int, Answer]
    version: int
    stages: Sequence[CommissioningStage]
    data: object = None
    require_complete: bool = True
    # Set while the section still holds a previous period's copied answers (carry_over).
    carried_from: str = ""
    new_activity_ids: frozenset[int] = frozenset()


class SectionKind:
    template = "assessments/section_category.html"
    form_class: type[forms.Form]

    def saved_values(self, request: SectionForm) -> dict:
        raise NotImplementedError

    def form(self, request: SectionForm) -> forms.Form:
        """The section's form, bound to ``request.data`` when given, else filled from
        what is saved."""
        initial = {"version": request.version, **self.saved_values(request)}
        return _identified(self.form_class(data=request.data, initial=initial))

    def save(
        self, *, section: Section, form: forms.Form, assessment: Assessment, user: AbstractBaseUser
    ) -> SectionState:
        """Save a valid form. Raises ``services.SectionConflict`` on a stale version."""
        raise NotImplementedError

    def summary_rows(
        self,
        section: Section,
        assessment: Assessment,
        answers: Mapping[int, Answer],
        stage_names: Mapping[str, str],
        *,
        saved: bool = True,
    ) -> list[SummaryRow]:
        """What is saved, as "Check your answers" lists it. ``saved`` is whether the
        section has ever been saved: an empty optional answer means "none" only then."""
        raise NotImplementedError

    def form_rows(
        self, section: Section, form: forms.Form, stage_names: Mapping[str, str]
    ) -> list[SummaryRow]:
        """What a valid form holds, as the same rows, to set beside what is saved."""
        raise NotImplementedError


def _identified(form: forms.Form) -> forms.Form:
    # The conflict panel's "save yours over theirs" button sits above the form it sends.
    form.helper.form_id = FORM_ID
    return form


def _common(form: forms.Form, assessment: Assessment, user: AbstractBaseUser) -> dict:
    return {
        "assessment": assessment,
        "user": user,
        "expected_version": form.cleaned_data["version"],
    }


class AboutKind(SectionKind):
    template = "assessments/section_about.html"
    form_class = AboutForm

    def saved_values(self, request: SectionForm) -> dict:
        assessment = request.assessment
        return {
            "title": assessment.title,
            "period": assessment.period,
            "participants": list(assessment.participants),
            "experts_by_experience_count": assessment.experts_by_experience_count,
        }

    def save(self, *, section, form, assessment, user):
        return services.section_save_about(**_common(form, assessment, user), data=form.to_data())

    def summary_rows(self, section, assessment, answers, stage_names, *, saved=True):
        return _about_rows(
            assessment.title,
            assessment.period,
            assessment.participants,
            assessment.experts_by_experience_count,
        )

    def form_rows(self, section, form, stage_names):
        data = form.to_data()
        return _about_rows(
            data.title, data.period, data.participants, data.experts_by_experience_count
        )


class CategoryKind(SectionKind):
    def form(self, request: SectionForm) -> forms.Form:
        initial = {"version": request.version, **self.saved_values(request)}
        return _identified(
            CategorySectionForm(
                data=request.data,
                initial=initial,
                activities=request.section.activities,
                stages=request.stages,
                require_complete=request.require_complete,
                carried_from=request.carried_from,
                copied_ids=frozenset(request.answers) if request.carried_from else frozenset(),
                new_ids=request.new_activity_ids,
            )
        )

    def saved_values(self, request: SectionForm) -> dict:
        values = {}
        for activity in request.section.activities:
            answer = request.answers.get(activity.pk)
            if answer is None:
                continue
            values[CategorySectionForm.frequency_name(activity)] = answer.frequency
            values[CategorySectionForm.stages_name(activity)] = list(answer.stages)
            values[CategorySectionForm.notes_name(activity)] = answer.notes
        return values

    def save(self, *, section, form, assessment, user):
        return services.section_save_answers(
            **_common(form, assessment, user),
            key=section.key,
            activities=section.activities,
            answers=form.answers(),
        )

    def summary_rows(self, section, assessment, answers, stage_names, *, saved=True):
        return [
            _activity_row(activity, answers.get(activity.pk), stage_names)
            for activity in section.activities
        ]

    def form_rows(self, section, form, stage_names):
        typed = form.answers()
        return [
            _activity_row(activity, typed.get(activity.slug), stage_names)
            for activity in section.activities
        ]


class ServicesKind(SectionKind):
    template = "assessments/section_services.html"
    form_class = ServicesForm

    def saved_values(self, request: SectionForm) -> dict:
        assessment = request.assessment
        areas = [area.slug for area in assessment.service_areas.all()]
        return {
            "service_areas": areas,
            "other": assessment.service_areas_other,
            "none_yet": request.version > 0 and not areas and not assessment.service_areas_other,
        }

    def save(self, *, section, form, assessment, user):
        return services.section_save_services(
            **_common(form, assessment, user), data=form.to_data()
        )

    def summary_rows(self, section, assessment, answers, stage_names, *, saved=True):
        areas = [area.name for area in assessment.service_areas.all()]
        return _services_rows(areas, assessment.service_areas_other, saved=saved)

    def form_rows(self, section, form, stage_names):
        data = form.to_data()
        return _services_rows([area.name for area in data.service_areas], data.other, saved=True)


class CommitmentKind(SectionKind):
    template = "assessments/section_commitment.html"
    form_class = CommitmentForm

    def saved_values(self, request: SectionForm) -> dict:
        assessment = request.assessment
        return {
            "commitment": assessment.commitment,
            "barriers": [barrier.slug for barrier in assessment.barriers.all()],
            "other": assessment.barriers_other,
        }

    def save(self, *, section, form, assessment, user):
        return services.section_save_commitment(
            **_common(form, assessment, user), data=form.to_data()
        )

    def summary_rows(self, section, assessment, answers, stage_names, *, saved=True):
        barriers = [barrier.name for barrier in assessment.barriers.all()]
        return _commitment_rows(
            assessment.commitment, barriers, assessment.barriers_other, saved=saved
        )

    def form_rows(self, section, form, stage_names):
        data = form.to_data()
        return _commitment_rows(
            data.commitment, [barrier.name for barrier in data.barriers], data.other, saved=True
        )


def _about_rows(title, period, participants, experts_count) -> list[SummaryRow]:
    rows = [
        SummaryRow("Title", title or NOT_ANSWERED, anchor="id_title"),
        SummaryRow("Period", period or NOT_ANSWERED, anchor="id_period"),
        SummaryRow(
            "Who took part",
            lines=[PARTICIPANT_LABELS.get(p, p) for p in participants] or [NOT_ANSWERED],
            anchor="id_participants_0",
        ),
    ]
    if Participant.EXPERTS in participants or experts_count is not None:
        rows.append(
            SummaryRow(
                "Experts-by-experience taking part",
                NOT_ANSWERED if experts_count is None else str(experts_count),
                anchor="id_experts_by_experience_count",
            )
        )
    return rows


def _activity_row(
    activity: Activity, answer: Answer | AnswerData | None, stage_names: Mapping[str, str]
) -> SummaryRow:
    anchor = f"id_{activity.slug}-frequency_0"
    tag = "" if activity.is_active else RETIRED_TAG
    if answer is None:
        return SummaryRow(activity.name, NOT_ANSWERED, anchor=anchor, tag=tag)
    lines = [FREQUENCY_LABELS[answer.frequency]]
    if answer.stages:
        lines.append("Stages: " + ", ".join(stage_names.get(s, s) for s in answer.stages))
    if answer.notes:
        lines.append("Evidence: " + answer.notes)
    # A submitted assessment shows the names it was answered and scored with.
    name = getattr(answer, "snapshot_name", "") or activity.name
    return SummaryRow(name, lines=lines, anchor=anchor, tag=tag)


def _services_rows(areas: list[str], other: str, *, saved: bool) -> list[SummaryRow]:
    if areas:
        listed = areas
    elif other:
        listed = ["None from the list"]
    else:
        # "None yet" is an answer only once someone has saved it.
        listed = ["None yet" if saved else NOT_ANSWERED]
    rows = [SummaryRow("Services co-produced", lines=listed, anchor="id_service_areas_0")]
    if other:
        rows.append(SummaryRow("Other services", other, anchor="id_other"))
    return rows


def _commitment_rows(
    commitment: str, barriers: list[str], other: str, *, saved: bool
) -> list[SummaryRow]:
    rows = [
        SummaryRow(
            "Commitment",
            COMMITMENT_LABELS.get(commitment, NOT_ANSWERED),
            anchor="id_commitment_0",
        ),
        SummaryRow(
            "Barriers",
            lines=barriers or ["None selected" if saved else NOT_ANSWERED],
            anchor="id_barriers_0",
        ),
    ]
    if other:
        rows.append(SummaryRow("Other barriers", other, anchor="id_other"))
    return rows


KINDS: dict[Kind, SectionKind] = {
    Kind.ABOUT: AboutKind(),
    Kind.CATEGORY: CategoryKind(),
    Kind.SERVICES: ServicesKind(),
    Kind.COMMITMENT: CommitmentKind(),
}


def kind_of(section: Section) -> SectionKind:
    return KINDS[section.kind]
