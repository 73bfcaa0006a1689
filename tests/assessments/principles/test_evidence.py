"""Which answers and ledger entries evidence which principle: the pure mapping on light
rows, and an example assessment read from the database."""

import datetime
from types import SimpleNamespace

import pytest

from assessments.ledger.models import LedgerEntry
from assessments.models import Frequency
from assessments.principles.evidence import (
    LEDGER_MATCHES,
    Practised,
    ledger_entries_of,
    principles_evidence,
    principles_export,
    principles_for,
)
from assessments.questionnaire.services import AnswerData
from coprod_grid import catalogue
from coprod_grid.catalogue import CataloguePrinciple
from coprod_grid.models import LEDGER_EVIDENCE, CommissioningStage, ServiceArea
from tests.factories import answer_all, make_assessment, make_organisation, submit


def principle(slug="p", *, activities=(), categories=(), ledger=()) -> CataloguePrinciple:
    return CataloguePrinciple(
        slug=slug,
        framework="nsun-4pi",
        framework_name="NSUN",
        order=1,
        name=slug,
        description="",
        source="",
        activities=tuple(activities),
        categories=tuple(categories),
        ledger_fields=tuple(ledger),
    )


def row(id, **fields):
    values = {
        "people_count": None,
        "stage_id": None,
        "service_area_id": None,
        "status": "open",
        "outcome": "",
        "project_id": None,
    }
    return SimpleNamespace(id=id, **{**values, **fields})


def answer(slug, category="cat", frequency=Frequency.ROUTINE):
    return Practised(activity=slug, name=slug.title(), category=category, frequency=frequency)


# The pure mapping -------------------------------------------------------------------------
def test_every_ledger_evidence_key_has_a_rule():
    assert set(LEDGER_MATCHES) == set(LEDGER_EVIDENCE)


@pytest.mark.parametrize(
    ("key", "matching", "not_matching"),
    [
        ("heard", {}, None),
        ("people-count", {"people_count": 0}, {}),
        ("stage", {"stage_id": 3}, {}),
        ("service-area", {"service_area_id": 2}, {}),
        ("acted-on", {"status": "acted-on", "outcome": "service-changed"}, {}),
        ("acted-on", {"status": "fed-back", "outcome": "decision-changed"}, None),
        ("decision-changed", {"status": "fed-back", "outcome": "decision-changed"}, None),
        ("service-changed", {"status": "acted-on", "outcome": "service-changed"}, None),
        ("not-acted-on", {"status": "not-acted-on", "outcome": "not-changed"}, {}),
        ("not-acted-on", {"status": "fed-back", "outcome": "not-changed"}, None),
        ("fed-back", {"status": "fed-back", "outcome": "not-changed"}, {}),
        ("co-design-project", {"project_id": 9}, {}),
    ],
)
def test_each_key_matches_the_entries_that_show_it(key, matching, not_matching):
    p = principle(ledger=[key])
    [found] = principles_evidence([p], {}, [row(1, **matching)])
    assert [entry.id for entry in found.entries] == [1]
    if not_matching is not None:
        [found] = principles_evidence([p], {}, [row(2, **not_matching)])
        assert found.entries == ()


@pytest.mark.parametrize(
    ("key", "fields"),
    [
        ("acted-on", {"status": "fed-back", "outcome": "not-changed"}),
        ("acted-on", {"status": "not-acted-on", "outcome": "not-changed"}),
        ("decision-changed", {"status": "acted-on", "outcome": "service-changed"}),
        ("service-changed", {"status": "fed-back", "outcome": "decision-changed"}),
        ("not-acted-on", {"status": "fed-back", "outcome": "service-changed"}),
        ("fed-back", {"status": "acted-on", "outcome": "decision-changed"}),
    ],
)
def test_the_status_keys_do_not_match_other_outcomes(key, fields):
    [found] = principles_evidence([principle(ledger=[key])], {}, [row(1, **fields)])
    assert found.entries == ()


def test_an_activity_evidences_a_principle_directly_or_through_its_category_unless_none():
    practised = {
        "a": answer("a", category="x"),
        "b": answer("b", category="y", frequency=Frequency.OCCASIONAL),
        "c": answer("c", category="y", frequency=Frequency.NONE),
        "d": answer("d", category="z"),
    }
    [direct, through, nothing] = principles_evidence(
        [
            principle("direct", activities=["a", "c"]),
            principle("through", categories=["y"]),
            principle("nothing", activities=["missing"], categories=["w"]),
        ],
        practised,
        [],
    )
    assert [a.activity for a in direct.activities] == ["a"]
    assert [a.activity for a in through.activities] == ["b"]
    assert nothing.activities == () and not nothing.has_evidence
    assert direct.has_evidence and through.has_evidence


def test_unknown_keys_count_for_nothing_and_entries_keep_their_order():
    entries = [row(3), row(1, stage_id=1), row(2)]
    [stale, any_entry] = principles_evidence(
        [principle("stale", ledger=["rumour"]), principle("any", ledger=["heard", "stage"])],
        {},
        entries,
    )
    assert stale.entries == ()
    assert [e.id for e in any_entry.entries] == [3, 1, 2]


def test_the_export_has_exactly_the_contracted_keys():
    [found] = principles_evidence(
        [principle("p", activities=["a"], ledger=["fed-back"])],
        {"a": answer("a")},
        [row(7, status="fed-back", outcome="not-changed"), row(8)],
    )
    assert principles_export([found]) == [
        {"slug": "p", "evidence": {"activities": ["a"], "ledger_entries": [7]}}
    ]


# An example from the database -------------------------------------------------------------
NONE = AnswerData(Frequency.NONE, (), "")


def entry(organisation, heard_on, **fields):
    return LedgerEntry.objects.create(
        organisation=organisation, said="We want to be asked earlier", heard_on=heard_on, **fields
    )


@pytest.fixture
def example(organisation, lead):
    """An assessment for 2026/27 that does three activities, and four ledger entries: two
    in the period, one the year before and one of another organisation."""
    assessment = make_assessment(organisation, lead, period="2026/27")
    answer_all(
        assessment,
        lead,
        answers={
            "member-of-decision-making-forums": AnswerData(
                Frequency.ROUTINE, ("strategic-planning",), ""
            ),
            "co-design-without-methodology": AnswerData(
                Frequency.OCCASIONAL, ("pathway-design",), ""
            ),
            "surveys-and-questionnaires": AnswerData(Frequency.OCCASIONAL, ("monitoring",), ""),
        },
        default=NONE,
    )
    fed_back = entry(
        organisation,
        datetime.date(2026, 6, 1),
        people_count=12,
        stage=CommissioningStage.objects.get(slug="pathway-design"),
        status="fed-back",
        outcome="service-changed",
        fed_back_on=datetime.date(2026, 7, 1),
    )
    heard = entry(
        organisation,
        datetime.date(2027, 3, 31),
        service_area=ServiceArea.objects.get(slug="crisis"),
    )
    entry(organisation, datetime.date(2026, 3, 31))  # 2025/26
    entry(make_organisation(), datetime.date(2026, 6, 1), status="open")
    return assessment, fed_back, heard


EXPECTED = {
    # slug: (activity slugs, which entries: "f" the fed-back one, "h" the heard one)
    "decision-making-and-governance": (["member-of-decision-making-forums"], ""),
    "every-stage-and-feedback": ([], "f"),
    "understand-needs": (["surveys-and-questionnaires"], "fh"),
    "excluded-groups": ([], ""),
    "healthwatch-and-vcse": ([], ""),
    "clear-public-information": ([], "f"),
    "community-development": ([], ""),
    "accountable-services": ([], "fh"),
    "co-produce-and-redesign": (["co-design-without-methodology"], "f"),
    "learn-and-build-on-assets": ([], "f"),
    "4pi-principles": ([], ""),
    "4pi-purpose": ([], "fh"),
    "4pi-presence": (["member-of-decision-making-forums"], "f"),
    "4pi-process": ([], ""),
    "4pi-impact": ([], "f"),
}


def expected_export(fed_back, heard):
    # The ledger's order: newest heard first.
    ids = {"h": heard.pk, "f": fed_back.pk}
    return [
        {
            "slug": slug,
            "evidence": {
                "activities": activities,
                "ledger_entries": [ids[key] for key in "hf" if key in which],
            },
        }
        for slug, (activities, which) in EXPECTED.items()
    ]


@pytest.mark.django_db
def test_an_example_assessment_and_its_ledger_give_exactly_this_evidence(example):
    assessment, fed_back, heard = example
    evidence = principles_for(assessment)
    assert principles_export(evidence) == expected_export(fed_back, heard)
    by_slug = {item.principle.slug: item for item in evidence}
    assert not by_slug["excluded-groups"].has_evidence
    [forums] = by_slug["decision-making-and-governance"].activities
    assert forums.how_often == "Routinely"


@pytest.mark.django_db
def test_a_submitted_assessment_reads_its_snapshot_not_todays_catalogue(example, lead):
    from coprod_grid.models import Activity, Category

    assessment, _, _ = example
    submit(assessment, lead)
    # Moved to another category after submission: the evidence keeps the category and
    # name it was submitted with.
    surveys = Activity.objects.get(slug="surveys-and-questionnaires")
    surveys.category = Category.objects.get(slug="co-design")
    surveys.name = "Renamed after submission"
    surveys.save()
    assessment.refresh_from_db()
    evidence = {item.principle.slug: item for item in principles_for(assessment)}
    [answer] = evidence["understand-needs"].activities
    assert answer.name == "Surveys and questionnaires"
    assert "surveys-and-questionnaires" not in [
        a.activity for a in evidence["co-produce-and-redesign"].activities
    ]


@pytest.mark.django_db
def test_deleted_entries_are_not_evidence(example):
    from django.utils import timezone

    assessment, fed_back, heard = example
    LedgerEntry.objects.filter(pk=heard.pk).update(deleted_at=timezone.now())
    assert [e.pk for e in ledger_entries_of(assessment)] == [fed_back.pk]


@pytest.mark.django_db
def test_the_evidence_is_read_in_three_queries_once_the_principles_are_known(
    example, django_assert_num_queries
):
    assessment, _, _ = example
    catalogue.principles()
    with django_assert_num_queries(3):  # the token, the answers, the ledger
        principles_for(assessment)
