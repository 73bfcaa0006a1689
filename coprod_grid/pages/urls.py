from django.urls import path

from . import views

urlpatterns = [
    path("grid/", views.grid, name="grid"),
    path("grid/categories/<slug:slug>/", views.category, name="grid-category"),
    path("how-the-score-works/", views.how_the_score_works, name="how-the-score-works"),
    path("accessibility/", views.accessibility_statement, name="accessibility"),
    path("privacy/", views.privacy_notice, name="privacy"),
    path("healthz", views.healthz, name="healthz"),
    path("errors/request-too-large/", views.request_too_large, name="request-too-large"),
]
