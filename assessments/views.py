"""Views: fetch through an ownership helper, call a service, render. Nothing else."""

from django.contrib import messages
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from coprod_grid import catalogue

from . import exports, presenters, result_cache, services
from .forms import MemberAddForm, NewAssessmentForm
from .models import Assessment, Membership
from .questionnaire import all_complete, build_sections, next_section, section_progress
from .results import assessment_result
from .section_forms import section_form, section_save
from .selectors import (
    assessment_for_user,
    membership_for,
    questionnaire_categories,
    user_memberships,
)


@require_safe
def dashboard(request: HttpRequest) -> HttpResponse:
    memberships = list(
        user_memberships(user=request.user).prefetch_related(
            Prefetch(
                "organisation__assessments",
                queryset=Assessment.objects.select_related("updated_by"),
            )
        )
    )
    return render(request, "assessments/dashboard.html", presenters.dashboard_context(memberships))


@require_http_methods(["GET", "HEAD", "POST"])
def organisation_members(request: HttpRequest, organisation_id: int) -> HttpResponse:
    membership = membership_for(user=request.user, organisation_id=organisation_id)
    organisation = membership.organisation
    form = None
    if membership.is_lead:
        form = MemberAddForm(request.POST or None, organisation=organisation)
        if request.method == "POST" and form.is_valid():
            services.membership_add(
                organisation=organisation,
                by=membership,
                user=form.user,
                role=form.cleaned_data["role"],
            )
            messages.success(request, f"{form.cleaned_data['email']} has been added")
            return redirect("assessments:members", organisation_id=organisation.pk)
    elif request.method == "POST":
        services.require_lead(membership=membership)
    members = organisation.memberships.select_related("user").order_by("user__email")
    return render(
        request,
        "assessments/members.html",
        {"membership": membership, "organisation": organisation, "members": members, "form": form},
    )


@require_http_methods(["GET", "HEAD", "POST"])
def member_remove(request: HttpRequest, organisation_id: int, membership_id: int) -> HttpResponse:
    membership = membership_for(user=request.user, organisation_id=organisation_id)
    services.require_lead(membership=membership)
    target = get_object_or_404(
        Membership.objects.select_related("user"),
        pk=membership_id,
        organisation_id=organisation_id,
    )
    if request.method == "POST":
        services.membership_remove(membership=target, by=membership)
        messages.success(request, f"{target.user.email} has been removed")
        return redirect("assessments:members", organisation_id=organisation_id)
    return render(
        request,
        "assessments/member_remove.html",
        {"organisation": membership.organisation, "target": target},
    )


@require_http_methods(["GET", "HEAD", "POST"])
def assessment_new(request: HttpRequest, organisation_id: int) -> HttpResponse:
    membership = membership_for(user=request.user, organisation_id=organisation_id)
    form = NewAssessmentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        assessment = services.assessment_create(
            organisation=membership.organisation, user=request.user, **form.cleaned_data
        )
        return redirect(assessment)
    return render(
        request,
        "assessments/new.html",
        {"form": form, "organisation": membership.organisation},
    )


def _questionnaire(assessment: Assessment):
    sections = build_sections(questionnaire_categories())
    answers = {answer.activity_id: answer for answer in assessment.answers.all()}
    progress = section_progress(sections, assessment, assessment.sections.all(), set(answers))
    return sections, answers, progress


@require_safe
def task_list(request: HttpRequest, assessment_id: int) -> HttpResponse:
    access = assessment_for_user(user=request.user, assessment_id=assessment_id)
    _, _, progress = _questionnaire(access.assessment)
    return render(
        request,
        "assessments/task_list.html",
        {
            "access": access,
            "assessment": access.assessment,
            "progress": progress,
            "complete_count": sum(item.progress == "completed" for item in progress),
            "all_complete": all_complete(progress),
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
def section(request: HttpRequest, assessment_id: int, key: str) -> HttpResponse:
    access = assessment_for_user(user=request.user, assessment_id=assessment_id)
    assessment = access.assessment
    sections, answers, progress = _questionnaire(assessment)
    current = next((item for item in progress if item.section.key == key), None)
    if current is None:
        raise Http404("No such section")
    if not assessment.is_draft:
        if request.method == "POST":
            raise services.AssessmentLocked("This assessment has been submitted")
        return redirect("assessments:check", assessment_id=assessment.pk)
    stages = list(catalogue.commissioning_stages())
    later = "save-later" in request.POST
    form = section_form(
        section=current.section,
        assessment=assessment,
        version=current.version,
        stages=stages,
        answers=answers,
        data=request.POST or None,
        require_complete=not later,
    )
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            section_save(
                section=current.section, form=form, assessment=assessment, user=request.user
            )
        except services.SectionConflict as error:
            conflict = presenters.conflict_context(
                error.state, section=current.section, assessment=assessment, stages=stages
            )
            form = presenters.rebind_with_version(form, error.state.version)
        else:
            following = next_section(sections, key)
            if later:
                return redirect(assessment)
            if following is None:
                return redirect("assessments:check", assessment_id=assessment.pk)
            return redirect("assessments:section", assessment_id=assessment.pk, key=following.key)
    return render(
        request,
        presenters.section_template(current.section),
        {
            "access": access,
            "assessment": assessment,
            "section": current.section,
            "form": form,
            "conflict": conflict,
            "stages": stages,
        },
    )


@require_safe
def check_answers(request: HttpRequest, assessment_id: int) -> HttpResponse:
    access = assessment_for_user(user=request.user, assessment_id=assessment_id)
    _, answers, progress = _questionnaire(access.assessment)
    stages = list(catalogue.commissioning_stages())
    return render(
        request,
        "assessments/check_answers.html",
        {
            "access": access,
            "assessment": access.assessment,
            "summaries": presenters.section_summaries(progress, access.assessment, answers, stages),
            "all_complete": all_complete(progress),
        },
    )


@require_POST
def submit(request: HttpRequest, assessment_id: int) -> HttpResponse:
    access = assessment_for_user(user=request.user, assessment_id=assessment_id)
    _, _, progress = _questionnaire(access.assessment)
    services.assessment_submit(
        assessment=access.assessment,
        membership=access.membership,
        user=request.user,
        sections_complete=all_complete(progress),
    )
    messages.success(request, "Assessment submitted")
    return redirect("assessments:results", assessment_id=assessment_id)


@require_POST
def reopen(request: HttpRequest, assessment_id: int) -> HttpResponse:
    access = assessment_for_user(user=request.user, assessment_id=assessment_id)
    services.assessment_reopen(
        assessment=access.assessment, membership=access.membership, user=request.user
    )
    messages.success(request, "Assessment reopened. It is a draft again")
    return redirect(reverse("assessments:task-list", args=[assessment_id]))


@require_safe
def results(request: HttpRequest, assessment_id: int) -> HttpResponse:
    access = assessment_for_user(user=request.user, assessment_id=assessment_id)
    return render(
        request,
        "assessments/results.html",
        {
            "access": access,
            "assessment": access.assessment,
            "fragments": result_cache.results_fragments(access.assessment),
            "action_count": access.assessment.actions.count(),
        },
    )


@require_safe
def export_json(request: HttpRequest, assessment_id: int) -> JsonResponse:
    access = assessment_for_user(user=request.user, assessment_id=assessment_id)
    # A submitted assessment's export comes from the cache (assessments/result_cache.py).
    data = result_cache.assessment_export(access.assessment)
    response = JsonResponse(data, json_dumps_params={"indent": 2, "ensure_ascii": False})
    response["Content-Disposition"] = (
        f'inline; filename="{exports.file_stem(access.assessment)}.json"'
    )
    return response


@require_safe
def export_csv(request: HttpRequest, assessment_id: int) -> HttpResponse:
    access = assessment_for_user(user=request.user, assessment_id=assessment_id)
    body = exports.answers_csv(assessment_result(access.assessment))
    response = HttpResponse(body, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="{exports.file_stem(access.assessment)}-answers.csv"'
    )
    return response
