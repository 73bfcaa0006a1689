from django.urls import include, path

from .actions import views as actions
from .annual_report import urls as annual_report
from .codesign import urls as codesign
from .costs import urls as costs
from .history import views as history
from .invitations import views as invitations
from .ledger import urls as ledger
from .organisations import views as organisations
from .panel import urls as panel
from .peers import urls as peers
from .principles import urls as principles
from .questionnaire import views as questionnaire
from .reports import views as reports
from .results import views as results
from .transfer import views as transfer

app_name = "assessments"

ASSESSMENT = "assessments/<int:assessment_id>"
ORGANISATION = "organisations/<int:organisation_id>"

urlpatterns = [
    path("dashboard/", organisations.dashboard, name="dashboard"),
    path(f"{ORGANISATION}/members/", organisations.organisation_members, name="members"),
    path(
        f"{ORGANISATION}/members/<int:membership_id>/remove/",
        organisations.member_remove,
        name="member-remove",
    ),
    path(
        f"{ORGANISATION}/invitations/<int:invitation_id>/resend/",
        invitations.invitation_resend,
        name="invitation-resend",
    ),
    path(
        f"{ORGANISATION}/invitations/<int:invitation_id>/withdraw/",
        invitations.invitation_withdraw,
        name="invitation-withdraw",
    ),
    path("invitations/<str:token>/", invitations.invitation_accept, name="invitation-accept"),
    path(f"{ORGANISATION}/assessments/new/", questionnaire.assessment_new, name="new"),
    path(f"{ASSESSMENT}/", questionnaire.task_list, name="task-list"),
    path(f"{ASSESSMENT}/sections/<slug:key>/", questionnaire.section, name="section"),
    path(f"{ASSESSMENT}/check/", questionnaire.check_answers, name="check"),
    path(f"{ASSESSMENT}/submit/", questionnaire.submit, name="submit"),
    path(f"{ASSESSMENT}/reopen/", questionnaire.reopen, name="reopen"),
    path(f"{ASSESSMENT}/delete/", questionnaire.assessment_delete, name="delete"),
    path(f"{ASSESSMENT}/results/", results.results, name="results"),
    path(f"{ASSESSMENT}/export.json", results.export_json, name="export-json"),
    path(f"{ASSESSMENT}/answers.csv", results.export_csv, name="export-csv"),
    path(f"{ASSESSMENT}/board-report.pdf", reports.board_report_pdf, name="board-report-pdf"),
    path(f"{ASSESSMENT}/report.pdf", reports.report_pdf, name="report-pdf"),
    path(f"{ASSESSMENT}/actions/", actions.action_plan, name="actions"),
    path(f"{ASSESSMENT}/actions/new/", actions.action_new, name="action-new"),
    path(f"{ASSESSMENT}/actions/<int:action_id>/", actions.action_edit, name="action-edit"),
    path(
        f"{ASSESSMENT}/actions/<int:action_id>/delete/",
        actions.action_delete,
        name="action-delete",
    ),
    path(f"{ASSESSMENT}/import/", transfer.import_answers, name="import"),
    path(f"{ASSESSMENT}/history/", history.assessment_history, name="history"),
    path(
        f"{ASSESSMENT}/history/<int:history_id>/restore/",
        history.answer_restore,
        name="answer-restore",
    ),
    path("", include(panel)),
    path("", include(peers)),
    path("", include(ledger)),
    path("", include(codesign)),
    path("", include(principles)),
    path("", include(annual_report)),
    path("", include(costs)),
]
