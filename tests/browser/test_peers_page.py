"""The peer comparison in the browser, JavaScript on and off and at 320 px: a lead opts
the organisation in through the page, then sees the other sharing organisations' counts
beside their own position, never a name; axe finds nothing on any state."""

import pytest
from playwright.sync_api import expect

from tests import factories
from tests.assessments.peers.helpers import sharing_peers

from .conftest import NARROW

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("js", [True, False], ids=["js-on", "js-off"])
def test_a_lead_shares_and_sees_how_they_compare(
    js, signed_in, organisation, lead, page_checks, shot
):
    mode = "JavaScript on" if js else "JavaScript off"

    def check(page, label: str) -> None:
        page_checks.check(page, f"{label} ({mode})")
        shot(page, label)

    factories.submitted_assessment(organisation, lead)
    sharing_peers(14, kind="icb", seed=4)
    sharing_peers(3, kind="other", seed=5)
    page = signed_in(lead, js=js)
    page.goto(f"/organisations/{organisation.pk}/peers/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Compare with others")
    expect(page.get_by_text("Share your results to see how you compare")).to_be_visible()
    check(page, "not sharing")

    page.get_by_role("button", name="Share our results").click()
    page.wait_for_load_state()
    expect(page.get_by_text("Your organisation now shares its results")).to_be_visible()
    expect(page.get_by_text("Shared since")).to_contain_text(lead.get_full_name())
    quadrants = page.locator("table[data-peers-quadrants]")
    expect(quadrants).to_be_visible()
    expect(quadrants).to_contain_text("You are here")
    expect(page.locator("table[data-peers-stages]")).to_be_visible()
    assert "Secret Peer" not in page.content()
    check(page, "sharing, the comparison")

    # ICBs are 15 with this one, other commissioners only 3: only ICBs are offered.
    page.get_by_label("Compare with").select_option("icb")
    page.get_by_role("button", name="Show comparison").click()
    page.wait_for_load_state()
    expect(page.get_by_text("Integrated Care Boards that share their results: 15")).to_be_visible()
    assert page.locator("#kind option").count() == 2

    page.set_viewport_size(NARROW)
    check(page, "the comparison at 320 px")

    page.set_viewport_size({"width": 1280, "height": 900})
    page.get_by_role("button", name="Stop sharing our results").click()
    page.wait_for_load_state()
    expect(page.get_by_text("Share your results to see how you compare")).to_be_visible()
    check(page, "stopped sharing")
    page_checks.assert_ok()
