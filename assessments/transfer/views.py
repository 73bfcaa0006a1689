"""Importing answers from a CSV file: the upload page. A draft takes the commissioners'
answers; a lead may also import one panel member's paper rating, into a draft or a
submitted assessment, since a rating does not change the commissioners' answers."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from coprod_grid import catalogue

from ..access import AssessmentAccess, assessment_for_user, require_lead
from ..questionnaire.services import AssessmentLocked, SectionConflict
from . import imports, panel_import
from .forms import COMMISSIONERS, CONFLICT, PANEL, AnswersImportForm


def _sources(access: AssessmentAccess, wanted: str | None) -> tuple[str, ...]:
    """Whose answers the page offers to import; none when the commissioners' answers are
    locked and the panel's rating was not asked for (the page then explains the lock,
    as it did before the panel existed)."""
    panel = (PANEL,) if access.is_lead else ()
    if access.assessment.is_draft:
        return (COMMISSIONERS, *panel)
    return panel if wanted == PANEL else ()


@require_http_methods(["GET", "HEAD", "POST"])
def import_answers(request: HttpRequest, assessment_id: int) -> HttpResponse:
    access = assessment_for_user(user=request.user, assessment_id=assessment_id)
    assessment = access.assessment
    posted = request.method == "POST"
    wanted = (request.POST if posted else request.GET).get("source")
    if wanted == PANEL:
        # A commissioner is never offered it: asking is a crafted request, not a choice.
        require_lead(membership=access.membership)
    sources = _sources(access, wanted)
    context = {"access": access, "assessment": assessment, "locked": not sources}
    if not sources:
        if posted:
            raise AssessmentLocked("This assessment has been submitted")
        return render(request, "assessments/import.html", context)
    form = AnswersImportForm(
        request.POST if posted else None,
        request.FILES if posted else None,
        template_url=reverse("assessments:export-csv", args=[assessment.pk]),
        sources=sources,
        initial={"source": wanted} if wanted in sources else None,
    )
    if posted and form.is_valid():
        rows = form.cleaned_data["csv_file"]
        try:
            if form.cleaned_data["source"] == PANEL:
                summary = panel_import.panel_rating_import(
                    assessment=assessment, by=access.membership, rows=rows
                )
                destination = reverse("assessments:panel", args=[assessment.pk])
            else:
                summary = imports.answers_import(
                    assessment=assessment, user=request.user, rows=rows
                )
                destination = assessment.get_absolute_url()
        except SectionConflict:
            form.add_error("csv_file", CONFLICT)
        except imports.ImportInvalid as error:  # the catalogue changed since the file was read
            form.add_error("csv_file", error.messages)
        else:
            messages.success(request, summary.message)
            return redirect(destination)
    activities, stages = catalogue.active_activities(), catalogue.commissioning_stages()
    context |= {
        "form": form,
        "activities": activities,
        "stages": stages,
        "offers_panel": PANEL in sources,
        "panel_only": sources == (PANEL,),
    }
    return render(request, "assessments/import.html", context)
