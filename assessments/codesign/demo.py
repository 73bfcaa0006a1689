"""The demo's co-design project: a crisis café designed with people who use crisis
services, run through all six phases of experience-based co-design in 2025/26 and
finished at its celebration event, through the same services a person's project goes
through. Finishing it adds two of its changes to the ledger, which the lead then marks
as fed back at the celebration. Running it again makes nothing new once the organisation
has a project (deleted ones too), so a newcomer's edits to it are kept."""

from __future__ import annotations

import datetime

from django.utils import timezone

from coprod_grid.models import Activity, CommissioningStage, ServiceArea

from ..ledger import services as ledger
from ..ledger.models import Outcome, Status
from ..models import Membership, Organisation
from . import services
from .models import CoDesignProject

DEMO_PROJECT_TITLE = "Crisis café"
DEMO_PROJECT_AIM = (
    "Design, with people who use crisis services and their carers, a place to go in the "
    "evening that is not A&E."
)
# One change a line: finishing the project offers each to the ledger.
DEMO_PROJECT_CHANGES = (
    "A crisis café opened in the town centre in March 2026, open from 6pm to 11pm every day.\n"
    "Anyone can walk in: no referral and no diagnosis are needed.\n"
    "Peer support workers from the local Mind are on every shift."
)
#: The changes finishing the project adds to the ledger, and where each was decided.
DEMO_TO_LEDGER = (
    (0, "pathway-design", Outcome.SERVICE_CHANGED),
    (1, "specifying-outcomes", Outcome.DECISION_CHANGED),
)
D = datetime.date
# (phase, started, ended, notes), in the order of the six phases.
DEMO_PHASES = (
    (
        "set-up",
        D(2025, 4, 14),
        D(2025, 5, 9),
        "Steering group of 3 staff and 3 people who use crisis services.",
    ),
    (
        "staff-experiences",
        D(2025, 5, 12),
        D(2025, 6, 27),
        "Watched the crisis line and the A&E liaison team at work; talked with 11 staff.",
    ),
    (
        "patient-carer-experiences",
        D(2025, 6, 2),
        D(2025, 7, 25),
        "Filmed interviews with 9 people who had used crisis services, and 4 carers.",
    ),
    (
        "joint-event",
        D(2025, 9, 18),
        D(2025, 9, 18),
        (
            "27 people watched the film together. They want a calm place to go in the "
            "evening that is not A&E, run by people who have been through it."
        ),
    ),
    (
        "co-design-teams",
        D(2025, 10, 6),
        D(2026, 1, 30),
        "Four small groups met every two weeks: the place, the hours, the staff, the way in.",
    ),
    (
        "celebration-review",
        D(2026, 3, 12),
        D(2026, 3, 12),
        "The café's opening night. We will review it with the same groups in September 2026.",
    ),
)
FINISHED_ON = D(2026, 3, 12)


def demo_project(organisation: Organisation, lead) -> CoDesignProject | None:
    """The crisis café project, with its phases, finished: made if the organisation has
    no project yet."""
    if CoDesignProject.all_objects.filter(organisation=organisation).exists():
        return None
    membership = Membership.objects.get(organisation=organisation, user=lead)
    project = services.project_create(
        membership=membership,
        data=services.ProjectData(
            title=DEMO_PROJECT_TITLE,
            aim=DEMO_PROJECT_AIM,
            service_area=ServiceArea.objects.filter(slug="crisis").first(),
            recognised_methodology=True,
            commissioning_stages=("specifying-outcomes", "pathway-design"),
            staff_count=11,
            service_user_count=9,
            carer_count=4,
            other_count=3,  # the local Mind's manager and two peer support workers
            changes=DEMO_PROJECT_CHANGES,
        ),
    )
    for phase, started, ended, notes in DEMO_PHASES:
        services.phase_record(
            membership=membership,
            project=project,
            phase_slug=phase,
            started_on=started,
            ended_on=ended,
            notes=notes,
        )
    lines = services.change_lines(project)
    finished = services.project_finish(
        membership=membership,
        project=project,
        changes_to_ledger=[lines[index] for index, *_ in DEMO_TO_LEDGER],
        # The demo's answers already say the crisis pathway was co-designed with a
        # recognised method; marking next year's draft would change the sections the
        # demo leaves still to check against last year's.
        mark_answer=False,
    )
    # The services stamp the finish "now"; the demo's project finished at its
    # celebration, in the year its results show.
    CoDesignProject.objects.filter(pk=project.pk).update(
        finished_at=timezone.make_aware(datetime.datetime.combine(FINISHED_ON, datetime.time(21)))
    )
    stages = CommissioningStage.objects.in_bulk(field_name="slug")
    activity = Activity.objects.get(slug=services.codesign_activity_slug(project))
    for entry, (_, stage, outcome) in zip(finished.entries, DEMO_TO_LEDGER, strict=True):
        ledger.entry_update(
            membership,
            entry,
            entry.version,
            activity=activity,
            stage=stages.get(stage),
            outcome=outcome,
            status=Status.FED_BACK,
            fed_back_on=FINISHED_ON,
            evidence_note="Shown at the crisis café's opening night.",
        )
    project.refresh_from_db()
    return project
