"""The action form: what, who, by when, how far, and an optional link to the Grid."""

import datetime
from collections.abc import Sequence

from crispy_forms.helper import FormHelper
from django import forms

from coprod_grid.models import Activity, Category, DiscussionPoint
from coprod_grid.nhsuk.buttons import Button, ButtonGroup
from coprod_grid.nhsuk.dates import DateInputField
from coprod_grid.nhsuk.layout import Field, Layout

from ..models import ACTION_TEXT_MAX_LENGTH, SHORT_TEXT_MAX_LENGTH, Action
from .services import ActionData


def link_choices(categories: Sequence[Category]) -> list:
    """One select for the optional link, grouped: categories, discussion points,
    activities. Values are ``category:<slug>``, ``point:<id>`` and ``activity:<slug>``."""
    points = [
        (f"point:{point.pk}", point.text)
        for category in categories
        for point in category.discussion_points.all()
    ]
    activities = [
        (f"activity:{activity.slug}", activity.name)
        for category in categories
        for activity in category.active_activities
    ]
    return [
        ("", "Not linked"),
        ("Categories", [(f"category:{c.slug}", c.name) for c in categories]),
        ("Discussion points", points),
        ("Activities", activities),
    ]


class ActionForm(forms.Form):
    description = forms.CharField(
        label="What will be done?",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=ACTION_TEXT_MAX_LENGTH,
        error_messages={
            "required": "Enter what will be done",
            "max_length": f"The action must be {ACTION_TEXT_MAX_LENGTH:,} characters or fewer",
        },
    )
    owner = forms.CharField(
        label="Who owns it? (optional)",
        help_text="A name or a role, for example Head of Engagement",
        required=False,
        max_length=SHORT_TEXT_MAX_LENGTH,
        error_messages={
            "max_length": f"The owner must be {SHORT_TEXT_MAX_LENGTH} characters or fewer"
        },
    )
    due_date = DateInputField(
        label="When is it due? (optional)",
        help_text="For example, 31 3 2027",
        required=False,
    )
    status = forms.ChoiceField(
        label="Status",
        choices=Action.Status.choices,
        widget=forms.RadioSelect,
        initial=Action.Status.NOT_STARTED,
        error_messages={"required": "Select the action's status"},
    )
    link = forms.ChoiceField(
        label="Link to the Grid (optional)",
        help_text="A category, discussion point or activity this action works on",
        required=False,
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0, required=False)
    confirm_past_due = forms.BooleanField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, categories: Sequence[Category], is_new: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.is_new = is_new
        self.categories = categories
        self.fields["link"].choices = link_choices(categories)
        self.past_due_warning = False
        self.helper = FormHelper()
        self.helper.render_hidden_fields = True
        self.helper.layout = Layout(
            Field.textarea("description", label_size="s"),
            Field.text("owner", width="two-thirds", label_size="s"),
            Field.date("due_date", legend_size="s"),
            Field.radios("status", legend_size="s", small=True),
            Field.select("link", label_size="s"),
            ButtonGroup(Button.primary("save", "Save action")),
        )

    def clean_description(self) -> str:
        return self.cleaned_data["description"].strip()

    def clean_owner(self) -> str:
        return self.cleaned_data["owner"].strip()

    def clean(self):
        cleaned = super().clean()
        due = cleaned.get("due_date")
        past = due is not None and due < datetime.date.today()
        if self.is_new and past and not cleaned.get("confirm_past_due"):
            # A warning, not an error: the person may be recording something overdue.
            # The view asks once; saving again with the same date keeps it.
            self.past_due_warning = True
            data = self.data.copy()
            data["confirm_past_due"] = "True"
            self.data = data
        return cleaned

    def to_data(self) -> ActionData:
        cleaned = self.cleaned_data
        category = point = activity = None
        kind, _, value = (cleaned.get("link") or "").partition(":")
        if kind == "category":
            category = Category.objects.get(slug=value)
        elif kind == "point":
            point = DiscussionPoint.objects.select_related("category").get(pk=int(value))
            category = point.category
        elif kind == "activity":
            activity = Activity.objects.select_related("category").get(slug=value)
            category = activity.category
        return ActionData(
            description=cleaned["description"],
            owner=cleaned["owner"],
            due_date=cleaned.get("due_date"),
            status=cleaned["status"],
            category=category,
            discussion_point=point,
            activity=activity,
        )


def saved_values(action: Action) -> dict:
    """The edit form's initial values: the action as saved, and the version it is at."""
    return {
        "description": action.description,
        "owner": action.owner,
        "due_date": action.due_date,
        "status": action.status,
        "link": link_value(action),
        "version": action.version,
    }


def link_value(action: Action) -> str:
    if action.activity_id:
        return f"activity:{action.activity.slug}"
    if action.discussion_point_id:
        return f"point:{action.discussion_point_id}"
    if action.category_id:
        return f"category:{action.category.slug}"
    return ""
