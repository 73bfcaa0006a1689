"""The cost profile's pages, included by ``assessments/urls.py`` in its namespace."""

from django.urls import path

from . import views

ASSESSMENT = "assessments/<int:assessment_id>"

urlpatterns = [
    path(f"{ASSESSMENT}/costs/", views.costs, name="costs"),
    path(
        f"{ASSESSMENT}/costs/<slug:scenario>/<slug:activity>/",
        views.costs_activity,
        name="costs-activity",
    ),
    path(f"{ASSESSMENT}/costs.csv", views.costs_csv, name="costs-csv"),
    path("organisations/<int:organisation_id>/costs/rates/", views.costs_rates, name="costs-rates"),
]
