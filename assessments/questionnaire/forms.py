"""The questionnaire's forms: the new assessment, "About", "Services co-produced" and
"Commitment and barriers" (a category's form is ``category_form.py``). Forms normalise
and validate what people type; they hold no business logic.

Error messages follow the NHS service manual: say what to do, in plain words.
"""

import re

from django import forms

from coprod_grid.models import Barrier, ServiceArea
from coprod_grid.nhsuk.buttons import Button, ButtonGroup
from coprod_grid.nhsuk.layout import ConditionalCheckboxes, Field, Reveal, nhsuk_helper

from ..models import SHORT_TEXT_MAX_LENGTH, TEXT_MAX_LENGTH, Commitment, Participant
from .services import AboutData, CommitmentData, ServicesData

PERIOD_RE = re.compile(r"^(\d{4})\s*[/-]\s*(\d{2})$")


def clean_period(value: str) -> str:
    match = PERIOD_RE.match(value.strip())
    if not match:
        raise forms.ValidationError("Enter the period as a financial year, like 2026/27")
    first, second = int(match[1]), int(match[2])
    if (first + 1) % 100 != second:
        raise forms.ValidationError(
            f"The period must be two years in a row, like {first}/{(first + 1) % 100:02d}"
        )
    if not 2000 <= first <= 2099:
        raise forms.ValidationError("Enter a period between 2000/01 and 2099/00")
    return f"{first}/{second:02d}"


def section_buttons() -> ButtonGroup:
    return ButtonGroup(
        Button.primary("save", "Save and continue"),
        Button.secondary("save-later", "Save and come back later"),
    )


class VersionedForm(forms.Form):
    """Carries the section version the person started from (the optimistic lock)."""

    version = forms.IntegerField(
        widget=forms.HiddenInput,
        min_value=0,
        error_messages={"required": "Reload the page and try again"},
    )


class NewAssessmentForm(forms.Form):
    title = forms.CharField(
        label="Title",
        max_length=SHORT_TEXT_MAX_LENGTH,
        help_text="For example, Mental health co-production self-assessment",
        error_messages={
            "required": "Enter a title for the assessment",
            "max_length": f"Title must be {SHORT_TEXT_MAX_LENGTH} characters or fewer",
        },
    )
    period = forms.CharField(
        label="Period",
        max_length=9,
        help_text="The financial year it covers, for example 2026/27",
        error_messages={"required": "Enter the period, like 2026/27"},
    )

    START_FROM_PREVIOUS = "previous"
    START_BLANK = "blank"

    def __init__(self, *args, previous_period: str = "", **kwargs):
        """``previous_period`` is the period of the submitted assessment the new one may
        start from; without one there is nothing to choose."""
        super().__init__(*args, **kwargs)
        if previous_period:
            self.fields["start_from"] = forms.ChoiceField(
                label="How do you want to start?",
                help_text=(
                    f"If you start from {previous_period}'s answers, check each section "
                    "is still true before you submit"
                ),
                choices=[
                    (self.START_FROM_PREVIOUS, f"Start from {previous_period}'s answers"),
                    (self.START_BLANK, "Start with a blank assessment"),
                ],
                widget=forms.RadioSelect,
                error_messages={
                    "required": (
                        f"Select whether to start from {previous_period}'s answers "
                        "or with a blank assessment"
                    ),
                    "invalid_choice": (
                        f"Select whether to start from {previous_period}'s answers "
                        "or with a blank assessment"
                    ),
                },
            )
        self.helper = nhsuk_helper(
            Field.text("title", width="two-thirds", label_size="m"),
            Field.text("period", width=10, label_size="m", spellcheck="false"),
            *([Field.radios("start_from", legend_size="m")] if previous_period else []),
            Button.primary("create", "Start the assessment"),
        )

    @property
    def starts_from_previous(self) -> bool:
        return self.cleaned_data.get("start_from") == self.START_FROM_PREVIOUS

    def clean_title(self) -> str:
        return self.cleaned_data["title"].strip()

    def clean_period(self) -> str:
        return clean_period(self.cleaned_data["period"])


class AboutForm(VersionedForm, NewAssessmentForm):
    participants = forms.MultipleChoiceField(
        label="Who took part in this assessment?",
        help_text="Select all that apply",
        choices=Participant.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Select who took part in this assessment"},
    )
    experts_by_experience_count = forms.IntegerField(
        label="How many experts-by-experience took part?",
        required=False,
        min_value=1,
        max_value=999,
        error_messages={
            "invalid": "Enter the number of experts-by-experience as a whole number, like 4",
            "min_value": "The number of experts-by-experience must be 1 or more",
            "max_value": "The number of experts-by-experience must be 999 or fewer",
        },
    )

    field_order = ["title", "period", "participants", "experts_by_experience_count", "version"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = nhsuk_helper(
            Field.text("title", width="two-thirds", label_size="m"),
            Field.text("period", width=10, label_size="m", spellcheck="false"),
            ConditionalCheckboxes(
                "participants",
                Reveal(
                    Participant.EXPERTS,
                    Field.text("experts_by_experience_count", width=3, inputmode="numeric"),
                ),
                legend_size="m",
            ),
            section_buttons(),
        )

    def clean(self):
        cleaned = super().clean()
        experts_took_part = Participant.EXPERTS in cleaned.get("participants", [])
        if experts_took_part and cleaned.get("experts_by_experience_count") is None:
            if "experts_by_experience_count" not in self.errors:
                self.add_error(
                    "experts_by_experience_count",
                    "Enter how many experts-by-experience took part",
                )
        elif not experts_took_part:
            cleaned["experts_by_experience_count"] = None
        return cleaned

    def to_data(self) -> AboutData:
        cleaned = self.cleaned_data
        return AboutData(
            title=cleaned["title"],
            period=cleaned["period"],
            participants=tuple(cleaned["participants"]),
            experts_by_experience_count=cleaned["experts_by_experience_count"],
        )


class ServicesForm(VersionedForm):
    service_areas = forms.ModelMultipleChoiceField(
        label="In which services or pathways have you co-produced with experts-by-experience?",
        help_text="Select all that apply",
        queryset=ServiceArea.objects.all(),
        to_field_name="slug",
        widget=forms.CheckboxSelectMultiple,
        required=False,
        error_messages={"invalid_choice": "Select services from the list"},
    )
    other = forms.CharField(
        label="Other services (optional)",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=TEXT_MAX_LENGTH,
        error_messages={
            "max_length": f"Other services must be {TEXT_MAX_LENGTH:,} characters or fewer"
        },
    )
    none_yet = forms.BooleanField(
        label="None yet: we have not co-produced any mental health services",
        required=False,
    )

    def clean(self):
        cleaned = super().clean()
        areas = cleaned.get("service_areas")
        other = (cleaned.get("other") or "").strip()
        cleaned["other"] = other
        if "service_areas" in self.errors:
            return cleaned
        if cleaned.get("none_yet") and (areas or other):
            self.add_error(
                "none_yet", "Select services you have co-produced, or select 'None yet', not both"
            )
        elif not (areas or other or cleaned.get("none_yet")):
            self.add_error(
                "service_areas",
                "Select the services you have co-produced, or select 'None yet'",
            )
        return cleaned

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = nhsuk_helper(
            Field.checkboxes("service_areas", legend_size="m"),
            Field.textarea("other", rows=3),
            Field.checkbox("none_yet"),
            section_buttons(),
        )

    def to_data(self) -> ServicesData:
        return ServicesData(
            service_areas=tuple(self.cleaned_data["service_areas"]),
            other=self.cleaned_data["other"],
            none_yet=self.cleaned_data["none_yet"],
        )


class CommitmentForm(VersionedForm):
    commitment = forms.ChoiceField(
        label="What is your organisation's commitment to co-production?",
        choices=Commitment.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select your organisation's commitment to co-production",
            "invalid_choice": "Select your organisation's commitment to co-production",
        },
    )
    barriers = forms.ModelMultipleChoiceField(
        label="Which of these barriers to involvement does your organisation face?",
        help_text=(
            "Select all that apply. These are the barriers that clinical commissioning "
            "groups (CCGs) named in 2017"
        ),
        queryset=Barrier.objects.prefetch_related("quotes"),
        to_field_name="slug",
        widget=forms.CheckboxSelectMultiple,
        required=False,
        error_messages={"invalid_choice": "Select barriers from the list"},
    )
    other = forms.CharField(
        label="Other barriers (optional)",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=TEXT_MAX_LENGTH,
        error_messages={
            "max_length": f"Other barriers must be {TEXT_MAX_LENGTH:,} characters or fewer"
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        barriers = self.fields["barriers"].queryset
        self.helper = nhsuk_helper(
            Field.radios("commitment", legend_size="m"),
            Field.checkboxes(
                "barriers",
                legend_size="m",
                hints={barrier.slug: _barrier_hint(barrier) for barrier in barriers},
            ),
            Field.textarea("other", rows=3),
            section_buttons(),
        )

    def to_data(self) -> CommitmentData:
        return CommitmentData(
            commitment=self.cleaned_data["commitment"],
            barriers=tuple(self.cleaned_data["barriers"]),
            other=(self.cleaned_data["other"] or "").strip(),
        )


def _barrier_hint(barrier: Barrier) -> str:
    quotes = [f"“{quote.text}”" for quote in barrier.quotes.all()[:3]]
    return "What CCGs said: " + " ".join(quotes) + " (Rethink Mental Illness, 2017)"
