"""Importing answers from a CSV file into a draft: the upload form and its page."""

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import format_html
from django.views.decorators.http import require_http_methods

from coprod_grid.crispy_nhsuk import Button, Field
from coprod_grid.models import Activity, CommissioningStage

from . import imports, services
from .forms import nhsuk_helper
from .selectors import assessment_for_user

CONFLICT = (
    "A colleague changed some answers while the file was being imported, so nothing was "
    "imported. Upload the file again"
)


class AnswersImportForm(forms.Form):
    """One CSV file, checked as a whole: each problem in it becomes one error message."""

    csv_file = forms.FileField(
        label="Upload a CSV file",
        error_messages={
            "required": "Select a CSV file to upload",
            "empty": imports.EMPTY,
            "invalid": "Select a CSV file to upload",
        },
    )

    def __init__(self, *args, template_url: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["csv_file"].help_text = format_html(
            "A header row, then one row for each activity, with the columns activity, "
            "frequency (none, occasional or routine), stages (separated by semicolons) "
            "and notes. Saved as CSV UTF-8, smaller than 1 MB. "
            '<a href="{}">Download your current answers as a CSV file</a> to use as a '
            "template.",
            template_url,
        )
        self.helper = nhsuk_helper(
            Field("csv_file", accept=".csv,text/csv"),
            Button.primary("import", "Import answers"),
        )

    def clean_csv_file(self) -> list[imports.ParsedRow]:
        upload = self.cleaned_data["csv_file"]
        # Checked before reading, so a huge upload is never read into memory.
        if upload.size > imports.MAX_BYTES:
            raise forms.ValidationError(imports.TOO_BIG)
        try:
            return imports.read_answers_file(upload.read())
        except imports.ImportInvalid as error:
            raise forms.ValidationError(error.messages) from None


@require_http_methods(["GET", "HEAD", "POST"])
def import_answers(request: HttpRequest, assessment_id: int) -> HttpResponse:
    access = assessment_for_user(user=request.user, assessment_id=assessment_id)
    assessment = access.assessment
    if not assessment.is_draft:
        if request.method == "POST":
            raise services.AssessmentLocked("This assessment has been submitted")
        return render(
            request,
            "assessments/import.html",
            {"access": access, "assessment": assessment, "locked": True},
        )
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
        except services.SectionConflict:
            form.add_error("csv_file", CONFLICT)
        else:
            messages.success(request, summary.message)
            return redirect(assessment)
    return render(
        request,
        "assessments/import.html",
        {
            "access": access,
            "assessment": assessment,
            "form": form,
            "activities": Activity.objects.active().select_related("category"),
            "stages": CommissioningStage.objects.all(),
        },
    )
