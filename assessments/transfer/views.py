"""Importing answers from a CSV file into a draft: the upload page."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from coprod_grid import catalogue

from ..access import assessment_for_user
from ..questionnaire.services import AssessmentLocked, SectionConflict
from . import imports
from .forms import CONFLICT, AnswersImportForm


@require_http_methods(["GET", "HEAD", "POST"])
def import_answers(request: HttpRequest, assessment_id: int) -> HttpResponse:
    access = assessment_for_user(user=request.user, assessment_id=assessment_id)
    assessment = access.assessment
    context = {"access": access, "assessment": assessment, "locked": not assessment.is_draft}
    if not assessment.is_draft:
        if request.method == "POST":
            raise AssessmentLocked("This assessment has been submitted")
        return render(request, "assessments/import.html", context)
    posted = request.method == "POST"
    form = AnswersImportForm(
        request.POST if posted else None,
        request.FILES if posted else None,
        template_url=reverse("assessments:export-csv", args=[assessment.pk]),
    )
    if posted and form.is_valid():
        try:
            summary = imports.answers_import(
                assessment=assessment, user=request.user, rows=form.cleaned_data["csv_file"]
            )
        except SectionConflict:
            form.add_error("csv_file", CONFLICT)
        else:
            messages.success(request, summary.message)
            return redirect(assessment)
    activities, stages = catalogue.active_activities(), catalogue.commissioning_stages()
    context |= {"form": form, "activities": activities, "stages": stages}
    return render(request, "assessments/import.html", context)
