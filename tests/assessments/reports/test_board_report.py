"""The Board report: who may download it, what its own context picks from the shared
report context, and that it keeps to six pages whatever the size of the plan.

A render takes a second or two, so the tests that read a PDF render one each and check
all they can; the rest test the plain functions, or swap the render for a stub.
"""

import datetime
import io
from types import SimpleNamespace

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pypdf import PdfReader

from assessments.models import Action, Answer, Assessment
from assessments.questionnaire.services import AnswerData
from assessments.reports import board
from assessments.reports import context as reports
from assessments.reports.context import ActionRow
from assessments.reports.documents import BOARD_REPORT, DOCUMENTS, FULL_REPORT
from coprod_grid.models import Activity
from tests.factories import LEAD, answer_all, make_assessment, make_member, make_organisation
from tests.factories import submit as submit_assessment

pytestmark = pytest.mark.django_db

HOSTILE = "<script>alert('x')</script> & <b>bold</b>"


def pdf_text(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


def page_count(pdf: bytes) -> int:
    return len(PdfReader(io.BytesIO(pdf)).pages)


def board_url(assessment) -> str:
    return reverse("assessments:board-report-pdf", args=[assessment.pk])


@pytest.fixture
def organisation():
    return make_organisation(name="NHS Board Test ICB", ods_code="QBT")


@pytest.fixture
def submitted(organisation, lead):
    assessment = make_assessment(organisation, lead, period="2026/27")
    answer_all(
        assessment,
        lead,
        answers={
            "member-of-decision-making-forums": AnswerData(
                "routine", ("strategic-planning",), HOSTILE
            )
        },
    )
    submit_assessment(assessment, lead)
    for number, status in enumerate(
        [Action.Status.DONE, Action.Status.IN_PROGRESS, Action.Status.NOT_STARTED]
    ):
        Action.objects.create(
            assessment=assessment,
            description=f"{HOSTILE} action {number + 1}",
            owner="Head of commissioning",
            status=status,
            due_date=datetime.date(2026, 6, 1) + datetime.timedelta(days=30 * number),
        )
    return assessment


# The download ----------------------------------------------------------------------


def test_a_member_downloads_it_as_a_pdf_with_user_text_escaped(client, lead, submitted):
    client.force_login(lead)
    response = client.get(board_url(submitted))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        'attachment; filename="QBT-2026-27-board-report.pdf"'
    )
    pdf = response.content
    reader = PdfReader(io.BytesIO(pdf))
    assert reader.metadata.title == "Co-production Grid Board report – NHS Board Test ICB – 2026/27"
    assert len(reader.pages) <= BOARD_REPORT.max_pages
    text = pdf_text(pdf)
    assert "Active and embedded" in text  # every activity done routinely
    assert f"Page 1 of {len(reader.pages)}" in text
    assert "DRAFT" not in text
    # Only the two open actions: the done one is counted, not listed.
    assert "action 2" in text and "action 3" in text and "action 1" not in text
    assert "1 action is done." in text
    # The markup is printed, not obeyed (compared without spaces: a cell may wrap).
    assert "".join(f"{HOSTILE} action 2".split()) in "".join(text.split())


def test_its_html_escapes_user_text(submitted):
    html = reports.report_html(reports.report_context(submitted), BOARD_REPORT)

    assert "<script>" not in html
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; &lt;b&gt;bold" in html


def test_a_commissioner_downloads_a_draft_marked_on_every_page(client, organisation, commissioner):
    draft = make_assessment(organisation, commissioner, period="2027/28")
    for activity in Activity.objects.active()[:4]:
        Answer.objects.create(assessment=draft, activity=activity, frequency="none")
    client.force_login(commissioner)
    response = client.get(board_url(draft))

    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        'attachment; filename="QBT-2027-28-board-report.pdf"'
    )
    text = pdf_text(response.content)
    assert "No involvement recorded" in text
    assert text.count("DRAFT") >= page_count(response.content)
    assert "No actions have been added to the plan yet" in text


def test_another_organisations_member_gets_404(client, submitted):
    client.force_login(make_member(make_organisation(), LEAD))

    assert client.get(board_url(submitted)).status_code == 404


def test_a_missing_assessment_is_404(client, lead):
    client.force_login(lead)

    assert client.get(reverse("assessments:board-report-pdf", args=[999_999])).status_code == 404


def test_anonymous_visitors_are_sent_to_sign_in(client, submitted):
    response = client.get(board_url(submitted))

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_the_results_page_offers_the_board_report_first(client, lead, submitted):
    client.force_login(lead)
    html = client.get(reverse("assessments:results", args=[submitted.pk])).content.decode()

    full = reverse("assessments:report-pdf", args=[submitted.pk])
    assert html.index(board_url(submitted)) < html.index(full)


@pytest.fixture
def no_render(monkeypatch):
    """Build the context and HTML as the view does, but skip WeasyPrint: the database
    work is what the query count measures."""
    monkeypatch.setattr(reports, "render_pdf", lambda html, **options: b"%PDF-stub")


def test_its_queries_are_bounded(client, lead, submitted, no_render, django_assert_max_num_queries):
    client.force_login(lead)
    # The first request of a process reads the catalogue too.
    client.get(reverse("assessments:results", args=[submitted.pk]))
    # The shared context's and the PDF cache's queries (a first download also looks for
    # a render the worker was asked for, and keeps the content's day): the Board report
    # adds none.
    with django_assert_max_num_queries(32):
        response = client.get(board_url(submitted))
    assert response.status_code == 200


def html_queries(assessment, document) -> int:
    # A fresh instance each time: a related row read once stays on the instance.
    context = reports.report_context(Assessment.objects.get(pk=assessment.pk))
    with CaptureQueriesContext(connection) as queries:
        reports.report_html(context, document)
    return len(queries)


def test_its_own_context_makes_no_queries(submitted):
    # The cover reads who submitted the assessment, as the full report's does.
    assert html_queries(submitted, BOARD_REPORT) == html_queries(submitted, FULL_REPORT) <= 1


# The Board report's own context ----------------------------------------------------


def action_row(number: int, status: str, description: str = "Hold a workshop") -> ActionRow:
    return ActionRow(
        number=number,
        description=description,
        owner="",
        due_date=None,
        status=status,
        status_label=status,
        tag_colour="grey",
        link_label="",
    )


def impact_of(entries: int, **counts) -> SimpleNamespace:
    fields = {"fed_back": 0, "decisions_changed": 0, "services_changed": 0, "open": 0}
    fields |= counts
    share = fields["fed_back"] / entries if entries else None
    return SimpleNamespace(
        period="2026/27",
        entries=entries,
        fed_back_percent=None if share is None else round(share * 100),
        **fields,
    )


def costs_of(now: int, planned: int, share: int | None = 40) -> SimpleNamespace:
    return SimpleNamespace(
        has_costs=bool(now or planned),
        now=SimpleNamespace(total=now),
        planned=SimpleNamespace(total=planned),
        difference=SimpleNamespace(total=planned - now),
        now_share=share,
    )


def test_it_shows_the_first_three_next_steps():
    context = {"result": SimpleNamespace(next_steps=["a", "b", "c", "d", "e"])}

    assert board.top_next_steps(context) == ["a", "b", "c"]
    assert board.top_next_steps({"result": SimpleNamespace(next_steps=["a"])}) == ["a"]


def test_it_lists_only_the_open_actions_in_the_plans_order():
    rows = [
        action_row(1, Action.Status.DONE),
        action_row(2, Action.Status.NOT_STARTED),
        action_row(3, Action.Status.DONE),
        action_row(4, Action.Status.IN_PROGRESS),
    ]

    assert [row.number for row in board.open_actions({"actions": rows})] == [2, 4]


def test_it_shortens_long_actions_and_shows_a_few():
    rows = [action_row(number, Action.Status.NOT_STARTED, "x" * 1000) for number in range(20)]

    shown = board.actions_shown(rows)
    assert len(shown) == board.ACTIONS_SHOWN
    assert all(len(row.description) == board.ACTION_TEXT_SHOWN for row in shown)
    assert shown[0].description.endswith("…")
    assert board.actions_shown([action_row(1, "done", "Short")])[0].description == "Short"


def test_the_impact_paragraph_is_there_only_with_ledger_entries():
    assert board.impact_paragraph({"impact": None}) == ""
    assert board.impact_paragraph({"impact": impact_of(0)}) == ""
    paragraph = board.impact_paragraph(
        {"impact": impact_of(4, fed_back=3, decisions_changed=2, services_changed=1, open=1)}
    )
    assert paragraph == (
        "In 2026/27, the impact ledger records 4 things people with lived experience said. "
        "3 were fed back (75%) to the people who said them. Because of what people said, "
        "2 decisions and 1 service changed. 1 is still open."
    )
    nothing_changed = board.impact_paragraph({"impact": impact_of(1)})
    assert "No decision or service has changed because of it yet." in nothing_changed


def test_the_cost_paragraph_is_there_only_with_costs():
    assert board.cost_paragraph({"costs": None}) == ""
    assert board.cost_paragraph({"costs": costs_of(0, 0)}) == ""
    assert board.cost_paragraph({"costs": costs_of(123450, 150000)}) == (
        "Involving people costs £1,234.50 a year now. Once the action plan is done, it will "
        "cost £1,500.00 a year (+£265.50). 40% of the cost now is paid to people with lived "
        "experience."
    )


def test_the_contents_lists_impact_and_costs_only_when_they_are_there():
    without = [heading for _, heading in board.board_contents("", "")]
    with_both = [heading for _, heading in board.board_contents("Impact.", "Costs.")]

    assert "What difference it made" not in without and "What involvement costs" not in without
    assert with_both[-3:] == [
        "What difference it made",
        "What involvement costs",
        "Appendix: the full report",
    ]


def test_it_is_one_of_the_documents():
    assert DOCUMENTS["board"] is BOARD_REPORT
    assert BOARD_REPORT.max_pages == 6


# A big plan ------------------------------------------------------------------------


def test_a_big_plan_keeps_to_six_pages(submitted):
    Action.objects.bulk_create(
        Action(
            assessment=submitted,
            description=f"Long action {number}: " + "co-produce the plan " * 50,
            owner="Director of strategy and partnerships, mental health",
            status=Action.Status.NOT_STARTED,
        )
        for number in range(60)
    )
    context = reports.report_context(submitted)
    extra = board.board_context(context)["board"]
    open_count = 62  # the fixture's two open actions and these
    assert extra["open_count"] == open_count
    assert len(extra["open_actions"]) == board.ACTIONS_SHOWN
    assert extra["more_actions"] == open_count - board.ACTIONS_SHOWN

    pdf = reports.render_document(submitted, BOARD_REPORT)
    assert page_count(pdf) <= BOARD_REPORT.max_pages
    text = pdf_text(pdf)
    assert f"{open_count - board.ACTIONS_SHOWN} more open actions are in the full report" in text
    assert "Long descriptions are shortened here" in text
