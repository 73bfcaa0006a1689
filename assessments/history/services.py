"""Putting an answer back as it was: the one write of the history pages."""

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from ..access import require_lead
from ..models import Answer, Assessment, Frequency, Membership
from ..questionnaire.services import bump_section, locked_draft, touch, validated


class HistoryNotFound(Exception):
    """No such historical answer in this assessment."""


@transaction.atomic
def answer_restore(
    *, assessment: Assessment, membership: Membership, history_id: int, user: AbstractBaseUser
) -> Answer:
    """Put an answer back as it was in one of its historical versions (its frequency,
    stages and notes). A deleted answer comes back. The section's version moves on, so a
    colleague with the section open gets the "someone saved this" conflict instead of
    overwriting the restore."""
    require_lead(membership=membership)
    locked = locked_draft(assessment.pk)
    record = (
        Answer.history.filter(history_id=history_id, assessment_id=locked.pk)
        .select_related("activity__category")
        .first()
    )
    if record is None:
        raise HistoryNotFound(history_id)
    bump_section(assessment=locked, key=record.activity.category.slug, user=user)
    answer = Answer.objects.filter(assessment=locked, activity_id=record.activity_id).first()
    if answer is None:
        answer = Answer(assessment=locked, activity_id=record.activity_id)
    answer.frequency = record.frequency
    answer.stages = list(record.stages) if record.frequency != Frequency.NONE else []
    answer.notes = record.notes
    answer.updated_by = user
    answer._history_user = user
    validated(answer, "frequency", "notes")
    answer._change_reason = f"Restored from the version of {record.history_date.isoformat()}"
    answer.save()
    touch(locked, user)
    return answer
