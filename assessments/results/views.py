"""An assessment's results page and its exports (JSON, and the answers as CSV)."""

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from ..access import assessment_for_user
from ..impact.evidence import live_evidence
from ..peers.comparison import peer_summary_for
from . import cache, exports
from .results import assessment_result


@require_safe
def results(request: HttpRequest, assessment_id: int) -> HttpResponse:
    access = assessment_for_user(user=request.user, assessment_id=assessment_id)
    evidence, costs = live_evidence(access.assessment)
    return render(
        request,
        "assessments/results.html",
        {
            "access": access,
            "assessment": access.assessment,
            "fragments": cache.results_fragments(access.assessment),
            "action_count": access.assessment.actions.count(),
            # Outside the cached fragments: they change as other organisations share,
            # as the ledger and projects grow, and as rates and costs are edited.
            **peer_summary_for(access.assessment),
            "evidence": evidence,
            "costs": costs,
        },
    )


@require_safe
def export_json(request: HttpRequest, assessment_id: int) -> JsonResponse:
    access = assessment_for_user(user=request.user, assessment_id=assessment_id)
    # A submitted assessment's export comes from the cache (results/cache.py).
    data = cache.assessment_export(access.assessment)
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
