"""An activity's ledger entries shown as its evidence on the questionnaire's page.

The category form lays each activity out in an ``ActivityFieldset``
(``questionnaire/category_form.py``), which writes its own markup and passes only itself
to the evidence box's template, so the evidence rides on the fieldset
(``ledger_evidence``), found by the ``activity-<slug>`` id the form gives it."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from django import forms
from django.urls import reverse

from ..models import Assessment
from .models import LedgerEntry
from .summary import entries_by_activity, is_period

SHOWN = 5  # entries quoted under an activity; the count and the link cover the rest
PREFIX = "activity-"


@dataclass(frozen=True)
class ActivityEvidence:
    entries: list[LedgerEntry]
    ledger_url: str
    add_url: str

    @property
    def shown(self) -> list[LedgerEntry]:
        return self.entries[:SHOWN]

    @property
    def more(self) -> int:
        return max(len(self.entries) - SHOWN, 0)


def attach_evidence(form: forms.Form, assessment: Assessment) -> None:
    """Give each activity's fieldset of ``form`` the entries of the assessment's period
    that name it. One query; nothing for a form with no activity fieldsets."""
    layout = getattr(getattr(form, "helper", None), "layout", None)
    fieldsets = {
        fieldset.css_id.removeprefix(PREFIX): fieldset
        for fieldset in (layout.fields if layout else [])
        if (getattr(fieldset, "css_id", None) or "").startswith(PREFIX)
    }
    if not fieldsets or not is_period(assessment.period):
        return
    organisation_id = assessment.organisation_id
    ledger = reverse("assessments:ledger", args=[organisation_id])
    new = reverse("assessments:ledger-new", args=[organisation_id])
    for slug, entries in entries_by_activity(organisation_id, assessment.period).items():
        if slug in fieldsets:
            query = urlencode({"activity": slug, "assessment": assessment.pk})
            fieldsets[slug].ledger_evidence = ActivityEvidence(
                entries=entries,
                ledger_url=f"{ledger}?{urlencode({'period': assessment.period})}",
                add_url=f"{new}?{query}",
            )
