from django.contrib import admin
from django.http import HttpRequest
from simple_history.admin import SimpleHistoryAdmin

from .models import CoDesignProject, ProjectPhase


class ReadOnlyHistoryAdmin(SimpleHistoryAdmin):
    """For reading, with the history: an organisation's members own these rows, so
    staff neither add, change, delete nor revert them here."""

    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def revert_disabled(self, request: HttpRequest, obj=None) -> bool:
        return True


class PhaseInline(admin.TabularInline):
    model = ProjectPhase
    fields = ["phase", "started_on", "ended_on", "updated_by", "updated_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


@admin.register(CoDesignProject)
class CoDesignProjectAdmin(ReadOnlyHistoryAdmin):
    list_display = ["title", "organisation", "service_area", "finished_at", "deleted_at"]
    list_filter = ["recognised_methodology", "service_area"]
    search_fields = ["title", "organisation__name", "organisation__ods_code"]
    list_select_related = ["organisation", "service_area"]
    inlines = [PhaseInline]

    def get_queryset(self, request: HttpRequest):
        # Deleted projects too: staff reading the record should see everything.
        return CoDesignProject.all_objects.select_related("organisation", "service_area")


@admin.register(ProjectPhase)
class ProjectPhaseAdmin(ReadOnlyHistoryAdmin):
    list_display = ["project", "phase", "started_on", "ended_on"]
    list_filter = ["phase"]
    search_fields = ["project__title", "project__organisation__name"]
    list_select_related = ["project"]
