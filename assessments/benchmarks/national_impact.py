"""Evidence of impact for the national data: each organisation's "you said, we did"
ledger and its co-design projects (``national_data.generate`` calls ``generate_impact``
after the panels, with a random generator of its own, so everything a seed made before
stays as it was).

Most organisations keep a ledger: 0 to ``MOST_ENTRIES`` entries heard over the years of
their assessments, more of them recent. What became of an entry depends on its age: one
heard in the last two months is mostly still open; older ones have mostly been acted on
and fed back, some were not acted on (with the reason), a few are still open. Every row
keeps the ledger's database rules (``ledger/models.py``: acted on changed something, not
acted on says why, fed back has a date and an outcome).

A third of organisations run co-design projects, one to three each, through the six
phases of experience-based co-design in order, as far as their dates have reached; a
project whose celebration is past is mostly finished, with one or two ledger entries of
what it changed, linked to it.

The busiest organisation, ``X00001``, has the most entries and three projects, one of
them through all six phases, so that the benchmark's ledger and project pages show the
most a page holds.
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import QuerySet

from assessments.codesign.models import CoDesignProject, ProjectPhase
from assessments.codesign.phases import PHASE_SLUGS
from assessments.ledger.models import LedgerEntry, Outcome, Status
from assessments.models import Organisation
from coprod_grid.models import Activity, CommissioningStage, ServiceArea

from .bulk import BATCH, fast_insert
from .words import (
    DID_DECISION,
    DID_SERVICE,
    NOT_ACTED_REASONS,
    PHASE_NOTES,
    PROJECTS,
    SAID,
    SOURCES,
)

MOST_ENTRIES = 40
#: The share of organisations that keep no ledger yet.
NO_LEDGER_SHARE = 0.15
PROJECT_SHARE = 1 / 3
MOST_PROJECTS = 3
#: An entry heard this many days ago or fewer is mostly still open.
RECENT_DAYS = 60
#: What became of an entry: (cumulative probability, status), recent and older.
RECENT = ((0.5, Status.OPEN), (0.8, Status.ACTED_ON), (0.9, Status.NOT_ACTED_ON))
OLDER = ((0.12, Status.OPEN), (0.32, Status.ACTED_ON), (0.45, Status.NOT_ACTED_ON))
#: What a fed-back entry's outcome was: (cumulative probability, outcome).
FED_BACK_OUTCOMES = ((0.45, Outcome.DECISION_CHANGED), (0.85, Outcome.SERVICE_CHANGED))
FINISHED_SHARE = 0.85
#: Each phase's days after the one before starts (low, high), and how long it lasts.
PHASE_TIMING = {
    "set-up": ((0, 0), (20, 40)),
    "staff-experiences": ((20, 45), (30, 60)),
    "patient-carer-experiences": ((0, 30), (30, 60)),
    "joint-event": ((40, 80), (0, 0)),
    "co-design-teams": ((14, 30), (60, 120)),
    "celebration-review": ((70, 140), (0, 0)),
}
ENTRY_FIELDS = [
    "organisation",
    "said",
    "activity",
    "source",
    "heard_on",
    "people_count",
    "stage",
    "service_area",
    "status",
    "outcome",
    "did",
    "reason",
    "fed_back_on",
    "evidence_url",
    "evidence_note",
    "project",
    "version",
    "created_by",
    "created_at",
    "updated_by",
    "updated_at",
]
PHASE_FIELDS = ["project", "phase", "started_on", "ended_on", "notes", "updated_by", "updated_at"]


@dataclass(frozen=True)
class ImpactCounts:
    entries: int
    projects: int
    phases: int


def impact_rows(organisations: QuerySet[Organisation]) -> list[QuerySet]:
    """What ``delete_generated`` removes, in order: entries (and the history of any
    edited since) before the projects they may name, phases before their projects."""
    projects = CoDesignProject.all_objects.filter(organisation__in=organisations)
    return [
        LedgerEntry.history.filter(organisation_id__in=organisations.values("pk")),
        LedgerEntry.all_objects.filter(organisation__in=organisations),
        ProjectPhase.history.filter(project_id__in=projects.values("pk")),
        ProjectPhase.objects.filter(project__in=projects),
        CoDesignProject.history.filter(organisation_id__in=organisations.values("pk")),
        projects,
    ]


def _choose(rng: random.Random, table, otherwise):
    chance = rng.random()
    for threshold, value in table:
        if chance < threshold:
            return value
    return otherwise


class _Catalogue:
    """The catalogue rows entries and projects point at, by slug."""

    def __init__(self) -> None:
        self.activities = Activity.objects.in_bulk(field_name="slug")
        self.stages = list(CommissioningStage.objects.order_by("order"))
        self.areas = ServiceArea.objects.in_bulk(field_name="slug")


def _outcome_of(rng: random.Random, status: str) -> tuple[str, str, str]:
    """(outcome, what was done, why not) for an entry of ``status``."""
    if status == Status.OPEN:
        return "", "", ""
    if status == Status.NOT_ACTED_ON:
        return Outcome.NOT_CHANGED, "", rng.choice(NOT_ACTED_REASONS)
    if status == Status.ACTED_ON:
        outcome = Outcome.DECISION_CHANGED if rng.random() < 0.5 else Outcome.SERVICE_CHANGED
    else:
        outcome = _choose(rng, FED_BACK_OUTCOMES, Outcome.NOT_CHANGED)
    if outcome == Outcome.NOT_CHANGED:
        return outcome, "", rng.choice(NOT_ACTED_REASONS)
    return (
        outcome,
        rng.choice(DID_DECISION if outcome == Outcome.DECISION_CHANGED else DID_SERVICE),
        "",
    )


def _entry(
    rng: random.Random,
    catalogue: _Catalogue,
    organisation: Organisation,
    lead,
    heard_on: datetime.date,
    today: datetime.date,
    when: datetime.datetime,
) -> tuple:
    """One ledger entry, as a row of ``ENTRY_FIELDS``."""
    source, activity_slug, area_slug = rng.choice(SOURCES)
    recent = (today - heard_on).days <= RECENT_DAYS
    status = _choose(rng, RECENT if recent else OLDER, Status.FED_BACK)
    fed_back_on = None
    if status == Status.FED_BACK:
        fed_back_on = heard_on + datetime.timedelta(days=rng.randint(14, 150))
        if fed_back_on > today:
            status, fed_back_on = Status.ACTED_ON, None
    outcome, did, reason = _outcome_of(rng, status)
    area = catalogue.areas.get(area_slug) if area_slug else None
    if area is None and rng.random() < 0.6:
        area = rng.choice(list(catalogue.areas.values()))
    people = rng.choice((None, rng.randint(3, 20), rng.randint(3, 20), rng.randint(40, 400)))
    return (
        organisation.pk,
        rng.choice(SAID),
        catalogue.activities[activity_slug].pk if activity_slug in catalogue.activities else None,
        source,
        heard_on,
        people,
        rng.choice(catalogue.stages).pk if rng.random() < 0.8 else None,
        area.pk if area else None,
        str(status),
        str(outcome),
        did,
        reason,
        fed_back_on,
        "",
        "Minutes of the meeting." if rng.random() < 0.3 else "",
        None,
        0,
        lead.pk,
        when,
        lead.pk,
        when,
    )


def _heard_on(rng: random.Random, first: datetime.date, today: datetime.date) -> datetime.date:
    # More entries are recent: a square root leans the days towards today.
    span = (today - first).days
    return first + datetime.timedelta(days=int(span * rng.random() ** 0.5))


def _phases(
    rng: random.Random, started: datetime.date, today: datetime.date
) -> list[tuple[str, datetime.date, datetime.date | None]]:
    """The phases a project begun on ``started`` has reached by ``today``, in order,
    each starting no earlier than the one before; the last may still be going on."""
    reached = []
    begins = started
    for slug in PHASE_SLUGS:
        (after_low, after_high), (lasts_low, lasts_high) = PHASE_TIMING[slug]
        if reached:
            begins = reached[-1][1] + datetime.timedelta(days=rng.randint(after_low, after_high))
        if begins > today:
            break
        ends = begins + datetime.timedelta(days=rng.randint(lasts_low, lasts_high))
        reached.append((slug, begins, ends if ends <= today else None))
    return reached


def _project(
    rng: random.Random,
    catalogue: _Catalogue,
    organisation: Organisation,
    lead,
    started: datetime.date,
    today: datetime.date,
    now: datetime.datetime,
) -> tuple[CoDesignProject, list, list]:
    """A project, its phases and, if it is finished, the ledger entries of what it
    changed (as rows, the entries' project set once the project has its key)."""
    title, area_slug, change = rng.choice(PROJECTS)
    phases = _phases(rng, started, today)
    last_slug, _, last_ended = phases[-1]
    finished = (
        last_slug == "celebration-review"
        and last_ended is not None
        and rng.random() < FINISHED_SHARE
    )
    created = datetime.datetime.combine(started, datetime.time(10), tzinfo=datetime.UTC)
    finished_at = (
        datetime.datetime.combine(last_ended, datetime.time(17), tzinfo=datetime.UTC)
        if finished
        else None
    )
    reached_teams = any(slug == "co-design-teams" for slug, *_ in phases)
    project = CoDesignProject(
        organisation=organisation,
        title=title,
        aim=f"Improve {title[0].lower() + title[1:]} with the people who use it.",
        service_area=catalogue.areas.get(area_slug),
        recognised_methodology=rng.random() < 0.75,
        commissioning_stages=[
            stage.slug for stage in rng.sample(catalogue.stages, k=rng.randint(1, 2))
        ],
        staff_count=rng.randint(3, 15),
        service_user_count=rng.randint(4, 20),
        carer_count=rng.randint(0, 8),
        other_count=rng.randint(0, 5),
        changes=change if reached_teams else "",
        finished_at=finished_at,
        finished_by=lead if finished else None,
        created_by=lead,
        created_at=min(created, now),
        updated_by=lead,
        updated_at=min(finished_at or created, now),
    )
    phase_rows = [
        (project, slug, begins, ends, PHASE_NOTES[slug], lead.pk, min(created, now))
        for slug, begins, ends in phases
    ]
    entries = []
    if finished:
        joint = next(begins for slug, begins, _ in phases if slug == "joint-event")
        activity = (
            "co-design-with-methodology"
            if project.recognised_methodology
            else ("co-design-without-methodology")
        )
        for _ in range(rng.randint(1, 2)):
            row = list(_entry(rng, catalogue, organisation, lead, joint, today, finished_at))
            outcome = Outcome.SERVICE_CHANGED if rng.random() < 0.6 else Outcome.DECISION_CHANGED
            # What the project heard, what it changed, fed back at its celebration.
            row[ENTRY_FIELDS.index("source")] = f"{title}: co-design event"
            activity_row = catalogue.activities.get(activity)
            row[ENTRY_FIELDS.index("activity")] = activity_row.pk if activity_row else None
            row[ENTRY_FIELDS.index("status")] = str(Status.FED_BACK)
            row[ENTRY_FIELDS.index("outcome")] = str(outcome)
            row[ENTRY_FIELDS.index("did")] = change
            row[ENTRY_FIELDS.index("reason")] = ""
            row[ENTRY_FIELDS.index("fed_back_on")] = last_ended
            row[ENTRY_FIELDS.index("service_area")] = project.service_area_id
            entries.append(row)
    return project, phase_rows, entries


def generate_impact(
    rng: random.Random,
    now: datetime.datetime,
    organisations: Sequence[Organisation],
    lead_of: dict[int, object],
    first_year: int,
    /,
) -> ImpactCounts:
    """Ledgers and co-design projects for ``organisations`` (saved; the busiest first),
    heard and run from 1 April of ``first_year`` to today."""
    catalogue = _Catalogue()
    today = now.date()
    first = datetime.date(first_year, 4, 1)
    entry_rows: list[tuple] = []
    projects: list[CoDesignProject] = []
    phase_rows: list[tuple] = []
    project_entries: list[tuple[CoDesignProject, list]] = []
    for index, organisation in enumerate(organisations):
        lead = lead_of[organisation.pk]
        busiest = index == 0
        if busiest:
            count = MOST_ENTRIES
        elif rng.random() < NO_LEDGER_SHARE:
            count = 0
        else:
            count = rng.randint(1, MOST_ENTRIES)
        for _ in range(count):
            heard_on = _heard_on(rng, first, today)
            when = min(
                datetime.datetime.combine(heard_on, datetime.time(12), tzinfo=datetime.UTC), now
            )
            entry_rows.append(_entry(rng, catalogue, organisation, lead, heard_on, today, when))
        if not busiest and rng.random() >= PROJECT_SHARE:
            continue
        for number in range(MOST_PROJECTS if busiest else rng.randint(1, MOST_PROJECTS)):
            if busiest and number == 0:
                # Long enough ago to have reached its celebration.
                started = today - datetime.timedelta(days=560)
            else:
                started = _heard_on(rng, first, today - datetime.timedelta(days=14))
            project, phases, entries = _project(
                rng, catalogue, organisation, lead, started, today, now
            )
            projects.append(project)
            phase_rows += phases
            project_entries += [(project, row) for row in entries]
    CoDesignProject.objects.bulk_create(projects, batch_size=BATCH)
    # The projects have their keys now (bulk_create returns them on PostgreSQL and SQLite).
    fast_insert(ProjectPhase, PHASE_FIELDS, [(project.pk, *rest) for project, *rest in phase_rows])
    at = ENTRY_FIELDS.index("project")
    entry_rows += [(*row[:at], project.pk, *row[at + 1 :]) for project, row in project_entries]
    fast_insert(LedgerEntry, ENTRY_FIELDS, entry_rows)
    return ImpactCounts(entries=len(entry_rows), projects=len(projects), phases=len(phase_rows))
