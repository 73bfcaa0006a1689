from django.contrib import admin
from django.http import HttpRequest
from django.urls import path
from simple_history.admin import SimpleHistoryAdmin

from .models import PeerSharing
from .staff import national_view


@admin.register(PeerSharing)
class PeerSharingAdmin(SimpleHistoryAdmin):
    """Which organisations share their results, for reading: only their leads choose.
    The list links to the national picture (``staff.national_view``)."""

    list_display = ["organisation", "shared", "changed_at", "updated_by"]
    list_filter = ["shared"]
    search_fields = ["organisation__name", "organisation__ods_code"]
    readonly_fields = ["organisation", "shared", "changed_at", "updated_by"]
    change_list_template = "peers/admin_change_list.html"

    def get_urls(self):
        own = [
            path(
                "national/",
                self.admin_site.admin_view(lambda request: national_view(self, request)),
                name="peers_peersharing_national",
            )
        ]
        return own + super().get_urls()

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def revert_disabled(self, request: HttpRequest, obj=None) -> bool:
        return True
