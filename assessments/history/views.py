"""The change history of an assessment and restoring an earlier answer, for the
organisation's involvement leads only."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST, require_safe

from ..access import assessment_for_user, require_lead
from . import services
from .changes import assessment_changes
from .presenters import history_page


@require_safe
def assessment_history(request: HttpRequest, assessment_id: int) -> HttpResponse:
    access = assessment_for_user(user=request.user, assessment_id=assessment_id)
    require_lead(membership=access.membership)
    history = history_page(
        assessment_changes(access.assessment), request.GET.get("page"), request.GET.get("person")
    )
    return render(
        request,
        "assessments/history.html",
        {"access": access, "assessment": access.assessment, "history": history},
    )


@require_POST
def answer_restore(request: HttpRequest, assessment_id: int, history_id: int) -> HttpResponse:
    access = assessment_for_user(user=request.user, assessment_id=assessment_id)
    try:
        answer = services.answer_restore(
            assessment=access.assessment,
            membership=access.membership,
            history_id=history_id,
            user=request.user,
        )
    except services.HistoryNotFound:
        raise Http404("No such version of an answer") from None
    messages.success(request, f"The answer to “{answer.activity.name}” has been put back")
    return redirect("assessments:history", assessment_id=assessment_id)
