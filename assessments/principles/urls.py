"""The principles page, included by ``assessments/urls.py`` in its namespace."""

from django.urls import path

from . import views

urlpatterns = [
    path("assessments/<int:assessment_id>/principles/", views.principles, name="principles"),
]
