from django.urls import include, path

from . import views

urlpatterns = [
    path("account/", views.account, name="account"),
    path("", include("coprod_grid.accounts.passwords.urls")),
    path("", include("coprod_grid.accounts.two_factor.urls")),
]
