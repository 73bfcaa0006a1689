"""The evidence of impact and the costs, cached by what they are read from.

They live outside the assessment (a ledger entry added today changes a submitted
assessment's evidence), so they cannot share the results' cache keys. Computing them
takes about fifteen queries (the answers, the ledger, the projects and their phases, the
cost profile with its lines, the rates, the actions) and the cost arithmetic. Their key
is instead read in one query, ``freshness``: for each table they are read from, how many
rows the organisation (or the assessment) has, the latest ``updated_at`` and the sum of
the optimistic-lock versions (the three as one text, one subquery a table). Any save,
soft delete or restore moves one of these: a save sets ``updated_at``, a deletion or
restore changes the count, and every service's save bumps a version even where it writes
with ``update()``. The count is over the whole organisation, not the period, so an
entry moved out of the period changes the key too.

The rest of the key: the catalogue's token (activities, stages and principles), the
assessment's period, and its answers — frozen once submitted, so a submitted assessment
is keyed by ``submitted_at``, a draft by its answers' rows.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import Any

from django.core.cache import cache
from django.db import connection
from django.db.models import F, Func, Q, QuerySet, Subquery, TextField, Value
from django.db.models.functions import Cast, Concat

from coprod_grid import catalogue
from coprod_grid.caching import content_key, row_key

from ..codesign.models import CoDesignProject, ProjectPhase
from ..costs.models import CostProfile, ExpertRate, StaffRole, UnitCost
from ..costs.summary import CostSummary
from ..ledger.models import LedgerEntry
from ..models import Action, Answer, Assessment
from ..results.results import answers_of
from .evidence import ImpactEvidence, live_evidence

LIVE_TIMEOUT = 24 * 60 * 60


def scalar_of(queryset: QuerySet, function: str, column: str) -> Subquery:
    """``SELECT function(column)`` over ``queryset`` as one value. ``Func`` rather than
    an aggregate, so the subquery has no GROUP BY and always gives one row."""
    return Subquery(queryset.order_by().values(value=Func(F(column), function=function)))


def summary_of(queryset: QuerySet, *parts: tuple[str | None, str]) -> Subquery:
    """``SELECT function(column) || '@' || …`` over ``queryset`` as one value: several
    aggregates (or, with no function, the columns of a single row) in one subquery, so
    one scan of the table and one plan instead of one each."""
    pieces: list = []
    for function, column in parts:
        if pieces:
            pieces.append(Value("@"))
        value = F(column) if function is None else Func(F(column), function=function)
        pieces.append(Cast(value, TextField()))
    joined = Concat(*pieces, output_field=TextField())
    return Subquery(queryset.order_by().values(value=joined))


def _table(name: str, queryset: QuerySet, *, versioned: bool = True) -> dict[str, Subquery]:
    parts = [("COUNT", "pk"), ("MAX", "updated_at")]
    if versioned:
        parts.append(("SUM", "version"))
    return {f"{name}_summary": summary_of(queryset, *parts)}


# Stand-ins for the two ids while the query is compiled, once a process: building
# twenty subqueries through the ORM costs far more than running them.
ORGANISATION_STAND_IN = -9_000_001
ASSESSMENT_STAND_IN = -9_000_002


def freshness_parts(assessment_id: int, organisation_id: int) -> dict[str, Subquery]:
    """The freshness's values as subqueries, in the order ``freshness`` gives them (the
    export reads them in its own query, beside what else its key needs)."""
    return {
        **_table("entries", LedgerEntry.objects.filter(organisation_id=organisation_id)),
        **_table("projects", CoDesignProject.objects.filter(organisation_id=organisation_id)),
        **_table(
            "phases",
            ProjectPhase.objects.filter(
                project__organisation_id=organisation_id, project__deleted_at__isnull=True
            ),
            versioned=False,
        ),
        **_table("profile", CostProfile.objects.filter(assessment_id=assessment_id)),
        **{
            key: value
            for rates in (StaffRole, ExpertRate, UnitCost)
            for key, value in _table(
                rates._meta.model_name,
                rates.objects.filter(
                    Q(organisation__isnull=True) | Q(organisation_id=organisation_id)
                ),
                versioned=False,
            ).items()
        },
        **_table("actions", Action.objects.filter(assessment_id=assessment_id)),
    }


def _freshness_query(assessment_id: int, organisation_id: int) -> QuerySet:
    parts = freshness_parts(assessment_id, organisation_id)
    return Assessment.all_objects.filter(pk=assessment_id).values(**parts)


@functools.cache
def _compiled(alias: str) -> tuple[str, tuple]:
    query = _freshness_query(ASSESSMENT_STAND_IN, ORGANISATION_STAND_IN).using(alias).query
    return query.sql_with_params()


def freshness(assessment: Assessment) -> tuple:
    """One query: what moves whenever anything the evidence and costs show is saved."""
    sql, params = _compiled(connection.alias)
    ids = {ASSESSMENT_STAND_IN: assessment.pk, ORGANISATION_STAND_IN: assessment.organisation_id}
    with connection.cursor() as cursor:
        cursor.execute(sql, tuple(ids.get(param, param) for param in params))
        return tuple(cursor.fetchone() or ())


def _answers_part(assessment: Assessment, answers: Sequence[Answer] | None) -> Any:
    if assessment.is_submitted and assessment.submitted_at is not None:
        return ("submitted", assessment.submitted_at.isoformat())
    rows = answers if answers is not None else answers_of(assessment)
    return [row_key(answer) for answer in rows]


def live_key(
    assessment: Assessment,
    *,
    answers: Sequence[Answer] | None = None,
    fresh: tuple | None = None,
) -> str:
    """The cache key of the assessment's evidence and costs: two queries (the freshness
    and the catalogue's token, read once a request), and a draft's answers unless given;
    ``fresh``: ``freshness``'s values, if the caller has read them."""
    if answers is None and not assessment.is_submitted:
        answers = answers_of(assessment)
    return content_key(
        "live-evidence",
        assessment.pk,
        assessment.organisation_id,
        assessment.period,
        catalogue.catalogue_token(),
        freshness(assessment) if fresh is None else fresh,
        _answers_part(assessment, answers),
    )


def cached_live_evidence(
    assessment: Assessment,
    *,
    answers: Sequence[Answer] | None = None,
    key: str | None = None,
) -> tuple[ImpactEvidence, CostSummary | None]:
    """``evidence.live_evidence``, from the cache while nothing it reads has changed
    (``key``: ``live_key``'s, if the caller has it)."""
    key = key or live_key(assessment, answers=answers)
    found = cache.get(key)
    if found is None:
        found = live_evidence(assessment, answers=answers)
        cache.set(key, found, LIVE_TIMEOUT)
    return found
