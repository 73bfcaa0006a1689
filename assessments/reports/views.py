"""The PDF report downloads: the Board report and the full report, its appendix."""

from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_safe

from ..access import assessment_for_user
from . import context as reports
from .cache import RenderInProgress
from .documents import BOARD_REPORT, FULL_REPORT, Document


def _document_download(request: HttpRequest, assessment_id: int, document: Document):
    """Any member (lead or commissioner) may download their organisation's documents;
    anyone else gets a 404."""
    access = assessment_for_user(user=request.user, assessment_id=assessment_id)
    try:
        pdf, outcome = reports.render_document_with_outcome(access.assessment, document)
    except RenderInProgress:
        # Someone else's render of this very document is taking longer than a request
        # waits: the PDF will be in the cache shortly.
        response = HttpResponse(
            "The report is still being prepared. Try again in a minute.",
            status=503,
            content_type="text/plain; charset=utf-8",
        )
        response["Retry-After"] = "30"
        return response
    response = HttpResponse(pdf, content_type="application/pdf")
    filename = reports.document_filename(access.assessment, document)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    # How this download got its PDF (stored, waited for, rendered): the load test counts
    # the downloads that waited for a render.
    response["X-Report-Render"] = outcome.value
    return response


@require_safe
def report_pdf(request: HttpRequest, assessment_id: int) -> HttpResponse:
    return _document_download(request, assessment_id, FULL_REPORT)


@require_safe
def board_report_pdf(request: HttpRequest, assessment_id: int) -> HttpResponse:
    return _document_download(request, assessment_id, BOARD_REPORT)
