"""Public pages: the start page, the Grid, its categories and how the score works.

Nobody needs to sign in to read the Grid, so each view opts out of the site-wide
LoginRequiredMiddleware. Each page makes a fixed, small number of queries whatever the
size of the catalogue.
"""

from django.contrib.auth.decorators import login_not_required
from django.db import DatabaseError
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_safe

from coprod_grid import catalogue
from coprod_grid.grid import chart as charts
from coprod_grid.grid.grid_terms import X_AXIS_MEANING, Y_AXIS_MEANING
from coprod_grid.grid.points import GridPoint, catalogue_points, highlight_category
from coprod_grid.jobs.health import worker_is_behind
from coprod_grid.models import SHORT_ATTRIBUTION, SOURCE_ATTRIBUTION, Category
from coprod_grid.pages import edge


def _category_href(slug: str) -> str:
    return reverse("grid-category", args=[slug])


def _catalogue_context(points: list[GridPoint]) -> dict:
    """What every page about the Grid shows: the axes, the quadrants and the table."""
    quadrants = catalogue.quadrants()
    return {
        "quadrants": quadrants,
        "rows": charts.table_rows(
            points,
            quadrant_names={q.slug: q.name for q in quadrants},
            category_href=_category_href,
        ),
        "x_axis_meaning": X_AXIS_MEANING,
        "y_axis_meaning": Y_AXIS_MEANING,
        "attribution": SHORT_ATTRIBUTION,
        "source": SOURCE_ATTRIBUTION,
    }


@login_not_required
@require_safe
def start(request: HttpRequest) -> HttpResponse:
    return render(request, "coprod_grid/start.html")


@catalogue.memoised_by_catalogue
def grid_context() -> dict:
    """The Grid page's context: the catalogue's alone, so made once per version."""
    points = catalogue_points(catalogue.active_activities())
    chart = charts.cached_chart(
        points,
        title="The Co-production Grid: every activity, coloured by category",
        description=charts.describe(points) + " The table below the chart lists them.",
    )
    categories = list({p.category_slug: p for p in points}.values())
    return {"chart": chart, "categories": categories, **_catalogue_context(points)}


@login_not_required
@require_safe
def grid(request: HttpRequest) -> HttpResponse:
    return render(request, "coprod_grid/grid.html", grid_context())


@login_not_required
@require_safe
def category(request: HttpRequest, slug: str) -> HttpResponse:
    category = get_object_or_404(
        Category.objects.prefetch_related(
            "discussion_points", Prefetch("case_studies", to_attr="studies")
        ),
        slug=slug,
    )
    # Every active activity keeps its number from the Grid page; the others go faint.
    all_points = catalogue_points(catalogue.active_activities())
    points = [p for p in all_points if p.category_slug == category.slug]
    chart = charts.cached_chart(
        highlight_category(all_points, category.slug),
        title=f"The Co-production Grid: {category.name} activities",
        chart_id="category",
        style_labels={"faint": "Activities in other categories (faint)"},
    )
    context = {"category": category, "chart": chart, **_catalogue_context(points)}
    return render(request, "coprod_grid/category.html", context)


@login_not_required
@require_safe
def how_the_score_works(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "coprod_grid/how_the_score_works.html",
        {"quadrants": catalogue.quadrants(), "attribution": SHORT_ATTRIBUTION},
    )


@login_not_required
@require_safe
def accessibility_statement(request: HttpRequest) -> HttpResponse:
    return render(request, "coprod_grid/accessibility.html")


@login_not_required
@require_safe
def privacy_notice(request: HttpRequest) -> HttpResponse:
    return render(request, "coprod_grid/privacy.html")


@login_not_required
@require_safe
def healthz(request: HttpRequest) -> HttpResponse:
    """For load balancers and monitoring: 200 when the database answers and the
    background worker keeps up, 503 saying which is wrong otherwise. One query answers
    both (coprod_grid/jobs/health.py)."""
    try:
        behind = worker_is_behind()
    except DatabaseError:
        return HttpResponse("database unavailable", status=503, content_type="text/plain")
    if behind:
        return HttpResponse(
            "background worker behind: tasks are waiting", status=503, content_type="text/plain"
        )
    return HttpResponse("ok", content_type="text/plain")


# What the CSRF failure page says instead of the 403 page's usual words: in this service
# a refused CSRF check almost always means a form was left open past the session's end.
CSRF_FAILURE_REASON = "Your session may have expired: go back, reload the page and try again."


@login_not_required
@require_safe
def request_too_large(request: HttpRequest) -> HttpResponse:
    """What nginx shows, fetched from here, for a body over its ``client_max_body_size``
    (deploy/nginx/coprod-grid.conf): the same page as the app's own refusal."""
    return edge.request_too_large(request)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """``CSRF_FAILURE_VIEW``: the service's own 403 page. Django's ``reason`` (which check
    failed) is for developers, not for the page."""
    return render(request, "403.html", {"reason": CSRF_FAILURE_REASON}, status=403)
