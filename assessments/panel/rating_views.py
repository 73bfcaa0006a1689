"""A panel member's pages: the start page with its task list, each part of the rating,
check and send, withdraw, and the comparison once sent. Each view starts with the
member's own seat (``panel_seat_for``: 404 for anyone else, the organisation's own
people included), calls ``rating.py``, and renders.

Nothing of the commissioners' answers or of other members' ratings reaches a page
before the member has sent their own rating, so that nothing anchors it."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from coprod_grid import catalogue

from ..access import panel_seat_for
from ..questionnaire.presenters import rebind_with_version
from ..questionnaire.sections import Progress
from . import lenses, rating
from .models import PanelMember
from .plain_words import plain_category_intro, plain_category_name
from .rating_forms import RatingPartForm, initial_of

CONFLICT = "You changed this part in another window. Check your answers below and save again."


def _context(seat: PanelMember, **more) -> dict:
    assessment = seat.panel.assessment
    return {
        "member": seat,
        "assessment": assessment,
        "organisation": assessment.organisation,
        "threshold": lenses.THRESHOLD,
        **more,
    }


@require_safe
def rating_start(request: HttpRequest, member_id: int) -> HttpResponse:
    seat = panel_seat_for(user=request.user, member_id=member_id)
    parts = rating.rating_progress(seat)
    context = _context(
        seat,
        parts=parts,
        complete_count=sum(part.status == Progress.COMPLETED for part in parts),
        started=any(part.status != Progress.NOT_STARTED for part in parts),
        contact=rating.rating_contact(seat),
    )
    return render(request, "panel/rating_start.html", context)


def _after_save(seat: PanelMember, key: str, later: bool) -> HttpResponse:
    if later:
        return redirect("assessments:rating", member_id=seat.pk)
    keys = [category.slug for category in rating.rating_categories()]
    following = keys[keys.index(key) + 1] if key in keys[:-1] else None
    if following is None:
        return redirect("assessments:rating-check", member_id=seat.pk)
    return redirect("assessments:rating-section", member_id=seat.pk, key=following)


@require_http_methods(["GET", "HEAD", "POST"])
def rating_section(request: HttpRequest, member_id: int, key: str) -> HttpResponse:
    seat = panel_seat_for(user=request.user, member_id=member_id)
    category = rating.rating_category(key)
    if category is None:
        raise Http404("No such part")
    if seat.has_submitted:
        if request.method == "POST":
            raise rating.RatingLocked("You have sent your rating")
        return redirect("assessments:rating", member_id=seat.pk)
    activities = rating.active_activities(category)
    later = "save-later" in request.POST
    initial = None  # a posted form shows what was typed, not what was saved
    if request.method != "POST":
        initial = {"version": seat.version, **initial_of(rating.rating_answers(seat), activities)}
    form = RatingPartForm(
        request.POST or None,
        initial=initial,
        activities=activities,
        stages=catalogue.commissioning_stages(),
        require_complete=not later,
    )
    conflict = False
    if request.method == "POST" and form.is_valid():
        try:
            rating.rating_save_section(
                member=seat,
                category=category,
                answers=form.answers(),
                version=form.cleaned_data["version"],
            )
        except rating.RatingConflict as error:
            rebind_with_version(form, error.version)
            conflict = True
        else:
            return _after_save(seat, key, later)
    context = _context(
        seat,
        category=category,
        title=plain_category_name(category),
        intro=plain_category_intro(category),
        form=form,
        conflict=CONFLICT if conflict else "",
    )
    return render(request, "panel/rating_section.html", context)


@require_safe
def rating_check(request: HttpRequest, member_id: int) -> HttpResponse:
    seat = panel_seat_for(user=request.user, member_id=member_id)
    answers = rating.rating_answers(seat)
    parts = rating.rating_progress(seat, answers)
    context = _context(
        seat,
        summaries=rating.rating_summaries(seat, parts, answers),
        to_do=rating.parts_to_do(parts),
    )
    return render(request, "panel/rating_check.html", context)


@require_POST
def rating_submit(request: HttpRequest, member_id: int) -> HttpResponse:
    seat = panel_seat_for(user=request.user, member_id=member_id)
    if seat.has_submitted:  # sent already, from another window: nothing to do
        return redirect("assessments:rating-comparison", member_id=seat.pk)
    try:
        rating.rating_submit(member=seat)
    except rating.RatingIncomplete as incomplete:
        messages.error(request, str(incomplete))
        return redirect("assessments:rating-check", member_id=seat.pk)
    messages.success(request, "Thank you. Your rating has been sent")
    return redirect("assessments:rating-comparison", member_id=seat.pk)


@require_http_methods(["GET", "HEAD", "POST"])
def rating_withdraw(request: HttpRequest, member_id: int) -> HttpResponse:
    seat = panel_seat_for(user=request.user, member_id=member_id)
    if request.method == "POST":
        rating.rating_withdraw(member=seat)
        messages.success(
            request, "Your rating has been withdrawn and your answers deleted. You can rate again"
        )
        return redirect("assessments:rating", member_id=seat.pk)
    return render(request, "panel/rating_withdraw.html", _context(seat))


@require_safe
def rating_comparison(request: HttpRequest, member_id: int) -> HttpResponse:
    seat = panel_seat_for(user=request.user, member_id=member_id)
    if not seat.has_submitted:
        return redirect("assessments:rating", member_id=seat.pk)
    context = _context(seat, comparison=rating.rating_comparison(seat))
    return render(request, "panel/rating_comparison.html", context)
