from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from coprod_grid.pages import views
from coprod_grid.pages.forms import SignInForm

urlpatterns = [
    path("", views.start, name="home"),
    path(
        "sign-in/",
        auth_views.LoginView.as_view(
            authentication_form=SignInForm, redirect_authenticated_user=True
        ),
        name="login",
    ),
    path("sign-out/", auth_views.LogoutView.as_view(), name="logout"),
    path("", include("coprod_grid.accounts.urls")),
    path("", include("coprod_grid.pages.urls")),
    path("", include("assessments.urls")),
    path("admin/", admin.site.urls),
]
