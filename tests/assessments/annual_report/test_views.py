"""The annual report's draft page and its Word document: both show the same headings,
figures and sources, checked against the assessment; user text stays text in both;
other organisations get 404; any member may see them; queries stay few."""

import html
from io import BytesIO

import docx
import pytest
from django.core.cache import caches
from django.urls import reverse
from django.utils import timezone

from assessments.annual_report.docx import CONTENT_TYPE, annual_report_docx
from assessments.annual_report.draft import SECTION_TITLES, SOURCES_HEADING, annual_report_draft
from assessments.codesign.models import CoDesignProject, ProjectPhase
from assessments.models import Action, Assessment
from coprod_grid import catalogue
from tests.factories import COMMISSIONER, make_assessment, make_member

from .conftest import HOSTILE, D, entry

pytestmark = pytest.mark.django_db

PAGE_QUERIES = 15  # 3 of them the session, the user and their second factor
DOCX_QUERIES = 16  # built: one more than the page, the key it is cached under


def page_url(assessment) -> str:
    return reverse("assessments:annual-report", args=[assessment.pk])


def docx_url(assessment) -> str:
    return reverse("assessments:annual-report-docx", args=[assessment.pk])


def word(client, user, assessment):
    client.force_login(user)
    response = client.get(docx_url(assessment))
    assert response.status_code == 200
    return response, docx.Document(BytesIO(response.content))


def paragraphs(document, style: str | None = None) -> list[str]:
    return [p.text for p in document.paragraphs if style is None or p.style.name == style]


def table_rows(document) -> list[list[str]]:
    return [[cell.text for cell in row.cells] for table in document.tables for row in table.rows]


def test_the_word_draft_has_the_report_headings_and_the_figures(client, lead, assessment, evidence):
    _, document = word(client, lead, assessment)
    draft = annual_report_draft(assessment)

    assert paragraphs(document, "Title") == ["Involving people and communities in 2026/27"]
    assert paragraphs(document, "Heading 1") == list(SECTION_TITLES)
    level_two = paragraphs(document, "Heading 2")
    assert level_two.count(SOURCES_HEADING) == 4
    assert {"What we do as routine", "You said, we did", "Co-design projects"} <= set(level_two)
    # The draft notice comes first, before any section.
    body = paragraphs(document)
    assert body.index(draft.notice[0]) < body.index("How we involved people")

    text = "\n".join(body)
    stored = assessment.submitted_result
    assert f"Our place on the Grid is {stored_quadrant_name(stored)}." in text
    assert f"We score {round(stored.activeness * 100)} out of 100" in text
    assert "We recorded 4 things people told us between 1 April 2026 and 31 March 2027." in text
    assert "We did this for 1 of the 4. That is 25%." in text
    assert "It reached phase 4 of 6" in text
    assert "Recruit two more experts by experience to the board. Who: Head of involvement." in text

    # One table of sources per section, each figure beside where it came from.
    assert len(document.tables) == 4
    assert {table.style.name for table in document.tables} == {"Table Grid"}
    assert set(paragraphs(document, "List Bullet")) >= {
        "Report to the Board each quarter.",
        "Strategic planning: 1 thing",
    }
    rows = table_rows(document)
    for section in draft.sections:
        for figure in section.figures:
            assert [figure.text, figure.source] in rows
    assert [
        "25%",
        "Impact ledger, entries heard 1 April 2026 to 31 March 2027: share fed back",
    ] in rows
    assert ["24 people", "Co-design project 'Crisis café'"] in rows
    # Figures stand out in bold, as on the page.
    bold = {run.text for p in document.paragraphs for run in p.runs if run.bold}
    assert "4 things people told us" in bold


def stored_quadrant_name(stored) -> str:
    return next(q.name for q in catalogue.quadrants() if q.slug == stored.quadrant)


def test_the_word_draft_is_an_attachment_named_for_the_organisation_and_period(
    client, lead, assessment
):
    response, _ = word(client, lead, assessment)
    assert response["Content-Type"] == CONTENT_TYPE
    assert CONTENT_TYPE == (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    assert response["Content-Disposition"] == (
        'attachment; filename="QAT-2026-27-annual-report-draft.docx"'
    )


def test_its_core_properties_come_from_the_draft_and_do_not_change(client, lead, assessment):
    _, first = word(client, lead, assessment)
    _, second = word(client, lead, assessment)
    properties = first.core_properties
    assert properties.title == "Involving people and communities in 2026/27"
    assert properties.author == "NHS Annual Test Integrated Care Board"
    assert properties.last_modified_by == "NHS Annual Test Integrated Care Board"
    assert properties.language == "en-GB"
    assert properties.keywords == "draft"
    assert properties.revision == 1
    submitted = assessment.submitted_at.replace(microsecond=0)
    assert properties.created == properties.modified == submitted
    for name in ("title", "author", "created", "modified", "comments", "subject"):
        assert getattr(properties, name) == getattr(second.core_properties, name)


def test_the_page_shows_the_same_figures_and_sources(client, lead, assessment, evidence):
    client.force_login(lead)
    response = client.get(page_url(assessment))
    assert response.status_code == 200
    content = response.content.decode()
    draft = annual_report_draft(assessment)
    for title in SECTION_TITLES:
        assert f">{title}</h2>" in content
    assert content.count(f">{SOURCES_HEADING}</caption>") == 4
    for section in draft.sections:
        for figure in section.figures:
            assert f"<strong data-figure>{html.escape(figure.text)}</strong>" in content
            assert f'<td class="nhsuk-table__cell">{html.escape(figure.source)}</td>' in content
    assert html.escape(draft.notice[0]) in content
    assert f'href="{docx_url(assessment)}"' in content
    assert f'href="{reverse("assessments:results", args=[assessment.pk])}"' in content


def test_user_text_is_text_in_the_page_and_the_document(client, lead, organisation, assessment):
    entry(
        organisation,
        said=HOSTILE,
        status="acted-on",
        outcome="decision-changed",
        did=f"We did {HOSTILE}",
        source="<b>Board</b>",
    )
    Action.objects.create(assessment=assessment, description=f"Plan {HOSTILE}", owner="<i>Me</i>")

    client.force_login(lead)
    content = client.get(page_url(assessment)).content.decode()
    assert HOSTILE not in content
    assert "<b>Board</b>" not in content
    assert html.escape(HOSTILE) in content
    assert "&lt;i&gt;Me&lt;/i&gt;" in content

    _, document = word(client, lead, assessment)
    text = "\n".join(paragraphs(document))
    assert f"You said: “{HOSTILE}” We did: We did {HOSTILE}" in text
    assert f"Plan {HOSTILE}. Who: <i>Me</i>." in text
    assert f"“{HOSTILE}” (15 June 2026, <b>Board</b>)" in text


def test_an_organisation_name_and_a_project_title_stay_text_too(
    client, lead, organisation, assessment
):
    organisation.name = "NHS <script>&</script> ICB"
    organisation.save()
    project = CoDesignProject.objects.create(organisation=organisation, title="<script>&")
    ProjectPhase.objects.create(project=project, phase="set-up", started_on=D(2026, 4, 6))
    _, document = word(client, lead, assessment)
    assert document.core_properties.author == "NHS <script>&</script> ICB"
    assert "Co-design project '<script>&'" in [row[1] for row in table_rows(document)]
    assert any(
        text.startswith("<script>&. It reached phase 1 of 6 (setting up the project).")
        for text in paragraphs(document)
    )

    content = client.get(page_url(assessment)).content.decode()
    assert "NHS &lt;script&gt;&amp;&lt;/script&gt; ICB" in content
    assert "Co-design project &#x27;&lt;script&gt;&amp;&#x27;" in content


def test_characters_xml_cannot_hold_are_left_out_and_the_document_opens(
    client, lead, organisation, assessment
):
    entry(organisation, said="Bell\x07 and form feed\x0c here")
    _, document = word(client, lead, assessment)
    assert "“Bell and form feed here” (15 June 2026)" in paragraphs(document)


def test_line_breaks_and_tabs_are_written_as_python_docx_writes_them(
    client, lead, organisation, assessment
):
    # The document writes runs itself, not through python-docx's add_run: the same XML.
    said = "First line\nsecond\tline"
    entry(organisation, said=said)
    _, document = word(client, lead, assessment)
    quoted = f"“{said}” (15 June 2026)"
    written = next(p for p in document.paragraphs if p.text.startswith("“First line"))
    expected = docx.Document().add_paragraph()
    expected.add_run(quoted)
    assert written.text == quoted
    assert [run._r.xml for run in written.runs] == [run._r.xml for run in expected.runs]
    assert "<w:br/>" in written.runs[0]._r.xml
    assert "<w:tab/>" in written.runs[0]._r.xml


def test_any_member_may_see_both(client, organisation, assessment):
    commissioner = make_member(organisation, COMMISSIONER)
    client.force_login(commissioner)
    assert client.get(page_url(assessment)).status_code == 200
    assert client.get(docx_url(assessment)).status_code == 200


def test_a_draft_assessment_has_a_report_that_says_its_figures_may_change(
    client, lead, organisation
):
    draft = make_assessment(organisation, lead, period="2027/28")
    client.force_login(lead)
    content = client.get(page_url(draft)).content.decode()
    assert "The self-assessment has not been submitted yet, so its figures may change." in content
    _, document = word(client, lead, draft)
    assert "The self-assessment has not been submitted yet, so its figures may change." in (
        paragraphs(document)
    )
    assert "Impact ledger, entries heard 1 April 2027 to 31 March 2028" in [
        row[1] for row in table_rows(document)
    ]


@pytest.mark.parametrize("url", [page_url, docx_url])
def test_it_answers_404_for_another_organisations_assessment(client, lead, outsider, url):
    client.force_login(lead)
    assert client.get(url(outsider["assessment"])).status_code == 404
    client.force_login(outsider["lead"])
    assert client.get(url(outsider["assessment"])).status_code == 200


@pytest.mark.parametrize("name", ["assessments:annual-report", "assessments:annual-report-docx"])
def test_it_answers_404_for_a_missing_or_deleted_assessment(client, lead, assessment, name):
    client.force_login(lead)
    assert client.get(reverse(name, args=[987_654_321])).status_code == 404
    Assessment.all_objects.filter(pk=assessment.pk).update(deleted_at=timezone.now())
    assert client.get(reverse(name, args=[assessment.pk])).status_code == 404


@pytest.mark.parametrize("url", [page_url, docx_url])
def test_it_asks_a_visitor_to_sign_in(client, assessment, url):
    response = client.get(url(assessment))
    assert response.status_code == 302
    assert response["Location"].startswith("/sign-in/")


@pytest.mark.parametrize("url", [page_url, docx_url])
def test_it_refuses_to_be_posted_to(client, lead, assessment, url):
    client.force_login(lead)
    assert client.post(url(assessment)).status_code == 405


@pytest.mark.parametrize(("url", "budget"), [(page_url, PAGE_QUERIES), (docx_url, DOCX_QUERIES)])
def test_queries_stay_few_however_much_evidence(
    client, lead, organisation, assessment, evidence, url, budget, django_assert_max_num_queries
):
    for number in range(30):
        entry(organisation, said=f"Entry {number}", status="acted-on", outcome="service-changed")
        Action.objects.create(assessment=assessment, description=f"Action {number}")
    client.force_login(lead)
    client.get(url(assessment))  # the catalogue read once into the process
    caches["default"].clear()  # the document built again, not read from the cache
    with django_assert_max_num_queries(budget):
        assert client.get(url(assessment)).status_code == 200


def test_the_word_draft_is_kept_until_what_it_shows_changes(
    client, lead, organisation, assessment, evidence
):
    client.force_login(lead)
    first = client.get(docx_url(assessment)).content
    # The same bytes: read from the cache (a new build would have new times in its zip).
    assert client.get(docx_url(assessment)).content == first

    def changed_and_as_built(before: bytes) -> bytes:
        body = client.get(docx_url(assessment)).content
        assert body != before
        fresh = Assessment.objects.select_related("organisation").get(pk=assessment.pk)
        built = docx.Document(BytesIO(annual_report_docx(annual_report_draft(fresh))))
        assert paragraphs(docx.Document(BytesIO(body))) == paragraphs(built)
        return body

    entry(organisation, said="A new entry heard this year", heard_on=D(2026, 12, 1))
    body = changed_and_as_built(first)
    Action.objects.create(assessment=assessment, description="A new action")
    body = changed_and_as_built(body)
    organisation.name = "NHS Renamed Integrated Care Board"
    organisation.save()
    body = changed_and_as_built(body)
    assert "NHS Renamed Integrated Care Board" in paragraphs(docx.Document(BytesIO(body)))
