"""The PDF action report: who may download it, its file name, and what its text says.

Each PDF render takes a few tenths of a second, so the tests that read a PDF render one
each and check everything about it; the query-count tests swap the render for a stub.
"""

import datetime
import re
import shutil
import subprocess
import zlib

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assessments.models import Action, Answer
from assessments.questionnaire.services import AnswerData
from assessments.reports import context as reports
from coprod_grid.models import Activity, DiscussionPoint
from tests.factories import (
    LEAD,
    answer_all,
    clear_caches,
    make_assessment,
    make_member,
    make_organisation,
    submit,
)

pytestmark = pytest.mark.django_db

needs_poppler = pytest.mark.skipif(
    not shutil.which("pdftotext") or not shutil.which("pdfinfo"),
    reason="needs poppler-utils (pdftotext, pdfinfo)",
)

ACTIONS = [
    "Recruit two more experts-by-experience to the Mental Health Partnership Board",
    "Co-produce the outcome measures of the community mental health framework",
    "Report progress on co-production to the Board every quarter",
]
HOSTILE_NOTE = "<script>alert('x')</script> and <b>bold</b> & more"


def pdf_text(pdf: bytes, *, raw: bool = False) -> str:
    """The PDF's text with all whitespace runs made single spaces (lines wrap).

    ``raw`` reads it in the order it is drawn, a table cell's lines together, rather
    than as the eye reads across a page, where a cell's wrapped lines interleave with
    the next column's."""
    options = ["-raw"] if raw else []
    text = subprocess.run(
        ["pdftotext", *options, "-enc", "UTF-8", "-", "-"],
        input=pdf,
        capture_output=True,
        check=True,
    ).stdout.decode()
    return " ".join(text.split())


def pdf_info(pdf: bytes) -> dict[str, str]:
    output = subprocess.run(
        ["pdfinfo", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode()
    return dict(
        (key.strip(), value.strip())
        for key, _, value in (line.partition(":") for line in output.splitlines())
    )


def pdf_objects(pdf: bytes) -> bytes:
    """The PDF's compressed streams and object streams, inflated, to find catalogue
    entries such as /Lang that WeasyPrint writes inside object streams."""
    parts = [pdf]
    for match in re.finditer(rb"stream\r?\n(.*?)endstream", pdf, re.S):
        try:
            parts.append(zlib.decompress(match.group(1)))
        except zlib.error:
            continue
    return b"\n".join(parts)


@pytest.fixture
def organisation():
    return make_organisation(name="NHS Report Test ICB", ods_code="QRT")


@pytest.fixture
def submitted(organisation, lead):
    assessment = make_assessment(organisation, lead, period="2026/27")
    answer_all(
        assessment,
        lead,
        answers={
            "member-of-decision-making-forums": AnswerData(
                "routine", ("strategic-planning",), HOSTILE_NOTE
            )
        },
    )
    submit(assessment, lead)
    point = DiscussionPoint.objects.order_by("pk").first()
    for number, description in enumerate(ACTIONS):
        Action.objects.create(
            assessment=assessment,
            description=description,
            owner="Head of commissioning",
            due_date=datetime.date(2026, 6, 1) + datetime.timedelta(days=30 * number),
            discussion_point=point if number == 0 else None,
        )
    return assessment


@pytest.fixture
def draft_without_practices(organisation, lead):
    """A draft answered "Not at the moment" throughout: no position on the Grid."""
    assessment = make_assessment(organisation, lead, period="2027/28")
    for activity in Activity.objects.active()[:4]:
        Answer.objects.create(assessment=assessment, activity=activity, frequency="none")
    return assessment


def report_url(assessment) -> str:
    return reverse("assessments:report-pdf", args=[assessment.pk])


@needs_poppler
def test_it_works_for_a_lead(client, lead, submitted):
    client.force_login(lead)
    response = client.get(report_url(submitted))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        'attachment; filename="QRT-2026-27-co-production-report.pdf"'
    )
    pdf = response.content
    text = pdf_text(pdf)
    assert "NHS Report Test ICB" in text
    assert "2026/27" in text
    assert submitted.title in text
    assert "Active and embedded" in text  # every activity done routinely
    for heading in reports.SECTION_HEADINGS.values():
        assert heading in text
    drawn = pdf_text(pdf, raw=True)
    for description in ACTIONS:
        assert description in drawn
    assert DiscussionPoint.objects.order_by("pk").first().text in text
    assert "Page 1 of" in text
    assert "DRAFT" not in text
    # User text is escaped: the markup is printed, not obeyed (compared without spaces,
    # as the evidence column may wrap inside a word).
    assert "".join(HOSTILE_NOTE.split()) in "".join(text.split())

    info = pdf_info(pdf)
    assert info["Title"] == ("Co-production Grid action report – NHS Report Test ICB – 2026/27")
    assert info["Author"] == "NHS Report Test ICB"
    assert info["Page size"].endswith("(A4)")
    assert info["Tagged"] == "yes"  # PDF/UA-1: a structure tree for assistive technology
    assert b"/Lang (en-GB)" in pdf_objects(pdf)
    assert int(info["Pages"]) > 5


@needs_poppler
def test_it_works_for_a_commissioner_and_marks_a_draft(
    client, commissioner, draft_without_practices
):
    client.force_login(commissioner)
    response = client.get(report_url(draft_without_practices))

    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        'attachment; filename="QRT-2027-28-co-production-report.pdf"'
    )
    text = pdf_text(response.content)
    pages = int(pdf_info(response.content)["Pages"])
    assert "No involvement recorded" in text
    # On every page: the running header's mark (and the watermark where it shows).
    assert text.count("DRAFT") >= pages
    assert "Page 1 of" in text
    assert "No actions have been added to the plan yet" in text


def test_it_answers_404_for_another_organisations_assessment(client, submitted):
    outsider = make_member(make_organisation(), LEAD)
    client.force_login(outsider)

    assert client.get(report_url(submitted)).status_code == 404


def test_it_answers_404_for_a_missing_assessment(client, lead):
    client.force_login(lead)

    assert client.get(reverse("assessments:report-pdf", args=[999_999])).status_code == 404


def test_it_sends_anonymous_visitors_to_sign_in(client, submitted):
    response = client.get(report_url(submitted))

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_the_results_page_links_to_it(client, lead, submitted):
    client.force_login(lead)
    response = client.get(reverse("assessments:results", args=[submitted.pk]))

    assert report_url(submitted) in response.content.decode()


def _queries_for(client, assessment) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(report_url(assessment))
    assert response.status_code == 200
    return len(queries)


@pytest.fixture
def no_render(monkeypatch):
    """Build the context and HTML as the view does, but skip WeasyPrint: the database
    work is what the query count measures."""
    monkeypatch.setattr(reports, "render_pdf", lambda html, **options: b"%PDF-stub")


def test_its_queries_do_not_grow_with_answers(client, organisation, lead, no_render):
    few = make_assessment(organisation, lead, period="2026/27")
    for activity in Activity.objects.active()[:3]:
        Answer.objects.create(
            assessment=few, activity=activity, frequency="routine", stages=["monitoring"]
        )
    many = answer_all(make_assessment(organisation, lead, period="2025/26"), lead)
    assert many.answers.count() == Activity.objects.active().count() > 3
    client.force_login(lead)
    # The first request of a process reads the catalogue too: make it another
    # assessment's, so that both measured are first views.
    clear_caches()
    client.get(reverse("assessments:results", args=[make_assessment(organisation, lead).pk]))

    # 35: the first download of a content also looks for a render the worker was asked
    # for, and reads and keeps the day the content was first made.
    assert _queries_for(client, few) == _queries_for(client, many) <= 35


def test_its_queries_do_not_grow_with_actions(client, organisation, lead, no_render):
    assessment = answer_all(make_assessment(organisation, lead), lead)
    client.force_login(lead)
    before = _queries_for(client, assessment)
    activities = list(Activity.objects.active()[:20])
    point = DiscussionPoint.objects.first()
    Action.objects.bulk_create(
        Action(
            assessment=assessment,
            description=f"Action {number}",
            activity=activities[number] if number % 3 == 0 else None,
            discussion_point=point if number % 3 == 1 else None,
            category=point.category if number % 3 == 2 else None,
        )
        for number in range(20)
    )

    assert _queries_for(client, assessment) == before


def test_its_file_name_makes_the_period_safe(submitted):
    assert reports.report_filename(submitted) == "QRT-2026-27-co-production-report.pdf"
