"""An assessment's Grid chart, drawn by the catalogue's one geometry and chart module
from the same result the page, the report and the export use."""

from coprod_grid.chart import Chart, GridPoint, PositionMarker, build_chart, point_from_activity

from .results import AssessmentResult


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
        point_from_activity(activity, number, style="faint")
        for number, activity in enumerate(result.unpractised, start=start)
    ]
    return points


def position_marker(result: AssessmentResult) -> PositionMarker | None:
    score = result.score
    if not score.has_position:
        return None
    return PositionMarker(score.activeness, score.embeddedness, "Your position")


def results_chart(result: AssessmentResult, *, size: str = "full") -> Chart:
    assessment = result.assessment
    return build_chart(
        results_points(result),
        position=position_marker(result),
        size=size,
        title=f"{assessment.organisation.name} on the Co-production Grid, {assessment.period}",
        chart_id=f"assessment-{assessment.pk}-{size}",
    )
