"""The form of one part of a panel member's rating: for each activity, how often it
happens, at which stages, and anything they want to add, all in plain words
(``plain_words.py``). Laid out like the commissioners' category form, with the same
reveal of the stages once something is said to happen."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from django import forms

from coprod_grid.models import Activity, CommissioningStage
from coprod_grid.nhsuk.layout import Div, Field, Fieldset, nhsuk_helper

from ..models import TEXT_MAX_LENGTH, Frequency
from ..questionnaire.forms import VersionedForm, section_buttons
from .models import PanelAnswer
from .plain_words import PLAIN_FREQUENCIES, plain_question, plain_stage
from .rating import RatingData

CHOOSE_FREQUENCY = "Select how often this happens"
STAGES_WHEN_NONE = "Remove the stages, or choose Sometimes or Yes"


def initial_of(answers: Mapping[int, PanelAnswer], activities: Sequence[Activity]) -> dict:
    """The form's starting values from what the member saved before."""
    initial = {}
    for activity in activities:
        answer = answers.get(activity.pk)
        if answer is not None:
            initial[RatingPartForm.frequency_name(activity)] = answer.frequency
            initial[RatingPartForm.stages_name(activity)] = list(answer.stages)
            initial[RatingPartForm.comment_name(activity)] = answer.comment
    return initial


class RatingPartForm(VersionedForm):
    """One part of a rating. ``require_complete`` is set for "Save and continue"; "Save
    and come back later" accepts unanswered questions but still refuses contradictions.
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
        self.stage_order = [stage.slug for stage in stages]
        stage_choices = [(stage.slug, plain_stage(stage)) for stage in stages]
        for number, activity in enumerate(self.activities, start=1):
            self.fields[self.frequency_name(activity)] = forms.ChoiceField(
                label="How often does this happen?",
                choices=list(PLAIN_FREQUENCIES.items()),
                widget=forms.RadioSelect,
                required=False,
                error_messages={"invalid_choice": _numbered(CHOOSE_FREQUENCY, number)},
            )
            self.fields[self.stages_name(activity)] = forms.MultipleChoiceField(
                label="At which of these stages are people with lived experience involved?",
                help_text=(
                    "Only if you chose Sometimes or Yes. Select all that apply. "
                    "Leave them all blank if you are not sure"
                ),
                choices=stage_choices,
                widget=forms.CheckboxSelectMultiple,
                required=False,
                error_messages={"invalid_choice": "Select stages from the list"},
            )
            self.fields[self.comment_name(activity)] = forms.CharField(
                label="Anything you want to add? (optional)",
                help_text=(
                    "For example, something you have seen or been part of. "
                    "Do not write your name or anyone else's"
                ),
                widget=forms.Textarea(attrs={"rows": 3}),
                required=False,
                max_length=TEXT_MAX_LENGTH,
                error_messages={
                    "max_length": f"Your comment must be {TEXT_MAX_LENGTH:,} characters or fewer",
                },
            )
        self.helper = nhsuk_helper(
            *(self._layout(number, activity) for number, activity in enumerate(self.activities, 1)),
            section_buttons(),
        )

    def _layout(self, number: int, activity: Activity) -> Fieldset:
        frequency = self.frequency_name(activity)
        return Fieldset(
            f"{number}. {plain_question(activity)}",
            Field.radios(frequency, legend_size="s"),
            # Shown with JavaScript only once it is said to happen (static/js/
            # questionnaire.js); without it, always shown, with a hint saying when.
            Div(
                Field.checkboxes(self.stages_name(activity), legend_size="s", small=True),
                css_class="app-stages",
                css_id=f"stages-{activity.slug}",
                data_reveal_for=frequency,
                data_reveal_values="occasional routine",
            ),
            Field.textarea(self.comment_name(activity), rows=3),
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
    def comment_name(activity: Activity) -> str:
        return f"{activity.slug}-comment"

    def clean(self):
        cleaned = super().clean()
        for number, activity in enumerate(self.activities, start=1):
            frequency_field = self.frequency_name(activity)
            if frequency_field in self.errors:
                continue
            frequency = cleaned.get(frequency_field) or ""
            stages = cleaned.get(self.stages_name(activity)) or []
            if not frequency and (self.require_complete or stages):
                self.add_error(frequency_field, _numbered(CHOOSE_FREQUENCY, number))
            elif frequency == Frequency.NONE and stages:
                self.add_error(self.stages_name(activity), _numbered(STAGES_WHEN_NONE, number))
            comment = self.comment_name(activity)
            cleaned[comment] = (cleaned.get(comment) or "").strip()
        return cleaned

    def answers(self) -> dict[str, RatingData]:
        """What to save: activity slug to (frequency, stages, comment), or None."""
        result: dict[str, RatingData] = {}
        for activity in self.activities:
            frequency = self.cleaned_data.get(self.frequency_name(activity)) or ""
            if not frequency:
                result[activity.slug] = None
                continue
            stages = self.cleaned_data.get(self.stages_name(activity)) or []
            result[activity.slug] = (
                frequency,
                tuple(slug for slug in self.stage_order if slug in stages),
                self.cleaned_data.get(self.comment_name(activity), ""),
            )
        return result


def _numbered(message: str, number: int) -> str:
    # A part asks up to eight questions: the number tells the error summary's lines apart.
    return f"{message} (question {number})"
