"""An assessment's life: started, submitted, reopened, deleted. Each function is one thing
a person does, named ``assessment_<action>``, and checks its own rules under the
assessment's row lock: what the caller believes about the assessment is never trusted.
"""

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_update_with_history

from ..access import require_lead
from ..models import Answer, Assessment, Membership, Organisation, SectionState
from ..results.stored import result_forget, result_store
from .sections import questionnaire
from .services import locked_draft, touch, validated

SNAPSHOT_FIELDS = [
    "snapshot_name",
    "snapshot_category",
    "snapshot_category_name",
    "snapshot_activeness",
    "snapshot_embeddedness",
]


class AssessmentIncomplete(PermissionDenied):
    """Some sections are not complete yet."""


def assessment_create(
    *, organisation: Organisation, user: AbstractBaseUser | None, title: str, period: str
) -> Assessment:
    assessment = Assessment(
        organisation=organisation, title=title, period=period, created_by=user, updated_by=user
    )
    validated(assessment, "title", "period")
    assessment.save()
    return assessment


@transaction.atomic
def assessment_submit(
    *, assessment: Assessment, membership: Membership, user: AbstractBaseUser
) -> Assessment:
    """Lock the assessment and save with each answer the catalogue values it is scored
    with, so later catalogue edits never change a submitted result. Refuses an
    assessment with any section incomplete, judged on what is saved now."""
    require_lead(membership=membership)
    locked = locked_draft(assessment.pk)
    answers = list(Answer.objects.filter(assessment=locked).select_related("activity__category"))
    states = SectionState.objects.filter(assessment=locked)
    if not questionnaire(locked, answers=answers, states=states).all_complete:
        raise AssessmentIncomplete("Complete every section before submitting")
    for answer in answers:
        activity = answer.activity
        answer.snapshot_name = activity.name
        answer.snapshot_category = activity.category.slug
        answer.snapshot_category_name = activity.category.name
        answer.snapshot_activeness = activity.activeness
        answer.snapshot_embeddedness = activity.embeddedness
    # With history: the snapshot is what the submitted result is scored with, so the
    # answers' history must show it arriving (and leaving on reopen) like any change.
    bulk_update_with_history(answers, Answer, SNAPSHOT_FIELDS, default_user=user)
    now = timezone.now()
    locked.status = Assessment.Status.SUBMITTED
    locked.submitted_by = user
    locked.submitted_at = now
    locked.updated_by = user
    locked.updated_at = now
    locked.save(
        update_fields=["status", "submitted_by", "submitted_at", "updated_by", "updated_at"]
    )
    result_store(assessment=locked, answers=answers)
    return locked


@transaction.atomic
def assessment_reopen(
    *, assessment: Assessment, membership: Membership, user: AbstractBaseUser
) -> Assessment:
    """Back to draft: it scores with the live catalogue again until resubmitted."""
    require_lead(membership=membership)
    locked = Assessment.objects.select_for_update().get(pk=assessment.pk)
    if locked.is_draft:
        return locked
    answers = list(Answer.objects.filter(assessment=locked))
    for answer in answers:
        answer.snapshot_name = answer.snapshot_category = answer.snapshot_category_name = ""
        answer.snapshot_activeness = answer.snapshot_embeddedness = None
    bulk_update_with_history(answers, Answer, SNAPSHOT_FIELDS, default_user=user)
    locked.status = Assessment.Status.DRAFT
    locked.submitted_at = None
    locked.submitted_by = None
    touch(locked, user, ["status", "submitted_at", "submitted_by"])
    result_forget(assessment=locked)
    return locked


@transaction.atomic
def assessment_delete(
    *, assessment: Assessment, membership: Membership, user: AbstractBaseUser
) -> Assessment:
    """Mark the assessment deleted: every page hides it, its rows and history stay."""
    require_lead(membership=membership)
    locked = Assessment.objects.select_for_update().get(pk=assessment.pk)
    locked.deleted_at = timezone.now()
    locked.deleted_by = user
    locked._history_user = user
    locked.save(update_fields=["deleted_at", "deleted_by"])
    return locked
