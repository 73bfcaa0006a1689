"""The dashboard and an organisation's members page."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from ..access import membership_for, require_lead
from ..invitations import services as invitations
from ..invitations.forms import InvitationForm
from ..models import Membership
from ..panel.rating import ratings_for
from . import dashboard as dashboards
from . import services


def members_context(membership: Membership, form: InvitationForm) -> dict:
    """Everyone sees the members; a lead also sees open invitations and the form."""
    organisation = membership.organisation
    members = organisation.memberships.select_related("user").order_by("user__email")
    context = {"membership": membership, "organisation": organisation, "members": members}
    if membership.is_lead:
        pending = invitations.invitations_open(organisation=organisation)
        pending = pending.order_by("-created_at", "-pk")
        context |= {"form": form, "invitations": pending, "now": timezone.now()}
    return context


@require_safe
def dashboard(request: HttpRequest) -> HttpResponse:
    memberships = dashboards.dashboard_memberships(request.user)
    context = dashboards.dashboard_context(memberships)
    context["your_ratings"] = ratings_for(request.user)
    return render(request, "assessments/dashboard.html", context)


@require_http_methods(["GET", "HEAD", "POST"])
def organisation_members(request: HttpRequest, organisation_id: int) -> HttpResponse:
    membership = membership_for(user=request.user, organisation_id=organisation_id)
    organisation = membership.organisation
    if request.method == "POST":
        require_lead(membership=membership)
    form = InvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        email, role = form.cleaned_data["email"], form.cleaned_data["role"]
        try:
            invitations.invitation_create(
                organisation=organisation,
                by=membership,
                email=email,
                role=role,
                link_base=request.build_absolute_uri("/"),
            )
        except invitations.InvitationRefused as refused:
            form.add_error("email", str(refused))
        else:
            messages.success(request, f"An invitation has been sent to {email}")
            return redirect("assessments:members", organisation_id=organisation.pk)
    return render(request, "assessments/members.html", members_context(membership, form))


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
