"""The organisation's side of an assessment's panel: the panel page (everyone in the
organisation sees how many have joined and rated; the lead invites, opens the comparison
and chooses the headline), the differences between the two views, and the answers the
lead records as agreed. A panel member is not a member of the organisation, so
``assessment_for_user`` answers 404 to them here, as to anyone outside it."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from coprod_grid import catalogue
from coprod_grid.models import Activity

from ..access import AssessmentAccess, assessment_for_user, require_lead
from ..invitations.services import InvitationRefused
from . import lenses, presenters, services
from .cache import lenses_cached
from .lead_forms import AgreedAnswerForm, HeadlineForm, PanelInvitationForm, agreed_initial
from .models import Panel

TEMPLATE = "panel/panel.html"


def _context(access: AssessmentAccess, **extra) -> dict:
    assessment = access.assessment
    return {
        "access": access,
        "assessment": assessment,
        "organisation": assessment.organisation,
        "threshold": lenses.THRESHOLD,
        **extra,
    }


def _panel_page(request, access, *, form=None, headline_form=None) -> HttpResponse:
    status = services.panel_status(access.assessment)
    context = _context(access, status=status)
    if access.is_lead:
        action = reverse("assessments:panel-headline", args=[access.assessment.pk])
        headline = status.panel.headline if status.panel else Panel.Headline.COMMISSIONERS
        context |= {
            "form": form or PanelInvitationForm(),
            "headline_form": headline_form
            or HeadlineForm(initial={"headline": headline}, action=action),
            "now": timezone.now(),
        }
    return render(request, TEMPLATE, context)


def _back_to_panel(assessment_id: int) -> HttpResponse:
    return redirect("assessments:panel", assessment_id=assessment_id)


@require_http_methods(["GET", "HEAD", "POST"])
def panel(request: HttpRequest, assessment_id: int) -> HttpResponse:
    access = assessment_for_user(user=request.user, assessment_id=assessment_id)
    if request.method != "POST":
        return _panel_page(request, access)
    require_lead(membership=access.membership)
    form = PanelInvitationForm(request.POST)
    if form.is_valid():
        email = form.cleaned_data["email"]
        try:
            services.panel_invite(
                assessment=access.assessment,
                by=access.membership,
                email=email,
                link_base=request.build_absolute_uri("/"),
            )
        except InvitationRefused as refused:
            form.add_error("email", str(refused))
        else:
            messages.success(request, f"An invitation to the panel has been sent to {email}")
            return _back_to_panel(assessment_id)
    return _panel_page(request, access, form=form)


@require_POST
def panel_open(request: HttpRequest, assessment_id: int) -> HttpResponse:
    access = assessment_for_user(user=request.user, assessment_id=assessment_id)
    require_lead(membership=access.membership)
    opening = request.POST.get("open") == "yes"
    found = services.panel_for_assessment(access.assessment, user=request.user)
    services.panel_open(panel=found, by=access.membership, open=opening)
    if opening:
        messages.success(request, "Panel members who have rated can now see the comparison")
    else:
        messages.success(request, "Panel members can no longer see the comparison")
    return _back_to_panel(assessment_id)


@require_POST
def panel_headline(request: HttpRequest, assessment_id: int) -> HttpResponse:
    access = assessment_for_user(user=request.user, assessment_id=assessment_id)
    require_lead(membership=access.membership)
    action = reverse("assessments:panel-headline", args=[assessment_id])
    form = HeadlineForm(request.POST, action=action)
    if not form.is_valid():
        return _panel_page(request, access, headline_form=form)
    found = services.panel_for_assessment(access.assessment, user=request.user)
    found = services.panel_headline_set(
        panel=found, by=access.membership, headline=form.cleaned_data["headline"]
    )
    messages.success(request, f"The headline now shows {found.get_headline_display().lower()}")
    return _back_to_panel(assessment_id)


@require_safe
def panel_differences(request: HttpRequest, assessment_id: int) -> HttpResponse:
    access = assessment_for_user(user=request.user, assessment_id=assessment_id)
    found = lenses_cached(access.assessment)
    context = _context(access, lenses=found)
    if found is not None:
        rows = services.difference_rows(found)
        context |= {
            "lens_rows": presenters.lens_rows(found),
            "headline": presenters.headline_phrase(found),
            "rows": rows,
            "also_agreed": services.agreed_elsewhere(found, rows),
        }
    return render(request, "panel/differences.html", context)


def _lead_and_activity(request, assessment_id: int, slug: str, activities):
    """The lead's access, the panel and the activity; 404 before 403, so an outsider
    learns nothing, and 404 for an assessment no one has been invited to rate."""
    access = assessment_for_user(user=request.user, assessment_id=assessment_id)
    require_lead(membership=access.membership)
    found = get_object_or_404(Panel, assessment=access.assessment)
    return access, found, get_object_or_404(activities, slug=slug)


def _to_differences(assessment_id: int, slug: str) -> HttpResponse:
    url = reverse("assessments:panel-differences", args=[assessment_id])
    return redirect(f"{url}#activity-{slug}")


@require_http_methods(["GET", "HEAD", "POST"])
def agreed_answer(request: HttpRequest, assessment_id: int, activity: str) -> HttpResponse:
    access, found, chosen = _lead_and_activity(
        request, assessment_id, activity, Activity.objects.active()
    )
    agreement = services.agreement_context(found, chosen)
    initial = agreed_initial(agreement.agreed, agreement.commissioners)
    stages = catalogue.commissioning_stages()
    form = AgreedAnswerForm(request.POST or None, initial=initial, stages=stages)
    if request.method == "POST" and form.is_valid():
        try:
            services.agreed_answer_save(
                panel=found, by=access.membership, activity=chosen, **form.cleaned_data
            )
        except services.PanelRefused as refused:
            form.add_error(None, str(refused))
        except ValidationError as invalid:
            form.add_error(None, invalid)
        else:
            messages.success(request, f"Agreed answer saved: {chosen.name}")
            return _to_differences(assessment_id, chosen.slug)
    context = _context(access, activity=chosen, agreement=agreement, form=form)
    context["before_both_rated"] = services.BEFORE_BOTH_RATED
    return render(request, "panel/agreed_answer.html", context)


@require_POST
def agreed_answer_remove(request: HttpRequest, assessment_id: int, activity: str) -> HttpResponse:
    # Any activity, a retired one's too: an agreement made before it was retired can go.
    access, found, chosen = _lead_and_activity(
        request, assessment_id, activity, Activity.objects.all()
    )
    if services.agreed_answer_remove(panel=found, by=access.membership, activity=chosen):
        messages.success(request, f"Agreed answer removed: {chosen.name}")
    return _to_differences(assessment_id, chosen.slug)
