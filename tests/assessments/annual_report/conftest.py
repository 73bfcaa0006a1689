"""An organisation with a year of evidence: a submitted assessment, ledger entries of
every status, a co-design project and an action plan. Made directly with the models,
so that these tests read what the draft does with them, not how they were entered."""

import datetime

import pytest

from assessments.codesign.models import CoDesignProject, ProjectPhase
from assessments.ledger.models import LedgerEntry, Outcome, Status
from assessments.models import Action
from coprod_grid.models import CommissioningStage, ServiceArea
from tests.factories import LEAD, make_member, make_organisation, submitted_assessment

D = datetime.date
HOSTILE = "<script>alert('x')</script> & more"


def entry(organisation, **fields) -> LedgerEntry:
    fields.setdefault("said", "The crisis line takes too long to answer")
    fields.setdefault("heard_on", D(2026, 6, 15))
    return LedgerEntry.objects.create(organisation=organisation, **fields)


def stage(slug: str) -> CommissioningStage:
    return CommissioningStage.objects.get(slug=slug)


@pytest.fixture
def organisation():
    return make_organisation(name="NHS Annual Test Integrated Care Board", ods_code="QAT")


@pytest.fixture
def assessment(organisation, lead):
    return submitted_assessment(organisation, lead)


@pytest.fixture
def evidence(organisation, assessment):
    """Four entries heard in 2026/27 (fed back, acted on, not acted on, open), one the
    year before and one of another organisation's; a project to its fourth phase; two
    open actions and a done one."""
    entries = {
        "fed_back": entry(
            organisation,
            said="Meetings are at times carers cannot come",
            heard_on=D(2026, 5, 10),
            people_count=12,
            stage=stage("strategic-planning"),
            status=Status.FED_BACK,
            outcome=Outcome.DECISION_CHANGED,
            did="We moved the partnership board to the evening",
            fed_back_on=D(2026, 7, 1),
        ),
        "acted_on": entry(
            organisation,
            said="The crisis line takes too long to answer",
            heard_on=D(2026, 9, 2),
            stage=stage("pathway-design"),
            status=Status.ACTED_ON,
            outcome=Outcome.SERVICE_CHANGED,
            did="We funded two more call handlers at night",
        ),
        "not_acted_on": entry(
            organisation,
            said="Open a second crisis café in the town centre",
            heard_on=D(2026, 11, 20),
            status=Status.NOT_ACTED_ON,
            outcome=Outcome.NOT_CHANGED,
            reason="There is no building we can use this year",
        ),
        "open": entry(organisation, said="Letters are hard to read", heard_on=D(2027, 2, 1)),
    }
    entry(organisation, said="Last year's entry", heard_on=D(2026, 3, 31))
    entry(make_organisation(), said="Another organisation's entry")
    project = CoDesignProject.objects.create(
        organisation=organisation,
        title="Crisis café",
        service_area=ServiceArea.objects.get(slug="crisis"),
        staff_count=11,
        service_user_count=9,
        carer_count=4,
        changes="A crisis café opened on Friday evenings",
    )
    for slug, started in (
        ("set-up", D(2026, 4, 6)),
        ("staff-experiences", D(2026, 5, 4)),
        ("patient-carer-experiences", D(2026, 5, 18)),
        ("joint-event", D(2026, 9, 10)),
    ):
        ProjectPhase.objects.create(project=project, phase=slug, started_on=started)
    actions = [
        Action.objects.create(
            assessment=assessment,
            description="Recruit two more experts by experience to the board",
            owner="Head of involvement",
            due_date=D(2027, 6, 30),
        ),
        Action.objects.create(
            assessment=assessment, description="Report to the Board each quarter"
        ),
        Action.objects.create(
            assessment=assessment, description="Pay people for their time", status="done"
        ),
    ]
    return {"entries": entries, "project": project, "actions": actions}


@pytest.fixture
def outsider():
    """The lead of another organisation, with its own submitted assessment."""
    organisation = make_organisation(name="NHS Elsewhere ICB")
    lead = make_member(organisation, LEAD)
    return {"lead": lead, "assessment": submitted_assessment(organisation, lead)}
