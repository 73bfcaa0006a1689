from django.contrib import admin
from django.http import HttpRequest
from simple_history.admin import SimpleHistoryAdmin

from .models import LedgerEntry


@admin.register(LedgerEntry)
class LedgerEntryAdmin(SimpleHistoryAdmin):
    """Organisations' ledger entries, for reading: only their members write them, in
    the app, where who may change what is checked. Deleted entries are listed too (the
    base manager), so staff can see what was removed and by whom."""

    list_display = ["__str__", "organisation", "heard_on", "status", "outcome", "deleted_at"]
    list_filter = ["status", "outcome", "stage"]
    search_fields = ["organisation__name", "organisation__ods_code"]
    list_select_related = ["organisation"]
    date_hierarchy = "heard_on"

    def get_queryset(self, request: HttpRequest):
        return LedgerEntry.all_objects.select_related("organisation")

    def get_readonly_fields(self, request: HttpRequest, obj=None) -> list[str]:
        return [field.name for field in LedgerEntry._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def revert_disabled(self, request: HttpRequest, obj=None) -> bool:
        return True
