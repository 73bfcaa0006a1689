"""The ledger entry form: what people said, where and when, what was done about it and
whether that reached them. Its checks mirror the model's constraints, so a person sees
an NHS-style message, not a database error."""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from crispy_forms.helper import FormHelper
from django import forms

from coprod_grid.models import Activity, CommissioningStage, ServiceArea
from coprod_grid.nhsuk.buttons import Button, ButtonGroup
from coprod_grid.nhsuk.dates import DateInputField
from coprod_grid.nhsuk.layout import Field, Layout

from ..models import SHORT_TEXT_MAX_LENGTH, TEXT_MAX_LENGTH
from .models import LedgerEntry, Outcome, Status

MAX_PEOPLE = 100_000
CHANGED = (Outcome.DECISION_CHANGED, Outcome.SERVICE_CHANGED)

STATUS_HINTS = {
    Status.OPEN: "Nothing has been decided yet",
    Status.ACTED_ON: "A decision or a service changed",
    Status.NOT_ACTED_ON: "Nothing changed, and you can say why",
    Status.FED_BACK: "You told the people who said it what happened",
}


def _text(
    label: str, what: str, *, required: str = "", max_length: int = TEXT_MAX_LENGTH, **kw
) -> forms.CharField:
    messages = {"max_length": f"{what} must be {max_length:,} characters or fewer"}
    if required:
        messages["required"] = required
    return forms.CharField(
        label=label,
        max_length=max_length,
        required=bool(required),
        error_messages=messages,
        **kw,
    )


class EntryForm(forms.Form):
    said = _text(
        "What did people say?",
        "What people said",
        required="Enter what people said",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="In their words if you can. Do not include names",
    )
    activity = forms.ChoiceField(
        label="Which Grid activity was it said in? (optional)",
        help_text="The entry then shows as that activity's evidence",
        required=False,
        error_messages={"invalid_choice": "Select an activity from the list"},
    )
    source = _text(
        "Meeting or other source (optional)",
        "The source",
        max_length=SHORT_TEXT_MAX_LENGTH,
        help_text="For example, the mental health partnership board, 12 May",
    )
    heard_on = DateInputField(
        label="When was it said?",
        help_text="For example, 12 5 2026",
        error_messages={"required": "Enter when it was said"},
    )
    people_count = forms.IntegerField(
        label="How many people said it? (optional)",
        required=False,
        min_value=1,
        max_value=MAX_PEOPLE,
        error_messages={
            "invalid": "Enter how many people said it as a number, like 12",
            "min_value": "The number of people must be 1 or more",
            "max_value": f"The number of people must be {MAX_PEOPLE:,} or fewer",
        },
    )
    stage = forms.ChoiceField(
        label="Commissioning stage (optional)",
        required=False,
        error_messages={"invalid_choice": "Select a commissioning stage from the list"},
    )
    service_area = forms.ChoiceField(
        label="Service area (optional)",
        required=False,
        error_messages={"invalid_choice": "Select a service area from the list"},
    )
    status = forms.ChoiceField(
        label="Where is it now?",
        choices=Status.choices,
        initial=Status.OPEN,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select where it is now",
            "invalid_choice": "Select where it is now",
        },
    )
    outcome = forms.ChoiceField(
        label="What changed? (not needed while it is open)",
        choices=Outcome.choices,
        required=False,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": "Choose what changed"},
    )
    did = _text(
        "What did you do? (optional)",
        "What you did",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="The “we did” part of “you said, we did”",
    )
    reason = _text(
        "Why was it not acted on? (if it was not)",
        "The reason",
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    fed_back_on = DateInputField(
        label="When was it fed back? (if it was)",
        help_text="When you told the people who said it what happened",
        required=False,
    )
    evidence_url = forms.URLField(
        label="Link to evidence (optional)",
        help_text="For example, the minutes or a published report",
        required=False,
        max_length=500,
        assume_scheme="https",
        error_messages={
            "invalid": "Enter a link in the right format, like https://www.example.nhs.uk",
            "max_length": "The link must be 500 characters or fewer",
        },
    )
    evidence_note = _text(
        "Evidence note (optional)",
        "The evidence note",
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0, required=False)

    def __init__(
        self,
        *args,
        activities: Sequence[Activity],
        stages: Sequence[CommissioningStage],
        service_areas: Sequence[ServiceArea],
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.activities = {activity.slug: activity for activity in activities}
        self.stages = {stage.slug: stage for stage in stages}
        self.service_areas = {area.slug: area for area in service_areas}
        self.fields["activity"].choices = [("", "Not linked to an activity")] + [
            (activity.slug, activity.name) for activity in activities
        ]
        self.fields["stage"].choices = [("", "Not set")] + [(s.slug, s.name) for s in stages]
        self.fields["service_area"].choices = [("", "Not set")] + [
            (area.slug, area.name) for area in service_areas
        ]
        self.helper = FormHelper()
        self.helper.render_hidden_fields = True
        self.helper.layout = Layout(
            Field.textarea("said", label_size="s"),
            Field.select("activity", label_size="s"),
            Field.text("source", width="two-thirds", label_size="s"),
            Field.date("heard_on", legend_size="s"),
            Field.text("people_count", width=4, label_size="s"),
            Field.select("stage", label_size="s"),
            Field.select("service_area", label_size="s"),
            Field.radios("status", legend_size="s", hints=STATUS_HINTS),
            Field.radios("outcome", legend_size="s", small=True),
            Field.textarea("did", label_size="s"),
            Field.textarea("reason", label_size="s"),
            Field.date("fed_back_on", legend_size="s"),
            Field.text("evidence_url", label_size="s"),
            Field.textarea("evidence_note", label_size="s"),
            ButtonGroup(Button.primary("save", "Save entry")),
        )

    def clean_said(self) -> str:
        return self.cleaned_data["said"].strip()

    def clean_source(self) -> str:
        return self.cleaned_data["source"].strip()

    def clean_did(self) -> str:
        return self.cleaned_data["did"].strip()

    def clean_reason(self) -> str:
        return self.cleaned_data["reason"].strip()

    def clean_evidence_note(self) -> str:
        return self.cleaned_data["evidence_note"].strip()

    def clean_heard_on(self) -> datetime.date:
        heard_on = self.cleaned_data["heard_on"]
        if heard_on and heard_on > datetime.date.today():
            raise forms.ValidationError("The date it was said must be today or in the past")
        return heard_on

    def clean(self):
        """The model's constraints, one message per field a person can put right."""
        cleaned = super().clean()
        status, outcome = cleaned.get("status"), cleaned.get("outcome", "")
        if status == Status.OPEN and outcome:
            self.add_error("outcome", "Leave what changed empty while it is open")
        if status == Status.ACTED_ON and outcome not in CHANGED:
            self.add_error("outcome", "Choose what changed: a decision or a service")
        if status == Status.NOT_ACTED_ON:
            if not outcome:
                # Not acted on means nothing changed: there is nothing else to choose.
                cleaned["outcome"] = Outcome.NOT_CHANGED
            elif outcome != Outcome.NOT_CHANGED:
                self.add_error("outcome", "Choose nothing changed, or choose acted on")
            if not cleaned.get("reason"):
                self.add_error("reason", "Enter why it was not acted on")
        fed_back_on = cleaned.get("fed_back_on")
        if status == Status.FED_BACK:
            if not outcome:
                self.add_error("outcome", "Choose what changed")
            if fed_back_on is None and "fed_back_on" not in self.errors:
                self.add_error("fed_back_on", "Enter when it was fed back")
        elif status and fed_back_on is not None:
            self.add_error(
                "fed_back_on", "Leave when it was fed back empty, or choose fed back above"
            )
        heard_on = cleaned.get("heard_on")
        if fed_back_on and heard_on and fed_back_on < heard_on:
            self.add_error("fed_back_on", "The date it was fed back must be after it was said")
        return cleaned

    def fields_to_save(self) -> dict:
        cleaned = self.cleaned_data
        return {
            "said": cleaned["said"],
            "activity": self.activities.get(cleaned["activity"]),
            "source": cleaned["source"],
            "heard_on": cleaned["heard_on"],
            "people_count": cleaned["people_count"],
            "stage": self.stages.get(cleaned["stage"]),
            "service_area": self.service_areas.get(cleaned["service_area"]),
            "status": cleaned["status"],
            "outcome": cleaned["outcome"],
            "did": cleaned["did"],
            "reason": cleaned["reason"],
            "fed_back_on": cleaned["fed_back_on"],
            "evidence_url": cleaned["evidence_url"],
            "evidence_note": cleaned["evidence_note"],
        }


def saved_values(entry: LedgerEntry) -> dict:
    """The edit form's initial values: the entry as saved, and the version it is at."""
    return {
        "said": entry.said,
        "activity": entry.activity.slug if entry.activity_id else "",
        "source": entry.source,
        "heard_on": entry.heard_on,
        "people_count": entry.people_count,
        "stage": entry.stage.slug if entry.stage_id else "",
        "service_area": entry.service_area.slug if entry.service_area_id else "",
        "status": entry.status,
        "outcome": entry.outcome,
        "did": entry.did,
        "reason": entry.reason,
        "fed_back_on": entry.fed_back_on,
        "evidence_url": entry.evidence_url,
        "evidence_note": entry.evidence_note,
        "version": entry.version,
    }


def activities_for(active: Sequence[Activity], entry: LedgerEntry | None = None) -> list[Activity]:
    """The active activities, and an entry's own if it has since been retired, so that
    editing the entry does not silently unlink it."""
    activities = list(active)
    if entry is not None and entry.activity_id and entry.activity not in activities:
        activities.append(entry.activity)
    return activities
