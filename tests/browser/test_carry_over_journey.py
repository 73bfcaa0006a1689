"""Start from last year, in Chromium: the choice on "Start a new assessment", the marks
on the task list and in a section, and the mark gone once the section is saved. Each
step is checked with axe, at desktop width and at 320 px."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests import factories

from .conftest import NARROW

pytestmark = pytest.mark.browser

CHECK_TAG = "Check last year's answers"


@pytest.fixture
def last_year(organisation, lead):
    assessment = factories.make_assessment(organisation, lead, period="2025/26")
    factories.answer_all(assessment, lead)
    return factories.submit(assessment, lead)


def test_a_lead_starts_from_last_years_answers_and_checks_a_section(
    signed_in, organisation, lead, last_year, axe_check, shot
):
    page = signed_in(lead)

    def step(name: str) -> None:
        expect(page.get_by_role("heading", level=1)).to_have_count(1)
        axe_check(page, name)
        shot(page, name)
        page.set_viewport_size(NARROW)
        axe_check(page, f"{name} at 320 px")
        shot(page, f"{name} 320px")
        page.set_viewport_size({"width": 1280, "height": 900})

    page.goto(reverse("assessments:new", args=[organisation.pk]))
    step("start a new assessment")
    page.get_by_role("button", name="Start the assessment").click()
    expect(page.get_by_role("link", name=re.compile("Select whether to start"))).to_be_visible()
    step("start, with errors")
    page.get_by_label("Title").fill("Mental health co-production self-assessment")
    page.get_by_label("Period").fill("2026/27")
    page.get_by_label("Start from 2025/26's answers").check()
    page.get_by_role("button", name="Start the assessment").click()

    task_list = page.locator(".nhsuk-task-list")
    expect(task_list).to_be_visible()
    sections = factories.sections()
    expect(task_list.get_by_text(CHECK_TAG)).to_have_count(len(sections))
    step("task list, last year's answers")

    first = factories.category_sections()[0]
    page.get_by_role("link", name=first.title, exact=True).click()
    expect(page.get_by_text("From 2025/26 – check this is still true").first).to_be_visible()
    step("section, from last year")
    page.get_by_role("button", name="Save and come back later").click()

    expect(task_list.get_by_text(CHECK_TAG)).to_have_count(len(sections) - 1)
    page.get_by_role("link", name=first.title, exact=True).click()
    expect(page.get_by_text("check this is still true")).to_have_count(0)
    page.get_by_role("link", name="Back to the assessment").click()

    page.get_by_role("button", name="Check your answers").click()
    expect(page.get_by_text(f"{len(sections) - 1} sections not checked")).to_be_visible()
    step("check answers, sections not checked")
