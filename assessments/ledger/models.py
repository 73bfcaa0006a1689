"""The impact ledger ("you said, we did"): an organisation's record, across its
assessments, of what people with lived experience said, what it did about it, and
whether that was fed back to them.

An entry's status moves open → acted on or not acted on → fed back. The database holds
the rules that make the figures mean something: acted on is a decision or a service
changed; not acted on says why; fed back says when and what was done.
"""

from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from coprod_grid.models import Activity, CommissioningStage, ServiceArea

from ..codesign.models import CoDesignProject
from ..model_parts import SoftDeletable, history_user, known, person
from ..models import SHORT_TEXT_MAX_LENGTH, TEXT_MAX_LENGTH, Organisation


class Status(models.TextChoices):
    OPEN = "open", "Open"
    ACTED_ON = "acted-on", "Acted on"
    NOT_ACTED_ON = "not-acted-on", "Not acted on"
    FED_BACK = "fed-back", "Fed back"


class Outcome(models.TextChoices):
    DECISION_CHANGED = "decision-changed", "A decision changed"
    SERVICE_CHANGED = "service-changed", "A service changed"
    NOT_CHANGED = "not-changed", "Nothing changed"


class LedgerEntry(SoftDeletable):
    organisation = models.ForeignKey(Organisation, models.PROTECT, related_name="ledger_entries")
    said = models.TextField("what people said", validators=[MaxLengthValidator(TEXT_MAX_LENGTH)])
    # Where it was said: a Grid activity (then it is that activity's evidence), a meeting
    # or other source in words, or both.
    activity = models.ForeignKey(
        Activity, models.PROTECT, null=True, blank=True, related_name="ledger_entries"
    )
    source = models.CharField(
        "meeting or other source", max_length=SHORT_TEXT_MAX_LENGTH, blank=True
    )
    heard_on = models.DateField("when it was said")
    people_count = models.PositiveIntegerField("how many people said it", null=True, blank=True)
    stage = models.ForeignKey(
        CommissioningStage, models.PROTECT, null=True, blank=True, related_name="ledger_entries"
    )
    service_area = models.ForeignKey(
        ServiceArea, models.PROTECT, null=True, blank=True, related_name="ledger_entries"
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OPEN)
    outcome = models.CharField(max_length=20, choices=Outcome.choices, blank=True)
    did = models.TextField(
        "what we did", blank=True, validators=[MaxLengthValidator(TEXT_MAX_LENGTH)]
    )
    reason = models.TextField(
        "why it was not acted on", blank=True, validators=[MaxLengthValidator(TEXT_MAX_LENGTH)]
    )
    fed_back_on = models.DateField("when it was fed back", null=True, blank=True)
    evidence_url = models.URLField("link to evidence", max_length=500, blank=True)
    evidence_note = models.TextField(
        "evidence note", blank=True, validators=[MaxLengthValidator(TEXT_MAX_LENGTH)]
    )
    project = models.ForeignKey(
        CoDesignProject, models.SET_NULL, null=True, blank=True, related_name="ledger_entries"
    )
    version = models.PositiveIntegerField(default=0)
    created_by = person()
    created_at = models.DateTimeField(auto_now_add=True)
    updated_by = person()
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(get_user=history_user)

    class Meta:
        ordering = ["-heard_on", "-pk"]
        verbose_name = "ledger entry"
        verbose_name_plural = "ledger entries"
        indexes = [models.Index(fields=["organisation", "heard_on"])]
        constraints = [
            known("status", Status.values, "ledger_status_known"),
            known("outcome", ["", *Outcome.values], "ledger_outcome_known"),
            models.CheckConstraint(
                condition=~Q(status="open") | Q(outcome=""), name="ledger_open_has_no_outcome"
            ),
            models.CheckConstraint(
                condition=~Q(status="acted-on")
                | Q(outcome__in=["decision-changed", "service-changed"]),
                name="ledger_acted_on_changed_something",
            ),
            models.CheckConstraint(
                condition=~Q(status="not-acted-on") | (Q(outcome="not-changed") & ~Q(reason="")),
                name="ledger_not_acted_on_says_why",
            ),
            models.CheckConstraint(
                condition=~Q(status="fed-back") & Q(fed_back_on__isnull=True)
                | Q(status="fed-back") & Q(fed_back_on__isnull=False) & ~Q(outcome=""),
                name="ledger_fed_back_has_date_and_outcome",
            ),
        ]

    def __str__(self) -> str:
        return self.said[:80]

    @property
    def is_fed_back(self) -> bool:
        return self.status == Status.FED_BACK

    @property
    def changed_something(self) -> bool:
        return self.outcome in (Outcome.DECISION_CHANGED, Outcome.SERVICE_CHANGED)
