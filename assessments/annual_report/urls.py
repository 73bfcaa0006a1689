"""The annual report's draft, included by ``assessments/urls.py`` in its namespace."""

from django.urls import path

from . import views

ASSESSMENT = "assessments/<int:assessment_id>"

urlpatterns = [
    path(f"{ASSESSMENT}/annual-report/", views.annual_report, name="annual-report"),
    path(
        f"{ASSESSMENT}/annual-report.docx",
        views.annual_report_docx_download,
        name="annual-report-docx",
    ),
]
