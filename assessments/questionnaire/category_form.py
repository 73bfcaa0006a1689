"""The form of one Grid category's section: for each activity, how often, at which
commissioning stages, and evidence."""

from collections.abc import Sequence

from crispy_forms.utils import TEMPLATE_PACK
from django import forms
from django.template.loader import render_to_string

from coprod_grid.models import Activity, CommissioningStage
from coprod_grid.nhsuk.layout import Div, Field, Fieldset, nhsuk_helper
from coprod_grid.nhsuk.markup import escaped

from ..models import TEXT_MAX_LENGTH, Frequency
from .forms import VersionedForm, section_buttons
from .services import AnswerData

# A draft keeps counting an answer to an activity retired since (questionnaire/sections.py).
RETIRED_HINT = (
    "Retired from the Grid: new assessments no longer ask about this, but your answer "
    "still counts in this one. If you no longer do it, choose 'Not at the moment'"
)


# The impact ledger's entries shown under an activity (assessments/ledger/evidence.py).
EVIDENCE_TEMPLATE = "assessments/section_activity_fieldset.html"


class ActivityFieldset(Fieldset):
    """One activity's question: the pack's fieldset, with a tag beside the legend for an
    activity new since the answers were copied (carry_over), and the activity's ledger
    entries of the assessment's period, when it has any, after its fields.

    Written out as the pack writes its own fieldset (there is one per activity on the
    page); only the rare evidence goes through a template."""

    tag = ""
    # Set by assessments.ledger.evidence.attach_evidence.
    ledger_evidence = None

    def render(self, form, context, template_pack=TEMPLATE_PACK, **kwargs):
        fields = self.get_rendered_fields(form, context, template_pack, **kwargs)
        evidence = ""
        if self.ledger_evidence:
            evidence = render_to_string(
                EVIDENCE_TEMPLATE, {"fieldset": self, "evidence": self.ledger_evidence}
            )
        return self.markup(fields, self.hint_id(), after=evidence + "\n")

    def legend_html(self) -> str:
        if not self.tag:
            return escaped(self.legend)
        return (
            f"{escaped(self.legend)}"
            f' <strong class="nhsuk-tag nhsuk-tag--purple">{escaped(self.tag)}</strong>'
        )


# Something set up once (a charter, a standard, a post) is not done "occasionally": it is
# asked whether it is in place and part of how the organisation works. The answers score
# as the Grid's frequencies do: in place but not used is an isolated episode.
ONE_OFF_LABEL = "Is this in place, and is it part of how you work?"
ONE_OFF_CHOICES = [
    (Frequency.NONE, "No, not yet"),
    (Frequency.OCCASIONAL, "Yes, but it is not yet part of how we work"),
    (Frequency.ROUTINE, "Yes, and it is part of how we normally work"),
]
RECURRING_LABEL = "How often does your organisation do this?"


def activity_legend(number: int, activity: Activity) -> str:
    """The question people answer; the 2017 report's wording where none is written."""
    return f"{number}. {activity.question or activity.name}"


def activity_hint(activity: Activity, carried_from: str = "") -> str | None:
    parts = []
    if carried_from:
        parts.append(f"From {carried_from} – check this is still true.")
    if activity.question:
        parts.append(f"On the 2017 Grid: “{activity.name}”.")
    if not activity.is_active:
        parts.append(RETIRED_HINT + ".")
    return " ".join(parts) or None


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
        carried_from: str = "",
        copied_ids: frozenset[int] = frozenset(),
        new_ids: frozenset[int] = frozenset(),
        **kwargs,
    ):
        """``carried_from`` is the period whose answers the section still holds
        unchecked: ``copied_ids`` are the activities answered then, ``new_ids`` those
        new to the Grid since."""
        super().__init__(*args, **kwargs)
        self.activities = list(activities)
        self.require_complete = require_complete
        self.carried_from = carried_from
        self.copied_ids = copied_ids
        self.new_ids = new_ids
        stage_choices = [(stage.slug, stage.name) for stage in stages]
        self.stage_names = dict(stage_choices)
        for activity in self.activities:
            typical = [stage.name for stage in activity.typical_stages.all()]
            self.fields[self.frequency_name(activity)] = forms.ChoiceField(
                label=ONE_OFF_LABEL if activity.is_one_off else RECURRING_LABEL,
                choices=ONE_OFF_CHOICES if activity.is_one_off else Frequency.choices,
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
                max_length=TEXT_MAX_LENGTH,
                error_messages={
                    "max_length": f"Evidence must be {TEXT_MAX_LENGTH:,} characters or fewer",
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
        copied = self.carried_from if activity.pk in self.copied_ids else ""
        fieldset = ActivityFieldset(
            activity_legend(number, activity),
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
            hint=activity_hint(activity, copied),
            css_id=f"activity-{activity.slug}",
            css_class="app-activity",
        )
        # A tag beside the question: the activity joined the Grid after the period
        # these answers were copied from, so nobody has answered it before.
        fieldset.tag = f"New since {self.carried_from}" if activity.pk in self.new_ids else ""
        return fieldset

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
