"""The annual report's draft: the page and its Word document. Any member of the
organisation may see both, for a draft assessment as for a submitted one (a draft's
report says its figures may change); anyone else gets a 404."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from ..access import assessment_for_user
from ..results.exports import file_stem
from .docx import CONTENT_TYPE, cached_annual_report_docx
from .draft import SOURCES_HEADING, annual_report_draft
from .page import page_sections


def docx_filename(assessment) -> str:
    """``<ODS code>-<period>-annual-report-draft.docx``, the period's slash a hyphen."""
    return f"{file_stem(assessment)}-annual-report-draft.docx"


@require_safe
def annual_report(request: HttpRequest, assessment_id: int) -> HttpResponse:
    access = assessment_for_user(user=request.user, assessment_id=assessment_id)
    draft = annual_report_draft(access.assessment)
    return render(
        request,
        "annual_report/annual_report.html",
        {
            "access": access,
            "assessment": access.assessment,
            "draft": draft,
            "sections": page_sections(draft),
            "sources_heading": SOURCES_HEADING,
            "filename": docx_filename(access.assessment),
        },
    )


@require_safe
def annual_report_docx_download(request: HttpRequest, assessment_id: int) -> HttpResponse:
    access = assessment_for_user(user=request.user, assessment_id=assessment_id)
    body = cached_annual_report_docx(access.assessment)
    response = HttpResponse(body, content_type=CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{docx_filename(access.assessment)}"'
    return response
