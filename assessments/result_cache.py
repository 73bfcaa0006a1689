"""Caches of results that cannot change: a submitted assessment's export, the bulk of its
results page, and PDFs.

A submitted assessment is frozen: every write service refuses it (``AssessmentLocked``)
and it is scored with the catalogue values snapshotted into its answers. So its export
is keyed by its id and ``submitted_at``: reopening and resubmitting it gives a new
``submitted_at``, hence a new key, and a draft (no ``submitted_at``) is never cached.
The few live values the export also shows are in the key too: the organisation's name
and ODS code (admins may edit them) and the commissioning stages (the stage coverage is
counted over them), as is a digest of the code that computes it.

The results page's two large fragments (``results_fragments``) of a submitted
assessment are keyed the same way, plus the catalogue's token (they show its discussion
points, case studies and suggestions) and a digest of their templates; a draft's by a
digest of its row, its service areas and its answers' rows.

The PDF report, in the database-backed "reports" cache shared by every process, is
keyed by a digest of its HTML (and of the stylesheet and the code that
renders it): whatever changes on the report, from an action's status to the date on the
cover, changes the key, so a cached PDF is always the PDF the HTML would make, for drafts
as for submitted assessments. Laying out a report is seconds of CPU; hashing its HTML is
well under a millisecond.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import weasyprint
from django.conf import settings
from django.core.cache import BaseCache, cache, caches
from django.db.models import Model
from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from coprod_grid import catalogue
from coprod_grid.caching import content_key, source_digest
from coprod_grid.staticfinders import PLOTLY_JS_PATH

from . import charts, exports, results
from .models import Assessment

EXPORT_TIMEOUT = 24 * 60 * 60
PDF_TIMEOUT = 24 * 60 * 60
_HERE = Path(__file__).resolve().parent
RESULT_CODE_VERSION = source_digest(
    _HERE / "results.py", _HERE / "scoring.py", _HERE / "exports.py", __file__
)


def submitted_key(assessment: Assessment, part: str, *live: Any) -> str | None:
    """The cache key of ``part`` of a submitted assessment, or None for a draft."""
    if not assessment.is_submitted or assessment.submitted_at is None:
        return None
    return content_key(
        f"submitted:{part}:{assessment.pk}",
        RESULT_CODE_VERSION,
        assessment.submitted_at.isoformat(),
        assessment.title,
        assessment.period,
        *live,
    )


def assessment_export(assessment: Assessment) -> dict[str, Any]:
    """``exports.assessment_export`` of the assessment's result, from the cache when the
    assessment is submitted (one small query for the stages instead of about ten)."""
    key = None
    if assessment.is_submitted:
        stages = tuple(stage.slug for stage in catalogue.commissioning_stages())
        organisation = assessment.organisation
        key = submitted_key(assessment, "export", organisation.name, organisation.ods_code, stages)
        data = cache.get(key)
        if data is not None:
            return data
    data = exports.assessment_export(results.assessment_result(assessment))
    if key is not None:
        cache.set(key, data, EXPORT_TIMEOUT)
    return data


RESULTS_TEMPLATES = {
    "summary": "assessments/includes/results_summary.html",
    "detail": "assessments/includes/results_detail.html",
}
RESULTS_TEMPLATES_VERSION = source_digest(
    *(
        Path(settings.BASE_DIR) / "templates" / "assessments" / "includes" / f"{name}.html"
        for name in (
            "results_summary",
            "results_detail",
            "explanation",
            "stage_table",
            "next_steps",
            "compare",
        )
    )
)


@dataclass(frozen=True)
class ResultsFragments:
    """The results page's summary (position, Grid, stages, next steps) and detail (the
    categories and the comparison), rendered."""

    summary: SafeString
    detail: SafeString
    plotly_js_path: str = PLOTLY_JS_PATH


def render_results_fragments(assessment: Assessment, **preloaded: Any) -> ResultsFragments:
    """``preloaded``: what ``results.assessment_result`` would otherwise read itself."""
    result = results.assessment_result(assessment, **preloaded)
    context = {
        "assessment": assessment,
        "result": result,
        "explanation": results.explain(result),
        "chart": charts.results_chart(result),
    }
    return ResultsFragments(
        **{part: render_to_string(name, context) for part, name in RESULTS_TEMPLATES.items()}
    )


def _row(instance: Model) -> tuple:
    """Every stored value of a row, for a key that changes whenever the row does."""
    return tuple(field.value_from_object(instance) for field in instance._meta.concrete_fields)


def results_fragments(assessment: Assessment) -> ResultsFragments:
    """``render_results_fragments``, from the cache when nothing it shows has changed.

    A submitted assessment is keyed by its id and ``submitted_at``. A draft is keyed by
    its content: the assessment's row, its service areas and every answer's row (read
    anyway, and handed on so that they are not read twice), so any save changes the key.
    Both keys also hold the catalogue's token and the organisation's name and code.
    """
    organisation = assessment.organisation
    live = (
        RESULTS_TEMPLATES_VERSION,
        catalogue.catalogue_token(),
        organisation.name,
        organisation.ods_code,
    )
    preloaded: dict[str, Any] = {}
    if assessment.is_submitted:
        key = submitted_key(assessment, "results-page", *live)
    else:
        preloaded = {
            "answers": results.assessment_answers(assessment),
            "chosen_areas": results.chosen_service_areas(assessment),
        }
        key = content_key(
            "draft-results-page",
            RESULT_CODE_VERSION,
            *live,
            _row(assessment),
            sorted(preloaded["chosen_areas"]),
            [_row(answer) for answer in preloaded["answers"]],
        )
    if key is None:
        return render_results_fragments(assessment, **preloaded)
    fragments = cache.get(key)
    if fragments is None:
        fragments = render_results_fragments(assessment, **preloaded)
        cache.set(key, fragments, EXPORT_TIMEOUT)
    return fragments


def _pdf_code_version() -> str:
    return (
        source_digest(_HERE / "pdf.py", Path(settings.BASE_DIR) / "static" / "css" / "report.css")
        + weasyprint.__version__
    )


PDF_CODE_VERSION = _pdf_code_version()


def _primitive(value: Any) -> bool:
    return value is None or isinstance(value, str | int | float | bool)


def render_pdf(html: str, render: Callable[..., bytes], **options: Any) -> bytes:
    """``render(html, **options)`` (``pdf.render_pdf``), cached by the HTML's digest and
    the renderer's name. Options that are not plain values (a custom URL fetcher, say)
    bypass the cache."""
    if not all(_primitive(value) for value in options.values()):
        return render(html, **options)
    renderer = f"{render.__module__}.{render.__qualname__}"
    key = content_key("report-pdf", PDF_CODE_VERSION, renderer, html, options)
    pdf = report_cache().get(key)
    if pdf is None:
        pdf = render(html, **options)
        report_cache().set(key, pdf, PDF_TIMEOUT)
    return pdf


def report_cache() -> BaseCache:
    """Where rendered PDFs are kept: shared by every process (settings.CACHES)."""
    return caches["reports"]
