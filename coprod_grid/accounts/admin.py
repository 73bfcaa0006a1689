"""The record of account changes in admin: read-only, for staff."""

from django.contrib import admin

from .models import AccountEvent
from .read_only_admin import ReadOnlyAdmin
from .two_factor import admin as two_factor_admin  # noqa: F401  (registers its admin)


@admin.register(AccountEvent)
class AccountEventAdmin(ReadOnlyAdmin):
    list_display = ("at", "user", "kind", "actor")
    list_filter = ("kind",)
    search_fields = ("user__username", "user__email", "actor__username")
    list_select_related = ("user", "actor")
    date_hierarchy = "at"
    readonly_fields = ("user", "kind", "actor", "at")
