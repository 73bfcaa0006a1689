"""The PDF report as it prints (issue 15): its type sizes, measured on WeasyPrint's own
layout of the report; the key to the Grid's numbers as a table whose header row repeats
on each page; its tags in the web's colours; and its own wording in plain English.

A layout takes about a second, so the tests that lay the report out do it once each.
"""

import datetime
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.template.loader import render_to_string
from weasyprint.formatting_structure import boxes

from assessments.models import Action, Frequency
from assessments.questionnaire.services import AnswerData
from assessments.reports import context as reports
from assessments.reports.pdf import layout_pdf
from coprod_grid.models import Activity, Quadrant, corrected_quote
from tests.factories import answer_all, make_assessment, submit
from tests.html import parse

pytestmark = pytest.mark.django_db

PT_PER_PX = 0.75  # WeasyPrint's computed font sizes are CSS pixels
RUNNING_TEXT_MIN_PT = 11
TABLE_AND_NOTE_MIN_PT = 10
# Secondary text, at the table size: hints under a heading, source lines, tags, labels.
NOTE_CLASSES = {
    "hint",
    "small",
    "tag",
    "cover__source",
    "quadrant__label",
    "figures__label",
}
KEY_HEADER = ["Number", "Activity", "Category", "How often", "Where on the Grid"]

TEMPLATES = Path(settings.BASE_DIR) / "templates"
REPORT_TEMPLATES = TEMPLATES / "reports"
REPORT_CSS = Path(settings.BASE_DIR) / "static" / "css" / "report.css"
NHSUK_CSS = next((Path(settings.BASE_DIR) / "static" / "vendor").glob("nhsuk-frontend-*/*.min.css"))


@pytest.fixture
def assessment(organisation, lead):
    """Submitted, with every kind of tag the report draws: routine, occasional and
    uncovered stages, and an action of each status."""
    activities = list(Activity.objects.active().order_by("pk"))
    answers = {
        activities[0].slug: AnswerData(Frequency.ROUTINE, ("strategic-planning",), ""),
        activities[1].slug: AnswerData(Frequency.ROUTINE, ("contracting",), ""),
        activities[2].slug: AnswerData(Frequency.OCCASIONAL, ("pathway-design",), ""),
    }
    assessment = make_assessment(organisation, lead, period="2026/27")
    answer_all(assessment, lead, answers=answers, default=AnswerData(Frequency.NONE, (), ""))
    submit(assessment, lead)
    for number, status in enumerate(Action.Status.values):
        Action.objects.create(
            assessment=assessment,
            description=f"Action {number}",
            status=status,
            due_date=datetime.date(2026, 12, 1),
        )
    return assessment


@pytest.fixture
def everything_routine(organisation, lead):
    """Every activity done routinely: active and embedded."""
    assessment = make_assessment(organisation, lead, period="2025/26")
    answer_all(assessment, lead)
    return submit(assessment, lead)


def laid_out(assessment):
    """The report laid out as the download lays it out: with the print stylesheet."""
    return layout_pdf(reports.report_html(reports.report_context(assessment)))


def page_content(document):
    """Each page's boxes, without the running header and footer (the margin boxes)."""
    for page in document.pages:
        yield [box for box in page._page_box.children if not isinstance(box, boxes.MarginBox)]


def text_boxes(box, ancestors=()):
    """Every piece of laid-out text, with the elements it sits in (outermost first)."""
    element = getattr(box, "element", None)
    if element is not None and (not ancestors or ancestors[-1] is not element):
        ancestors = (*ancestors, element)
    if isinstance(box, boxes.TextBox):
        if box.text.strip():
            yield box, ancestors
        return
    for child in getattr(box, "children", ()):
        yield from text_boxes(child, ancestors)


def least_size(element_ancestors) -> float:
    tags = {element.tag for element in element_ancestors}
    classes = {cls for element in element_ancestors for cls in element.get("class", "").split()}
    if tags & {"table", "footer"} or classes & NOTE_CLASSES:
        return TABLE_AND_NOTE_MIN_PT
    return RUNNING_TEXT_MIN_PT


def test_it_prints_running_text_at_11pt_and_tables_and_notes_at_10pt(assessment):
    document = laid_out(assessment)
    too_small = set()
    sizes_of: dict[str, list[float]] = {}
    for content in page_content(document):
        for top in content:
            for box, ancestors in text_boxes(top):
                size = round(box.style["font_size"] * PT_PER_PX, 2)
                if size < least_size(ancestors):
                    too_small.add((size, ancestors[-1].tag, ancestors[-1].get("class", "")))
                if any(element.tag == "main" for element in ancestors):
                    for element in ancestors:
                        sizes_of.setdefault(element.tag, []).append(size)

    assert not too_small, sorted(too_small)
    # The body's paragraphs and lists are the report's text size, 11pt.
    assert min(sizes_of["p"]) >= TABLE_AND_NOTE_MIN_PT
    assert sorted(sizes_of["li"])[len(sizes_of["li"]) // 2] >= RUNNING_TEXT_MIN_PT
    assert min(sizes_of["td"]) >= TABLE_AND_NOTE_MIN_PT
    # The sections' headings scale with it: each level larger than the next.
    assert min(sizes_of["h2"]) > max(sizes_of["h3"])
    assert min(sizes_of["h3"]) > max(sizes_of["h4"])
    assert min(sizes_of["h4"]) > RUNNING_TEXT_MIN_PT


def test_the_stylesheet_sets_the_body_at_11pt():
    css = REPORT_CSS.read_text()
    html_rule = re.search(r"(?m)^html\s*\{([^}]*)\}", css).group(1)

    assert float(re.search(r"font-size:\s*([\d.]+)pt", html_rule).group(1)) >= 11
    # No rule anywhere prints text under 10pt but the page's running header and footer.
    body_css = re.sub(r"@page[^{]*\{(?:[^{}]*\{[^{}]*\})*[^{}]*\}", "", css)
    sizes = [float(size) for size in re.findall(r"font-size:\s*([\d.]+)pt", body_css)]
    assert sizes and min(sizes) >= TABLE_AND_NOTE_MIN_PT


def key_table(document_html: str):
    return parse(document_html).find("table", cls="table--key")


def test_the_key_to_the_numbers_is_a_table_with_a_header_row(assessment):
    context = reports.report_context(assessment)
    table = key_table(reports.report_html(context))

    header = table.find("thead").find_all("tr")
    assert len(header) == 1
    assert [th.text for th in header[0].find_all("th")] == KEY_HEADER
    assert all(th.attrs.get("scope") == "col" for th in header[0].find_all("th"))
    rows = table.find("tbody").find_all("tr")
    points = sorted(context["chart"].points, key=lambda point: point.number)
    assert len(rows) == len(points) == Activity.objects.active().count()
    quadrants = {quadrant.name for quadrant in Quadrant.objects.all()}
    for row, point in zip(rows, points, strict=True):
        number, activity, category, how_often, where = (
            cell.text for cell in row.children if cell.tag in ("td", "th")
        )
        assert number == str(point.number)
        assert activity.startswith(point.name)
        assert ("Strongest three" in activity) == point.frontier
        assert category == point.category_name
        assert how_often in {"Routinely", "Occasionally", "Not at the moment"}
        assert (how_often == "Not at the moment") == (point.style == "faint")
        assert where in quadrants
    # The running-text key it replaces is gone.
    assert "legend__item" not in reports.report_html(context)


def test_the_keys_header_row_repeats_on_each_page_it_runs_onto(assessment):
    headers_by_page = []
    for content in page_content(laid_out(assessment)):
        for top in content:
            for box in _descendants(top):
                if isinstance(box, boxes.TableBox) and "table--key" in box.element.get("class", ""):
                    headers_by_page.append(
                        [
                            " ".join(text.text.split())
                            for group in box.children
                            if isinstance(group, boxes.TableRowGroupBox) and group.is_header
                            for text, _ in text_boxes(group)
                        ]
                    )

    # A Grid of 29 activities makes a key longer than a page.
    assert len(headers_by_page) >= 2
    for header in headers_by_page:
        assert " ".join(header) == " ".join(KEY_HEADER)


def _descendants(box):
    yield box
    for child in getattr(box, "children", ()):
        yield from _descendants(child)


# --- one look for tags -----------------------------------------------------------------

WEB_TAG = re.compile(r'nhsuk-tag--(?P<colour>[a-z-]+)">(?P<label>[A-Z][^<{]*)<')
PDF_TAG = re.compile(r'class="tag tag--(?P<colour>[a-z-]+)">(?P<label>[^<{]+)<')

# Each part of the report with tags, and the web pages that show the same things (the
# same words can mean something else elsewhere: a section "Not started" is white).
WEB_COUNTERPARTS = {
    "_actions.html": ["assessments/action_plan.html"],
    "_stages.html": ["assessments/includes/stage_table.html"],
    "_lenses.html": ["panel/*.html"],
    "_key.html": ["assessments/**/*.html"],
}


def web_tag_colours(patterns: list[str]) -> dict[str, set[str]]:
    """Each tag's words on those web pages, with the NHS.UK colours they give them."""
    colours: dict[str, set[str]] = {}
    for pattern in patterns:
        for path in TEMPLATES.glob(pattern):
            for match in WEB_TAG.finditer(path.read_text()):
                colours.setdefault(match["label"].strip(), set()).add(match["colour"])
    return colours


def pdf_tags(part: str, context: dict) -> set[tuple[str, str]]:
    """(words, colour) of every tag in one part of the report: those it shows for this
    assessment, and the fixed ones its template holds (the panel's, say)."""
    sources = [render_to_string(f"reports/{part}", context), (REPORT_TEMPLATES / part).read_text()]
    return {
        (match["label"].strip(), match["colour"])
        for source in sources
        for match in PDF_TAG.finditer(source)
    }


def test_status_tags_have_the_webs_colours(assessment):
    context = reports.report_context(assessment)
    shown = set()
    for part, patterns in WEB_COUNTERPARTS.items():
        web = web_tag_colours(patterns)
        for label, colour in pdf_tags(part, context):
            shown.add(label)
            assert label in web, f"{part}: the web has no tag {label!r}"
            assert web[label] == {colour}, (
                f"{label!r} is {colour} in the PDF, {web[label]} on the web"
            )

    assert {
        "Done",
        "In progress",
        "Not started",
        "Routinely",
        "Occasionally",
        "Not covered",
        "Strongest three",
        "Headline",
        "Discuss",
    } <= shown
    # Every tag in the report is in one of those parts.
    html = reports.report_html(context)
    assert {(m["label"].strip(), m["colour"]) for m in PDF_TAG.finditer(html)} <= {
        tag for part in WEB_COUNTERPARTS for tag in pdf_tags(part, context)
    }


def css_colours(css: str, selector: str) -> dict[str, str]:
    body = re.search(re.escape(selector) + r"\s*\{([^}]*)\}", css).group(1)
    return {
        name.strip(): _long_hex(value.strip())
        for name, value in (item.split(":", 1) for item in body.split(";") if ":" in item)
        if name.strip() in ("color", "background-color")
    }


def _long_hex(value: str) -> str:
    value = value.lower()
    if re.fullmatch(r"#[0-9a-f]{3}", value):
        return "#" + "".join(2 * digit for digit in value[1:])
    return value


def test_each_tag_colour_is_the_nhsuk_frontends():
    report_css, nhsuk_css = REPORT_CSS.read_text(), NHSUK_CSS.read_text()
    colours = set(re.findall(r"\.tag--([a-z-]+)\s*\{", report_css))

    assert {"green", "blue", "grey", "yellow", "orange", "purple"} <= colours
    for colour in colours:
        assert css_colours(report_css, f".tag--{colour}") == css_colours(
            nhsuk_css, f".nhsuk-tag--{colour}"
        ), colour


# --- our own words ---------------------------------------------------------------------

# Words the NHS.UK content style rules out of text we write. The 2017 report's "CCG" may
# appear only where the report quotes it (from the Grid's data, inside {{ }}).
NOT_IN_OUR_WORDS = re.compile(r"e\.g\.|\bcatalogue\b|\bFOI\b|\bJSON\b|\bCCGs?\b", re.I)


def our_words(template: str) -> str:
    """A template's own text: without comments, tags, variables and markup."""
    text = re.sub(r"{% comment %}.*?{% endcomment %}", " ", template, flags=re.S)
    text = re.sub(r"{[{%#].*?[}%#]}", " ", text, flags=re.S)
    return re.sub(r"<[^>]*>", " ", text)


@pytest.mark.parametrize(
    "path",
    sorted(REPORT_TEMPLATES.rglob("*.html")),
    ids=lambda p: str(p.relative_to(REPORT_TEMPLATES)),
)
def test_the_reports_own_words_are_plain_english(path):
    template = path.read_text()

    assert not NOT_IN_OUR_WORDS.findall(our_words(template))
    # Dates in words, "1 December 2026"; the metadata's ISO date is for machines.
    assert set(re.findall(r'\|date:["\']([^"\']*)["\']', template)) <= {"j F Y", "Y-m-d"}


def test_the_reports_headings_are_plain_english():
    headings = [*reports.SECTION_HEADINGS.values(), reports.LENSES_HEADING]

    assert not [heading for heading in headings if NOT_IN_OUR_WORDS.search(heading)]


def test_the_quadrant_quote_marks_our_insertion(everything_routine):
    html = reports.report_html(reports.report_context(everything_routine))
    quote = parse(html).find("div", cls="quadrant").find("blockquote").text

    assert "the creation [of] better services" in quote
    assert "the creation better services" not in quote


def test_a_quote_is_mended_only_where_it_slips():
    assert corrected_quote("a focus on the creation better services.") == (
        "a focus on the creation [of] better services."
    )
    assert corrected_quote("the creation of better services") == ("the creation of better services")
