"""The principles page, the results page's summary of it and the PDF's section: the
evidence found per principle, plainly not a verdict; only the organisation's members see
it; ledger text is escaped; queries are bounded."""

import datetime

import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from assessments.impact.evidence import impact_evidence_for
from assessments.ledger.models import LedgerEntry
from assessments.models import Frequency
from assessments.principles.evidence import principles_for
from assessments.questionnaire.services import AnswerData
from tests.factories import (
    COMMISSIONER,
    LEAD,
    answer_all,
    make_assessment,
    make_member,
    make_organisation,
    make_user,
    panel_member,
    submit,
)
from tests.html import parse

pytestmark = pytest.mark.django_db

HOSTILE = '<script>alert("said")</script> & more'
NONE = AnswerData(Frequency.NONE, (), "")


@pytest.fixture
def assessment(organisation, lead):
    assessment = make_assessment(organisation, lead, period="2026/27")
    answer_all(
        assessment,
        lead,
        answers={
            "member-of-decision-making-forums": AnswerData(
                Frequency.ROUTINE, ("strategic-planning",), ""
            )
        },
        default=NONE,
    )
    return assessment


@pytest.fixture
def entry(organisation):
    return LedgerEntry.objects.create(
        organisation=organisation,
        said=HOSTILE,
        heard_on=datetime.date(2026, 9, 1),
        status="fed-back",
        outcome="decision-changed",
        fed_back_on=datetime.date(2026, 10, 1),
    )


def url(assessment) -> str:
    return reverse("assessments:principles", args=[assessment.pk])


def page(client, user, assessment) -> str:
    client.force_login(user)
    response = client.get(url(assessment))
    assert response.status_code == 200
    return response.content.decode()


def test_it_shows_the_evidence_found_for_each_principle_and_says_it_is_no_verdict(
    client, organisation, assessment, entry
):
    commissioner = make_member(organisation, COMMISSIONER)
    html = page(client, commissioner, assessment)
    tree = parse(html)
    note = tree.find("div", cls="nhsuk-inset-text").text
    assert "This is the evidence we found, not a verdict." in note
    first = tree.find(data_principle="decision-making-and-governance")
    assert "Ensure people and communities have an active role" in first.text
    assert "Evidence found" in first.text
    assert "Service user membership of decision-making forums" in first.text
    assert "routinely" in first.text
    link = first.find("a")
    assert link.attrs["href"] == reverse(
        "assessments:ledger-edit",
        kwargs={"organisation_id": organisation.pk, "entry_id": entry.pk},
    )
    assert "fed back" in first.text
    nothing = tree.find(data_principle="excluded-groups")
    assert "No evidence found in this assessment or the ledger." in nothing.text
    assert "Evidence found" not in nothing.text
    headings = [h.text for h in tree.find_all("h2")]
    assert "Working in partnership with people and communities (2022)" in headings
    assert "NSUN 4Pi National Involvement Standards" in headings


def test_ledger_text_is_escaped(client, lead, assessment, entry):
    html = page(client, lead, assessment)
    assert HOSTILE not in html and "<script>alert" not in html
    assert "&lt;script&gt;alert(&quot;said&quot;)&lt;/script&gt; &amp; more" in html


def test_each_entry_is_quoted_short_with_its_date_and_status_under_every_principle(
    client, organisation, lead, assessment
):
    LedgerEntry.objects.create(
        organisation=organisation,
        said="Long " + "x" * 200,
        heard_on=datetime.date(2026, 9, 1),
        status="not-acted-on",
        outcome="not-changed",
        reason="No budget",
    )
    tree = parse(page(client, lead, assessment))
    quoted = "Long " + "x" * 94 + "…"
    lines = [li.text for li in tree.find_all("li") if quoted in li.text]
    assert lines[0] == f"{quoted} (1 September 2026, not acted on)"
    # Heard, and not acted on: evidence for more than one principle, quoted alike.
    assert len(lines) > 1 and len(set(lines)) == 1


def test_entries_outside_the_period_are_not_evidence(client, organisation, lead, assessment):
    LedgerEntry.objects.create(
        organisation=organisation, said="Last year's", heard_on=datetime.date(2026, 3, 31)
    )
    assert "Last year's" not in page(client, lead, assessment)


def test_other_organisations_panel_members_and_bad_ids_get_404(client, assessment):
    stranger = make_member(make_organisation(), LEAD)
    client.force_login(stranger)
    assert client.get(url(assessment)).status_code == 404
    member = panel_member(assessment, user=make_user())
    client.force_login(member.user)
    assert client.get(url(assessment)).status_code == 404
    client.force_login(stranger)
    assert client.get(reverse("assessments:principles", args=[10**12])).status_code == 404


def test_it_asks_anyone_signed_out_to_sign_in(client, assessment):
    response = client.get(url(assessment))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_it_only_reads(client, lead, assessment):
    client.force_login(lead)
    assert client.post(url(assessment)).status_code == 405


def test_a_submitted_assessment_shows_its_evidence_too(client, lead, assessment, entry):
    submit(assessment, lead)
    assert "Service user membership of decision-making forums" in page(client, lead, assessment)


def test_queries_are_bounded_whatever_the_number_of_entries(
    client, organisation, lead, assessment, django_assert_max_num_queries
):
    LedgerEntry.objects.bulk_create(
        LedgerEntry(
            organisation=organisation,
            said=f"Entry {number}",
            heard_on=datetime.date(2026, 5, 1),
            people_count=number,
        )
        for number in range(40)
    )
    client.force_login(lead)
    client.get(url(assessment))  # the session's first request; the principles memoised
    # The session and user, the membership, the assessment, the token, the answers and
    # the ledger.
    with django_assert_max_num_queries(8):
        response = client.get(url(assessment))
    assert response.content.decode().count("Entry 39") >= 1


# The results page's summary and the PDF's section -------------------------------------------
def test_the_results_summary_says_per_principle_what_was_found(assessment, entry):
    html = render_to_string(
        "principles/_results_summary.html",
        {"principles": principles_for(assessment), "assessment": assessment},
    )
    tree = parse(html)
    first = tree.find(data_principle="decision-making-and-governance")
    assert "evidence found (1 activity, 1 ledger entry)" in first.text
    assert "no evidence found" in tree.find(data_principle="excluded-groups").text
    assert len(tree.find_all("li")) == 15
    assert tree.find("a").attrs["href"] == url(assessment)
    assert "not a verdict" in html


def test_the_pdf_section_refers_to_the_ledger_entries_by_number_escaped(assessment, entry):
    evidence = impact_evidence_for(assessment)
    context = {
        "principles": evidence.numbered_principles,
        "ledger_entries": evidence.numbered_entries,
        "impact": evidence.impact,
        "assessment": assessment,
        "headings": {"principles": "The involvement principles", "impact": "What it changed"},
    }
    html = render_to_string("reports/_principles.html", context)
    tree = parse(html)
    assert tree.find("h2").text == "The involvement principles"
    captions = [caption.text for caption in tree.find_all("caption")]
    assert captions[0].startswith("Working in partnership with people and communities (2022)")
    assert captions[1].startswith("NSUN 4Pi National Involvement Standards")
    assert len(tree.find_all("tr")) == 15 + 2  # each principle, and each table's header
    assert "From your ledger: entry 1 of “What it changed”" in tree.text
    assert "No evidence found in this assessment or the ledger" in html
    assert "not a verdict" in html
    # The entry itself is quoted once, numbered, in the impact section: escaped there.
    impact = render_to_string("reports/_impact.html", context)
    assert "<script>" not in impact
    assert "&lt;script&gt;" in impact
