"""The impact ledger's pages, included by ``assessments/urls.py`` in its namespace."""

from django.urls import path

from . import views

LEDGER = "organisations/<int:organisation_id>/ledger"

urlpatterns = [
    path(f"{LEDGER}/", views.ledger, name="ledger"),
    path(f"{LEDGER}/new/", views.ledger_new, name="ledger-new"),
    path(f"{LEDGER}/<int:entry_id>/", views.ledger_edit, name="ledger-edit"),
    path(f"{LEDGER}/<int:entry_id>/delete/", views.ledger_delete, name="ledger-delete"),
]
