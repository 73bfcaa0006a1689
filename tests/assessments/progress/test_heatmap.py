"""The activity × stage heatmap: each practice against each stage, the column totals
beside the 2017 figures, a stage nothing reaches flagged; its export's exact shape; the
table a screen reader and a greyscale print can read, on the web and in the PDF."""

import subprocess

import pytest
from django.template.loader import render_to_string

from assessments.models import Answer
from assessments.progress.heatmap import heatmap_export, heatmap_of
from assessments.questionnaire.services import AnswerData
from assessments.reports.pdf import render_pdf
from assessments.results.results import assessment_result
from coprod_grid.models import Activity, CommissioningStage
from tests.factories import (
    answer_all,
    category_sections,
    make_assessment,
    save_category,
    submit,
)
from tests.html import parse

pytestmark = pytest.mark.django_db

NONE = AnswerData("none")
STAGES = [
    "strategic-planning",
    "specifying-outcomes",
    "pathway-design",
    "contracting",
    "monitoring",
]
# Worked example 2 of docs/scoring.md: nothing at specifying outcomes.
EXAMPLE_2 = {
    "member-of-decision-making-forums": AnswerData(
        "routine", ("strategic-planning", "contracting")
    ),
    "co-produce-mental-health-strategy": AnswerData("occasional", ("strategic-planning",)),
    "surveys-and-questionnaires": AnswerData("routine", ("strategic-planning", "monitoring")),
    "quality-visits-to-services": AnswerData("routine", ("monitoring",)),
    "co-design-with-methodology": AnswerData("occasional", ("pathway-design",)),
}
# The order the catalogue lists them in: by category, then as the questionnaire asks.
EXAMPLE_2_ORDER = [
    "surveys-and-questionnaires",  # information-based activities
    "member-of-decision-making-forums",  # involving service users as equals
    "quality-visits-to-services",  # tasking and empowering users
    "co-design-with-methodology",  # co-design
    "co-produce-mental-health-strategy",  # co-production
]


@pytest.fixture
def example(organisation, lead):
    assessment = make_assessment(organisation, lead, title="Example two")
    return answer_all(assessment, lead, answers=EXAMPLE_2, default=NONE)


def heatmap_for(assessment):
    return heatmap_of(assessment_result(assessment))


def levels(heatmap) -> dict[str, list[str]]:
    return {row.activity: [cell.level for cell in row.cells] for row in heatmap.rows}


def test_each_practice_is_at_the_stages_it_ticked_and_no_other(example):
    heatmap = heatmap_for(example)
    assert [column.slug for column in heatmap.columns] == STAGES
    assert levels(heatmap) == {
        "surveys-and-questionnaires": ["routine", "none", "none", "none", "routine"],
        "member-of-decision-making-forums": ["routine", "none", "none", "routine", "none"],
        "quality-visits-to-services": ["none", "none", "none", "none", "routine"],
        "co-design-with-methodology": ["none", "none", "occasional", "none", "none"],
        "co-produce-mental-health-strategy": ["occasional", "none", "none", "none", "none"],
    }


def test_the_columns_count_practices_beside_the_2017_figures(example):
    heatmap = heatmap_for(example)
    national = dict(CommissioningStage.objects.values_list("slug", "national_2017_pct"))
    totals = {c.slug: (c.routine, c.occasional, c.national_pct) for c in heatmap.columns}
    assert totals == {
        "strategic-planning": (2, 1, national["strategic-planning"]),
        "specifying-outcomes": (0, 0, national["specifying-outcomes"]),
        "pathway-design": (0, 1, national["pathway-design"]),
        "contracting": (1, 0, national["contracting"]),
        "monitoring": (2, 0, national["monitoring"]),
    }
    words = [column.total_words for column in heatmap.columns]
    assert words == [
        "2 routinely, 1 occasionally",
        "No practices at this stage",
        "1 occasionally",
        "1 routinely",
        "2 routinely",
    ]


def test_a_stage_nothing_reaches_stands_out(example):
    heatmap = heatmap_for(example)
    assert [column.slug for column in heatmap.empty_stages] == ["specifying-outcomes"]
    assert heatmap.empty_stage_names == "Specifying outcomes"
    gaps = {cell.stage for row in heatmap.rows for cell in row.cells if cell.gap}
    assert gaps == {"specifying-outcomes"}
    html = render_to_string("assessments/includes/heatmap.html", {"heatmap": heatmap})
    page = parse(html)
    assert "None of your practices involve people at this stage: Specifying outcomes." in page.text
    empty_total = page.find("td", cls="app-heatmap__total--empty")
    assert empty_total.text == "No practices at this stage"
    header = [
        th for th in page.find("thead").find_all("th") if "app-heatmap__cell--gap" in th.classes
    ]
    assert [th.text for th in header] == ["Specifying outcomes"]


def test_two_empty_stages_are_named_together(organisation, lead):
    draft = make_assessment(organisation, lead)
    answer_all(
        draft,
        lead,
        answers={"surveys-and-questionnaires": AnswerData("routine", ("strategic-planning",))},
        default=NONE,
    )
    heatmap = heatmap_for(draft)
    assert heatmap.empty_stage_names == (
        "Specifying outcomes, Pathway design, Contracting and Monitoring"
    )


def test_the_export_has_every_stage_in_order_with_both_lists(example):
    exported = heatmap_export(heatmap_for(example))
    assert list(exported) == STAGES
    assert exported == {
        "strategic-planning": {
            "routine": ["surveys-and-questionnaires", "member-of-decision-making-forums"],
            "occasional": ["co-produce-mental-health-strategy"],
        },
        "specifying-outcomes": {"routine": [], "occasional": []},
        "pathway-design": {"routine": [], "occasional": ["co-design-with-methodology"]},
        "contracting": {"routine": ["member-of-decision-making-forums"], "occasional": []},
        "monitoring": {
            "routine": ["surveys-and-questionnaires", "quality-visits-to-services"],
            "occasional": [],
        },
    }
    assert all(list(value) == ["routine", "occasional"] for value in exported.values())


def test_nothing_practised_exports_every_stage_empty(organisation, lead):
    draft = make_assessment(organisation, lead)
    heatmap = heatmap_for(draft)
    assert not heatmap.has_rows
    assert heatmap_export(heatmap) == {slug: {"routine": [], "occasional": []} for slug in STAGES}
    assert len(heatmap.empty_stages) == 5


def test_rows_are_grouped_by_category_in_catalogue_order(example):
    heatmap = heatmap_for(example)
    assert [row.activity for row in heatmap.rows] == EXAMPLE_2_ORDER
    assert [group.name for group in heatmap.groups] == [
        "Information-based activities",
        "Involving service users as equals",
        "Tasking and empowering users",
        "Co-design",
        "Co-production",
    ]


def test_within_a_category_practices_are_in_the_order_the_questionnaire_asks(organisation, lead):
    """Every activity practised: the rows are the catalogue's activities, in its order."""
    assessment = make_assessment(organisation, lead)
    answer_all(assessment, lead, default=AnswerData("occasional", ("monitoring",)))
    heatmap = heatmap_for(assessment)
    catalogue = list(Activity.objects.active().values_list("slug", flat=True))
    assert [row.activity for row in heatmap.rows] == catalogue
    assert len(heatmap.groups) == 8
    assert heatmap_export(heatmap)["monitoring"]["occasional"] == catalogue


def test_only_practices_are_rows_and_the_rest_are_counted(example):
    heatmap = heatmap_for(example)
    not_listed = Activity.objects.active().count() - len(EXAMPLE_2)
    assert len(heatmap.rows) == len(EXAMPLE_2)
    assert heatmap.not_at_the_moment == not_listed
    assert heatmap.not_answered == 0
    html = render_to_string("assessments/includes/heatmap.html", {"heatmap": heatmap})
    assert (
        f'{not_listed} activities you answered "Not at the moment" are not listed.'
        in parse(html).text
    )


def test_a_draft_counts_what_it_has_not_answered_yet(organisation, lead):
    draft = make_assessment(organisation, lead)
    section = category_sections()[0]
    first, second = section.activities[:2]
    answers = {first.slug: AnswerData("routine", ("contracting",)), second.slug: NONE}
    save_category(draft, lead, section, answers, default=None)
    heatmap = heatmap_for(draft)
    assert levels(heatmap) == {first.slug: ["none", "none", "none", "routine", "none"]}
    assert heatmap.not_at_the_moment == 1
    assert heatmap.not_answered == Activity.objects.active().count() - 2
    text = parse(render_to_string("assessments/includes/heatmap.html", {"heatmap": heatmap})).text
    assert '1 activity you answered "Not at the moment" is not listed.' in text
    assert f"{heatmap.not_answered} activities not answered yet are not listed." in text


def test_a_draft_with_nothing_practised_says_so(organisation, lead):
    heatmap = heatmap_for(make_assessment(organisation, lead))
    page = parse(render_to_string("assessments/includes/heatmap.html", {"heatmap": heatmap}))
    assert not page.find_all("table")
    assert "You have not said that you do any of the activities yet" in page.text


def test_a_submitted_assessment_shows_its_saved_names_escaped(example, lead):
    submit(example, lead)
    Answer.objects.filter(assessment=example, activity__slug="quality-visits-to-services").update(
        snapshot_name="<script>alert('name')</script>",
        snapshot_category_name="<b>Saved category</b>",
    )
    heatmap = heatmap_for(example)
    for template in ("assessments/includes/heatmap.html", "reports/_heatmap.html"):
        html = render_to_string(template, {"heatmap": heatmap})
        assert "<script>" not in html and "<b>" not in html
        assert "&lt;script&gt;alert(&#x27;name&#x27;)&lt;/script&gt;" in html
        assert "&lt;b&gt;Saved category&lt;/b&gt;" in html


def test_a_category_the_catalogue_no_longer_has_comes_last(example, lead):
    submit(example, lead)
    Answer.objects.filter(assessment=example, activity__slug="surveys-and-questionnaires").update(
        snapshot_category="retired-category", snapshot_category_name="A retired category"
    )
    heatmap = heatmap_for(example)
    assert [group.name for group in heatmap.groups][-1] == "A retired category"
    assert heatmap.rows[-1].activity == "surveys-and-questionnaires"


@pytest.mark.parametrize("template", ["assessments/includes/heatmap.html", "reports/_heatmap.html"])
def test_the_table_is_one_a_screen_reader_can_read(example, template):
    heatmap = heatmap_for(example)
    page = parse(render_to_string(template, {"heatmap": heatmap}))
    table = page.find("table", cls="app-heatmap__table")
    assert table.find("caption").text == "Your practices at each stage of the commissioning cycle"
    columns = table.find("thead").find_all("th")
    assert all(th.attrs["scope"] == "col" for th in columns)
    assert [th.text for th in columns] == ["Practice"] + [c.name for c in heatmap.columns]
    groups = [th for th in table.find_all("th") if th.attrs.get("scope") == "rowgroup"]
    assert [th.text for th in groups] == [group.name for group in heatmap.groups]
    assert all(th.attrs["colspan"] == "6" for th in groups)
    # Each group is its own row group, its header first.
    bodies = table.find_all("tbody")[: len(heatmap.groups)]
    assert [body.find("th").attrs["scope"] for body in bodies] == ["rowgroup"] * len(bodies)
    rows = [th for th in table.find_all("th") if th.attrs.get("scope") == "row"]
    names = [row.name for row in heatmap.rows]
    national_row = (
        "CCGs that involved people at this stage in 2017"
        if "includes" in template
        else "England in 2017: commissioners who involved people at this stage"
    )
    assert [th.text for th in rows] == [*names, "Your practices at this stage", national_row]
    # Every cell says its level in words, not only by its fill.
    cells = table.find_all("td", cls="app-heatmap__cell")
    assert len(cells) == 5 * len(names)
    first = [cell.text for cell in rows[0].parent.find_all("td")]
    if "includes" in template:
        # The web's cell: a short mark seen, the full words heard.
        words = {cell.find("span", cls="nhsuk-u-visually-hidden").text for cell in cells}
        assert words == {"Routinely", "Occasionally", "Not at this stage"}
        for cell in cells:
            mark = cell.find("span", cls="app-heatmap__mark")
            assert mark.attrs["aria-hidden"] == "true" and mark.text
        assert first == [
            "Routine Routinely",
            "– Not at this stage",
            "– Not at this stage",
            "– Not at this stage",
            "Routine Routinely",
        ]
    else:
        # The printed cell: one word, seen and read alike (a PDF has no aria-hidden).
        assert {cell.text for cell in cells} == {"Routine", "Occasional", "None"}
        assert not table.find_all(attrs={"aria-hidden": True})
        assert first == ["Routine", "None", "None", "None", "Routine"]
    national = [td.text for td in rows[-1].parent.find_all("td")]
    assert national == [f"{column.national_pct}%" for column in heatmap.columns]


def test_the_web_table_scrolls_inside_a_labelled_region_the_keyboard_reaches(example):
    html = render_to_string("assessments/includes/heatmap.html", {"heatmap": heatmap_for(example)})
    region = parse(html).find("div", cls="app-heatmap__scroll")
    assert region.attrs["role"] == "region" and region.attrs["tabindex"] == "0"
    caption = region.find("caption")
    assert region.attrs["aria-labelledby"] == caption.attrs["id"]


def blue_pixels(ppm: bytes) -> int:
    """How many pixels of a binary PPM (P6) are the cells' NHS blue (#005eb8), give or
    take anti-aliasing."""
    magic, width, height, maximum, pixels = ppm.split(maxsplit=4)
    assert magic == b"P6" and maximum == b"255"
    return sum(
        1
        for index in range(0, int(width) * int(height) * 3, 3)
        if pixels[index] < 40 and 70 < pixels[index + 1] < 120 and pixels[index + 2] > 150
    )


def test_the_pdf_draws_the_heatmap(example, tmp_path):
    heatmap = heatmap_for(example)
    body = render_to_string("reports/_heatmap.html", {"heatmap": heatmap})
    html = (
        '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Heatmap</title>'
        f'<link rel="stylesheet" href="css/report.css"></head><body>{body}</body></html>'
    )
    pdf = tmp_path / "heatmap.pdf"
    pdf.write_bytes(render_pdf(html))
    text = subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    text = " ".join(text.split())
    assert "Your practices at each stage of the commissioning cycle" in text
    assert "Surveys and questionnaires" in text
    assert "Occasional" in text and "Routine" in text and "None: not at this stage" in text
    # The fills are drawn (the stylesheet was fetched): routine cells solid, occasional
    # ones hatched, in the same blue.
    ppm = subprocess.run(
        ["pdftoppm", "-r", "36", "-singlefile", str(pdf)], capture_output=True, check=True
    ).stdout
    assert blue_pixels(ppm) > 200
