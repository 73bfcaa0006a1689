from django import forms

from .comparison import GROUP_NAMES


class PeersFilterForm(forms.Form):
    """The period and group to compare with; both come from the page's own choices."""

    period = forms.ChoiceField(label="Year", required=False)
    kind = forms.ChoiceField(label="Compare with", required=False)

    def __init__(self, data, *, periods: list[str], groups: tuple[str, ...]):
        super().__init__(data)
        self.fields["period"].choices = [(p, p) for p in periods]
        self.fields["kind"].choices = [("all", GROUP_NAMES["all"])] + [
            (group, GROUP_NAMES[group]) for group in groups
        ]


class SharingForm(forms.Form):
    shared = forms.TypedChoiceField(
        choices=[("yes", "Share"), ("no", "Stop sharing")],
        coerce=lambda value: value == "yes",
        error_messages={"required": "Select whether to share your results"},
    )
