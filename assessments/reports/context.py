"""The PDF action report for the Board: its context and its rendering.

The report presents the same :func:`~assessments.results.results.assessment_result` as the
results page and the exports, and draws the Grid with the same chart module, as an SVG
image (vector graphics, not a picture of the page). It is rendered by WeasyPrint through
:mod:`assessments.reports.pdf`, which fetches nothing but our static files.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.template.loader import render_to_string
from django.utils.formats import date_format

from coprod_grid.grid.chart_layout import Chart
from coprod_grid.grid.print_image import print_image
from coprod_grid.models import SHORT_ATTRIBUTION, SOURCE_ATTRIBUTION

from ..impact.cache import cached_live_evidence
from ..models import Action, Assessment, Participant
from ..panel import presenters
from ..panel.cache import lenses_cached
from ..progress.heatmap import heatmap_of
from ..progress.progress import assessment_progress
from ..results.charts import results_chart
from ..results.explanation import explain
from ..results.exports import file_stem
from ..results.results import AssessmentResult, StageRow, answers_of, assessment_result
from ..results.scoring import quadrant_of
from . import ahead, cache
from .documents import FULL_REPORT, Document
from .pdf import render_pdf

# Every section of the report, in order: the headings the PDF shows (tests check them).
# Each key, with hyphens for underscores, is its section's id (the contents links to it).
SECTION_HEADINGS = {
    "summary": "Summary",
    "grid": "Your practices on the Grid",
    "stages": "Stages of the commissioning cycle",
    "heatmap": "Each practice at each stage",
    "next_steps": "Next steps",
    "actions": "Action plan",
    "categories": "Discussion points by category",
    "compare": "How you compare with the 2017 national findings",
    "appendix": "Appendix: every answer",
    "method": "Method and source",
}

# The section an assessment with a lived-experience panel adds, after the Grid.
LENSES_KEY, LENSES_HEADING = "lenses", "Two views: the commissioners and the panel"
DISAGREEMENTS_SHOWN = 8  # the largest; the rest are on the differences page

# The section an organisation with earlier submitted years adds, after the two views.
PROGRESS_KEY, PROGRESS_HEADING = "progress", "Your progress over the years"

# The sections evidence of impact and the costs add after the action plan: what
# difference it made always, projects when the period has any, the principles always,
# the costs when the assessment has a cost profile.
IMPACT_HEADINGS = {
    "impact": "What difference it made",
    "projects": "Co-design projects",
    "principles": "Evidence for the involvement principles",
    "costs": "What involvement costs",
}

# A report is dated by its content, not by the day it is downloaded: the day its content
# was first made into a PDF, which, with the reports rendered ahead after every change
# (``ahead.py``), is the day its data last changed. The template shows these marks where
# the date goes; the PDF cache is keyed by the HTML with the marks, so an unchanged
# report downloaded tomorrow is the PDF made today, not a new render.
REPORT_DATE_MARK = "[report date]"
REPORT_DATE_ISO_MARK = "[report date ISO]"

# Options for WeasyPrint's write_pdf. Tagged PDF/UA-1 costs about a fifth more
# rendering time and gives screen readers the document's structure (see the tests).
PDF_OPTIONS: dict[str, Any] = {"pdf_variant": "pdf/ua-1"}

# The NHS.UK tag colour of each status, as the web pages show it (action_plan.html,
# stage_table.html): one look for a status on paper and on screen (the tests compare).
ACTION_TAG_COLOURS = {
    Action.Status.DONE: "green",
    Action.Status.IN_PROGRESS: "blue",
    Action.Status.NOT_STARTED: "grey",
}
STAGE_TAG_COLOURS = {"routine": "green", "occasional": "yellow", "none": "grey"}

# How often, in the key to the Grid's numbers, by the point's style on the chart.
HOW_OFTEN = {"routine": "Routinely", "occasional": "Occasionally", "faint": "Not at the moment"}


# Slips in the 2017 report's wording, mended where the report quotes it; square brackets
# mark our insertion, as in any quotation.
@dataclass(frozen=True)
class ActionRow:
    number: int
    description: str
    owner: str
    due_date: datetime.date | None
    status: str
    status_label: str
    tag_colour: str
    link_label: str


@dataclass(frozen=True)
class AppendixRow:
    """One answer as the appendix lists it, with its number on the Grid chart."""

    number: int | None
    name: str
    category_name: str
    frequency: str
    stage_names: tuple[str, ...]
    notes: str


@dataclass(frozen=True)
class KeyRow:
    """One numbered point of the Grid drawing, as the key to its numbers lists it."""

    number: int
    name: str
    category_name: str
    how_often: str
    strongest: bool
    quadrant_name: str


@dataclass(frozen=True)
class StageTagRow:
    row: StageRow
    tag_colour: str


@dataclass(frozen=True)
class KeyFigure:
    value: str
    label: str


def report_title(assessment: Assessment) -> str:
    return (
        f"Co-production Grid action report – {assessment.organisation.name} – {assessment.period}"
    )


def report_filename(assessment: Assessment) -> str:
    return document_filename(assessment, FULL_REPORT)


def action_rows(assessment: Assessment) -> list[ActionRow]:
    """The action plan in one query, in the plan's own order (due date, then added)."""
    actions = Action.objects.filter(assessment=assessment).select_related(
        "category", "discussion_point", "activity"
    )
    return [
        ActionRow(
            number=number,
            description=action.description,
            owner=action.owner,
            due_date=action.due_date,
            status=action.status,
            status_label=action.get_status_display(),
            tag_colour=ACTION_TAG_COLOURS.get(action.status, "grey"),
            link_label=action.link_label,
        )
        for number, action in enumerate(actions, start=1)
    ]


def appendix_rows(result: AssessmentResult, chart: Chart) -> list[AppendixRow]:
    """Every answer, by category in the result's order, then by its number on the chart
    (a retired activity's number comes after the Grid's own, but it stays in its
    category)."""
    numbers = {point.slug: point.number for point in chart.points}
    categories: dict[str, int] = {}
    for answer in result.answers:
        categories.setdefault(answer.category_name, len(categories))
    answers = sorted(
        result.answers,
        key=lambda answer: (
            categories[answer.category_name],
            numbers.get(answer.activity) is None,
            numbers.get(answer.activity) or 0,
        ),
    )
    return [
        AppendixRow(
            number=numbers.get(answer.activity),
            name=answer.name,
            category_name=answer.category_name,
            frequency=answer.frequency,
            stage_names=answer.stage_names,
            notes=answer.notes,
        )
        for answer in answers
    ]


def key_rows(result: AssessmentResult, chart: Chart) -> list[KeyRow]:
    """Every numbered point in number order, the order a reader looks a number up in,
    with the part of the Grid it is drawn in."""
    names = {quadrant.slug: quadrant.name for quadrant in result.quadrants}
    return [
        KeyRow(
            number=point.number,
            name=point.name,
            category_name=point.category_name,
            how_often=HOW_OFTEN.get(point.style, ""),
            strongest=point.frontier,
            quadrant_name=names.get(quadrant_of(point.x, point.y), ""),
        )
        for point in sorted(chart.points, key=lambda point: point.number)
    ]


def stage_tag_rows(result: AssessmentResult) -> list[StageTagRow]:
    return [StageTagRow(row, STAGE_TAG_COLOURS.get(row.level, "grey")) for row in result.stage_rows]


def participant_labels(assessment: Assessment) -> list[str]:
    labels = []
    for value in assessment.participants or []:
        try:
            label = Participant(value).label
        except ValueError:
            continue
        if value == Participant.EXPERTS and assessment.experts_by_experience_count:
            label = f"{label} ({assessment.experts_by_experience_count})"
        labels.append(label)
    return labels


def key_figures(result: AssessmentResult, actions: list[ActionRow]) -> list[KeyFigure]:
    done = sum(action.status == Action.Status.DONE for action in actions)
    stages = len(result.stage_rows)
    return [
        KeyFigure(str(len(result.practices)), f"practices out of {len(result.answers)} answers"),
        KeyFigure(str(result.routine_count), "done routinely"),
        KeyFigure(str(result.occasional_count), "done occasionally"),
        KeyFigure(f"{result.stages_reached} of {stages}", "commissioning stages reached"),
        KeyFigure(str(len(actions)), f"actions in the plan, {done} done"),
    ]


@dataclass(frozen=True)
class DisagreementRow:
    name: str
    commissioners: str
    panel: str
    discuss: bool
    agreed: str
    agreed_note: str


def lens_disagreements(found, result: AssessmentResult) -> list[DisagreementRow]:
    """The largest differences between the two views, with what was agreed."""
    names = {answer.activity: answer.name for answer in result.answers}
    names |= {view.activity: view.name for view in result.unpractised}
    labels = presenters.FREQUENCY_LABELS
    rows = []
    for item in found.disagreements[:DISAGREEMENTS_SHOWN]:
        agreed = found.agreed_answers.get(item.activity)
        rows.append(
            DisagreementRow(
                name=names.get(item.activity, item.activity),
                commissioners=labels[item.commissioners],
                panel=presenters.counts_phrase(item.panel),
                discuss=item.discuss,
                agreed=labels[agreed.frequency] if agreed else "",
                agreed_note=agreed.note if agreed else "",
            )
        )
    return rows


def _with_sections_after(after: dict[str, dict[str, str]]) -> dict[str, str]:
    """Every section's heading, with the added ones (in their order) after the section
    named by each key of ``after``."""
    keys = list(SECTION_HEADINGS)
    added = {}
    for anchor, sections in after.items():
        at = keys.index(anchor) + 1
        keys[at:at] = list(sections)
        added |= sections
    return {key: added.get(key) or SECTION_HEADINGS[key] for key in keys}


def report_context(assessment: Assessment) -> dict:
    """Everything the report template shows, in a fixed number of queries whatever the
    number of answers and actions."""
    answers = answers_of(assessment)
    result = assessment_result(assessment, answers=answers)
    found = lenses_cached(assessment, answers)
    actions = action_rows(assessment)
    progress = assessment_progress(result)
    chart = results_chart(result, size="full", cached=True, lenses=found, trend=progress.marker)
    evidence, costs = cached_live_evidence(assessment, answers=answers)
    added = {}
    if found is not None:
        added[LENSES_KEY] = LENSES_HEADING
    if progress.has_trend:
        added[PROGRESS_KEY] = PROGRESS_HEADING
    after_actions = {"impact": IMPACT_HEADINGS["impact"]}
    if evidence.project_rows:
        after_actions["projects"] = IMPACT_HEADINGS["projects"]
    after_actions["principles"] = IMPACT_HEADINGS["principles"]
    if costs is not None:
        after_actions["costs"] = IMPACT_HEADINGS["costs"]
    headings = _with_sections_after({"grid": added, "actions": after_actions})
    return {
        "assessment": assessment,
        "organisation": assessment.organisation,
        "result": result,
        "explanation": explain(result),
        "chart": chart,
        "grid_image": print_image(chart),
        "key_rows": key_rows(result, chart),
        "stage_rows": stage_tag_rows(result),
        "quadrant_quote": result.quadrant.quoted_description if result.quadrant else "",
        "appendix": appendix_rows(result, chart),
        "actions": actions,
        "key_figures": key_figures(result, actions),
        "participants": participant_labels(assessment),
        "barriers": [barrier.name for barrier in assessment.barriers.all()],
        "title": report_title(assessment),
        "headings": headings,
        "contents": [(key.replace("_", "-"), heading) for key, heading in headings.items()],
        "lenses": found,
        "lens_rows": presenters.lens_rows(found) if found else [],
        "headline_phrase": presenters.headline_phrase(found) if found else "",
        "progress": progress,
        "heatmap": heatmap_of(result),
        "disagreements": lens_disagreements(found, result) if found else [],
        "impact": evidence.impact,
        "projects": evidence.project_rows,
        "principles": evidence.numbered_principles,
        "ledger_entries": evidence.numbered_entries,
        "costs": costs,
        # Marks, not dates: the date goes in when the PDF is made (see ``dated``).
        "report_date": REPORT_DATE_MARK,
        "report_date_iso": REPORT_DATE_ISO_MARK,
        "source_attribution": SOURCE_ATTRIBUTION,
        "short_attribution": SHORT_ATTRIBUTION,
    }


def dated(html: str, day: datetime.date) -> str:
    """The report's HTML with its date in place of the marks."""
    return html.replace(REPORT_DATE_MARK, date_format(day, "j F Y")).replace(
        REPORT_DATE_ISO_MARK, day.isoformat()
    )


def render_dated_pdf(html: str, **options) -> bytes:
    """The PDF of undated HTML, dated the day its content was first made."""
    return render_pdf(dated(html, cache.content_day(html)), **options)


def report_html(context: dict, document: Document = FULL_REPORT) -> str:
    if document.extra_context is not None:
        context = {**context, **document.extra_context(context)}
    return render_to_string(document.template, context)


def document_filename(assessment: Assessment, document: Document) -> str:
    """``<ODS code>-<period>-<suffix>.pdf``, the period's slash a hyphen."""
    return f"{file_stem(assessment)}-{document.filename_suffix}.pdf"


def render_document(assessment: Assessment, document: Document, **options) -> bytes:
    """One of the assessment's report documents as PDF bytes."""
    return render_document_with_outcome(assessment, document, **options)[0]


def render_document_with_outcome(
    assessment: Assessment,
    document: Document,
    *,
    context: dict | None = None,
    wait_for_worker: bool = True,
    **options,
) -> tuple[bytes, cache.Outcome]:
    """:func:`render_document`, and how its PDF was come by (``context``:
    ``report_context``'s, to share it between documents; ``wait_for_worker``: False in
    the worker itself, which would otherwise wait for the render after its own)."""
    html = report_html(context or report_context(assessment), document)
    options = {**PDF_OPTIONS, **options}
    # Cached by the digest of the undated HTML, the report's content: the same content
    # always makes the same PDF, dated the day that content was first made.
    key = cache.pdf_key(html, render_dated_pdf, options)
    pdf = cache.report_cache().get(key)
    if pdf is not None:
        return pdf, cache.Outcome.STORED
    # Changed a moment ago: the worker has been asked for this PDF, and lays it out
    # outside the web process.
    pdf = ahead.awaited_render(assessment.pk, key) if wait_for_worker else None
    if pdf is not None:
        return pdf, cache.Outcome.WAITED
    return cache.render_pdf_with_outcome(html, render_dated_pdf, **options)


def render_report(assessment: Assessment, **options) -> bytes:
    """The assessment's full report as PDF bytes."""
    return render_document(assessment, FULL_REPORT, **options)
