"""Writes of the action plan. Actions stay editable after submission (the plan lives
on), and each carries a version, so two people editing one action never silently
overwrite each other."""

from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from ..access import require_lead
from ..models import Action, Assessment, Membership
from ..questionnaire.services import validated


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


def action_create(*, assessment: Assessment, user: AbstractBaseUser, data: ActionData) -> Action:
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
