from django.urls import path

from . import views

urlpatterns = [
    path("sign-in/code/", views.verify, name="two-factor-verify"),
    path("sign-in/recovery-code/", views.recovery, name="two-factor-recovery"),
    path("account/two-factor/set-up/", views.set_up, name="two-factor-set-up"),
    path(
        "account/two-factor/recovery-codes/",
        views.recovery_codes,
        name="two-factor-recovery-codes",
    ),
    path(
        "account/two-factor/recovery-codes/new/",
        views.recovery_codes_new,
        name="two-factor-recovery-codes-new",
    ),
    path("account/two-factor/remove/", views.remove, name="two-factor-remove"),
]
