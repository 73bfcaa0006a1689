"""The peer comparison page (every member of the organisation) and the lead's sharing
form. A panel member is not a member of the organisation, so ``membership_for``
answers 404 to them, as to anyone outside it."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST, require_safe

from ..access import membership_for, require_lead
from ..models import Assessment, Membership, SubmittedResult
from . import services
from .chart import peers_chart
from .comparison import comparison_for
from .distribution import PEER_THRESHOLD
from .forms import PeersFilterForm, SharingForm
from .models import PeerSharing

HISTORY_SHOWN = 5


def _periods(organisation_id: int) -> tuple[list[str], str | None]:
    """Every period anyone has submitted for, newest first, and the organisation's
    latest submitted period (the page's default): one query of a row a period."""
    rows = (
        Assessment.objects.filter(status=Assessment.Status.SUBMITTED)
        .order_by()  # else the default ordering's columns make every row distinct
        .values("period")
        .annotate(own=Count("pk", filter=Q(organisation_id=organisation_id)))
        .values_list("period", "own")
    )
    counts = dict(rows)
    periods = sorted(counts, reverse=True)
    own = [period for period, count in counts.items() if count]
    return periods, max(own) if own else (periods[0] if periods else None)


def _own_result(organisation_id: int, period: str) -> SubmittedResult | None:
    return (
        SubmittedResult.objects.filter(
            assessment__organisation_id=organisation_id,
            assessment__period=period,
            assessment__status=Assessment.Status.SUBMITTED,
            assessment__deleted_at__isnull=True,
        )
        .order_by("-assessment__submitted_at", "-assessment_id")
        .first()
    )


def _page(request: HttpRequest, membership: Membership, *, sharing_form=None) -> HttpResponse:
    organisation = membership.organisation
    sharing = (
        PeerSharing.objects.select_related("updated_by").filter(organisation=organisation).first()
    )
    periods, default = _periods(organisation.pk)
    period = request.GET.get("period") if request.GET.get("period") in periods else default
    context = {
        "membership": membership,
        "organisation": organisation,
        "sharing": sharing,
        "threshold": PEER_THRESHOLD,
        "period": period,
        "sharing_form": sharing_form or SharingForm(),
        "history": list(
            PeerSharing.history.filter(organisation_id=organisation.pk)
            .select_related("history_user")
            .order_by("-history_date")[:HISTORY_SHOWN]
        ),
    }
    if period is not None:
        comparison = comparison_for(
            organisation,
            period,
            request.GET.get("kind", "all"),
            sharing=bool(sharing and sharing.shared),
        )
        context["comparison"] = comparison
        context["filter_form"] = PeersFilterForm(
            {"period": period, "kind": comparison.group}, periods=periods, groups=comparison.groups
        )
        if comparison.shown:
            own = _own_result(organisation.pk, period)
            context["own"] = own
            context["chart"] = peers_chart(own, comparison.distribution, period)
    return render(request, "peers/peers.html", context)


@require_safe
def peers(request: HttpRequest, organisation_id: int) -> HttpResponse:
    membership = membership_for(user=request.user, organisation_id=organisation_id)
    return _page(request, membership)


@require_POST
def peers_sharing(request: HttpRequest, organisation_id: int) -> HttpResponse:
    membership = membership_for(user=request.user, organisation_id=organisation_id)
    require_lead(membership=membership)
    form = SharingForm(request.POST)
    if not form.is_valid():
        return _page(request, membership, sharing_form=form)
    shared = form.cleaned_data["shared"]
    services.peer_sharing_set(membership=membership, shared=shared)
    messages.success(
        request,
        "Your organisation now shares its results with its peers"
        if shared
        else "Your organisation no longer shares its results",
    )
    return redirect("assessments:peers", organisation_id=organisation_id)
