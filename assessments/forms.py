"""Forms normalise and validate what people type; they hold no business logic.

Error messages follow the NHS service manual: say what to do, in plain words.
"""

import re
from collections.abc import Sequence

from crispy_forms.helper import FormHelper
from django import forms
from django.contrib.auth import get_user_model

from coprod_grid.crispy_nhsuk import (
    Button,
    ButtonGroup,
    ConditionalCheckboxes,
    Div,
    Field,
    Fieldset,
    Layout,
    Reveal,
)
from coprod_grid.models import Activity, Barrier, CommissioningStage, ServiceArea

from .models import Commitment, Frequency, Membership, Participant
from .services import AboutData, AnswerData, CommitmentData, ServicesData

NOTES_MAX = 2000
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


def nhsuk_helper(*layout) -> FormHelper:
    helper = FormHelper()
    helper.layout = Layout(*layout)
    helper.render_hidden_fields = True
    return helper


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
        max_length=200,
        help_text="For example, Mental health co-production self-assessment",
        error_messages={
            "required": "Enter a title for the assessment",
            "max_length": "Title must be 200 characters or fewer",
        },
    )
    period = forms.CharField(
        label="Period",
        max_length=9,
        help_text="The financial year it covers, for example 2026/27",
        error_messages={"required": "Enter the period, like 2026/27"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = nhsuk_helper(
            Field.text("title", width="two-thirds", label_size="m"),
            Field.text("period", width=10, label_size="m", spellcheck="false"),
            Button.primary("create", "Start the assessment"),
        )

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


class CategorySectionForm(VersionedForm):
    """One Grid category: for each activity, how often, at which stages, and evidence.

    ``require_complete`` is set for "Save and continue"; "Save and come back later"
    accepts unanswered activities but still refuses contradictions.
    """

    def __init__(
        self,
        *args,
        activities: Sequence[Activity],
        stages: Sequence[CommissioningStage],
        require_complete: bool = True,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.activities = list(activities)
        self.require_complete = require_complete
        stage_choices = [(stage.slug, stage.name) for stage in stages]
        self.stage_names = dict(stage_choices)
        for activity in self.activities:
            typical = [stage.name for stage in activity.typical_stages.all()]
            self.fields[self.frequency_name(activity)] = forms.ChoiceField(
                label="How often does your organisation do this?",
                choices=Frequency.choices,
                widget=forms.RadioSelect,
                required=False,
            )
            self.fields[self.stages_name(activity)] = forms.MultipleChoiceField(
                label="At which commissioning stages does this involve experts-by-experience?",
                help_text=(
                    "Only if your organisation does this. "
                    + (f"Usually: {', '.join(typical)}. " if typical else "")
                    + "Select all that apply"
                ),
                choices=stage_choices,
                widget=forms.CheckboxSelectMultiple,
                required=False,
                error_messages={"invalid_choice": "Select commissioning stages from the list"},
            )
            self.fields[self.notes_name(activity)] = forms.CharField(
                label="Evidence or an example (optional)",
                help_text="For example, when you did this and who took part",
                widget=forms.Textarea(attrs={"rows": 3}),
                required=False,
                max_length=NOTES_MAX,
                error_messages={
                    "max_length": "Evidence must be 2,000 characters or fewer",
                },
            )
            self.fields[self.frequency_name(activity)].error_messages["invalid_choice"] = (
                f"Select how often your organisation does this: {activity.name}"
            )
        self.helper = nhsuk_helper(
            *(
                self._activity_layout(number, activity)
                for number, activity in enumerate(self.activities, start=1)
            ),
            section_buttons(),
        )

    def _activity_layout(self, number: int, activity: Activity) -> Fieldset:
        frequency = self.frequency_name(activity)
        return Fieldset(
            f"{number}. {activity.name}",
            Field.radios(frequency, legend_size="s", small=False),
            # Shown with JavaScript only once the activity is practised; without it,
            # always shown, with a hint saying when to use it.
            Div(
                Field.checkboxes(self.stages_name(activity), legend_size="s", small=True),
                css_class="app-stages",
                css_id=f"stages-{activity.slug}",
                data_reveal_for=frequency,
                data_reveal_values="occasional routine",
            ),
            Field.textarea(self.notes_name(activity), rows=3),
            size="m",
            css_id=f"activity-{activity.slug}",
            css_class="app-activity",
        )

    @staticmethod
    def frequency_name(activity: Activity) -> str:
        return f"{activity.slug}-frequency"

    @staticmethod
    def stages_name(activity: Activity) -> str:
        return f"{activity.slug}-stages"

    @staticmethod
    def notes_name(activity: Activity) -> str:
        return f"{activity.slug}-notes"

    def clean(self):
        cleaned = super().clean()
        for activity in self.activities:
            frequency_field = self.frequency_name(activity)
            stages_field = self.stages_name(activity)
            if frequency_field in self.errors:
                continue
            frequency = cleaned.get(frequency_field) or ""
            stages = cleaned.get(stages_field) or []
            if not frequency and (self.require_complete or stages):
                self.add_error(
                    frequency_field,
                    f"Select how often your organisation does this: {activity.name}",
                )
            elif frequency == Frequency.NONE and stages:
                self.add_error(
                    stages_field,
                    "Commissioning stages can only be selected for an activity you do. "
                    f"Unselect the stages or change how often you do this: {activity.name}",
                )
            cleaned[self.notes_name(activity)] = (
                cleaned.get(self.notes_name(activity)) or ""
            ).strip()
        return cleaned

    def answers(self) -> dict[str, AnswerData | None]:
        result: dict[str, AnswerData | None] = {}
        for activity in self.activities:
            frequency = self.cleaned_data.get(self.frequency_name(activity))
            if not frequency:
                result[activity.slug] = None
                continue
            stages = self.cleaned_data.get(self.stages_name(activity)) or []
            ordered = tuple(slug for slug in self.stage_names if slug in stages)
            result[activity.slug] = AnswerData(
                frequency=frequency,
                stages=ordered if frequency != Frequency.NONE else (),
                notes=self.cleaned_data.get(self.notes_name(activity), ""),
            )
        return result


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
        max_length=NOTES_MAX,
        error_messages={"max_length": "Other services must be 2,000 characters or fewer"},
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
        help_text="Select all that apply. These are the barriers CCGs reported in 2017",
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
        max_length=NOTES_MAX,
        error_messages={"max_length": "Other barriers must be 2,000 characters or fewer"},
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


class MemberAddForm(forms.Form):
    email = forms.EmailField(
        label="Email address",
        help_text="They must already have an account",
        error_messages={
            "required": "Enter the email address of the person to add",
            "invalid": "Enter an email address in the correct format, like name@example.nhs.uk",
        },
    )
    role = forms.ChoiceField(
        label="Role",
        choices=Membership.Role.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select a role"},
    )

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation = organisation

        self.helper = nhsuk_helper(
            Field.text("email", width="two-thirds", autocomplete="off", spellcheck="false"),
            Field.radios("role", legend_size="s"),
            Button.primary("add", "Add member"),
        )

    def clean_email(self):
        email = self.cleaned_data["email"].strip()
        user = get_user_model().objects.filter(email__iexact=email, is_active=True).first()
        if user is None:
            raise forms.ValidationError(
                "There is no account with that email address. Ask an administrator to create one"
            )
        if Membership.objects.filter(user=user, organisation=self.organisation).exists():
            raise forms.ValidationError("That person is already a member of this organisation")
        self.user = user
        return email
