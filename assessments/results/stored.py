"""The stored result of a submitted assessment (``SubmittedResult``): written in the
submission's transaction from the same ``score_of`` every page uses, removed on reopen.

Pages that show many assessments at once (the dashboard today; trends and peer
comparisons next) read these rows instead of every assessment's answers.
"""

import datetime
from collections.abc import Mapping, Sequence

from django.utils import timezone

from ..models import Answer, Assessment, SubmittedResult
from . import scoring
from .results import score_of


def result_row(
    assessment: Assessment,
    score: scoring.Score,
    names: Mapping[str, tuple[str, str]],
    *,
    scored_at: datetime.datetime,
) -> SubmittedResult:
    """The row for ``score``; ``names`` maps each practised activity's slug to the names
    of it and of its category that it was submitted with."""
    return SubmittedResult(
        assessment=assessment,
        activeness=score.activeness,
        embeddedness=score.embeddedness,
        frontier_embeddedness=score.frontier_embeddedness,
        stage_coverage=score.stage_coverage,
        quadrant=score.quadrant or "",
        stage_levels=dict(score.stage_levels),
        frontier=list(score.frontier_activities),
        practices=[
            {
                "activity": practice.activity,
                "name": names[practice.activity][0],
                "category": practice.category,
                "category_name": names[practice.activity][1],
                "frequency": practice.frequency,
                "x": practice.x,
                "y": practice.y,
            }
            for practice in score.practices
        ],
        scored_at=scored_at,
    )


def result_store(*, assessment: Assessment, answers: Sequence[Answer]) -> SubmittedResult:
    """Score the submitted ``assessment`` (its ``answers`` already carry their snapshot)
    and keep the result, replacing any earlier one."""
    names = {
        answer.activity.slug: (
            answer.snapshot_name or answer.activity.name,
            answer.snapshot_category_name or answer.activity.category.name,
        )
        for answer in answers
    }
    row = result_row(assessment, score_of(assessment, answers), names, scored_at=timezone.now())
    SubmittedResult.objects.filter(assessment=assessment).delete()
    row.save(force_insert=True)
    return row


def result_forget(*, assessment: Assessment) -> None:
    """A reopened assessment is a draft again: it has no stored result until resubmitted."""
    SubmittedResult.objects.filter(assessment=assessment).delete()
