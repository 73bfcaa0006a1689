"""The PDF action report download."""

from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_safe

from ..access import assessment_for_user
from . import context as reports
from .cache import RenderInProgress


@require_safe
def report_pdf(request: HttpRequest, assessment_id: int) -> HttpResponse:
    """Any member (lead or commissioner) may download the report of their organisation's
    assessment; anyone else gets a 404."""
    access = assessment_for_user(user=request.user, assessment_id=assessment_id)
    try:
        pdf = reports.render_report(access.assessment)
    except RenderInProgress:
        # Someone else's render of this very report is taking longer than a request
        # waits: the PDF will be in the cache shortly.
        response = HttpResponse(
            "The report is still being prepared. Try again in a minute.",
            status=503,
            content_type="text/plain; charset=utf-8",
        )
        response["Retry-After"] = "30"
        return response
    response = HttpResponse(pdf, content_type="application/pdf")
    filename = reports.report_filename(access.assessment)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
