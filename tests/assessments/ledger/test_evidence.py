"""An activity with ledger entries in the assessment's period shows them on the
questionnaire's page as its evidence."""

import datetime
import re

import pytest
from django.urls import reverse

from tests.factories import category_sections, make_assessment

from .conftest import add_entry

pytestmark = pytest.mark.django_db


@pytest.fixture
def setting(lead, organisation):
    section = category_sections()[0]
    return {
        "assessment": make_assessment(organisation, lead),  # 2026/27
        "section": section,
        "activity": section.activities[0],
        "other": section.activities[1],
    }


def section_page(client, setting) -> str:
    address = reverse(
        "assessments:section", args=[setting["assessment"].pk, setting["section"].key]
    )
    response = client.get(address)
    assert response.status_code == 200
    return response.content.decode()


def evidence_of(html: str, slug: str) -> str:
    match = re.search(rf'data-ledger-evidence="activity-{slug}">(.*?)</div>', html, re.S)
    return match[1] if match else ""


def test_an_activity_shows_its_entries(client, lead, organisation, setting, elsewhere):
    activity = setting["activity"]
    add_entry(lead, organisation, activity=activity, said="<script>x()</script> Too far to travel")
    add_entry(lead, organisation, activity=activity, said="Evening sessions please")
    add_entry(
        lead, organisation, activity=activity, said="Last year", heard_on=datetime.date(2025, 6, 1)
    )
    add_entry(elsewhere["lead"], elsewhere["organisation"], activity=activity, said="Not ours")
    client.force_login(lead)
    html = section_page(client, setting)
    evidence = evidence_of(html, activity.slug)
    assert "Ledger evidence: 2 entries" in evidence
    assert "&lt;script&gt;x()&lt;/script&gt; Too far to travel" in evidence
    assert "<script>x()" not in html
    assert "Evening sessions please" in evidence
    assert "Last year" not in html and "Not ours" not in html
    ledger = reverse("assessments:ledger", args=[organisation.pk])
    assert f'href="{ledger}?period=2026%2F27"' in evidence
    new = reverse("assessments:ledger-new", args=[organisation.pk])
    assert (
        f'href="{new}?activity={activity.slug}&amp;assessment={setting["assessment"].pk}"'
        in evidence
    )
    assert evidence_of(html, setting["other"].slug) == ""


def test_one_entry_is_one_entry(client, lead, organisation, setting):
    add_entry(lead, organisation, activity=setting["activity"])
    client.force_login(lead)
    assert "Ledger evidence: 1 entry<" in section_page(client, setting)


def test_no_entries_no_evidence(client, lead, setting):
    client.force_login(lead)
    assert "data-ledger-evidence" not in section_page(client, setting)


def test_many_entries_quote_five(client, lead, organisation, setting):
    for number in range(7):
        add_entry(lead, organisation, activity=setting["activity"], said=f"Point {number}")
    client.force_login(lead)
    evidence = evidence_of(section_page(client, setting), setting["activity"].slug)
    assert "Ledger evidence: 7 entries" in evidence
    assert evidence.count("<li>") == 5
    assert "And 2 more." in evidence


@pytest.mark.parametrize("count", [1, 25])
def test_the_section_page_queries_do_not_grow(
    client, lead, organisation, setting, count, django_assert_max_num_queries
):
    for number in range(count):
        activity = setting["activity"] if number % 2 else setting["other"]
        add_entry(lead, organisation, activity=activity, said=f"Point {number}")
    client.force_login(lead)
    section_page(client, setting)
    with django_assert_max_num_queries(10):
        section_page(client, setting)
