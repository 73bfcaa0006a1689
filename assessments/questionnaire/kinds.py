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

from coprod_grid.models import CommissioningStage

from ..models import Answer, Assessment, Commitment, Frequency, Participant, SectionState
from . import services
from .category_form import CategorySectionForm
from .forms import AboutForm, CommitmentForm, ServicesForm
from .sections import Kind, Section

RETIRED_TAG = "Retired from the Grid"
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


class SectionKind:
    template = "assessments/section_category.html"
    form_class: type[forms.Form]

    def saved_values(self, request: SectionForm) -> dict:
        raise NotImplementedError

    def form(self, request: SectionForm) -> forms.Form:
        """The section's form, bound to ``request.data`` when given, else filled from
        what is saved."""
        initial = {"version": request.version, **self.saved_values(request)}
        return self.form_class(data=request.data, initial=initial)

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
    ) -> list[SummaryRow]:
        raise NotImplementedError


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

    def summary_rows(self, section, assessment, answers, stage_names):
        participants = [PARTICIPANT_LABELS.get(p, p) for p in assessment.participants]
        rows = [
            SummaryRow("Title", assessment.title, anchor="id_title"),
            SummaryRow("Period", assessment.period, anchor="id_period"),
            SummaryRow(
                "Who took part", lines=participants or ["Not answered"], anchor="id_participants_0"
            ),
        ]
        if assessment.experts_by_experience_count is not None:
            rows.append(
                SummaryRow(
                    "Experts-by-experience taking part",
                    str(assessment.experts_by_experience_count),
                    anchor="id_experts_by_experience_count",
                )
            )
        return rows


class CategoryKind(SectionKind):
    def form(self, request: SectionForm) -> forms.Form:
        initial = {"version": request.version, **self.saved_values(request)}
        return CategorySectionForm(
            data=request.data,
            initial=initial,
            activities=request.section.activities,
            stages=request.stages,
            require_complete=request.require_complete,
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

    def summary_rows(self, section, assessment, answers, stage_names):
        rows = []
        for activity in section.activities:
            answer = answers.get(activity.pk)
            anchor = f"id_{activity.slug}-frequency_0"
            tag = "" if activity.is_active else RETIRED_TAG
            if answer is None:
                rows.append(SummaryRow(activity.name, "Not answered", anchor=anchor, tag=tag))
                continue
            lines = [FREQUENCY_LABELS[answer.frequency]]
            if answer.stages:
                lines.append("Stages: " + ", ".join(stage_names.get(s, s) for s in answer.stages))
            if answer.notes:
                lines.append("Evidence: " + answer.notes)
            # A submitted assessment shows the names it was answered and scored with.
            name = answer.snapshot_name or activity.name
            rows.append(SummaryRow(name, lines=lines, anchor=anchor, tag=tag))
        return rows


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

    def summary_rows(self, section, assessment, answers, stage_names):
        areas = [area.name for area in assessment.service_areas.all()]
        rows = [
            SummaryRow(
                "Services co-produced", lines=areas or ["None yet"], anchor="id_service_areas_0"
            )
        ]
        if assessment.service_areas_other:
            rows.append(
                SummaryRow("Other services", assessment.service_areas_other, anchor="id_other")
            )
        return rows


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

    def summary_rows(self, section, assessment, answers, stage_names):
        barriers = [barrier.name for barrier in assessment.barriers.all()]
        rows = [
            SummaryRow(
                "Commitment",
                COMMITMENT_LABELS.get(assessment.commitment, "Not answered"),
                anchor="id_commitment_0",
            ),
            SummaryRow("Barriers", lines=barriers or ["None selected"], anchor="id_barriers_0"),
        ]
        if assessment.barriers_other:
            rows.append(SummaryRow("Other barriers", assessment.barriers_other, anchor="id_other"))
        return rows


KINDS: dict[Kind, SectionKind] = {
    Kind.ABOUT: AboutKind(),
    Kind.CATEGORY: CategoryKind(),
    Kind.SERVICES: ServicesKind(),
    Kind.COMMITMENT: CommitmentKind(),
}


def kind_of(section: Section) -> SectionKind:
    return KINDS[section.kind]
