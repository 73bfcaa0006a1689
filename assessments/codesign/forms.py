"""The co-design forms: a project, one of its phases, and finishing it. They normalise
and check what was typed; the order of the phases is the service's to check."""

from __future__ import annotations

from django import forms

from coprod_grid.catalogue import commissioning_stages
from coprod_grid.models import ServiceArea
from coprod_grid.nhsuk.buttons import Button, ButtonGroup
from coprod_grid.nhsuk.dates import DateInputField
from coprod_grid.nhsuk.layout import Field, Fieldset, nhsuk_helper

from ..models import SHORT_TEXT_MAX_LENGTH, TEXT_MAX_LENGTH, Assessment
from .models import CoDesignProject, ProjectPhase
from .phases import Phase
from .services import ProjectData

MAX_COUNT = 9999

YES_NO = [("yes", "Yes"), ("no", "No")]


def _yes(value: str) -> bool:
    return value == "yes"


def _count(label: str, noun: str) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        required=False,
        min_value=0,
        max_value=MAX_COUNT,
        error_messages={
            "invalid": f"Enter the number of {noun} as a whole number, like 4",
            "min_value": f"The number of {noun} must be 0 or more",
            "max_value": f"The number of {noun} must be {MAX_COUNT:,} or fewer",
        },
    )


class ProjectForm(forms.Form):
    title = forms.CharField(
        label="Project title",
        max_length=SHORT_TEXT_MAX_LENGTH,
        error_messages={
            "required": "Enter the project's title",
            "max_length": f"The title must be {SHORT_TEXT_MAX_LENGTH} characters or fewer",
        },
    )
    aim = forms.CharField(
        label="What is the project for? (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=TEXT_MAX_LENGTH,
        error_messages={"max_length": f"The aim must be {TEXT_MAX_LENGTH:,} characters or fewer"},
    )
    service_area = forms.ModelChoiceField(
        label="Service area (optional)",
        queryset=ServiceArea.objects.order_by("order"),
        required=False,
        empty_label="Not set",
        error_messages={"invalid_choice": "Select a service area from the list"},
    )
    recognised_methodology = forms.TypedChoiceField(
        label="Does the project follow a recognised way of working?",
        help_text="For example, experience-based co-design",
        choices=YES_NO,
        coerce=_yes,
        widget=forms.RadioSelect,
        initial="yes",
        error_messages={
            "required": "Select yes if the project follows a recognised way of working"
        },
    )
    commissioning_stages = forms.MultipleChoiceField(
        label="Which commissioning stages did the project inform? (optional)",
        help_text="Select all that apply",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Select commissioning stages from the list"},
    )
    staff_count = _count("Staff", "staff")
    service_user_count = _count("People who use services", "people who use services")
    carer_count = _count("Carers", "carers")
    other_count = _count("Others", "others")
    changes = forms.CharField(
        label="What changed? (optional)",
        help_text="Put each change on its own line. You can add each one to the impact "
        "ledger when you finish the project.",
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=TEXT_MAX_LENGTH,
        error_messages={
            "max_length": f"What changed must be {TEXT_MAX_LENGTH:,} characters or fewer"
        },
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0, required=False)

    def __init__(self, *args, is_new: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["commissioning_stages"].choices = [
            (stage.slug, stage.name) for stage in commissioning_stages()
        ]
        self.helper = nhsuk_helper(
            Field.text("title", width="two-thirds", label_size="s"),
            Field.textarea("aim", label_size="s"),
            Field.select("service_area", label_size="s"),
            Field.radios("recognised_methodology", legend_size="s", inline=True),
            Field.checkboxes("commissioning_stages", legend_size="s", small=True),
            Fieldset(
                "Who took part?",
                *(
                    Field.text(name, width=4, inputmode="numeric")
                    for name in ("staff_count", "service_user_count", "carer_count", "other_count")
                ),
                size="s",
                hint="How many of each. Do not enter names.",
            ),
            Field.textarea("changes", label_size="s"),
            ButtonGroup(Button.primary("save", "Add project" if is_new else "Save project")),
        )

    def clean_title(self) -> str:
        return self.cleaned_data["title"].strip()

    def clean_aim(self) -> str:
        return self.cleaned_data["aim"].strip()

    def clean_changes(self) -> str:
        return self.cleaned_data["changes"].strip()

    def clean(self):
        cleaned = super().clean()
        if "title" in cleaned and not cleaned["title"]:
            self.add_error("title", "Enter the project's title")
        return cleaned

    def to_data(self) -> ProjectData:
        cleaned = self.cleaned_data
        return ProjectData(
            title=cleaned["title"],
            aim=cleaned["aim"],
            service_area=cleaned.get("service_area"),
            recognised_methodology=cleaned["recognised_methodology"],
            commissioning_stages=tuple(cleaned["commissioning_stages"]),
            staff_count=cleaned.get("staff_count") or 0,
            service_user_count=cleaned.get("service_user_count") or 0,
            carer_count=cleaned.get("carer_count") or 0,
            other_count=cleaned.get("other_count") or 0,
            changes=cleaned["changes"],
        )


def saved_values(project: CoDesignProject) -> dict:
    """The edit form's initial values: the project as saved, and the version it is at."""
    return {
        "title": project.title,
        "aim": project.aim,
        "service_area": project.service_area_id,
        "recognised_methodology": "yes" if project.recognised_methodology else "no",
        "commissioning_stages": list(project.commissioning_stages),
        "staff_count": project.staff_count,
        "service_user_count": project.service_user_count,
        "carer_count": project.carer_count,
        "other_count": project.other_count,
        "changes": project.changes,
        "version": project.version,
    }


class PhaseForm(forms.Form):
    started_on = DateInputField(
        label="When did this phase start?",
        help_text="For example, 15 9 2026",
        error_messages={"required": "Enter the date this phase started"},
    )
    ended_on = DateInputField(
        label="When did it end? (optional)",
        help_text="Leave this empty if it has not ended yet",
        required=False,
    )
    notes = forms.CharField(
        label="Notes (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=TEXT_MAX_LENGTH,
        error_messages={"max_length": f"The notes must be {TEXT_MAX_LENGTH:,} characters or fewer"},
    )

    def __init__(self, *args, phase: Phase, **kwargs):
        super().__init__(*args, **kwargs)
        if phase.slug == "joint-event":
            self.fields["notes"].label = "What priorities did people raise? (optional)"
            self.fields[
                "notes"
            ].help_text = "When you finish the project, this becomes what people said in the ledger"
        self.helper = nhsuk_helper(
            Field.date("started_on", legend_size="s"),
            Field.date("ended_on", legend_size="s"),
            Field.textarea("notes", label_size="s"),
            ButtonGroup(Button.primary("save", "Save phase")),
        )

    def clean_notes(self) -> str:
        return self.cleaned_data["notes"].strip()


def phase_values(phase: ProjectPhase) -> dict:
    return {"started_on": phase.started_on, "ended_on": phase.ended_on, "notes": phase.notes}


class FinishForm(forms.Form):
    changes_to_ledger = forms.MultipleChoiceField(
        label="Which changes should go into the impact ledger? (optional)",
        help_text="Each one you select becomes a ledger entry marked as acted on",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Select changes from the list"},
    )
    mark_answer = forms.TypedChoiceField(
        choices=YES_NO,
        coerce=_yes,
        widget=forms.RadioSelect,
        error_messages={"required": "Select yes if you want to mark the co-design answer"},
    )

    def __init__(
        self, *args, lines: list[str], draft: Assessment | None, activity_name: str, **kwargs
    ):
        super().__init__(*args, **kwargs)
        layout = []
        if lines:
            self.fields["changes_to_ledger"].choices = [(line, line) for line in lines]
            layout.append(Field.checkboxes("changes_to_ledger", legend_size="s", small=True))
        else:
            del self.fields["changes_to_ledger"]
        if draft is not None:
            self.fields[
                "mark_answer"
            ].label = f"Mark '{activity_name}' as done in {draft.title} ({draft.period})?"
            self.fields["mark_answer"].help_text = (
                "It will be marked as done at least occasionally, at the stages this "
                "project informed"
            )
            layout.append(Field.radios("mark_answer", legend_size="s", inline=True))
        else:
            del self.fields["mark_answer"]
        layout.append(ButtonGroup(Button.primary("finish", "Finish project")))
        self.helper = nhsuk_helper(*layout)

    @property
    def chosen_lines(self) -> list[str]:
        return list(self.cleaned_data.get("changes_to_ledger") or [])

    @property
    def marks_answer(self) -> bool:
        return bool(self.cleaned_data.get("mark_answer"))
