"""The dashboard: each of the person's organisations, its assessments, and the position
of its latest submitted assessment (else its latest draft) on a small Grid.

A submitted assessment's position is its stored result (``SubmittedResult``), read with
the assessments; only an organisation with no submitted assessment has its draft scored,
by the same ``score_of`` as the results page, from one query for all such drafts.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db.models import Prefetch, Value
from django.utils import dateformat, timezone

from coprod_grid.catalogue import memoised_by_catalogue
from coprod_grid.grid.chart import cached_chart
from coprod_grid.grid.chart_layout import Chart
from coprod_grid.grid.points import GridPoint, PanelMarker, PositionMarker, TrendMarker, TrendStep
from coprod_grid.models import Category, CommissioningStage, Quadrant

from ..access import user_memberships
from ..models import Answer, Assessment, Membership, SubmittedResult
from ..panel.cache import panel_lenses_cached
from ..panel.lenses import PanelLens
from ..progress.change import movement_since
from ..progress.trend import one_a_period
from ..results.results import score_of
from ..results.scoring import as_percent

FALLBACK_COLOUR = "#425563"  # NHS.UK dark grey, for a category removed since
LISTED_FIELDS = (
    "organisation",
    "title",
    "period",
    "status",
    "updated_at",
    "updated_by",
    "submitted_at",
    "deleted_at",
)


@dataclass(frozen=True)
class Place:
    """One practice on the small Grid."""

    activity: str
    name: str
    category: str
    category_name: str
    frequency: str
    x: float
    y: float


@dataclass(frozen=True)
class LatestPosition:
    activeness: float
    embeddedness: float
    quadrant: str
    frontier: tuple[str, ...]
    places: tuple[Place, ...]

    @property
    def activeness_percent(self) -> int:
        return as_percent(self.activeness)

    @property
    def embeddedness_percent(self) -> int:
        return as_percent(self.embeddedness)


@dataclass(frozen=True)
class AssessmentRow:
    """One line of an organisation's table of assessments, as the page shows it."""

    url: str
    title: str
    period: str
    is_submitted: bool
    changed: str


def assessment_row(assessment: Assessment) -> AssessmentRow:
    who = assessment.updated_by
    changed = dateformat.format(timezone.localtime(assessment.updated_at), "j F Y")
    if who is not None:
        changed += f" by {who.get_full_name() or who.username}"
    return AssessmentRow(
        url=assessment.get_absolute_url(),
        title=assessment.title,
        period=assessment.period,
        is_submitted=assessment.is_submitted,
        changed=changed,
    )


@dataclass
class OrganisationPanel:
    membership: Membership
    assessments: list[AssessmentRow]
    latest: Assessment | None
    #: The draft changed most recently, which the page offers to carry on with.
    draft: AssessmentRow | None = None
    position: LatestPosition | None = None
    quadrant_name: str = ""
    chart: Chart | None = None
    #: The lived-experience panel's view of the latest assessment, when it has one.
    panel_view: PanelLens | None = None
    panel_quadrant_name: str = ""
    #: The organisation's earlier submitted years before ``latest``, oldest first.
    earlier: list[Assessment] = field(default_factory=list)
    trend: TrendMarker | None = None
    #: "Since 2024/25 you have moved ...", when there is an earlier year to compare.
    movement: str = ""


@dataclass(frozen=True)
class DashboardCatalogue:
    quadrant_names: dict[str, str]
    colours: dict[str, str]
    stages: list[str]


@memoised_by_catalogue
def dashboard_catalogue() -> DashboardCatalogue:
    """What of the catalogue the dashboard shows, read once per catalogue version in
    one query (the first dashboard after a catalogue edit is the one that pays)."""
    rows = (
        Quadrant.objects.order_by()
        .annotate(kind=Value("quadrant"), n=Value(0))
        .values_list("kind", "slug", "name", "n")
        .union(
            Category.objects.order_by()
            .annotate(kind=Value("colour"), n=Value(0))
            .values_list("kind", "slug", "colour", "n"),
            CommissioningStage.objects.order_by()
            .annotate(kind=Value("stage"), text=Value(""))
            .values_list("kind", "slug", "text", "order"),
            all=True,
        )
    )
    by_kind: dict[str, list[tuple[str, str, int]]] = {"quadrant": [], "colour": [], "stage": []}
    for kind, slug, text, order in rows:
        by_kind[kind].append((slug, text, order))
    return DashboardCatalogue(
        quadrant_names={slug: name for slug, name, _ in by_kind["quadrant"]},
        colours={slug: colour for slug, colour, _ in by_kind["colour"]},
        stages=[slug for slug, _, _ in sorted(by_kind["stage"], key=lambda row: row[2])],
    )


def dashboard_memberships(user) -> list[Membership]:
    """The person's memberships with each organisation's assessments, in a fixed number
    of queries."""
    # Only what the page shows: an assessment's own free text and choices are not.
    # With its panel's key only: whether it has a lived-experience panel.
    assessments = Assessment.objects.select_related("updated_by", "panel").only(
        *LISTED_FIELDS,
        "updated_by__username",
        "updated_by__first_name",
        "updated_by__last_name",
        "panel__assessment",
    )
    return list(
        user_memberships(user=user).prefetch_related(
            Prefetch("organisation__assessments", queryset=assessments)
        )
    )


def _stored_position(stored: SubmittedResult) -> LatestPosition | None:
    if not stored.has_position:
        return None
    return LatestPosition(
        activeness=stored.activeness,
        embeddedness=stored.embeddedness,
        quadrant=stored.quadrant,
        frontier=tuple(stored.frontier),
        places=tuple(Place(**place) for place in stored.practices),
    )


def _draft_position(
    assessment: Assessment, answers: list[Answer], stages: list[str]
) -> LatestPosition | None:
    score = score_of(assessment, answers, stages=stages)
    if not score.has_position:
        return None
    by_slug = {answer.activity.slug: answer.activity for answer in answers}
    return LatestPosition(
        activeness=score.activeness,
        embeddedness=score.embeddedness,
        quadrant=score.quadrant,
        frontier=score.frontier_activities,
        places=tuple(
            Place(
                activity=practice.activity,
                name=by_slug[practice.activity].name,
                category=practice.category,
                category_name=by_slug[practice.activity].category.name,
                frequency=practice.frequency,
                x=practice.x,
                y=practice.y,
            )
            for practice in score.practices
        ),
    )


def small_chart(
    assessment: Assessment,
    position: LatestPosition,
    colours: dict[str, str],
    panel_view: PanelLens | None = None,
    trend: TrendMarker | None = None,
) -> Chart:
    """``colours``: each category's colour by slug; ``panel_view``: the panel's view,
    drawn beside the commissioners' position once it is shown; ``trend``: the earlier
    years' path to it."""
    points = [
        GridPoint(
            slug=place.activity,
            number=number,
            name=place.name,
            category_slug=place.category,
            category_name=place.category_name,
            colour=colours.get(place.category, FALLBACK_COLOUR),
            x=place.x,
            y=place.y,
            style=place.frequency,
            frontier=place.activity in position.frontier,
        )
        for number, place in enumerate(position.places, start=1)
    ]
    shown = panel_view is not None and panel_view.shown
    panel = None
    if shown:
        panel = PanelMarker(
            panel_view.activeness, panel_view.embeddedness, panel_view.members, "Panel's position"
        )
    label = "Commissioners' position" if shown else "Your position"
    return cached_chart(
        points,
        position=PositionMarker(position.activeness, position.embeddedness, label),
        panel=panel,
        trend=trend,
        size="small",
        title=f"Latest position of {assessment.organisation.name}: {assessment.period}",
        chart_id=f"dashboard-{assessment.pk}",
    )


def earlier_years(assessments: Sequence[Assessment], latest: Assessment) -> list[Assessment]:
    """The submitted assessments of periods before ``latest``'s, oldest first, one a
    period (the last submitted), as ``progress.trend.earlier_results`` reads them."""
    earlier = sorted(
        (a for a in assessments if a.is_submitted and a.period < latest.period),
        key=lambda a: (a.period, a.submitted_at, a.pk),
    )
    return one_a_period(earlier, lambda assessment: assessment.period)


def _trend(earlier: Sequence[Assessment], stored: dict[int, SubmittedResult]) -> TrendMarker | None:
    steps = tuple(
        TrendStep(stored[a.pk].activeness, stored[a.pk].embeddedness, a.period)
        for a in earlier
        if a.pk in stored and stored[a.pk].has_position
    )
    return TrendMarker(steps) if steps else None


def _movement(
    earlier: Sequence[Assessment], stored: dict[int, SubmittedResult], now: LatestPosition
) -> str:
    previous = next((a for a in reversed(earlier) if a.pk in stored), None)
    if previous is None or not stored[previous.pk].has_position:
        return ""
    then = stored[previous.pk]
    return movement_since(
        previous.period,
        now.activeness_percent - as_percent(then.activeness),
        now.embeddedness_percent - as_percent(then.embeddedness),
    )


def _latest_positions(
    latest: Sequence[Assessment], stages: list[str], stored: dict[int, SubmittedResult]
) -> dict[int, LatestPosition | None]:
    """Each assessment's position: a submitted one's from its stored result (``stored``,
    read with the earlier years' in one query), a draft's scored from its answers, all
    drafts' answers in one query."""
    drafts = [assessment for assessment in latest if assessment.is_draft]
    answers: dict[int, list[Answer]] = {assessment.pk: [] for assessment in drafts}
    if drafts:
        for answer in Answer.objects.filter(assessment_id__in=answers).select_related(
            "activity__category"
        ):
            answers[answer.assessment_id].append(answer)
    positions = {a.pk: _draft_position(a, answers[a.pk], stages) for a in drafts}
    positions |= {a.pk: _stored_position(stored[a.pk]) for a in latest if a.pk in stored}
    return positions


def dashboard_context(memberships: Sequence[Membership]) -> dict:
    panels = []
    for membership in memberships:
        assessments = list(membership.organisation.assessments.all())
        submitted = [a for a in assessments if a.is_submitted]
        # The latest year's, not the latest edited: a late correction to an old year
        # does not make it the organisation's position.
        latest = (
            max(submitted, key=lambda a: (a.period, a.submitted_at))
            if submitted
            else (assessments[0] if assessments else None)
        )
        rows = [assessment_row(assessment) for assessment in assessments]
        # Assessments come newest change first, so the first draft is the one in hand.
        draft = next((row for row in rows if not row.is_submitted), None)
        earlier = earlier_years(assessments, latest) if latest else []
        panels.append(OrganisationPanel(membership, rows, latest, draft, earlier=earlier))
    latest = [panel.latest for panel in panels if panel.latest]
    if not latest:
        return {"panels": panels, "chart": None}
    shown = dashboard_catalogue()
    wanted = [a.pk for a in latest if a.is_submitted]
    wanted += [a.pk for panel in panels for a in panel.earlier]
    stored = SubmittedResult.objects.in_bulk(wanted) if wanted else {}
    positions = _latest_positions(latest, shown.stages, stored)
    panel_views = panel_lenses_cached(latest, shown.stages)
    for panel in panels:
        panel.position = positions.get(panel.latest.pk) if panel.latest else None
        panel.panel_view = panel_views.get(panel.latest.pk) if panel.latest else None
        if panel.panel_view and panel.panel_view.shown:
            names = shown.quadrant_names
            panel.panel_quadrant_name = names.get(panel.panel_view.quadrant, "")
        if panel.position:
            panel.quadrant_name = shown.quadrant_names.get(panel.position.quadrant, "")
            panel.trend = _trend(panel.earlier, stored)
            panel.movement = _movement(panel.earlier, stored, panel.position)
            panel.chart = small_chart(
                panel.latest, panel.position, shown.colours, panel.panel_view, panel.trend
            )
    return {"panels": panels, "chart": next((p.chart for p in panels if p.chart), None)}
