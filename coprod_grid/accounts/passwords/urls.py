from django.urls import path

from . import views

urlpatterns = [
    path("password-reset/", views.ResetRequestView.as_view(), name="password-reset"),
    path("password-reset/sent/", views.ResetSentView.as_view(), name="password-reset-sent"),
    path("password-reset/done/", views.ResetCompleteView.as_view(), name="password-reset-complete"),
    # Django's view swaps the token for "set-password" at once (the token stays in the
    # session), so the token never reaches a Referer header.
    path(
        "password-reset/<uidb64>/<token>/",
        views.ResetConfirmView.as_view(),
        name="password-reset-confirm",
    ),
    path("account/password/", views.ChangeView.as_view(), name="password-change"),
    path("account/password/changed/", views.ChangeDoneView.as_view(), name="password-change-done"),
]
