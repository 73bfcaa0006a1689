"""Co-design projects: any member adds a project, edits it, records its phases and
finishes it; only a lead deletes one. Another organisation's project, or one that does
not exist, answers 404 the same way (``membership_for``, then the project within the
organisation), before any check of the role."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_safe

from coprod_grid.catalogue import commissioning_stages
from coprod_grid.models import Activity

from ..access import membership_for, require_lead
from ..models import Membership
from ..questionnaire.presenters import rebind_with_version
from . import services
from .forms import FinishForm, PhaseForm, ProjectForm, phase_values, saved_values
from .models import CoDesignProject, ProjectPhase
from .phases import BY_SLUG, PHASES
from .presenters import next_phase, phase_steps
from .summary import participants_of, phase_reached, project_rows

FORM_METHODS = ["GET", "HEAD", "POST"]


def _posted(request: HttpRequest):
    """The form's data on a POST, even an empty one (``request.POST or None`` would
    leave a form posted with nothing unbound, and so without its errors)."""
    return request.POST if request.method == "POST" else None


def _project(membership: Membership, project_id: int) -> CoDesignProject:
    return get_object_or_404(
        CoDesignProject.objects.select_related("service_area", "updated_by", "finished_by"),
        pk=project_id,
        organisation=membership.organisation,
    )


def _phases(project: CoDesignProject) -> list[ProjectPhase]:
    return list(project.phases.order_by("started_on", "pk"))


@require_safe
def projects(request: HttpRequest, organisation_id: int) -> HttpResponse:
    membership = membership_for(user=request.user, organisation_id=organisation_id)
    found = (
        CoDesignProject.objects.filter(organisation=membership.organisation)
        .select_related("service_area")
        .prefetch_related("phases")
    )
    context = {
        "membership": membership,
        "organisation": membership.organisation,
        "rows": project_rows(found),
    }
    return render(request, "codesign/projects.html", context)


@require_http_methods(FORM_METHODS)
def project_new(request: HttpRequest, organisation_id: int) -> HttpResponse:
    membership = membership_for(user=request.user, organisation_id=organisation_id)
    form = ProjectForm(_posted(request), is_new=True)
    if request.method == "POST" and form.is_valid():
        project = services.project_create(membership=membership, data=form.to_data())
        messages.success(request, "Project added. Record its first phase next.")
        return redirect(
            "assessments:project", organisation_id=organisation_id, project_id=project.pk
        )
    context = {"organisation": membership.organisation, "form": form, "project": None}
    return render(request, "codesign/project_form.html", context)


@require_safe
def project(request: HttpRequest, organisation_id: int, project_id: int) -> HttpResponse:
    membership = membership_for(user=request.user, organisation_id=organisation_id)
    found = _project(membership, project_id)
    phases = _phases(found)
    steps = phase_steps(phases)
    context = {
        "membership": membership,
        "organisation": membership.organisation,
        "project": found,
        "steps": steps,
        "next_phase": None if found.is_finished else next_phase(steps),
        "participants": participants_of(found),
        "changes": services.change_lines(found),
        "stage_names": _stage_names(found),
        "can_finish": bool(phases) and not found.is_finished,
    }
    return render(request, "codesign/project.html", context)


def _stage_names(project: CoDesignProject) -> list[str]:
    return [
        stage.name for stage in commissioning_stages() if stage.slug in project.commissioning_stages
    ]


@require_http_methods(FORM_METHODS)
def project_edit(request: HttpRequest, organisation_id: int, project_id: int) -> HttpResponse:
    membership = membership_for(user=request.user, organisation_id=organisation_id)
    found = _project(membership, project_id)
    form = ProjectForm(_posted(request), initial=saved_values(found), is_new=False)
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            services.project_update(
                project=found,
                membership=membership,
                expected_version=form.cleaned_data["version"] or 0,
                data=form.to_data(),
            )
        except services.ProjectConflict as error:
            conflict = error.project
            rebind_with_version(form, conflict.version)
        else:
            messages.success(request, "Project updated")
            return redirect(
                "assessments:project", organisation_id=organisation_id, project_id=found.pk
            )
    context = {
        "organisation": membership.organisation,
        "form": form,
        "project": found,
        "conflict": conflict,
    }
    return render(request, "codesign/project_form.html", context)


@require_http_methods(FORM_METHODS)
def project_phase(
    request: HttpRequest, organisation_id: int, project_id: int, phase: str
) -> HttpResponse:
    membership = membership_for(user=request.user, organisation_id=organisation_id)
    found = _project(membership, project_id)
    if phase not in BY_SLUG:
        raise Http404("No such phase")
    chosen = BY_SLUG[phase]
    phases = {recorded.phase: recorded for recorded in _phases(found)}
    recorded = phases.get(phase)
    before = PHASES[chosen.number - 2] if chosen.number > 1 else None
    form = PhaseForm(
        _posted(request),
        initial=phase_values(recorded) if recorded else None,
        phase=chosen,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.phase_record(
                membership=membership,
                project=found,
                phase_slug=phase,
                started_on=form.cleaned_data["started_on"],
                ended_on=form.cleaned_data["ended_on"],
                notes=form.cleaned_data["notes"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"Phase {chosen.number} saved")
            return redirect(
                "assessments:project", organisation_id=organisation_id, project_id=found.pk
            )
    context = {
        "organisation": membership.organisation,
        "project": found,
        "phase": chosen,
        "recorded": recorded,
        "form": form,
        "waiting_for": before if before and before.slug not in phases else None,
    }
    return render(request, "codesign/phase_form.html", context)


@require_http_methods(FORM_METHODS)
def project_finish(request: HttpRequest, organisation_id: int, project_id: int) -> HttpResponse:
    membership = membership_for(user=request.user, organisation_id=organisation_id)
    found = _project(membership, project_id)
    draft = services.current_draft(organisation_id)
    activity_name = (
        Activity.objects.filter(slug=services.codesign_activity_slug(found))
        .values_list("name", flat=True)
        .first()
        or ""
    )
    lines = services.change_lines(found)
    form = FinishForm(_posted(request), lines=lines, draft=draft, activity_name=activity_name)
    if request.method == "POST" and not found.is_finished and form.is_valid():
        try:
            finished = services.project_finish(
                membership=membership,
                project=found,
                changes_to_ledger=form.chosen_lines,
                mark_answer=form.marks_answer,
            )
        except services.FinishRefused as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _finished_message(finished))
            return redirect(
                "assessments:project", organisation_id=organisation_id, project_id=found.pk
            )
    context = {
        "organisation": membership.organisation,
        "project": found,
        "form": form,
        "draft": draft,
        "activity_name": activity_name,
        "reached": phase_reached(found),
    }
    return render(request, "codesign/finish.html", context)


def _finished_message(finished: services.Finished) -> str:
    sentences = ["Project finished."]
    count = len(finished.entries)
    if count:
        noun = "change" if count == 1 else "changes"
        sentences.append(f"{count} {noun} added to the impact ledger.")
    if finished.assessment is not None:
        sentences.append(f"The co-design answer in {finished.assessment.title} is marked.")
    return " ".join(sentences)


@require_http_methods(FORM_METHODS)
def project_delete(request: HttpRequest, organisation_id: int, project_id: int) -> HttpResponse:
    membership = membership_for(user=request.user, organisation_id=organisation_id)
    found = _project(membership, project_id)
    require_lead(membership=membership)
    if request.method == "POST":
        services.project_delete(project=found, membership=membership)
        messages.success(request, "Project deleted")
        return redirect("assessments:projects", organisation_id=organisation_id)
    return render(
        request,
        "codesign/project_delete.html",
        {"organisation": membership.organisation, "project": found},
    )
