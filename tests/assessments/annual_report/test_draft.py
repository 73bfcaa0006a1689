"""The annual report's draft as data: its sections in an annual report's order, its
figures checked against the assessment, the ledger, the project and the plan, each
naming where it came from; principles without evidence said plainly, never judged."""

import re

import pytest
from django.utils import timezone

from assessments.annual_report.draft import (
    DRAFT_ASSESSMENT_NOTICE,
    DRAFT_NOTICE,
    SECTION_TITLES,
    annual_report_draft,
)
from assessments.codesign.models import CoDesignProject, ProjectPhase
from assessments.ledger.models import LedgerEntry
from assessments.models import Answer
from coprod_grid import catalogue
from coprod_grid.models import Activity
from tests.factories import make_assessment, save_about
from tests.readability import readability
from tests.test_readability import OVERALL_MAX_READING_AGE

from .conftest import D, entry

pytestmark = pytest.mark.django_db

LEDGER = "Impact ledger, entries heard 1 April 2026 to 31 March 2027"


def figures(draft) -> dict[str, list[str]]:
    """Each figure's text: the sources it is given, over the whole draft."""
    found: dict[str, list[str]] = {}
    for section in draft.sections:
        for figure in section.figures:
            found.setdefault(figure.text, []).append(figure.source)
    return found


def text_of(section) -> str:
    return " ".join(
        paragraph.text
        for block in section.blocks
        for paragraph in (*block.paragraphs, *block.items)
    )


def test_the_sections_are_those_of_an_annual_report(assessment, evidence):
    draft = annual_report_draft(assessment)
    assert (
        [section.title for section in draft.sections]
        == list(SECTION_TITLES)
        == [
            "How we involved people",
            "What we heard",
            "What we did",
            "What we will do next",
        ]
    )
    assert draft.title == "Involving people and communities in 2026/27"
    assert draft.organisation == "NHS Annual Test Integrated Care Board"
    assert draft.notice == (DRAFT_NOTICE,)
    assert "This is a draft" in DRAFT_NOTICE


def test_the_grid_figures_are_the_submitted_result(assessment, evidence):
    stored = assessment.submitted_result
    own = f"Self-assessment 2026/27, submitted {assessment.submitted_at.day} " + (
        f"{assessment.submitted_at:%B %Y}"
    )
    quadrant = next(q for q in catalogue.quadrants() if q.slug == stored.quadrant)
    routine = [p for p in stored.practices if p["frequency"] == "routine"]
    reached = [level for level in stored.stage_levels.values() if level != "none"]
    stages = len(catalogue.commissioning_stages())
    found = figures(annual_report_draft(assessment))

    assert found[quadrant.name] == [f"{own}: place on the Grid"]
    assert found[f"{round(stored.activeness * 100)} out of 100"][0] == f"{own}: activeness"
    assert found[f"{len(stored.practices)} of the Grid's activities"] == [
        f"{own}: activities done occasionally or routinely"
    ]
    assert found[f"{len(routine)} of them as routine"] == [f"{own}: activities done routinely"]
    assert found[f"{len(reached)} of the {stages} stages of commissioning"] == [
        f"{own}: stages reached"
    ]
    assert found["3 experts by experience"] == [f"{own}: who took part"]


def test_the_ledger_figures_count_the_period_and_the_organisation_only(assessment, evidence):
    draft = annual_report_draft(assessment)
    found = figures(draft)
    # Four heard in 2026/27; last year's entry and another organisation's do not count.
    assert found["4 things people told us"] == [LEDGER]
    assert found["2 things people told us"] == [f"{LEDGER}: acted on"]
    assert found["1 decision"] == [f"{LEDGER}: a decision changed"]
    assert found["1 service"] == [f"{LEDGER}: a service changed"]
    assert found["1 of the 4"] == [f"{LEDGER}: fed back"]
    assert found["25%"] == [f"{LEDGER}: share fed back"]
    assert sorted(found["1 thing"]) == sorted(
        [
            f"{LEDGER}: stage Strategic planning",
            f"{LEDGER}: stage Pathway design",
            f"{LEDGER}: not acted on",
            f"{LEDGER}: still open",
        ]
    )
    heard, did = text_of(draft.sections[1]), text_of(draft.sections[2])
    assert "Last year's entry" not in heard
    assert "Another organisation's entry" not in heard
    assert "“Meetings are at times carers cannot come”" in heard
    assert (
        "You said: “The crisis line takes too long to answer” "
        "We did: We funded two more call handlers at night"
    ) in did
    # Not acted on and open entries changed nothing: they are not "you said, we did".
    assert "You said: “Letters are hard to read”" not in did


def test_a_project_says_how_far_it_got_and_what_changed(assessment, evidence):
    draft = annual_report_draft(assessment)
    found = figures(draft)
    source = "Co-design project 'Crisis café'"
    assert found["phase 4 of 6 (bringing staff, patients and carers together)"] == [source]
    assert found["24 people"] == [source]
    assert found["13 of them people who use services or carers"] == [source]
    assert found["1 co-design project"] == ["Co-design projects with work in 2026/27"]
    assert "What changed: A crisis café opened on Friday evenings" in text_of(draft.sections[2])


def test_the_next_steps_are_the_open_actions_with_owner_and_date(assessment, evidence):
    section = annual_report_draft(assessment).sections[3]
    items = [paragraph.text for paragraph in section.blocks[0].items]
    assert items == [
        "Recruit two more experts by experience to the board. Who: Head of involvement. "
        "By: 30 June 2027.",
        "Report to the Board each quarter.",
    ]
    found = {figure.text: figure.source for figure in section.figures}
    assert found == {
        "2 actions still to do": "Action plan: not done yet",
        "1 action": "Action plan: done",
    }


def test_every_figure_is_listed_with_its_source_under_its_section(assessment, evidence):
    for section in annual_report_draft(assessment).sections:
        listed = section.figures
        for block in section.blocks:
            for paragraph in (*block.paragraphs, *block.items):
                for figure in paragraph.figures:
                    assert figure in listed
                    assert figure.source
                    assert figure.text in paragraph.text


def test_principles_show_evidence_found_and_plainly_where_there_is_none(lead):
    """Nothing practised and an empty ledger: every principle has no evidence yet, said
    so, and nothing reads as a verdict."""
    assessment = make_assessment(lead.memberships.get().organisation, lead)
    for activity in Activity.objects.active()[:3]:
        Answer.objects.create(assessment=assessment, activity=activity, frequency="none")
    section = annual_report_draft(assessment).sections[0]
    principles = [block for block in section.blocks if block.items and block.heading]
    names = [item.text for block in principles for item in block.items]
    assert len(names) == len(catalogue.principles())
    assert all(name.endswith(": no evidence recorded yet.") for name in names)
    counts = [figure.text for figure in section.figures if "principles" in figure.text]
    assert counts == ["0 of the 10 principles", "0 of the 5 principles"]
    words = text_of(section).lower()
    for verdict in ("comply", "complian", "not met", "fail", "breach"):
        assert verdict not in words


def test_a_principle_with_evidence_says_where_it_was_found(assessment, evidence):
    section = annual_report_draft(assessment).sections[0]
    first = catalogue.principles()[0]
    items = [item.text for block in section.blocks for item in block.items]
    assert f"{first.name}: evidence found in what we do and our impact ledger." in items


def test_a_draft_assessment_says_its_figures_may_change(lead):
    assessment = make_assessment(lead.memberships.get().organisation, lead)
    save_about(assessment, lead, experts_by_experience_count=1)
    assessment.refresh_from_db()
    draft = annual_report_draft(assessment)
    assert draft.notice == (DRAFT_NOTICE, DRAFT_ASSESSMENT_NOTICE)
    assert "may change" in DRAFT_ASSESSMENT_NOTICE
    assert figures(draft)["1 expert by experience"] == [
        "Self-assessment 2026/27, not yet submitted: who took part"
    ]


def test_an_organisation_with_nothing_recorded_yet_gets_plain_words(lead):
    assessment = make_assessment(lead.memberships.get().organisation, lead)
    draft = annual_report_draft(assessment)
    involved, heard, did, next_steps = (text_of(section) for section in draft.sections)
    assert "we have no place on the Grid" in involved
    assert "Our impact ledger has 0 entries" in heard
    assert did == "Our impact ledger has nothing acted on yet."
    assert next_steps == "Our action plan has no actions yet."


def test_it_quotes_the_newest_few_of_a_long_ledger(assessment, organisation):
    for day in range(1, 9):
        entry(organisation, said=f"Said on {day} May", heard_on=D(2026, 5, day))
    heard = annual_report_draft(assessment).sections[1]
    quoted = [item.text for block in heard.blocks for item in block.items if "Said on" in item.text]
    assert quoted == [f"“Said on {day} May” ({day} May 2026)" for day in (8, 7, 6, 5, 4)]
    assert figures(annual_report_draft(assessment))["8 things people told us"] == [LEDGER]


def test_deleted_entries_and_projects_do_not_count(assessment, organisation, evidence):
    now = timezone.now()
    LedgerEntry.all_objects.filter(pk=evidence["entries"]["open"].pk).update(deleted_at=now)
    CoDesignProject.all_objects.filter(pk=evidence["project"].pk).update(deleted_at=now)
    draft = annual_report_draft(assessment)
    found = figures(draft)
    assert found["3 things people told us"] == [LEDGER]
    assert "“Letters are hard to read”" not in text_of(draft.sections[1])
    assert "Co-design projects" not in [block.heading for block in draft.sections[2].blocks]


def test_a_project_only_just_begun_says_no_more_than_it_has(assessment, organisation):
    project = CoDesignProject.objects.create(organisation=organisation, title="Perinatal care")
    ProjectPhase.objects.create(project=project, phase="set-up", started_on=D(2026, 10, 1))
    did = annual_report_draft(assessment).sections[2]
    assert [item.text for block in did.blocks for item in block.items] == [
        "Perinatal care. It reached phase 1 of 6 (setting up the project)."
    ]


def test_its_own_words_read_at_about_age_eleven(assessment, evidence):
    """The paragraphs (the lists quote people and name the Grid's activities, which are
    not ours to simplify), measured as tests/test_readability.py measures templates."""
    draft = annual_report_draft(assessment)
    paragraphs = [
        paragraph.text
        for section in draft.sections
        for block in section.blocks
        for paragraph in block.paragraphs
    ]
    sentences = [
        sentence
        for text in [*draft.notice, *paragraphs]
        for sentence in re.split(r"(?<=[.!?])\s+", text)
        if sentence
    ]
    assert len(sentences) > 25
    assert readability(sentences).reading_age <= OVERALL_MAX_READING_AGE
