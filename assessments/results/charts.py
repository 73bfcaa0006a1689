"""An assessment's Grid chart, drawn by the catalogue's one geometry and chart module
from the same result the page, the report and the export use."""

from coprod_grid.grid.chart import build_chart, cached_chart
from coprod_grid.grid.chart_layout import Chart
from coprod_grid.grid.points import GridPoint, PanelMarker, PositionMarker

from .results import AssessmentResult

COMMISSIONERS_LABEL = "Commissioners' position"
PANEL_LABEL = "Panel's position"


def results_points(result: AssessmentResult) -> list[GridPoint]:
    """Practices first, strongest first, numbered from 1; then the activities not
    practised, faint at their catalogue places."""
    practices = sorted(
        result.practices,
        key=lambda a: (-(a.position[0] + a.position[1]), -a.position[0], a.activity),
    )
    points = [
        GridPoint(
            slug=answer.activity,
            number=number,
            name=answer.name,
            category_slug=answer.category,
            category_name=answer.category_name,
            colour=answer.colour,
            x=answer.position[0],
            y=answer.position[1],
            style=answer.frequency,
            frontier=answer.frontier_rank is not None,
        )
        for number, answer in enumerate(practices, start=1)
    ]
    start = len(points) + 1
    points += [
        GridPoint(
            slug=view.activity,
            number=number,
            name=view.name,
            category_slug=view.category,
            category_name=view.category_name,
            colour=view.colour,
            x=view.activeness,
            y=view.embeddedness,
            style="faint",
        )
        for number, view in enumerate(result.unpractised, start=start)
    ]
    return points


def position_marker(result: AssessmentResult, *, two_lenses: bool = False) -> PositionMarker | None:
    score = result.score
    if not score.has_position:
        return None
    label = COMMISSIONERS_LABEL if two_lenses else "Your position"
    return PositionMarker(score.activeness, score.embeddedness, label)


def panel_marker(lenses) -> PanelMarker | None:
    """The panel's median and its members' unnamed points, once enough have rated
    (``assessments/panel/comparison.Lenses``)."""
    if lenses is None or not lenses.panel.shown:
        return None
    panel = lenses.panel
    return PanelMarker(panel.activeness, panel.embeddedness, panel.members, PANEL_LABEL)


def results_chart(
    result: AssessmentResult, *, size: str = "full", cached: bool = False, lenses=None
) -> Chart:
    """The assessment's chart, with the panel's view when ``lenses`` has one to show;
    ``cached`` for a caller that does not cache what it makes of it (the report: its
    PDF is cached by HTML, which holds the chart)."""
    assessment = result.assessment
    panel = panel_marker(lenses)
    return (cached_chart if cached else build_chart)(
        results_points(result),
        position=position_marker(result, two_lenses=panel is not None),
        panel=panel,
        size=size,
        title=f"{assessment.organisation.name} on the Co-production Grid, {assessment.period}",
        chart_id=f"assessment-{assessment.pk}-{size}",
    )
