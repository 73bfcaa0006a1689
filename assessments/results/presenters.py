"""The results page's parts as people read them: the chart's table in whole numbers,
the answers in plain words, and which next steps lead the page."""

from dataclasses import dataclass

from coprod_grid.grid.chart_layout import Chart

from .numbers import whole
from .results import AssessmentResult, NextStepView

# The page opens with this many next steps; the rest follow in the detail.
LEADING_STEPS = 3

HOW_OFTEN = {
    "routine": "Routinely",
    "occasional": "Occasionally",
    "none": "Not at the moment",
    "": "Not answered yet",
}


@dataclass(frozen=True)
class TableRow:
    number: int
    name: str
    category_name: str
    frontier: bool
    how_often: str
    position: str


def table_rows(result: AssessmentResult, chart: Chart) -> list[TableRow]:
    """One row per point of the chart, numbered as drawn; an activity a draft has not
    answered says so, rather than reading as "Not at the moment"."""
    views = {view.activity: view for view in [*result.answers, *result.unpractised]}
    rows = []
    for point in chart.points:
        view = views.get(point.slug)
        frequency = view.frequency if view else ""
        practised = view is not None and view.practised
        rows.append(
            TableRow(
                number=point.number,
                name=point.name,
                category_name=point.category_name,
                frontier=point.frontier,
                how_often=HOW_OFTEN.get(frequency, HOW_OFTEN[""]),
                position=(
                    f"{whole(point.x)} across, {whole(point.y)} up"
                    if practised
                    else "Not practised"
                ),
            )
        )
    return rows


def leading_steps(result: AssessmentResult) -> list[NextStepView]:
    return result.next_steps[:LEADING_STEPS]


def further_steps(result: AssessmentResult) -> list[NextStepView]:
    return result.next_steps[LEADING_STEPS:]


def nothing_answered(result: AssessmentResult) -> bool:
    """A draft with no activity answered: its results would be a Grid of "not answered
    yet", so the page says what to do first instead."""
    return result.assessment.is_draft and not result.answers
