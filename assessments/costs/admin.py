from django.contrib import admin
from django.http import HttpRequest
from simple_history.admin import SimpleHistoryAdmin

from .models import ActivityCost, CostProfile, ExpertRate, StaffRole, UnitCost


class RateAdmin(SimpleHistoryAdmin):
    """Rates are curated here: a row with no organisation is a default (say where its
    figure comes from and for which year); a row with an organisation replaces the
    default of the same slug for that organisation alone."""

    list_filter = [("organisation", admin.EmptyFieldListFilter), "year"]
    search_fields = ["slug", "name", "organisation__name"]
    list_select_related = ["organisation"]
    autocomplete_fields = ["organisation"]

    def save_model(self, request: HttpRequest, obj, form, change) -> None:
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(StaffRole)
class StaffRoleAdmin(RateAdmin):
    list_display = ["name", "band", "hourly_pence", "organisation", "year"]


@admin.register(ExpertRate)
class ExpertRateAdmin(RateAdmin):
    list_display = ["name", "unit", "amount_pence", "travel_pence", "organisation", "year"]


@admin.register(UnitCost)
class UnitCostAdmin(RateAdmin):
    list_display = ["name", "unit", "amount_pence", "organisation", "year"]


class ActivityCostInline(admin.TabularInline):
    model = ActivityCost
    fields = ["scenario", "activity", "times_a_year"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


@admin.register(CostProfile)
class CostProfileAdmin(SimpleHistoryAdmin):
    """Organisations' cost profiles, for reading: members write them in the app."""

    list_display = ["__str__", "version", "updated_at"]
    search_fields = ["assessment__organisation__name", "assessment__title"]
    list_select_related = ["assessment__organisation"]
    inlines = [ActivityCostInline]

    def get_readonly_fields(self, request: HttpRequest, obj=None) -> list[str]:
        return [field.name for field in CostProfile._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def revert_disabled(self, request: HttpRequest, obj=None) -> bool:
        return True
