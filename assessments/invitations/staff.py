"""Staff invite an organisation's involvement lead from Django admin: the way a new
organisation gets its first lead, who then invites everyone else from the members page.
The page sits under the organisation's change page and uses admin's own look."""

from django import forms
from django.contrib import admin, messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse

from ..models import Invitation, Organisation
from . import services


class LeadInvitationForm(forms.Form):
    email = forms.EmailField(
        label="Email address",
        max_length=150,
        help_text="We will email them a link to join as an involvement lead. It works for 7 days",
    )


class InvitationInline(admin.TabularInline):
    """The organisation's invitations, for reading: leads resend and withdraw them."""

    model = Invitation
    fk_name = "organisation"
    fields = ["email", "role", "invited_by", "created_at", "expires_at", "accepted_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    verbose_name_plural = "Invitations"

    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


def invite_lead_view(model_admin: admin.ModelAdmin, request: HttpRequest, organisation_id: int):
    if not model_admin.has_change_permission(request):
        return HttpResponse(status=403)
    organisation = get_object_or_404(Organisation, pk=organisation_id)
    form = LeadInvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.invitation_create_by_staff(
                organisation=organisation,
                user=request.user,
                email=form.cleaned_data["email"],
                link_base=request.build_absolute_uri("/"),
            )
        except services.InvitationRefused as refused:
            form.add_error("email", str(refused))
        else:
            model_admin.message_user(
                request,
                f"An invitation to be an involvement lead of {organisation.name} has been sent "
                f"to {form.cleaned_data['email']}.",
                messages.SUCCESS,
            )
            return redirect("admin:assessments_organisation_change", organisation.pk)
    context = {
        **model_admin.admin_site.each_context(request),
        "title": f"Invite an involvement lead to {organisation.name}",
        "opts": model_admin.model._meta,
        "original": organisation,
        "form": form,
        "change_url": reverse("admin:assessments_organisation_change", args=[organisation.pk]),
    }
    return TemplateResponse(request, "admin/assessments/invite_lead.html", context)
