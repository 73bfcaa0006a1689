"""Writes of the action plan. Actions stay editable after submission (the plan lives
on), and each carries a version, so two people editing one action never silently
overwrite each other."""

from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from ..access import require_lead
from ..models import Action, Assessment, Membership
from ..questionnaire.services import validated

MAX_ACTIONS = 100
"""The most actions one assessment's plan may hold. A Board's action plan of more than a
hundred items is not a plan: nobody can own, fund or report progress on that many, and
the national data's busiest plans have a few dozen. It also bounds the PDF report, whose
layout time grows with the plan: 100 actions of 1,000 characters render in about
5 s of CPU, 116 pages at print sizes (issues 14 and 15), well inside the 30 s worker
timeout."""


class ActionLimitReached(Exception):
    """The plan already holds ``MAX_ACTIONS`` actions."""

    message = (
        f"This plan already has {MAX_ACTIONS} actions. Mark some done and remove them, "
        "or combine them, before adding another"
    )

    def __init__(self):
        super().__init__(self.message)


def plan_is_full(assessment: Assessment) -> bool:
    return assessment.actions.count() >= MAX_ACTIONS


class ActionConflict(Exception):
    """Someone changed the action after this person opened it."""

    def __init__(self, action):
        super().__init__(f"Action {action.pk} is at version {action.version}")
        self.action = action


@dataclass(frozen=True)
class ActionData:
    description: str
    owner: str = ""
    due_date: object = None
    status: str = "not-started"
    category: object = None
    discussion_point: object = None
    activity: object = None


ACTION_FIELDS = [
    "description",
    "owner",
    "due_date",
    "status",
    "category",
    "discussion_point",
    "activity",
]


@transaction.atomic
def action_create(*, assessment: Assessment, user: AbstractBaseUser, data: ActionData) -> Action:
    """Add an action, unless the plan already holds ``MAX_ACTIONS``: raises
    ``ActionLimitReached``. The assessment's row is locked first, so two people adding
    the hundredth action at once cannot make 101 (on SQLite, writers are serialised)."""
    Assessment.objects.select_for_update().filter(pk=assessment.pk).values_list("pk").first()
    if plan_is_full(assessment):
        raise ActionLimitReached
    action = Action(
        assessment=assessment,
        created_by=user,
        updated_by=user,
        **{name: getattr(data, name) for name in ACTION_FIELDS},
    )
    validated(action, "description", "owner", "status")
    action.save()
    return action


@transaction.atomic
def action_update(
    *, action: Action, user: AbstractBaseUser, expected_version: int, data: ActionData
) -> Action:
    """Actions stay editable after submission: the plan lives on."""
    locked = Action.objects.select_for_update().get(pk=action.pk)
    if locked.version != expected_version:
        raise ActionConflict(locked)
    for name in ACTION_FIELDS:
        setattr(locked, name, getattr(data, name))
    validated(locked, "description", "owner", "status")
    locked.version += 1
    locked.updated_by = user
    locked.save()
    return locked


def action_delete(*, action: Action, membership: Membership) -> None:
    require_lead(membership=membership)
    action._history_user = membership.user
    action.delete()
