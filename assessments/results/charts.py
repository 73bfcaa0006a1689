"""An assessment's Grid chart, drawn by the catalogue's one geometry and chart module
from the same result the page, the report and the export use."""

from coprod_grid.grid.chart import build_chart, cached_chart
from coprod_grid.grid.chart_layout import Chart
from coprod_grid.grid.points import GridPoint, PanelMarker, PositionMarker, TrendMarker

from .results import AssessmentResult

COMMISSIONERS_LABEL = "Commissioners' position"
PANEL_LABEL = "Panel's position"


def catalogue_numbers(result: AssessmentResult) -> dict[str, int]:
    """Each activity's number: the public Grid's (its place in the catalogue's order,
    from 1), so that a number means one activity on every chart, page and report; an
    answered activity since retired from the Grid comes after the active ones."""
    order = [
        activity.slug
        for category in result.categories
        for activity in category.category.active_activities
    ]
    numbers = {slug: number for number, slug in enumerate(order, start=1)}
    for answer in [*result.answers, *result.unpractised]:
        numbers.setdefault(answer.activity, len(numbers) + 1)
    return numbers


def results_points(result: AssessmentResult) -> list[GridPoint]:
    """Practices first, strongest first; then the activities not practised, faint at
    their catalogue places, in number order. Numbered as on the public Grid."""
    numbers = catalogue_numbers(result)
    practices = sorted(
        result.practices,
        key=lambda a: (-(a.position[0] + a.position[1]), -a.position[0], a.activity),
    )
    points = [
        GridPoint(
            slug=answer.activity,
            number=numbers[answer.activity],
            name=answer.name,
            category_slug=answer.category,
            category_name=answer.category_name,
            colour=answer.colour,
            x=answer.position[0],
            y=answer.position[1],
            style=answer.frequency,
            frontier=answer.frontier_rank is not None,
        )
        for answer in practices
    ]
    points += [
        GridPoint(
            slug=view.activity,
            number=numbers[view.activity],
            name=view.name,
            category_slug=view.category,
            category_name=view.category_name,
            colour=view.colour,
            x=view.activeness,
            y=view.embeddedness,
            style="faint",
        )
        for view in sorted(result.unpractised, key=lambda v: numbers[v.activity])
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
    result: AssessmentResult,
    *,
    size: str = "full",
    cached: bool = False,
    lenses=None,
    trend: TrendMarker | None = None,
) -> Chart:
    """The assessment's chart, with the panel's view when ``lenses`` has one to show and
    the path from its earlier years when there is a ``trend``; ``cached`` for a caller
    that does not cache what it makes of it (the report: its PDF is cached by HTML,
    which holds the chart)."""
    assessment = result.assessment
    panel = panel_marker(lenses)
    return (cached_chart if cached else build_chart)(
        results_points(result),
        position=position_marker(result, two_lenses=panel is not None),
        panel=panel,
        trend=trend,
        size=size,
        title=f"{assessment.organisation.name} on the Co-production Grid, {assessment.period}",
        chart_id=f"assessment-{assessment.pk}-{size}",
    )
