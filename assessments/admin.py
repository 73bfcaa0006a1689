"""Django admin for organisations and their assessments, for the service's staff.

Nothing here deletes a row: an organisation is deleted softly (hidden from its members,
kept with its assessments and history) by the "Delete selected organisations" action,
and assessments are read-only, changed only by their organisation's members.

Their history is for reading only (``ReadOnlyHistoryAdmin``): django-simple-history's
"Revert" saves an old version over every field, read-only ones included, so it would turn
a submitted assessment back into a draft whose answers keep their snapshots, or bring a
deleted assessment or organisation back without the services that do that.
"""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, QuerySet
from django.http import HttpRequest
from django.urls import path, reverse
from django.utils.html import format_html
from simple_history.admin import SimpleHistoryAdmin

from .invitations.staff import InvitationInline, invite_lead_view
from .models import Assessment, Membership, Organisation
from .organisations import services


class ReadOnlyHistoryAdmin(SimpleHistoryAdmin):
    """A history list and each old version to read, with no "Revert".

    simple-history's ``revert_disabled`` (and its ``SIMPLE_HISTORY_REVERT_DISABLED``
    setting) only hides the button: the old version's page still saves a POST. So the
    POST is refused here too."""

    def revert_disabled(self, request: HttpRequest, obj=None) -> bool:
        return True

    def history_form_view(self, request: HttpRequest, object_id, version_id, extra_context=None):
        if request.method not in ("GET", "HEAD"):
            raise PermissionDenied("An old version can be read, not restored")
        return super().history_form_view(request, object_id, version_id, extra_context)


class DeletedListFilter(admin.SimpleListFilter):
    title = "deleted"
    parameter_name = "deleted"

    def lookups(self, request: HttpRequest, model_admin) -> list[tuple[str, str]]:
        return [("no", "Not deleted"), ("yes", "Deleted")]

    def queryset(self, request: HttpRequest, queryset: QuerySet):
        if self.value() == "no":
            return queryset.filter(deleted_at__isnull=True)
        if self.value() == "yes":
            return queryset.filter(deleted_at__isnull=False)
        return queryset


class MembershipInline(admin.TabularInline):
    model = Membership
    fields = ["user", "role", "created_at"]
    readonly_fields = ["created_at"]
    autocomplete_fields = ["user"]
    extra = 0


@admin.register(Organisation)
class OrganisationAdmin(ReadOnlyHistoryAdmin):
    list_display = ["name", "ods_code", "kind", "region", "member_count", "deleted_at"]
    list_filter = [DeletedListFilter, "kind", "region"]
    search_fields = ["name", "ods_code"]
    ordering = ["name"]
    inlines = [MembershipInline, InvitationInline]
    readonly_fields = ["invite_lead", "created_at", "deleted_at", "deleted_by"]
    actions = ["soft_delete", "undelete"]

    def get_urls(self):
        invite = self.admin_site.admin_view(self.invite_lead_page)
        own = [path("<int:organisation_id>/invite-lead/", invite, name="assessments_invite_lead")]
        return own + super().get_urls()

    def invite_lead_page(self, request: HttpRequest, organisation_id: int):
        return invite_lead_view(self, request, organisation_id)

    @admin.display(description="Involvement lead")
    def invite_lead(self, obj: Organisation) -> str:
        if obj.pk is None:
            return "Save the organisation first, then invite its involvement lead by email."
        url = reverse("admin:assessments_invite_lead", args=[obj.pk])
        return format_html('<a href="{}">Invite an involvement lead by email</a>', url)

    def get_queryset(self, request: HttpRequest) -> QuerySet[Organisation]:
        # Staff see deleted organisations too, so they can check and reinstate them.
        return Organisation.all_objects.annotate(num_members=Count("memberships"))

    @admin.display(description="Members", ordering="num_members")
    def member_count(self, obj: Organisation) -> int:
        return obj.num_members

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        # Never a hard delete: assessments, answers and history would go with it.
        return False

    @admin.action(
        description="Delete selected organisations (keeps their history)", permissions=["change"]
    )
    def soft_delete(self, request: HttpRequest, queryset: QuerySet[Organisation]) -> None:
        organisations = list(queryset.filter(deleted_at__isnull=True))
        for organisation in organisations:
            services.organisation_delete(organisation=organisation, user=request.user)
        count = len(organisations)
        self.message_user(
            request,
            f"Deleted {count} organisation{'' if count == 1 else 's'}. Their members no longer "
            "see them; their assessments and history are kept.",
            messages.SUCCESS,
        )

    @admin.action(description="Reinstate selected deleted organisations", permissions=["change"])
    def undelete(self, request: HttpRequest, queryset: QuerySet[Organisation]) -> None:
        organisations = list(queryset.filter(deleted_at__isnull=False))
        for organisation in organisations:
            services.organisation_undelete(organisation=organisation, user=request.user)
        count = len(organisations)
        self.message_user(
            request,
            f"Reinstated {count} organisation{'' if count == 1 else 's'}.",
            messages.SUCCESS,
        )


@admin.register(Assessment)
class AssessmentAdmin(ReadOnlyHistoryAdmin):
    """Read-only: assessments are changed by their organisation's members, through the
    services that keep sections' versions and submission rules."""

    list_display = ["title", "period", "organisation", "status", "updated_at", "deleted_at"]
    list_filter = ["status", DeletedListFilter, "organisation"]
    list_select_related = ["organisation"]
    search_fields = ["title", "period", "organisation__name", "organisation__ods_code"]
    ordering = ["-updated_at", "-pk"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Assessment]:
        return Assessment.all_objects.all()

    def get_readonly_fields(self, request: HttpRequest, obj=None) -> list[str]:
        return [f.name for f in Assessment._meta.get_fields() if f.concrete]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False
