"""The dashboard and an organisation's members page."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_safe

from ..access import membership_for, require_lead
from ..models import Membership
from . import dashboard as dashboards
from . import services
from .forms import MemberAddForm


@require_safe
def dashboard(request: HttpRequest) -> HttpResponse:
    memberships = dashboards.dashboard_memberships(request.user)
    return render(request, "assessments/dashboard.html", dashboards.dashboard_context(memberships))


@require_http_methods(["GET", "HEAD", "POST"])
def organisation_members(request: HttpRequest, organisation_id: int) -> HttpResponse:
    membership = membership_for(user=request.user, organisation_id=organisation_id)
    organisation = membership.organisation
    if request.method == "POST":
        require_lead(membership=membership)
    form = MemberAddForm(request.POST or None, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        role = form.cleaned_data["role"]
        services.membership_add(organisation=organisation, by=membership, user=form.user, role=role)
        messages.success(request, f"{form.cleaned_data['email']} has been added")
        return redirect("assessments:members", organisation_id=organisation.pk)
    members = organisation.memberships.select_related("user").order_by("user__email")
    context = {"membership": membership, "organisation": organisation, "members": members}
    return render(
        request,
        "assessments/members.html",
        {**context, "form": form if membership.is_lead else None},
    )


@require_http_methods(["GET", "HEAD", "POST"])
def member_remove(request: HttpRequest, organisation_id: int, membership_id: int) -> HttpResponse:
    membership = membership_for(user=request.user, organisation_id=organisation_id)
    require_lead(membership=membership)
    target = get_object_or_404(
        Membership.objects.select_related("user"), pk=membership_id, organisation_id=organisation_id
    )
    if request.method == "POST":
        services.membership_remove(membership=target, by=membership)
        messages.success(request, f"{target.user.email} has been removed")
        return redirect("assessments:members", organisation_id=organisation_id)
    return render(
        request,
        "assessments/member_remove.html",
        {"organisation": membership.organisation, "target": target},
    )
