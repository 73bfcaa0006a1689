"""Glue between a questionnaire section, its form and the service that saves it, so the
section view stays the same short function for every kind of section."""

from collections.abc import Sequence

from django import forms
from django.contrib.auth.models import AbstractBaseUser

from coprod_grid.models import CommissioningStage

from . import services
from .forms import AboutForm, CategorySectionForm, CommitmentForm, ServicesForm
from .models import Answer, Assessment, SectionState
from .questionnaire import ABOUT, COMMITMENT, SERVICES, Section


def section_form(
    *,
    section: Section,
    assessment: Assessment,
    version: int,
    stages: Sequence[CommissioningStage],
    answers: dict[int, Answer],
    data=None,
    require_complete: bool = True,
) -> forms.Form:
    """The section's form, bound to ``data`` when given, else filled from what is saved."""
    initial = {"version": version, **_saved_values(section, assessment, answers, version)}
    if section.key == ABOUT:
        return AboutForm(data=data, initial=initial)
    if section.key == SERVICES:
        return ServicesForm(data=data, initial=initial)
    if section.key == COMMITMENT:
        return CommitmentForm(data=data, initial=initial)
    return CategorySectionForm(
        data=data,
        initial=initial,
        activities=section.activities,
        stages=stages,
        require_complete=require_complete,
    )


def _saved_values(
    section: Section, assessment: Assessment, answers: dict[int, Answer], version: int
) -> dict:
    if section.key == ABOUT:
        return {
            "title": assessment.title,
            "period": assessment.period,
            "participants": list(assessment.participants),
            "experts_by_experience_count": assessment.experts_by_experience_count,
        }
    if section.key == SERVICES:
        areas = [area.slug for area in assessment.service_areas.all()]
        return {
            "service_areas": areas,
            "other": assessment.service_areas_other,
            "none_yet": version > 0 and not areas and not assessment.service_areas_other,
        }
    if section.key == COMMITMENT:
        return {
            "commitment": assessment.commitment,
            "barriers": [barrier.slug for barrier in assessment.barriers.all()],
            "other": assessment.barriers_other,
        }
    values = {}
    for activity in section.activities:
        answer = answers.get(activity.pk)
        if answer is None:
            continue
        values[CategorySectionForm.frequency_name(activity)] = answer.frequency
        values[CategorySectionForm.stages_name(activity)] = list(answer.stages)
        values[CategorySectionForm.notes_name(activity)] = answer.notes
    return values


def section_save(
    *, section: Section, form: forms.Form, assessment: Assessment, user: AbstractBaseUser
) -> SectionState:
    """Save a valid form. Raises ``services.SectionConflict`` on a stale version."""
    version = form.cleaned_data["version"]
    common = {"assessment": assessment, "user": user, "expected_version": version}
    if section.key == ABOUT:
        return services.section_save_about(**common, data=form.to_data())
    if section.key == SERVICES:
        return services.section_save_services(**common, data=form.to_data())
    if section.key == COMMITMENT:
        return services.section_save_commitment(**common, data=form.to_data())
    return services.section_save_answers(
        **common, key=section.key, activities=section.activities, answers=form.answers()
    )
