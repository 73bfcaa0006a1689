"""An assessment with a lived-experience panel, seen by its organisation: the results
page, the JSON export, the PDF and the dashboard show both lenses once at least three
members have rated, nothing of the panel before, and never a member's name."""

import shutil
import subprocess
from html import unescape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assessments.models import Frequency
from assessments.panel import comparison
from assessments.panel.models import AgreedAnswer, Panel
from assessments.results import scoring
from coprod_grid.models import Activity
from tests.factories import (
    COMMISSIONER,
    LEAD,
    clear_caches,
    make_member,
    make_organisation,
    make_user,
    panel_member,
    submitted_assessment,
)
from tests.html import parse

pytestmark = pytest.mark.django_db

# Every activity rated "occasional" but these, by every member of the panel.
PANEL_VIEW = {"advisory-forums": Frequency.NONE, "member-of-decision-making-forums": "routine"}


@pytest.fixture
def world():
    clear_caches()
    organisation = make_organisation()
    lead = make_member(organisation, LEAD)
    commissioner = make_member(organisation, COMMISSIONER)
    assessment = submitted_assessment(organisation, lead)
    yield organisation, lead, commissioner, assessment
    clear_caches()


def rate(assessment, count, **kwargs):
    people = []
    for number in range(count):
        user = make_user(first_name="Secret", last_name=f"Rater{number}")
        panel_member(assessment, PANEL_VIEW, user=user, **kwargs)
        people.append(user)
    return people


def marked(html: str, tag: str, attribute: str) -> list:
    """The page's ``tag`` elements carrying ``attribute``, in document order."""
    return [element for element in parse(html).find_all(tag) if attribute in element.attrs]


def export(client, assessment):
    return client.get(reverse("assessments:export-json", args=[assessment.pk])).json()


def test_without_a_panel_the_export_still_has_the_lenses_key(client, world):
    _, lead, _, assessment = world
    client.force_login(lead)
    data = export(client, assessment)
    assert data["lenses"] == {
        "commissioners": {
            "activeness": data["scores"]["activeness"],
            "embeddedness": data["scores"]["embeddedness"],
            "quadrant": data["scores"]["quadrant"],
        },
        "panel": {
            "raters": 0,
            "activeness": None,
            "embeddedness": None,
            "quadrant": None,
            "members": None,
        },
        "agreed": None,
        "gap": None,
        "disagreements": [],
    }
    page = client.get(reverse("assessments:results", args=[assessment.pk]))
    assert b"Ask a lived-experience panel to rate it too" in page.content
    assert b"data-lenses" not in page.content


def test_below_three_raters_only_the_count_is_shown(client, world):
    _, lead, _, assessment = world
    rate(assessment, 2)
    rate(assessment, 1, submitted=False)  # not sent: does not count
    client.force_login(lead)
    lenses = export(client, assessment)["lenses"]
    assert lenses["panel"] == {
        "raters": 2,
        "activeness": None,
        "embeddedness": None,
        "quadrant": None,
        "members": None,
    }
    assert lenses["gap"] is None and lenses["disagreements"] == []
    html = client.get(reverse("assessments:results", args=[assessment.pk])).content.decode()
    assert "2 members have rated so far" in html
    assert "data-gap" not in html
    assert 'class="grid-panel' not in html and "Panel's position" not in html


def test_from_three_raters_the_export_holds_both_lenses_and_the_gap(client, world):
    _, lead, _, assessment = world
    rate(assessment, 3)
    client.force_login(lead)
    data = export(client, assessment)
    lenses = data["lenses"]
    found = comparison.lenses_of(assessment)
    panel = lenses["panel"]
    assert panel["raters"] == 3
    assert panel["activeness"] == round(found.panel.activeness, 4)
    assert panel["embeddedness"] == round(found.panel.embeddedness, 4)
    assert panel["quadrant"] == scoring.quadrant_of(
        found.panel.activeness, found.panel.embeddedness
    )
    assert panel["members"] == [[round(x, 4), round(y, 4)] for x, y in found.panel.members]
    assert len(panel["members"]) == 3
    commissioners = lenses["commissioners"]
    assert lenses["gap"] == {
        "activeness": round(found.panel.activeness - found.commissioners.activeness, 4),
        "embeddedness": round(found.panel.embeddedness - found.commissioners.embeddedness, 4),
    }
    assert commissioners["activeness"] == data["scores"]["activeness"]
    # The commissioners answered everything "routine": every activity differs, and the
    # activity the panel says is not done at all is the largest difference.
    first = lenses["disagreements"][0]
    assert first == {
        "activity": "advisory-forums",
        "commissioners": "routine",
        "panel": {"none": 3, "occasional": 0, "routine": 0},
    }
    assert all(set(d) == {"activity", "commissioners", "panel"} for d in lenses["disagreements"])
    slugs = [d["activity"] for d in lenses["disagreements"]]
    assert "member-of-decision-making-forums" not in slugs  # the panel agrees: routine
    assert lenses["agreed"] is None


def test_an_agreed_answer_gives_a_third_result(client, world):
    _, lead, _, assessment = world
    rate(assessment, 3)
    panel = Panel.objects.get(assessment=assessment)
    AgreedAnswer.objects.create(
        panel=panel,
        activity=Activity.objects.get(slug="advisory-forums"),
        frequency=Frequency.OCCASIONAL,
        stages=["monitoring"],
        note="Met twice this year",
    )
    client.force_login(lead)
    lenses = export(client, assessment)["lenses"]
    found = comparison.lenses_of(assessment)
    assert lenses["agreed"] == {
        "activeness": round(found.agreed.activeness, 4),
        "embeddedness": round(found.agreed.embeddedness, 4),
        "quadrant": found.agreed.quadrant,
    }
    html = client.get(reverse("assessments:results", args=[assessment.pk])).content.decode()
    rows = marked(html, "tr", "data-lens")
    assert [row.attrs["data-lens"] for row in rows] == ["commissioners", "panel", "agreed"]


def test_the_results_page_shows_both_positions_and_the_gap(client, world):
    *_, commissioner, assessment = world
    rate(assessment, 3)
    found = comparison.lenses_of(assessment)
    client.force_login(commissioner)
    html = client.get(reverse("assessments:results", args=[assessment.pk])).content.decode()
    assert marked(html, "p", "data-gap")[0].text == found.gap.words
    assert "less active" in found.gap.words
    svg = parse(html).find("svg", cls="grid-chart__svg")
    assert "Panel's position" in svg.text
    assert "Commissioners' position" in svg.text
    panel_row = parse(html).find("tr", data_lens="panel")
    assert str(found.panel.activeness_percent) in panel_row.text


def test_a_new_rating_changes_the_cached_results_page(client, world):
    _, lead, _, assessment = world
    rate(assessment, 3)
    client.force_login(lead)
    url = reverse("assessments:results", args=[assessment.pk])
    before = client.get(url).content.decode()
    assert "3 members" in before
    rate(assessment, 1)
    after = client.get(url).content.decode()
    assert "4 members" in after and "3 members" not in after
    assert export(client, assessment)["lenses"]["panel"]["raters"] == 4


def test_no_member_is_named_on_any_page_or_export(client, world):
    _, lead, _, assessment = world
    people = rate(assessment, 3)
    client.force_login(lead)
    pages = [
        client.get(reverse("assessments:results", args=[assessment.pk])).content.decode(),
        client.get(reverse("assessments:export-json", args=[assessment.pk])).content.decode(),
        client.get(reverse("assessments:dashboard")).content.decode(),
    ]
    for person in people:
        for text in pages:
            assert person.last_name not in text
            assert person.username not in text
            assert person.email not in text


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="needs poppler-utils")
def test_the_report_has_the_two_views_and_names_nobody(client, world):
    _, lead, _, assessment = world
    people = rate(assessment, 3)
    found = comparison.lenses_of(assessment)
    client.force_login(lead)
    pdf = client.get(reverse("assessments:report-pdf", args=[assessment.pk])).content
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode()
    flat = " ".join(text.split())
    assert "Two views: the commissioners and the panel" in flat
    assert found.gap.words in flat
    assert "Where the views differ most" in flat
    for person in people:
        assert person.last_name not in flat and person.username not in flat


def test_the_dashboard_shows_the_panels_view(client, world):
    _, lead, _, assessment = world
    client.force_login(lead)
    assert b"data-panel-view" not in client.get(reverse("assessments:dashboard")).content
    rate(assessment, 3)
    found = comparison.lenses_of(assessment)
    html = client.get(reverse("assessments:dashboard")).content.decode()
    view = marked(html, "p", "data-panel-view")[0].text
    assert "3 members" in view
    assert f"Activeness {found.panel.activeness_percent} out of 100" in view
    # In the SVG's text alternative (the dashboard's small Grid has no plotly data).
    assert "Panel&#x27;s position" in html


@pytest.mark.parametrize("page", ["results", "export-json", "report-pdf"])
def test_queries_do_not_grow_with_the_panel(client, world, page, django_assert_max_num_queries):
    """Three members or eight, the page makes the same number of queries."""
    _, lead, _, assessment = world
    client.force_login(lead)
    url = reverse(f"assessments:{page}", args=[assessment.pk])
    counts = []
    for members in (3, 5):
        rate(assessment, members)
        clear_caches()
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]
    # The PDF's first download also looks for a render the worker was asked for, and keeps
    # the day its content was first made (7 queries).
    budget = {"results": 27, "export-json": 26, "report-pdf": 39}[page]
    clear_caches()
    with django_assert_max_num_queries(budget):
        client.get(url)


def test_dashboard_queries_do_not_grow_with_the_panel(client, world):
    """The panel's view costs its panel's state (one query) and, when something changed
    since it was last drawn, the ratings (three) and a catalogue check; three members or
    eight alike."""
    _, lead, _, assessment = world
    client.force_login(lead)
    url = reverse("assessments:dashboard")
    client.get(url)  # the catalogue read, as in a running process
    counts = []
    for members in (3, 5):
        rate(assessment, members)
        with CaptureQueriesContext(connection) as changed:
            client.get(url)
        with CaptureQueriesContext(connection) as unchanged:
            client.get(url)
        counts.append((len(changed), len(unchanged)))
    assert counts[0] == counts[1]
    assert counts[0][0] <= 13 and counts[0][1] <= 10


def test_the_headline_is_explicit_and_can_be_the_agreed_view(client, world):
    _, lead, _, assessment = world
    rate(assessment, 3)
    panel = Panel.objects.get(assessment=assessment)
    AgreedAnswer.objects.create(
        panel=panel,
        activity=Activity.objects.get(slug="advisory-forums"),
        frequency=Frequency.NONE,
        note="Has not met this year",
    )
    client.force_login(lead)
    url = reverse("assessments:results", args=[assessment.pk])
    html = unescape(client.get(url).content.decode())
    assert "The headline shows the commissioners' view" in html
    assert 'data-headline="agreed"' not in html
    headline = parse(html).find("tr", data_lens="commissioners")
    assert "Headline" in headline.text
    panel.headline = Panel.Headline.AGREED
    panel.save()
    html = unescape(client.get(url).content.decode())
    found = comparison.lenses_of(assessment)
    card = parse(html).find("div", data_headline="agreed")
    assert "The agreed view, the headline" in card.text
    assert f"activeness {scoring.as_percent(found.agreed.activeness)} out of 100" in card.text
    assert "Headline" in parse(html).find("tr", data_lens="agreed").text
    assert "The headline shows the agreed view" in html
