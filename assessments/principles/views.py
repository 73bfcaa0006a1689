"""The principles page: for each principle, the evidence an assessment's answers and its
organisation's ledger give. Every member of the organisation may see it."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from ..access import assessment_for_user
from .evidence import principles_for
from .presenters import framework_cards


@require_safe
def principles(request: HttpRequest, assessment_id: int) -> HttpResponse:
    access = assessment_for_user(user=request.user, assessment_id=assessment_id)
    evidence = principles_for(access.assessment)
    return render(
        request,
        "principles/principles.html",
        {
            "access": access,
            "assessment": access.assessment,
            "organisation": access.assessment.organisation,
            "frameworks": framework_cards(evidence, access.assessment.organisation_id),
            "with_evidence": sum(item.has_evidence for item in evidence),
            "total": len(evidence),
        },
    )
