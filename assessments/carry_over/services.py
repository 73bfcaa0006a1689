"""Start a new draft from the organisation's latest submitted assessment."""

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied
from django.db import transaction
from simple_history.utils import bulk_create_with_history

from ..models import Answer, Assessment, Organisation, SectionState
from ..questionnaire.sections import ABOUT, COMMITMENT, SERVICES, questionnaire_categories
from ..questionnaire.services import validated


def started_from_reason(previous: Assessment) -> str:
    """What the history says about a copied draft and its copied answers."""
    return f"Started from {previous.period}'s answers"


@transaction.atomic
def assessment_create_from(
    previous: Assessment,
    *,
    organisation: Organisation,
    user: AbstractBaseUser | None,
    title: str,
    period: str,
) -> Assessment:
    """A new draft holding ``previous``'s answers (how often, stages, evidence) to the
    activities still on the Grid, and the About answers that stay true from one year to
    the next: who took part, the services co-produced, the commitment and the barriers.
    Its title and period are new. Nothing of the previous result, action plan or panel
    comes across. Each copied section is marked with ``previous.period`` until saved.

    A bounded number of queries, whatever the number of answers."""
    if previous.organisation_id != organisation.pk or not previous.is_submitted:
        raise PermissionDenied("A new assessment can only start from your own submitted one")
    assessment = Assessment(
        organisation=organisation,
        title=title,
        period=period,
        created_by=user,
        updated_by=user,
        started_from=previous,
        participants=list(previous.participants),
        experts_by_experience_count=previous.experts_by_experience_count,
        service_areas_other=previous.service_areas_other,
        commitment=previous.commitment,
        barriers_other=previous.barriers_other,
    )
    validated(assessment, "title", "period")
    reason = started_from_reason(previous)
    assessment._change_reason = reason
    assessment.save()
    # Straight into the link tables: one query each way, and no history row per link
    # (the draft's first history row, above, already names where it came from).
    for name, column in (("service_areas", "servicearea_id"), ("barriers", "barrier_id")):
        through = getattr(Assessment, name).through
        ids = through.objects.filter(assessment=previous).values_list(column, flat=True)
        through.objects.bulk_create(through(assessment=assessment, **{column: pk}) for pk in ids)

    category_of = {
        activity.pk: category.slug
        for category in questionnaire_categories()
        for activity in category.all_activities
        if activity.is_active  # a retired activity is not asked again
    }
    copied = [
        Answer(
            assessment=assessment,
            activity_id=answer.activity_id,
            frequency=answer.frequency,
            stages=list(answer.stages),
            notes=answer.notes,
            updated_by=user,
        )
        for answer in Answer.objects.filter(assessment=previous)
        if answer.activity_id in category_of
    ]
    bulk_create_with_history(copied, Answer, default_user=user, default_change_reason=reason)

    previous_services = SectionState.objects.filter(assessment=previous, key=SERVICES).first()
    carried = {ABOUT, COMMITMENT, *(category_of[answer.activity_id] for answer in copied)}
    if previous_services is not None:
        carried.add(SERVICES)
    SectionState.objects.bulk_create(
        SectionState(
            assessment=assessment,
            key=key,
            status=(
                previous_services.status if key == SERVICES else SectionState.Status.IN_PROGRESS
            ),
            # Version 1: the section holds answers, though nobody has saved it this year.
            version=1,
            carried_from=previous.period,
            updated_by=user,
        )
        for key in sorted(carried)
    )
    return assessment
