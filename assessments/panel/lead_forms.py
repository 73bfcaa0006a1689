"""The involvement lead's forms for the panel: inviting a member, choosing the headline
result, and recording an agreed answer. They normalise and check what was typed; the
rules of who may do what are in ``services``."""

from collections.abc import Sequence

from django import forms

from coprod_grid.models import CommissioningStage
from coprod_grid.nhsuk.buttons import Button
from coprod_grid.nhsuk.layout import Field, nhsuk_helper

from ..invitations.forms import InvitationForm
from ..models import TEXT_MAX_LENGTH, Frequency
from .models import Panel
from .services import STAGES_WHEN_NONE


class PanelInvitationForm(InvitationForm):
    """The members page's invitation, email only: everyone invited here joins the panel."""

    role = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = nhsuk_helper(
            Field.text("email", width="two-thirds", autocomplete="off", spellcheck="false"),
            Button.primary("invite", "Send invitation"),
        )


class HeadlineForm(forms.Form):
    headline = forms.ChoiceField(
        label="Which result should the headline show?",
        choices=Panel.Headline.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select which result the headline shows",
            "invalid_choice": "Select which result the headline shows",
        },
    )

    def __init__(self, *args, action: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = nhsuk_helper(
            Field.radios(
                "headline",
                legend_size="s",
                hints={
                    Panel.Headline.COMMISSIONERS: "The commissioners' own answers",
                    Panel.Headline.AGREED: (
                        "The answers agreed with the panel, and the commissioners' answers "
                        "for the rest. Until something is agreed, the commissioners' view "
                        "is shown"
                    ),
                },
            ),
            Button.secondary("save-headline", "Save headline choice"),
        )
        self.helper.form_action = action  # posted to its own URL, from the panel page


class AgreedAnswerForm(forms.Form):
    frequency = forms.ChoiceField(
        label="What was agreed: how often does your organisation do this?",
        choices=Frequency.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select how often you agreed your organisation does this",
            "invalid_choice": "Select how often you agreed your organisation does this",
        },
    )
    stages = forms.MultipleChoiceField(
        label="At which commissioning stages does this involve experts-by-experience?",
        help_text="Only if your organisation does this. Select all that apply",
        widget=forms.CheckboxSelectMultiple,
        required=False,
        error_messages={"invalid_choice": "Select commissioning stages from the list"},
    )
    note = forms.CharField(
        label="Why was this agreed?",
        help_text="For example, what the panel and the commissioners said, and when you met",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=TEXT_MAX_LENGTH,
        error_messages={
            "required": "Enter why this was agreed",
            "max_length": f"Why this was agreed must be {TEXT_MAX_LENGTH:,} characters or fewer",
        },
    )

    def __init__(self, *args, stages: Sequence[CommissioningStage], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["stages"].choices = [(stage.slug, stage.name) for stage in stages]
        self.helper = nhsuk_helper(
            Field.radios("frequency", legend_size="m"),
            Field.checkboxes("stages", legend_size="s", small=True),
            Field.textarea("note", rows=4),
            Button.primary("save", "Save agreed answer"),
        )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("frequency") == Frequency.NONE and cleaned.get("stages"):
            self.add_error("stages", STAGES_WHEN_NONE)
        return cleaned


def agreed_initial(agreed, commissioners) -> dict:
    """The form starts from what was agreed before, else from the commissioners' answer
    (what the discussion starts from), else empty."""
    if agreed is not None:
        return {"frequency": agreed.frequency, "stages": agreed.stages, "note": agreed.note}
    if commissioners is not None:
        return {"frequency": commissioners.frequency, "stages": commissioners.stages}
    return {}
