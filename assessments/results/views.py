"""An assessment's results page and its exports (JSON, and the answers as CSV)."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from ..access import assessment_for_user
from ..peers.comparison import peer_summary_for
from . import cache, exports
from .results import AnswersWhenNeeded, assessment_result


@require_safe
def results(request: HttpRequest, assessment_id: int) -> HttpResponse:
    access = assessment_for_user(user=request.user, assessment_id=assessment_id)
    # The fragments and the evidence each need the answers on a miss (and a draft's
    # keys always): read once between them.
    answers = AnswersWhenNeeded(access.assessment)
    return render(
        request,
        "assessments/results.html",
        {
            "access": access,
            "assessment": access.assessment,
            "fragments": cache.results_fragments(access.assessment, answers=answers),
            "action_count": access.assessment.actions.count(),
            # Each cached by what it reads, apart from the fragments: the peers change as
            # other organisations share, the evidence and costs as the ledger, projects,
            # rates and cost lines do.
            **peer_summary_for(access.assessment),
            "evidence_fragment": cache.evidence_fragment(access.assessment, answers=answers),
        },
    )


@require_safe
def export_json(request: HttpRequest, assessment_id: int) -> HttpResponse:
    access = assessment_for_user(user=request.user, assessment_id=assessment_id)
    # A submitted assessment's export comes from the cache as its text (results/cache.py).
    body = cache.assessment_export_body(access.assessment)
    response = HttpResponse(body, content_type="application/json")
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
