"""The history page's changes: who changed what in an assessment, from what to what.

Reads the historical rows of the assessment, its answers and its actions in one query per
model (plus one per many-to-many field and a few small catalogue look-ups), then diffs
each object's consecutive versions in Python with django-simple-history's
``diff_against``. The number of queries does not grow with the number of changes.
"""

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.apps import apps

from coprod_grid.models import Barrier, CommissioningStage, ServiceArea
from coprod_grid.templatetags.nhs_style import nhs_date, nhs_datetime

from ..actions.services import ACTION_FIELDS
from ..models import Action, Answer, Assessment, Commitment, Frequency, Participant
from ..panel.models import AgreedAnswer, Panel

EMPTY = "Nothing"

ANSWER_FIELDS = ["frequency", "stages", "notes"]
AGREED_FIELDS = ["frequency", "stages", "note"]
PANEL_FIELDS = ["headline", "opened_at"]
ASSESSMENT_FIELDS = [
    "title",
    "period",
    "status",
    "participants",
    "experts_by_experience_count",
    "service_areas_other",
    "commitment",
    "barriers_other",
]
ASSESSMENT_M2M = {"service_areas": "Services co-produced", "barriers": "Barriers"}

LABELS = {
    "frequency": "How often",
    "stages": "Stages",
    "notes": "Notes",
    "note": "Why it was agreed",
    "headline": "The headline shows",
    "opened_at": "Comparison shown to the panel since",
    "description": "Description",
    "owner": "Owner",
    "due_date": "Due date",
    "status": "Status",
    "category": "Category",
    "discussion_point": "Discussion point",
    "activity": "Activity",
    "title": "Title",
    "period": "Period",
    "participants": "Who took part",
    "experts_by_experience_count": "Experts-by-experience taking part",
    "service_areas_other": "Other services",
    "commitment": "Commitment",
    "barriers_other": "Other barriers",
    "deleted_at": "Deleted",
}


@dataclass(frozen=True)
class FieldChange:
    label: str
    old: str
    new: str


@dataclass
class Change:
    """One saved change to one object, as the history page lists it."""

    when: datetime
    history_id: int
    who: str
    kind: str  # "answer", "action", "assessment", "agreed" or "panel"
    subject: str
    verb: str  # "Added", "Changed", "Deleted" or "Restored"
    changes: list[FieldChange] = field(default_factory=list)
    reason: str = ""
    #: Who made it, to show one person's changes (None for a system change).
    who_id: int | None = None

    @property
    def is_answer(self) -> bool:
        return self.kind == "answer"


def person(user) -> str:
    if user is None:
        return "Unknown (a system change)"
    return user.get_full_name() or user.email or user.get_username()


def _text(value: Any) -> str:
    if value in (None, "", [], ()):
        return EMPTY
    if isinstance(value, datetime):
        return nhs_datetime(value)
    if isinstance(value, date):
        return nhs_date(value)
    return str(value)


def _joined(values: Iterable[str]) -> str:
    return ", ".join(values) or EMPTY


class _Display:
    """Turns a stored value into what a person reads (labels, names), from look-ups
    fetched once per page."""

    def __init__(self) -> None:
        self.stages = dict(CommissioningStage.objects.values_list("slug", "name"))
        self.service_areas = dict(ServiceArea.objects.values_list("pk", "name"))
        self.barriers = dict(Barrier.objects.values_list("pk", "name"))
        self.labels: dict[str, dict[str, str]] = {
            "frequency": dict(Frequency.choices),
            "commitment": dict(Commitment.choices),
            "participants": dict(Participant.choices),
            "headline": dict(Panel.Headline.choices),
        }

    def value(self, record, name: str, kind: str) -> str:
        if name in ("category", "discussion_point", "activity"):
            return _text(getattr(record, name))
        value = getattr(record, name)
        if name == "stages":
            return _joined(self.stages.get(slug, slug) for slug in value or [])
        if name == "participants":
            labels = self.labels["participants"]
            return _joined(labels.get(item, item) for item in value or [])
        if name == "status":
            choices = Action.Status if kind == "action" else Assessment.Status
            return dict(choices.choices).get(value, _text(value))
        if name in self.labels:
            return self.labels[name].get(value, _text(value))
        return _text(value)


def _diffs(
    records: Sequence,
    fields: list[str],
    kind: str,
    display: _Display,
    subject: Callable[[Any], str],
    extra: Callable[[Any, Any], list[FieldChange]] | None = None,
) -> list[Change]:
    """``records`` are one model's historical rows ordered by object and then time."""
    changes: list[Change] = []
    previous = None
    for record in records:
        if previous is not None and _object_id(previous) != _object_id(record):
            previous = None
        if record.history_type == "+" or previous is None:
            verb = "Added" if record.history_type == "+" else "Changed"
            rows = [
                FieldChange(LABELS[name], "", display.value(record, name, kind))
                for name in fields
                if getattr(record, name) not in (None, "", [])
            ]
        elif record.history_type == "-":
            verb = "Deleted"
            rows = []
        else:
            verb = "Changed"
            delta = record.diff_against(previous, included_fields=fields)
            rows = [
                FieldChange(
                    LABELS[name],
                    display.value(previous, name, kind),
                    display.value(record, name, kind),
                )
                for name in fields
                if name in delta.changed_fields
            ]
        if extra is not None:
            rows += extra(previous, record)
        reason = record.history_change_reason or ""
        if reason.startswith("Restored"):
            verb = "Restored"
        previous = record
        if not rows and verb == "Changed":
            # Only bookkeeping moved (a submission's scoring snapshot, "last changed").
            continue
        changes.append(
            Change(
                when=record.history_date,
                history_id=record.history_id,
                who=person(record.history_user),
                who_id=record.history_user_id,
                kind=kind,
                subject=subject(record),
                verb=verb,
                changes=rows,
                reason=reason,
            )
        )
    return changes


def _object_id(record) -> Any:
    """Which object a historical row is a version of (a panel's key is its assessment)."""
    return getattr(record, record.instance_type._meta.pk.attname)


def _m2m_sets(model, assessment_id: int, column: str) -> dict[int, frozenset[int]]:
    """Each historical assessment row's set of related ids, in one query."""
    sets: dict[int, set[int]] = defaultdict(set)
    for history_id, related_id in model.objects.filter(history__id=assessment_id).values_list(
        "history_id", column
    ):
        sets[history_id].add(related_id)
    return {key: frozenset(value) for key, value in sets.items()}


def assessment_changes(assessment: Assessment) -> list[Change]:
    """Every recorded change to the assessment, its answers, its actions, its panel's
    settings and the answers agreed with its panel, newest first. (Panel members'
    ratings keep no history: it would record who rated what.)"""
    display = _Display()
    agreed = (
        AgreedAnswer.history.filter(panel_id=assessment.pk)
        .select_related("history_user", "activity")
        .order_by("id", "history_date", "history_id")
    )
    panel = (
        Panel.history.filter(assessment_id=assessment.pk)
        .select_related("history_user")
        .order_by("assessment_id", "history_date", "history_id")
    )
    answers = (
        Answer.history.filter(assessment_id=assessment.pk)
        .select_related("history_user", "activity")
        .order_by("id", "history_date", "history_id")
    )
    actions = (
        Action.history.filter(assessment_id=assessment.pk)
        .select_related("history_user", "category", "discussion_point", "activity")
        .order_by("id", "history_date", "history_id")
    )
    versions = (
        Assessment.history.filter(id=assessment.pk)
        .select_related("history_user")
        .order_by("id", "history_date", "history_id")
    )
    m2m_names = {
        "service_areas": (
            _m2m_sets(
                apps.get_model("assessments", "HistoricalAssessment_service_areas"),
                assessment.pk,
                "servicearea",
            ),
            display.service_areas,
        ),
        "barriers": (
            _m2m_sets(
                apps.get_model("assessments", "HistoricalAssessment_barriers"),
                assessment.pk,
                "barrier",
            ),
            display.barriers,
        ),
    }

    def assessment_extra(previous, record) -> list[FieldChange]:
        """The many-to-many sets and the deletion mark, which ``diff_against`` leaves
        out (it would query twice per version for the first, and skips non-editable
        fields)."""
        rows = []
        was_deleted = previous.deleted_at if previous else None
        if record.deleted_at != was_deleted:
            rows.append(
                FieldChange(LABELS["deleted_at"], _text(was_deleted), _text(record.deleted_at))
            )
        for name, (sets, names) in m2m_names.items():
            new = sets.get(record.history_id, frozenset())
            old = sets.get(previous.history_id, frozenset()) if previous else frozenset()
            if new != old and record.history_type != "-":
                rows.append(
                    FieldChange(
                        ASSESSMENT_M2M[name],
                        _joined(sorted(names.get(pk, str(pk)) for pk in old)) if previous else "",
                        _joined(sorted(names.get(pk, str(pk)) for pk in new)),
                    )
                )
        return rows

    changes = [
        *_diffs(
            answers,
            ANSWER_FIELDS,
            "answer",
            display,
            lambda record: record.activity.name if record.activity else "An activity",
        ),
        *_diffs(
            actions,
            ACTION_FIELDS,
            "action",
            display,
            lambda record: f"Action: {record.description[:80]}",
        ),
        *_diffs(
            agreed,
            AGREED_FIELDS,
            "agreed",
            display,
            lambda record: f"Agreed with the panel: {record.activity.name}",
        ),
        *_diffs(
            panel,
            PANEL_FIELDS,
            "panel",
            display,
            lambda record: "The lived-experience panel",
        ),
        *_diffs(
            versions,
            ASSESSMENT_FIELDS,
            "assessment",
            display,
            lambda record: "The assessment",
            extra=assessment_extra,
        ),
    ]
    changes.sort(key=lambda change: (change.when, change.history_id), reverse=True)
    return changes
