"""Two-factor sign-in in admin: staff can see who has an authenticator app and turn
two-factor sign-in off for someone who has lost both their phone and their recovery
codes. They then sign in with their password alone, and anyone who must use two-factor
sign-in is asked to set up a new app straight away.

django-otp's own admin pages are replaced: they show each app's secret key (as text
and as a QR code) and every recovery code, and let staff add a device to anyone's
account, which would let whoever holds the key sign in as them. Here nothing secret is
shown, and the only change is turning it off, which is recorded as an ``AccountEvent``
with the staff member as its actor. Imported by ``coprod_grid/accounts/admin.py``.
"""

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from ..read_only_admin import ReadOnlyAdmin
from .devices import two_factor_remove

for model in (TOTPDevice, StaticDevice):
    if admin.site.is_registered(model):
        admin.site.unregister(model)


@admin.register(TOTPDevice)
class AuthenticatorAppAdmin(ReadOnlyAdmin):
    list_display = ("user", "user__email", "confirmed", "created_at", "last_used_at")
    list_filter = ("confirmed",)
    search_fields = ("user__username", "user__email", "user__first_name", "user__last_name")
    list_select_related = ("user",)
    fields = ("user", "confirmed", "created_at", "last_used_at")
    readonly_fields = fields
    actions = ("turn_off_two_factor",)

    def has_remove_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("otp_totp.delete_totpdevice")

    @admin.action(
        description="Turn off two-factor sign-in for the selected people",
        permissions=["remove"],
    )
    def turn_off_two_factor(self, request: HttpRequest, queryset: QuerySet[TOTPDevice]):
        people = {device.user for device in queryset.select_related("user")}
        for person in people:
            two_factor_remove(user=person, actor=request.user)
        names = ", ".join(sorted(str(person) for person in people))
        self.message_user(request, f"Two-factor sign-in is off for {names}", level=messages.SUCCESS)
