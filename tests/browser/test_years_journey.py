"""Progress over the years, in Chromium, JavaScript on and off: a lead starts 2026/27
from 2025/26's answers, changes two answers, submits, and sees the path from last year
with what changed, the activity × stage heatmap and how they compare with the other
organisations that share their results. Every page is checked (axe and the checks axe
cannot make) at desktop width and at 320 px."""

import re

import pytest
from playwright.sync_api import expect

from assessments.peers.services import peer_sharing_set
from assessments.questionnaire.services import AnswerData
from tests import factories
from tests.assessments.peers.helpers import sharing_peers

from .conftest import NARROW

pytestmark = pytest.mark.browser

ROUTINE = re.compile(
    r"^(Routinely \(normal practice\)|Yes, and it is part of how we normally work)$"
)
NONE = AnswerData("none")
LAST_YEAR = {
    "surveys-and-questionnaires": AnswerData("routine", ("strategic-planning", "monitoring")),
    "advisory-forums": AnswerData("occasional", ("strategic-planning",)),
}


@pytest.fixture
def last_year(organisation, lead):
    assessment = factories.make_assessment(organisation, lead, period="2025/26")
    factories.answer_all(assessment, lead, answers=LAST_YEAR, default=NONE)
    return factories.submit(assessment, lead)


@pytest.mark.parametrize("js", [True, False], ids=["js-on", "js-off"])
def test_a_lead_starts_from_last_year_changes_two_answers_and_sees_the_progress(
    js, signed_in, organisation, lead, last_year, page_checks, shot
):
    peer_sharing_set(membership=lead.memberships.get(organisation=organisation), shared=True)
    sharing_peers(12, period="2026/27", seed=7)
    page = signed_in(lead, js=js)

    def check(label: str) -> None:
        page_checks.check(page, label)
        shot(page, label)
        page.set_viewport_size(NARROW)
        page_checks.check(page, f"{label} at 320 px")
        shot(page, f"{label} 320px")
        page.set_viewport_size({"width": 1280, "height": 900})

    page.goto(f"/organisations/{organisation.pk}/assessments/new/")
    page.get_by_label("Title").fill("Mental health co-production self-assessment")
    page.get_by_label("Period").fill("2026/27")
    page.get_by_label("Start from 2025/26's answers").check()
    page.get_by_role("button", name="Start the assessment").click()

    first = factories.category_sections()[0]
    changed = first.activities[:2]
    page.get_by_role("link", name=first.title, exact=True).click()
    groups = page.get_by_role("group", name=re.compile(r"^\d+\. "))
    for index in range(len(changed)):
        group = groups.nth(index)
        group.get_by_role("radio", name=ROUTINE).check()
        stages = group.get_by_role("group", name=re.compile("commissioning stages"))
        stages.get_by_role("checkbox").nth(3).check()  # contracting
    page.get_by_role("button", name="Save and come back later").click()

    page.get_by_role("button", name="Check your answers").click()
    page.get_by_role("button", name="Submit assessment").click()
    page.get_by_role("link", name=re.compile("results", re.IGNORECASE)).first.click()
    expect(page.get_by_role("heading", name="Your progress over the years")).to_be_visible()

    progress = page.locator("table.app-trend-table")
    expect(progress).to_contain_text("2025/26")
    expect(progress).to_contain_text("2026/27 (this assessment)")
    started = page.locator("dl.app-change-list")
    for activity in changed:
        expect(started).to_contain_text(activity.name)
    expect(page.locator("[data-movement]").first).to_contain_text("Since 2025/26 you have moved")
    if js:
        chart = page.locator(".grid-chart__interactive").first
        expect(chart).to_be_visible()
        assert page.evaluate(
            "() => document.querySelector('.grid-chart__interactive').data"
            ".some(t => t.meta && t.meta.role === 'trend-arrow')"
        )
    else:
        expect(page.locator("svg polygon.grid-trend-arrow").first).to_be_attached()
    heatmap = page.locator("#heatmap table")
    expect(heatmap).to_be_visible()
    expect(heatmap).to_contain_text(changed[0].name)
    expect(
        page.get_by_role("heading", name="How you compare with others in 2026/27")
    ).to_be_visible()
    expect(page.locator("table[data-peers-quadrants]")).to_be_visible()
    assert "Secret Peer" not in page.content()
    check("results with the trend, the heatmap and the peers")
