"""Curate: an admin moves an activity in Django admin, and the public Grid shows it in its
new place at once (chart, interactive chart data and table). Admin pages are Django's
own and are not checked with axe; the public pages are."""

import re

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from coprod_grid.accounts.two_factor.devices import two_factor_add
from coprod_grid.models import Activity
from tests import factories

from .conftest import enter_code

pytestmark = pytest.mark.browser


def grid_place(page, slug: str) -> dict:
    """Where the public Grid draws one activity: the SVG point, the plotly point and the
    table row."""
    point = page.locator(f'.grid-chart__svg g.grid-point[data-slug="{slug}"]').first
    row = page.locator(f'tr[data-slug="{slug}"]')
    return {
        "svg": (point.get_attribute("data-cx"), point.get_attribute("data-cy")),
        "row": " ".join(row.inner_text().split()),
    }


def test_an_admin_moves_an_activity_and_the_public_grid_follows(
    new_page, catalogue, axe_check, shot
):
    admin = get_user_model().objects.create_superuser(
        "ada.admin", "ada@example.nhs.uk", factories.PASSWORD
    )
    two_factor_add(user=admin)
    activity = Activity.objects.get(slug="analysis-of-complaints")

    public = new_page(js=False)
    public.goto("/grid/")
    before = grid_place(public, activity.slug)
    shot(public, "the Grid before")

    page = new_page(js=True)
    page.goto("/admin/")
    page.get_by_label("Username").fill(admin.username)
    page.get_by_label("Password").fill(factories.PASSWORD)
    page.get_by_role("button", name="Log in").click()
    enter_code(page, admin.username)  # staff give a code before admin opens
    shot(page, "admin home")
    page.get_by_role("link", name="Activities").first.click()
    shot(page, "admin activities")
    page.get_by_role("link", name=activity.name, exact=True).click()
    expect(page.get_by_role("heading", name=re.compile("Change activity"))).to_be_visible()
    page.get_by_label("Activeness").fill("0.9")
    page.get_by_label("Embeddedness").fill("0.95")
    shot(page, "admin activity moved")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_text(re.compile("was changed successfully"))).to_be_visible()
    shot(page, "admin activity saved")
    activity.refresh_from_db()
    assert (str(activity.activeness), str(activity.embeddedness)) == ("0.900", "0.950")

    # The public Grid, without JavaScript: the SVG point and the table have moved.
    public.goto("/grid/")
    after = grid_place(public, activity.slug)
    assert after["svg"] != before["svg"]
    assert re.search(r"\b90\b.*\b95\b", after["row"]), after["row"]
    assert "Active and embedded" in after["row"], after["row"]
    shot(public, "the Grid after, without JavaScript")

    # And with JavaScript: the interactive chart plots it at the new place.
    grid = new_page(js=True)
    grid.goto("/grid/")
    figure = grid.get_by_role("figure", name=re.compile("Co-production Grid"))
    expect(figure).to_be_visible()
    positions = figure.evaluate(
        """(gd, name) => gd.data.flatMap(t => (t.hovertext || t.text || []).map((h, i) =>
             [String(h), t.x[i], t.y[i]])).filter(([h]) => h.includes(name))""",
        activity.name,
    )
    assert positions, "the activity is not in the interactive chart"
    assert any(abs(x - 0.9) < 0.02 for _, x, _ in positions), positions
    axe_check(grid, "the Grid after the move (JavaScript on)")
    shot(grid, "the Grid after, with JavaScript")
