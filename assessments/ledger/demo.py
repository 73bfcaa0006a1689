"""The demo's impact ledger: what people told the demo organisation over three years and
what it did about it, so its results page, principles view and annual-report draft have
evidence to show. Most entries fall in the submitted year (2025/26), a few in the year
before and in this year's draft; the crisis café co-design project adds its own when it
is finished (``codesign/demo.py``). They are written through the ledger's services, as a
person would: the commissioner records what was heard (any member can), then the lead
what was done. Running it again adds nothing once the organisation has entries of its
own (any not from a co-design project, deleted ones too), so a newcomer's edits, and the
entries they add or delete, are kept as they are."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from coprod_grid.models import Activity, CommissioningStage, ServiceArea

from ..models import Membership, Organisation
from . import services
from .models import LedgerEntry, Outcome, Status


@dataclass(frozen=True)
class DemoEntry:
    said: str
    heard_on: datetime.date
    activity: str
    source: str
    people: int | None
    stage: str
    service_area: str
    status: str
    outcome: str = ""
    did: str = ""
    reason: str = ""
    fed_back_on: datetime.date | None = None
    evidence_note: str = ""
    evidence_url: str = ""


D = datetime.date
DEMO_ENTRIES: tuple[DemoEntry, ...] = (
    # 2024/25: what started the crisis café, and a carers' survey.
    DemoEntry(
        said=(
            "There is nowhere to go in the evening when you feel yourself getting worse. "
            "A&E is the only door that is open, and it makes things worse."
        ),
        heard_on=D(2024, 11, 20),
        activity="mental-health-user-group",
        source="Crisis care user group, November meeting",
        people=12,
        stage="strategic-planning",
        service_area="crisis",
        status=Status.FED_BACK,
        outcome=Outcome.DECISION_CHANGED,
        did=(
            "The Mental Health Partnership Board made an evening alternative to A&E a "
            "priority for 2025/26. It paid for a co-design project to shape it."
        ),
        fed_back_on=D(2025, 1, 15),
        evidence_note="Partnership Board minutes, January 2025, item 6.",
    ),
    DemoEntry(
        said=(
            "Carers are not told when the person they care for is discharged by the "
            "crisis team. We find out when they come home."
        ),
        heard_on=D(2025, 2, 10),
        activity="surveys-and-questionnaires",
        source="Carers' survey, winter 2024/25",
        people=214,
        stage="monitoring",
        service_area="crisis",
        status=Status.FED_BACK,
        outcome=Outcome.SERVICE_CHANGED,
        did=(
            "The crisis team's contract now asks it to phone the named carer before "
            "discharge, when the person agrees. We check this at each quality review."
        ),
        fed_back_on=D(2025, 6, 5),
        evidence_url="https://www.example.org/carers-network/you-said-we-did-2025",
    ),
    # 2025/26: the submitted year.
    DemoEntry(
        said=(
            "The crisis line keeps you on hold for too long. Some people hang up and go "
            "to A&E instead."
        ),
        heard_on=D(2025, 7, 8),
        activity="mental-health-user-group",
        source="Crisis care user group, July meeting",
        people=9,
        stage="monitoring",
        service_area="crisis",
        status=Status.ACTED_ON,
        outcome=Outcome.SERVICE_CHANGED,
        did=(
            "The provider added two call handlers in the evening. It now sends us its "
            "waiting times every month."
        ),
        evidence_note="Provider's monthly report, from October 2025.",
    ),
    DemoEntry(
        said="Evening and weekend sessions would help people who work.",
        heard_on=D(2025, 10, 21),
        activity="surveys-and-questionnaires",
        source="Talking therapies survey, autumn 2025",
        people=346,
        stage="contracting",
        service_area="primary-care-iapt",
        status=Status.NOT_ACTED_ON,
        outcome=Outcome.NOT_CHANGED,
        reason=(
            "This year's contract cannot pay for evening sessions without cutting daytime "
            "ones, which more people use. We will look again when the contract is renewed "
            "in 2027."
        ),
    ),
    DemoEntry(
        said=(
            "The recovery college courses are only in the city. People in the towns "
            "cannot get there."
        ),
        heard_on=D(2026, 1, 14),
        activity="advisory-forums",
        source="Stakeholder reference group",
        people=14,
        stage="pathway-design",
        service_area="wellbeing-recovery-peer",
        status=Status.FED_BACK,
        outcome=Outcome.DECISION_CHANGED,
        did=(
            "The recovery college will run courses in two market towns from September "
            "2026. The reference group chose the places."
        ),
        fed_back_on=D(2026, 2, 18),
    ),
    DemoEntry(
        said=("Patients on the ward did not know how to make a complaint, or who to ask about it."),
        heard_on=D(2026, 2, 3),
        activity="quality-visits-to-services",
        source="Quality visit to Willow Ward",
        people=6,
        stage="monitoring",
        service_area="urgent-acute",
        status=Status.OPEN,
    ),
    # 2026/27: this year's draft.
    DemoEntry(
        said="Young people moving from children's to adult services feel dropped.",
        heard_on=D(2026, 5, 19),
        activity="regular-engagement-event",
        source="Annual mental health listening event",
        people=48,
        stage="strategic-planning",
        service_area="children-young-people",
        status=Status.ACTED_ON,
        outcome=Outcome.DECISION_CHANGED,
        did=(
            "Moving from children's to adult services is now one of the three priorities "
            "in the draft plan for 2026/27."
        ),
    ),
    DemoEntry(
        said="The crisis café is good, but it is hard to find out about it.",
        heard_on=D(2026, 9, 9),
        activity="mental-health-user-group",
        source="Crisis care user group, September meeting",
        people=10,
        stage="monitoring",
        service_area="crisis",
        status=Status.OPEN,
    ),
)


def demo_ledger(organisation: Organisation, lead, commissioner) -> list[LedgerEntry]:
    """The demo's entries, if the organisation's ledger has none but its projects'."""
    if LedgerEntry.all_objects.filter(organisation=organisation, project__isnull=True).exists():
        return []
    recorder = Membership.objects.get(organisation=organisation, user=commissioner)
    doer = Membership.objects.get(organisation=organisation, user=lead)
    activities = Activity.objects.in_bulk(
        {entry.activity for entry in DEMO_ENTRIES}, field_name="slug"
    )
    stages = CommissioningStage.objects.in_bulk(field_name="slug")
    areas = ServiceArea.objects.in_bulk(field_name="slug")
    made = []
    for entry in DEMO_ENTRIES:
        saved = services.entry_create(
            recorder,
            said=entry.said,
            heard_on=entry.heard_on,
            activity=activities.get(entry.activity),
            source=entry.source,
            people_count=entry.people,
            stage=stages.get(entry.stage),
            service_area=areas.get(entry.service_area),
            evidence_url=entry.evidence_url,
            evidence_note=entry.evidence_note,
        )
        if entry.status != Status.OPEN:
            saved = services.entry_update(
                doer,
                saved,
                saved.version,
                status=entry.status,
                outcome=entry.outcome,
                did=entry.did,
                reason=entry.reason,
                fed_back_on=entry.fed_back_on,
            )
        made.append(saved)
    return made
