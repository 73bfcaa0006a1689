"""Caches of what the results page and the JSON export show.

A submitted assessment is frozen: every write service refuses it (``AssessmentLocked``)
and it is scored with the catalogue values snapshotted into its answers. So its export
and the two large fragments of its results page are keyed by its id and
``submitted_at``: reopening and resubmitting it gives a new ``submitted_at``, hence a
new key. The few live values they also show are in the key too: the organisation's
name and ODS code (admins may edit them), the commissioning stages (the stage coverage
is counted over them), the earlier years (the trend and what changed since) and, for the
page, the catalogue's token (it shows discussion points, case studies and suggestions).

A draft's page is keyed by its content: a digest of its row, its service areas and its
answers' rows, read anyway and handed on to the result, so any save changes the key.

The export of a submitted assessment is also cached whole, as its text, under a key of
all that and what its live parts are keyed by (``assessment_export_body``): what they
are made of changing is read in one query (``export_state``).

The code that computes and draws all this is in every key through the cache's
``KEY_PREFIX``, the release's digest (``settings.RELEASE``).
"""

from __future__ import annotations

import functools
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.core.cache import cache
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection
from django.db.models import Func, QuerySet, Subquery, TextField, Value
from django.db.models.functions import Cast, Concat
from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from coprod_grid import catalogue
from coprod_grid.caching import content_key, row_key
from coprod_grid.grid.plotly_js import PLOTLY_JS_PATH
from coprod_grid.models import CommissioningStage

from ..costs.export import costs_export
from ..impact.cache import (
    ASSESSMENT_STAND_IN,
    LIVE_TIMEOUT,
    ORGANISATION_STAND_IN,
    cached_live_evidence,
    freshness_parts,
    live_key,
    summary_of,
)
from ..impact.evidence import impact_exports
from ..models import Answer, Assessment, SubmittedResult
from ..panel import comparison, presenters
from ..panel.exports import lenses_export
from ..panel.models import AgreedAnswer, Panel, PanelMember
from ..peers.cache import TIMEOUT as PEERS_TIMEOUT
from ..peers.cache import SharingState
from ..peers.cache import token_parts as peer_token_parts
from ..peers.cache import tokens_of as peer_tokens_of
from ..peers.comparison import peers_export
from ..progress.heatmap import heatmap_export, heatmap_of
from ..progress.progress import change_export, previous_export, progress_of
from ..progress.trend import EarlierResult, earlier_results, trend_token
from . import charts, exports, results
from . import presenters as page
from .explanation import explain

EXPORT_TIMEOUT = 24 * 60 * 60


def submitted_key(assessment: Assessment, part: str, *live: Any) -> str | None:
    """The cache key of ``part`` of a submitted assessment, or None for a draft."""
    if not assessment.is_submitted or assessment.submitted_at is None:
        return None
    return content_key(
        f"submitted:{part}:{assessment.pk}",
        assessment.submitted_at.isoformat(),
        assessment.title,
        assessment.period,
        *live,
    )


class _Joined(Func):
    """Every row's value, joined with commas: a subquery's rows as one value. The rows'
    order is the database's, so the same rows may join differently (a cache miss, never
    a wrong hit)."""

    function = "STRING_AGG"
    template = "%(function)s(%(expressions)s, ',')"
    output_field = TextField()

    def as_sqlite(self, compiler, connection, **extra_context):
        return self.as_sql(compiler, connection, function="GROUP_CONCAT", **extra_context)


# A stand-in for the period while the query is compiled (the ids' are impact.cache's).
_PERIOD = "\x00period\x00"


def _state_query() -> QuerySet:
    """What the export's keys are made of, as one row: the evidence's freshness, the
    peers' tokens, the panel's state and the earlier years."""
    pk, organisation_id, period = ASSESSMENT_STAND_IN, ORGANISATION_STAND_IN, _PERIOD
    panel = Panel.objects.filter(pk=pk)
    members = PanelMember.objects.filter(panel_id=pk)
    agreed = AgreedAnswer.objects.filter(panel_id=pk)
    # The rows earlier_results reads (before it keeps one a period): any of them
    # submitted, reopened, deleted or restored changes the list.
    earlier = SubmittedResult.objects.filter(
        assessment__organisation_id=organisation_id,
        assessment__status=Assessment.Status.SUBMITTED,
        assessment__deleted_at=None,
        assessment__period__lt=period,
    ).exclude(assessment_id=pk)
    year = Concat(
        Cast("assessment_id", TextField()),
        Value("@"),
        Cast("assessment__submitted_at", TextField()),
        output_field=TextField(),
    )
    return (
        Assessment.all_objects.filter(pk=pk)
        .order_by()
        .values(
            **freshness_parts(pk, organisation_id),
            **peer_token_parts(organisation_id, period),
            panel_row=summary_of(
                panel, (None, "updated_at"), (None, "headline"), (None, "opened_at")
            ),
            # COUNT(submitted_at) counts those who have sent their rating.
            panel_rated=summary_of(members, ("COUNT", "submitted_at"), ("MAX", "submitted_at")),
            panel_agreed=summary_of(agreed, ("COUNT", "pk"), ("MAX", "updated_at")),
            earlier=Subquery(earlier.order_by().values(value=_Joined(year))),
        )
    )


@functools.cache
def _compiled_state(alias: str) -> tuple[str, tuple, tuple[str, ...], tuple[str, ...]]:
    """The query's text and parameters, its columns' names and the freshness's among
    them: built once a process (the ORM takes longer to build it than to run it)."""
    query = _state_query().using(alias).query
    freshness = tuple(freshness_parts(ASSESSMENT_STAND_IN, ORGANISATION_STAND_IN))
    return (*query.sql_with_params(), tuple(query.annotation_select), freshness)


@dataclass(frozen=True)
class ExportState:
    """What changes an export without its assessment changing, read in one query."""

    freshness: tuple  # impact.cache.freshness's
    sharing: SharingState
    period_token: tuple
    panel_token: tuple
    earlier_token: str | None


def export_state(assessment: Assessment) -> ExportState:
    """One query, the export's only one besides the access and the catalogue's token
    when its text is cached: the freshness of its evidence (``impact.cache``), whether
    the organisation shares and the peers' tokens (``peers.cache``), the panel's state
    (what ``panel_token`` holds) and which earlier years there are."""
    sql, params, names, freshness = _compiled_state(connection.alias)
    stand_ins = {
        ASSESSMENT_STAND_IN: assessment.pk,
        ORGANISATION_STAND_IN: assessment.organisation_id,
        _PERIOD: assessment.period,
    }
    with connection.cursor() as cursor:
        cursor.execute(sql, tuple(stand_ins.get(param, param) for param in params))
        values = dict(zip(names, cursor.fetchone() or (None,) * len(names), strict=True))
    fresh = tuple(values[name] for name in freshness)
    sharing, period_token = peer_tokens_of(values)
    panel = tuple(str(value) for name, value in values.items() if name.startswith("panel_"))
    return ExportState(
        freshness=fresh,
        sharing=sharing,
        period_token=period_token,
        panel_token=panel,
        earlier_token=values["earlier"],
    )


def assessment_export_body(assessment: Assessment) -> str:
    """The export as the file's text. A submitted assessment's is cached whole, keyed by
    everything it is made from (``export_state``, read in one query, and what the keys of
    its parts hold): a download then costs that query and the catalogue's token."""
    state = export_state(assessment)
    if not assessment.is_submitted:
        return _dumps(assessment_export(assessment, state=state))
    stages = catalogue.commissioning_stages()
    organisation = assessment.organisation
    live = live_key(assessment, fresh=state.freshness)
    key = submitted_key(
        assessment,
        "export-body",
        organisation.name,
        organisation.ods_code,
        tuple(stage.slug for stage in stages),
        state.panel_token,
        state.earlier_token,
        state.sharing,
        state.period_token,
        live,
    )
    body = cache.get(key)
    if body is None:
        data = assessment_export(assessment, state=state, stages=stages, live=live)
        body = _dumps(data)
        # The peers' distribution lingers no longer than its own cache lets it (an
        # organisation soft-deleted is not in its token).
        timeout = EXPORT_TIMEOUT if data["peers"] is None else PEERS_TIMEOUT
        cache.set(key, body, timeout)
    return body


def _dumps(data: dict) -> str:
    """As ``JsonResponse(data, json_dumps_params={"indent": 2, "ensure_ascii": False})``
    writes it."""
    return json.dumps(data, cls=DjangoJSONEncoder, indent=2, ensure_ascii=False)


def assessment_export(
    assessment: Assessment,
    *,
    state: ExportState | None = None,
    stages: Sequence[CommissioningStage] | None = None,
    live: str | None = None,
) -> dict[str, Any]:
    """``exports.assessment_export`` of the assessment's result, from the cache when the
    assessment is submitted (one small query for the stages instead of about ten).
    ``state``, ``stages`` and ``live`` (``live_key``'s): read unless given."""
    key = None
    if state is None:
        state = export_state(assessment)
    panel = comparison.panel_with_state(assessment)
    earlier = earlier_results(assessment)
    # A draft's result reads them itself; a submitted one's key needs them, and so do
    # its peers (one query for both).
    if stages is None and assessment.is_submitted:
        stages = catalogue.commissioning_stages()
    # Not cached with the rest: it changes as other organisations share and submit (it
    # has its own cache, keyed by what it reads).
    peers = peers_export(assessment, stages=stages, state=state.sharing, token=state.period_token)

    def with_live_parts(data: dict, answers=None) -> dict:
        """Beside the cached keys, what changes without the assessment changing: the
        peers, the ledger, projects and principles, and the costs."""
        found = live_export(assessment, answers=answers, key=live, fresh=state.freshness)
        return data | {"peers": peers, **found}

    if assessment.is_submitted:
        organisation = assessment.organisation
        key = submitted_key(
            assessment,
            "export",
            organisation.name,
            organisation.ods_code,
            tuple(stage.slug for stage in stages or ()),
            comparison.panel_token(panel),
            trend_token(earlier),
        )
        data = cache.get(key)
        if data is not None:
            return with_live_parts(data)
    answers = results.answers_of(assessment)
    result = results.assessment_result(assessment, answers=answers)
    found = comparison.lenses_of(assessment, answers=answers, panel=panel) if panel else None
    progress = progress_of(result, earlier)
    data = exports.assessment_export(result) | {
        "lenses": lenses_export(result.score, found),
        "previous": previous_export(progress),
        "change": change_export(progress),
        "heatmap": heatmap_export(heatmap_of(result)),
    }
    if key is not None:
        cache.set(key, data, EXPORT_TIMEOUT)
    return with_live_parts(data, answers)


def live_export(
    assessment: Assessment,
    *,
    answers: Sequence[Answer] | None = None,
    key: str | None = None,
    fresh: tuple | None = None,
) -> dict:
    """The export's ``impact``, ``projects``, ``principles`` and ``costs``, cached as plain
    data under the evidence's own key: reading back the evidence's model instances took
    longer than the rest of a cached export. ``key``: ``live_key``'s, or ``fresh``, its
    freshness, if the caller has them."""
    if key is None:
        key = live_key(assessment, answers=answers, fresh=fresh)
    data = cache.get(f"{key}:export")
    if data is None:
        evidence, costs = cached_live_evidence(assessment, answers=answers, key=key)
        data = {**impact_exports(evidence), "costs": costs_export(costs)}
        cache.set(f"{key}:export", data, LIVE_TIMEOUT)
    return data


RESULTS_TEMPLATES = {
    "summary": "assessments/includes/results_summary.html",
    "detail": "assessments/includes/results_detail.html",
}


@dataclass(frozen=True)
class ResultsFragments:
    """The results page's summary (position, Grid, stages, next steps) and detail (the
    categories and the comparison), rendered."""

    summary: SafeString
    detail: SafeString
    plotly_js_path: str = PLOTLY_JS_PATH
    has_panel: bool = False
    # False for a draft with no activity answered: the page then says what to do first.
    answered: bool = True
    has_position: bool = True
    has_trend: bool = False  # an earlier year submitted: the page lists "#progress"


def render_results_fragments(
    assessment: Assessment,
    panel: Panel | None = None,
    earlier: list[EarlierResult] | None = None,
    **preloaded: Any,
) -> ResultsFragments:
    """``preloaded``: what ``results.assessment_result`` would otherwise read itself;
    ``panel``: the assessment's panel, if it has one; ``earlier``: its earlier years
    (``progress.trend.earlier_results``), read here unless given."""
    if "answers" not in preloaded:
        preloaded["answers"] = results.answers_of(assessment)
    result = results.assessment_result(assessment, **preloaded)
    found = None
    if panel is not None:
        found = comparison.lenses_of(assessment, answers=preloaded["answers"], panel=panel)
    progress = progress_of(result, earlier_results(assessment) if earlier is None else earlier)
    chart = charts.results_chart(result, lenses=found, trend=progress.marker)
    context = {
        "assessment": assessment,
        "result": result,
        "explanation": explain(result),
        "chart": chart,
        "table_rows": page.table_rows(result, chart),
        "leading_steps": page.leading_steps(result),
        "further_steps": page.further_steps(result),
        "lenses": found,
        "lens_rows": presenters.lens_rows(found) if found else [],
        "agreed_quadrant": presenters.agreed_headline_quadrant(found, result.quadrants),
        "headline_phrase": presenters.headline_phrase(found) if found else "",
        "progress": progress,
        "heatmap": heatmap_of(result),
    }
    return ResultsFragments(
        **{part: render_to_string(name, context) for part, name in RESULTS_TEMPLATES.items()},
        has_panel=panel is not None,
        answered=not page.nothing_answered(result),
        has_position=result.score.has_position,
        has_trend=progress.has_trend,
    )


def results_fragments(
    assessment: Assessment, *, answers: Sequence[Answer] | None = None
) -> ResultsFragments:
    """``render_results_fragments``, from the cache when nothing it shows has changed.

    A submitted assessment is keyed by its id and ``submitted_at``. A draft is keyed by
    its content: the assessment's row, its service areas and every answer's row (read
    anyway, and handed on so that they are not read twice), so any save changes the key.
    Both keys also hold the catalogue's token, the organisation's name and code, and
    which earlier years the trend draws (one query: a year submitted or reopened since
    changes the page). ``answers``: as ``results.answers_of`` gives them, if the caller
    has them (or reads them when needed: ``results.AnswersWhenNeeded``).
    """
    organisation = assessment.organisation
    panel = comparison.panel_with_state(assessment)
    earlier = earlier_results(assessment)
    live = (
        catalogue.catalogue_token(),
        organisation.name,
        organisation.ods_code,
        comparison.panel_token(panel),
        trend_token(earlier),
    )
    preloaded: dict[str, Any] = {"panel": panel, "earlier": earlier}
    if answers is not None:
        preloaded["answers"] = answers
    if assessment.is_submitted:
        key = submitted_key(assessment, "results-page", *live)
    else:
        preloaded |= {
            "answers": results.answers_of(assessment) if answers is None else answers,
            "chosen_areas": results.chosen_service_areas(assessment),
        }
        key = content_key(
            "draft-results-page",
            *live,
            row_key(assessment),
            sorted(preloaded["chosen_areas"]),
            [row_key(answer) for answer in preloaded["answers"]],
        )
    if key is None:
        return render_results_fragments(assessment, **preloaded)
    fragments = cache.get(key)
    if fragments is None:
        fragments = render_results_fragments(assessment, **preloaded)
        cache.set(key, fragments, EXPORT_TIMEOUT)
    return fragments


EVIDENCE_TEMPLATE = "assessments/includes/results_evidence.html"


def evidence_fragment(
    assessment: Assessment, *, answers: Sequence[Answer] | None = None
) -> SafeString:
    """The results page's evidence of impact and costs, rendered: cached by what they
    are read from (``impact.cache``), like the evidence itself. Nothing in it depends on
    who looks."""
    key = live_key(assessment, answers=answers)
    html = cache.get(f"{key}:results-page")
    if html is None:
        evidence, costs = cached_live_evidence(assessment, answers=answers, key=key)
        html = render_to_string(
            EVIDENCE_TEMPLATE, {"assessment": assessment, "evidence": evidence, "costs": costs}
        )
        cache.set(f"{key}:results-page", html, LIVE_TIMEOUT)
    return html
