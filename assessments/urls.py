from django.urls import path

from . import action_views, history_views, import_views, report_views, views

app_name = "assessments"

urlpatterns = [
    path("dashboard/", views.dashboard, name="dashboard"),
    path(
        "organisations/<int:organisation_id>/members/",
        views.organisation_members,
        name="members",
    ),
    path(
        "organisations/<int:organisation_id>/members/<int:membership_id>/remove/",
        views.member_remove,
        name="member-remove",
    ),
    path(
        "organisations/<int:organisation_id>/assessments/new/",
        views.assessment_new,
        name="new",
    ),
    path("assessments/<int:assessment_id>/", views.task_list, name="task-list"),
    path(
        "assessments/<int:assessment_id>/sections/<slug:key>/",
        views.section,
        name="section",
    ),
    path("assessments/<int:assessment_id>/check/", views.check_answers, name="check"),
    path("assessments/<int:assessment_id>/submit/", views.submit, name="submit"),
    path("assessments/<int:assessment_id>/reopen/", views.reopen, name="reopen"),
    path("assessments/<int:assessment_id>/results/", views.results, name="results"),
    path("assessments/<int:assessment_id>/actions/", action_views.action_plan, name="actions"),
    path(
        "assessments/<int:assessment_id>/actions/new/", action_views.action_new, name="action-new"
    ),
    path(
        "assessments/<int:assessment_id>/actions/<int:action_id>/",
        action_views.action_edit,
        name="action-edit",
    ),
    path(
        "assessments/<int:assessment_id>/actions/<int:action_id>/delete/",
        action_views.action_delete,
        name="action-delete",
    ),
    path("assessments/<int:assessment_id>/report.pdf", report_views.report_pdf, name="report-pdf"),
    path("assessments/<int:assessment_id>/export.json", views.export_json, name="export-json"),
    path("assessments/<int:assessment_id>/answers.csv", views.export_csv, name="export-csv"),
    path("assessments/<int:assessment_id>/import/", import_views.import_answers, name="import"),
    path(
        "assessments/<int:assessment_id>/history/",
        history_views.assessment_history,
        name="history",
    ),
    path(
        "assessments/<int:assessment_id>/history/<int:history_id>/restore/",
        history_views.answer_restore,
        name="answer-restore",
    ),
    path(
        "assessments/<int:assessment_id>/delete/",
        history_views.assessment_delete,
        name="delete",
    ),
]
