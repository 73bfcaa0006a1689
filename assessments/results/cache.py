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

The code that computes and draws all this is in every key through the cache's
``KEY_PREFIX``, the release's digest (``settings.RELEASE``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from coprod_grid import catalogue
from coprod_grid.caching import content_key, row_key
from coprod_grid.grid.plotly_js import PLOTLY_JS_PATH

from ..costs.export import costs_export
from ..impact.cache import LIVE_TIMEOUT, cached_live_evidence, live_key
from ..impact.evidence import impact_exports
from ..models import Answer, Assessment
from ..panel import comparison, presenters
from ..panel.exports import lenses_export
from ..panel.models import Panel
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


def assessment_export(assessment: Assessment) -> dict[str, Any]:
    """``exports.assessment_export`` of the assessment's result, from the cache when the
    assessment is submitted (one small query for the stages instead of about ten)."""
    key = None
    panel = comparison.panel_with_state(assessment)
    earlier = earlier_results(assessment)
    # A draft's result reads them itself; a submitted one's key needs them, and so do
    # its peers (one query for both).
    stages = catalogue.commissioning_stages() if assessment.is_submitted else None
    # Not cached with the rest: it changes as other organisations share and submit (it
    # has its own cache, keyed by what it reads).
    peers = peers_export(assessment, stages=stages)

    def with_live_parts(data: dict, answers=None) -> dict:
        """Beside the cached keys, what changes without the assessment changing: the
        peers, the ledger, projects and principles, and the costs."""
        return data | {"peers": peers, **live_export(assessment, answers=answers)}

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


def live_export(assessment: Assessment, *, answers: Sequence[Answer] | None = None) -> dict:
    """The export's ``impact``, ``projects``, ``principles`` and ``costs``, cached as plain
    data under the evidence's own key: reading back the evidence's model instances took
    longer than the rest of a cached export."""
    key = live_key(assessment, answers=answers)
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
