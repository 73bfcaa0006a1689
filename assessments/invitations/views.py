"""Resending and withdrawing an invitation (leads, from the members page), and opening
an invitation's link (anyone holding it)."""

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from ..access import membership_for, require_lead
from . import services
from .forms import AcceptForm

BACKEND = "django.contrib.auth.backends.ModelBackend"


def _open_invitation(request: HttpRequest, organisation_id: int, invitation_id: int):
    membership = membership_for(user=request.user, organisation_id=organisation_id)
    require_lead(membership=membership)
    organisation = membership.organisation
    queryset = services.invitations_open(organisation=organisation, panels=True)
    return membership, get_object_or_404(queryset, pk=invitation_id)


def _back_to_list(invitation):
    """A panel invitation is listed on its assessment's panel page, others on the
    members page."""
    if invitation.assessment_id:
        return redirect("assessments:panel", assessment_id=invitation.assessment_id)
    return redirect("assessments:members", organisation_id=invitation.organisation_id)


@require_POST
def invitation_resend(request: HttpRequest, organisation_id: int, invitation_id: int):
    membership, invitation = _open_invitation(request, organisation_id, invitation_id)
    try:
        services.invitation_resend(
            invitation=invitation, by=membership, link_base=request.build_absolute_uri("/")
        )
    except services.InvitationRefused as refused:
        messages.error(request, str(refused))
    else:
        messages.success(request, f"A new invitation has been sent to {invitation.email}")
    return _back_to_list(invitation)


@require_POST
def invitation_withdraw(request: HttpRequest, organisation_id: int, invitation_id: int):
    membership, invitation = _open_invitation(request, organisation_id, invitation_id)
    services.invitation_withdraw(invitation=invitation, by=membership)
    messages.success(request, f"The invitation to {invitation.email} has been withdrawn")
    return _back_to_list(invitation)


@login_not_required
@require_http_methods(["GET", "HEAD", "POST"])
def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    try:
        invitation = services.invitation_from_link(link_token=token)
        step = services.invitation_step(invitation=invitation, user=request.user)
        form = AcceptForm(request.POST or None, invitation=invitation)
        posted = request.method == "POST"
        if posted and (step == services.CONFIRM or (step == services.NEW and form.is_valid())):
            me = request.user if step == services.CONFIRM else None
            account = form.account if me is None else None
            user = services.invitation_accept(invitation=invitation, user=me, account=account)
            login(request, user, backend=BACKEND)
            return _welcome(request, invitation, user)
    except services.InvitationClosed as closed:
        context = {"reason": closed.reason}
        return render(request, "assessments/invitation_closed.html", context, status=410)
    context = {
        "invitation": invitation,
        "role": services.role_phrase(invitation),
        "step": step,
        "form": form if step == "new" else None,
    }
    return render(request, "assessments/invitation_accept.html", context)


def _welcome(request: HttpRequest, invitation, user) -> HttpResponse:
    organisation = invitation.organisation.name
    if invitation.assessment_id:
        messages.success(request, f"Thank you for joining the panel. Your username is {user}")
        seat = user.panel_seats.get(panel__assessment_id=invitation.assessment_id)
        return redirect("assessments:rating", member_id=seat.pk)
    messages.success(request, f"You have joined {organisation}. Your username is {user}")
    return redirect("assessments:dashboard")
