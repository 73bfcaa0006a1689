"""The questionnaire's pages: start an assessment, the task list, each section, check
your answers, and the lead's submit, reopen and delete. Each view fetches through an
ownership helper, calls a service, and renders."""

from django import forms
from django.contrib import messages
from django.contrib.auth.models import AbstractBaseUser
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from coprod_grid import catalogue

from ..access import AssessmentAccess, assessment_for_user, membership_for, require_lead
from ..carry_over import marks
from ..carry_over import services as carry_over
from ..ledger.evidence import attach_evidence
from . import lifecycle, presenters
from .forms import NewAssessmentForm
from .kinds import SectionForm, kind_of
from .sections import Questionnaire, SectionProgress, questionnaire, section_count
from .services import AssessmentLocked, SectionConflict


@require_http_methods(["GET", "HEAD", "POST"])
def assessment_new(request: HttpRequest, organisation_id: int) -> HttpResponse:
    membership = membership_for(user=request.user, organisation_id=organisation_id)
    previous = marks.latest_submitted(membership.organisation)
    form = NewAssessmentForm(
        request.POST or None, previous_period=previous.period if previous else ""
    )
    if request.method == "POST" and form.is_valid():
        details = {
            "organisation": membership.organisation,
            "user": request.user,
            "title": form.cleaned_data["title"],
            "period": form.cleaned_data["period"],
        }
        if previous is not None and form.starts_from_previous:
            assessment = carry_over.assessment_create_from(previous, **details)
        else:
            assessment = lifecycle.assessment_create(**details)
        return redirect(assessment)
    return render(
        request,
        "assessments/new.html",
        {
            "form": form,
            "organisation": membership.organisation,
            "section_count": section_count(),
        },
    )


@require_safe
def task_list(request: HttpRequest, assessment_id: int) -> HttpResponse:
    access = assessment_for_user(user=request.user, assessment_id=assessment_id)
    current = questionnaire(access.assessment)
    return render(
        request,
        "assessments/task_list.html",
        {
            "access": access,
            "assessment": access.assessment,
            "progress": current.progress,
            "complete_count": current.complete_count,
            "all_complete": current.all_complete,
            "carried_count": len(marks.carried_sections(current.progress)),
        },
    )


def _after_save(access: AssessmentAccess, current: Questionnaire, key: str, later: bool):
    following = current.after(key)
    if later:
        return redirect(access.assessment)
    if following is None:
        return redirect("assessments:check", assessment_id=access.assessment.pk)
    return redirect("assessments:section", assessment_id=access.assessment.pk, key=following.key)


def _saved(
    item: SectionProgress, form: forms.Form, access: AssessmentAccess, user: AbstractBaseUser
) -> presenters.Conflict | None:
    """Save a valid form; on someone else's newer save, what they saved instead."""
    try:
        kind_of(item.section).save(
            section=item.section, form=form, assessment=access.assessment, user=user
        )
    except SectionConflict as error:
        stages = catalogue.commissioning_stages()
        conflict = presenters.conflict_context(
            error.state, section=item.section, assessment=access.assessment, stages=stages,
            form=form,
        )  # fmt: skip
        presenters.rebind_with_version(form, error.state.version)
        return conflict
    return None


@require_http_methods(["GET", "HEAD", "POST"])
def section(request: HttpRequest, assessment_id: int, key: str) -> HttpResponse:
    access = assessment_for_user(user=request.user, assessment_id=assessment_id)
    current = questionnaire(access.assessment)
    item = current.find(key) or _no_such_section()
    if not access.assessment.is_draft:
        if request.method == "POST":
            raise AssessmentLocked("This assessment has been submitted")
        return redirect("assessments:check", assessment_id=assessment_id)
    later = "save-later" in request.POST
    stages = catalogue.commissioning_stages()
    new_ids = marks.new_activity_ids(access.assessment, item.section, item.carried_from)
    form = kind_of(item.section).form(
        SectionForm(
            item.section, access.assessment, current.answers, item.version, stages,
            data=request.POST or None, require_complete=not later,
            carried_from=item.carried_from, new_activity_ids=frozenset(new_ids),
        )
    )  # fmt: skip
    conflict = None
    if request.method == "POST" and form.is_valid():
        conflict = _saved(item, form, access, request.user)
        if conflict is None:
            return _after_save(access, current, key, later)
    attach_evidence(form, access.assessment)
    return render(
        request,
        kind_of(item.section).template,
        {"access": access, "assessment": access.assessment, "section": item.section,
         "form": form, "conflict": conflict, "stages": stages,
         "carried_from": item.carried_from, "new_count": len(new_ids)},
    )  # fmt: skip


def _no_such_section():
    raise Http404("No such section")


@require_safe
def check_answers(request: HttpRequest, assessment_id: int) -> HttpResponse:
    access = assessment_for_user(user=request.user, assessment_id=assessment_id)
    current = questionnaire(access.assessment)
    summaries = presenters.section_summaries(
        current, access.assessment, catalogue.commissioning_stages()
    )
    return render(
        request,
        "assessments/check_answers.html",
        {
            "access": access,
            "assessment": access.assessment,
            "summaries": summaries,
            "all_complete": current.all_complete,
            "to_do": presenters.sections_to_do(current, access.assessment),
            "carried": marks.carried_sections(current.progress),
        },
    )


@require_POST
def submit(request: HttpRequest, assessment_id: int) -> HttpResponse:
    access = assessment_for_user(user=request.user, assessment_id=assessment_id)
    try:
        lifecycle.assessment_submit(
            assessment=access.assessment, membership=access.membership, user=request.user
        )
    except lifecycle.AssessmentIncomplete:
        # Someone left a section incomplete since the page was shown: the answers page
        # says which sections are still to do, with a link to each.
        return redirect("assessments:check", assessment_id=assessment_id)
    messages.success(
        request, presenters.submitted_message(access.assessment), extra_tags="with-body"
    )
    return redirect("assessments:results", assessment_id=assessment_id)


@require_POST
def reopen(request: HttpRequest, assessment_id: int) -> HttpResponse:
    access = assessment_for_user(user=request.user, assessment_id=assessment_id)
    lifecycle.assessment_reopen(
        assessment=access.assessment, membership=access.membership, user=request.user
    )
    messages.success(request, "Assessment reopened. It is a draft again")
    return redirect("assessments:task-list", assessment_id=assessment_id)


@require_http_methods(["GET", "HEAD", "POST"])
def assessment_delete(request: HttpRequest, assessment_id: int) -> HttpResponse:
    access = assessment_for_user(user=request.user, assessment_id=assessment_id)
    require_lead(membership=access.membership)
    if request.method == "POST":
        lifecycle.assessment_delete(
            assessment=access.assessment, membership=access.membership, user=request.user
        )
        messages.success(request, f"“{access.assessment}” has been deleted")
        return redirect("assessments:dashboard")
    return render(
        request,
        "assessments/assessment_delete.html",
        {"access": access, "assessment": access.assessment},
    )
