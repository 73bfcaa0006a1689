"""Fill a database with national-scale data for benchmarks and load tests.

    DATABASE_URL=sqlite:////tmp/bench.sqlite3 uv run python manage.py generate_national_data
    uv run python manage.py generate_national_data --organisations 50 --assessments 250 \\
        --actions 1000 --replace

By default: 1,000 organisations, 5,000 assessments over several years (one answer for
each of the catalogue's active activities: 145,000 answers with the 29 of the shipped
catalogue), 20,000 actions, about 3,000 members. Each organisation gets a maturity that
grows year on year, so its answers drift from occasional, passive practice towards
routine, active practice the way a real organisation's would; every assessment but an
organisation's latest is submitted with its catalogue snapshot, and about a third of
the latest are still drafts.

Everything is written with ``bulk_create`` in one transaction (no history rows: the
generated past has no history). Generated organisations have ODS codes ``X00001`` …,
generated users are ``gen-<ods>-lead`` and ``gen-<ods>-c<n>``, all with the password given
by ``--password``: use this on benchmark databases only. ``X00001`` is the busiest
organisation (``--busiest`` assessments), the one the benchmark uses.

A third of the submitted assessments have a lived-experience panel: ``national_panels``.
About 60% of organisations (and always ``X00001``) share their results with their
peers (``assessments.peers``), so the peers page has a national comparison to show.

Most organisations keep an impact ledger (up to 40 entries) and a third run co-design
projects through the phases of experience-based co-design: ``national_impact``.

``X00001``'s latest submitted assessment has a cost profile and the organisation one rate
of its own (``national_costs``), written through the costs services, with their history.
"""

from __future__ import annotations

import datetime
import random
import time
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.management.base import CommandError
from django.db import models
from django.utils import timezone

from assessments.models import (
    Action,
    Answer,
    Assessment,
    Commitment,
    Frequency,
    Invitation,
    Membership,
    Organisation,
    Participant,
    SectionState,
    SubmittedResult,
)
from assessments.peers.models import PeerSharing
from assessments.questionnaire.sections import FIXED_KEYS, questionnaire_categories
from assessments.results import scoring
from assessments.results.stored import result_row
from coprod_grid.models import Barrier, CommissioningStage, ServiceArea

from .bulk import BATCH, fast_insert
from .national_costs import costs_rows, generate_costs
from .national_impact import generate_impact, impact_rows
from .national_panels import generate_panels, panel_rows
from .words import ACTION_TEXT, EVIDENCE, FIRST_NAMES, LAST_NAMES, OWNERS, PLACES

ODS_PREFIX = "X"
USER_PREFIX = "gen-"
DEFAULT_PASSWORD = "national-benchmark-data"
#: Yearly cycles: 2022/23 to 2026/27 when run in 2026/27.
YEARS = 5
#: The share of organisations that share their results with their peers; the busiest
#: organisation always does, so that the benchmark's peers page has a comparison.
SHARING_SHARE = 0.6
#: The share of an organisation's answers drawn again each year (the rest carry over).
DRIFT = 0.2
ANSWER_FIELDS = [
    "assessment",
    "activity",
    "frequency",
    "stages",
    "notes",
    "snapshot_name",
    "snapshot_category",
    "snapshot_category_name",
    "snapshot_activeness",
    "snapshot_embeddedness",
    "updated_by",
    "updated_at",
]
NO_SNAPSHOT = ("", "", "", None, None)
STATE_FIELDS = [
    "assessment",
    "key",
    "status",
    "version",
    "carried_from",
    "updated_by",
    "updated_at",
]


@dataclass(frozen=True)
class Summary:
    organisations: int
    users: int
    memberships: int
    assessments: int
    answers: int
    sections: int
    actions: int
    sharing: int
    panels: int
    panel_members: int
    panel_answers: int
    agreed_answers: int
    ledger_entries: int
    projects: int
    project_phases: int
    seconds: float
    cost_profiles: int = 0


def generated_organisations() -> models.QuerySet:
    return Organisation.all_objects.filter(
        ods_code__startswith=ODS_PREFIX, ods_code__regex=r"^X\d+$"
    )


def delete_generated() -> int:
    """Remove earlier generated data. Rows below assessments go with raw deletes (their
    cascades are all ours and there are hundreds of thousands of them): the panels'
    first, then any invitations made since, which seats and assessments refer to."""
    organisations = generated_organisations()
    assessments = Assessment.all_objects.filter(organisation__in=organisations)
    count = organisations.count()
    for queryset in (
        *costs_rows(organisations),
        *impact_rows(organisations),
        *panel_rows(assessments),
        Invitation.objects.filter(organisation__in=organisations),
        Assessment.service_areas.through.objects.filter(assessment__in=assessments),
        Assessment.barriers.through.objects.filter(assessment__in=assessments),
        Answer.objects.filter(assessment__in=assessments),
        SectionState.objects.filter(assessment__in=assessments),
        Action.objects.filter(assessment__in=assessments),
        SubmittedResult.objects.filter(assessment__in=assessments),
        PeerSharing.history.filter(organisation_id__in=organisations.values("pk")),
        PeerSharing.objects.filter(organisation__in=organisations),
    ):
        queryset._raw_delete(queryset.db)
    assessments._raw_delete(assessments.db)
    Membership.objects.filter(organisation__in=organisations)._raw_delete(organisations.db)
    organisations._raw_delete(organisations.db)
    get_user_model().objects.filter(username__startswith=USER_PREFIX).delete()
    return count


def _spread(total: int, buckets: int, rng: random.Random, minimum: int = 1) -> list[int]:
    """``total`` split over ``buckets``, each at least ``minimum``, unevenly."""
    counts = [minimum] * buckets
    rest = total - minimum * buckets
    if rest > 0:
        weights = [rng.lognormvariate(0, 0.6) for _ in range(buckets)]
        for index in rng.choices(range(buckets), weights=weights, k=rest):
            counts[index] += 1
    return counts


def _drawn(rng: random.Random, activity, maturity: float, typical, stages) -> tuple:
    """A fresh answer for ``activity`` at ``maturity``: more mature organisations practise
    more, and more of it routinely, at its typical stages."""
    active, embedded = float(activity.activeness), float(activity.embeddedness)
    practised = rng.random() < min(0.95, 0.25 + maturity - 0.35 * active + 0.2 * embedded)
    if not practised:
        frequency = Frequency.NONE
    elif rng.random() < maturity * (0.6 + 0.5 * embedded):
        frequency = Frequency.ROUTINE
    else:
        frequency = Frequency.OCCASIONAL
    chosen = []
    if frequency != Frequency.NONE:
        usual = typical[activity.pk]
        chosen = [s for s in stages if rng.random() < (0.8 if s in usual else 0.15)]
    return frequency, chosen


def _financial_year(today: datetime.date) -> int:
    return today.year if today.month >= 4 else today.year - 1


def generate(
    *,
    organisations: int,
    assessments: int,
    actions: int,
    busiest: int,
    seed: int,
    password: str,
    stdout=None,
) -> Summary:
    started = time.perf_counter()
    rng = random.Random(seed)
    now = timezone.now()
    this_year = _financial_year(timezone.localdate())

    categories = questionnaire_categories()
    activities = [a for category in categories for a in category.all_activities if a.is_active]
    section_keys = [*FIXED_KEYS, *{a.category.slug for a in activities}]
    if not activities:
        raise CommandError("Load the Grid catalogue first: manage.py loaddata catalogue")
    stages = [stage.slug for stage in CommissioningStage.objects.order_by("order")]
    typical = {a.pk: {s.slug for s in a.typical_stages.all()} for a in activities}
    category_of = {a.pk: a.category for a in activities}
    snapshots = {
        a.pk: (a.name, a.category.slug, a.category.name, a.activeness, a.embeddedness)
        for a in activities
    }
    service_areas = list(ServiceArea.objects.all())
    barriers = list(Barrier.objects.all())

    # Organisations, people and memberships --------------------------------------------
    user_model = get_user_model()
    password_hash = make_password(password)
    orgs, users, member_specs = [], [], []
    regions = list(Organisation.Region)
    for number in range(1, organisations + 1):
        ods = f"{ODS_PREFIX}{number:05d}"
        place = PLACES[(number - 1) % len(PLACES)]
        orgs.append(
            Organisation(
                name=f"NHS {place} Integrated Care Board {number}",
                ods_code=ods,
                kind=Organisation.Kind.ICB if number % 5 else Organisation.Kind.OTHER,
                region=regions[number % len(regions)],
                created_at=now - datetime.timedelta(days=365 * YEARS),
            )
        )
        people = [("lead", Membership.Role.LEAD)]
        extra = 7 if number == 1 else rng.randint(0, 4)
        people += [(f"c{k}", Membership.Role.COMMISSIONER) for k in range(1, extra + 1)]
        for suffix, role in people:
            username = f"{USER_PREFIX}{ods.lower()}-{suffix}"
            users.append(
                user_model(
                    username=username,
                    email=f"{username}@example.nhs.uk",
                    first_name=rng.choice(FIRST_NAMES),
                    last_name=rng.choice(LAST_NAMES),
                    password=password_hash,
                )
            )
            member_specs.append((number - 1, len(users) - 1, role))
    Organisation.objects.bulk_create(orgs, batch_size=BATCH)
    user_model.objects.bulk_create(users, batch_size=BATCH)
    # bulk_create sets primary keys on PostgreSQL and SQLite (RETURNING).
    memberships = [
        Membership(organisation=orgs[o], user=users[u], role=role, created_at=orgs[o].created_at)
        for o, u, role in member_specs
    ]
    Membership.objects.bulk_create(memberships, batch_size=BATCH)
    lead_of = {m.organisation_id: m.user for m in memberships if m.role == Membership.Role.LEAD}
    sharing = [
        PeerSharing(
            organisation=org,
            shared=True,
            updated_by=lead_of[org.pk],
            changed_at=now - datetime.timedelta(days=rng.randint(1, 700)),
        )
        for index, org in enumerate(orgs)
        if index == 0 or rng.random() < SHARING_SHARE
    ]
    PeerSharing.objects.bulk_create(sharing, batch_size=BATCH)

    # Assessments, several years each --------------------------------------------------
    if organisations > 1:
        busiest = min(busiest, assessments - (organisations - 1))
        counts = [busiest, *_spread(assessments - busiest, organisations - 1, rng)]
    else:
        counts = [assessments]
    assessment_rows, maturity_of = [], []
    for org, count in zip(orgs, counts, strict=True):
        lead = lead_of[org.pk]
        maturity = rng.uniform(0.05, 0.55)
        for index in range(count):
            year = this_year - (YEARS - 1) + index * YEARS // count
            same_year = sum(1 for i in range(index) if i * YEARS // count == index * YEARS // count)
            latest = index == count - 1
            draft = latest and (org.pk == orgs[0].pk or rng.random() < 0.35)
            start = datetime.datetime(year, 4, 1, 9, tzinfo=datetime.UTC)
            created = start + datetime.timedelta(days=rng.randint(30, 200) + 40 * same_year)
            submitted = None if draft else created + datetime.timedelta(days=rng.randint(7, 60))
            updated = min(submitted or created + datetime.timedelta(days=rng.randint(0, 30)), now)
            participants = [Participant.COMMISSIONERS.value]
            if rng.random() < 0.3 + maturity:
                participants.append(Participant.EXPERTS.value)
            if rng.random() < 0.5:
                participants.append(Participant.CARERS.value)
            if rng.random() < 0.6:
                participants.append(Participant.VOLUNTARY_SECTOR.value)
            commitment = (
                Commitment.STANDARD
                if maturity > 0.7
                else Commitment.PLANS
                if maturity > 0.3
                else Commitment.NONE
            )
            assessment_rows.append(
                Assessment(
                    organisation=org,
                    title="Mental health co-production self-assessment"
                    + (f" – review {same_year + 1}" if same_year else ""),
                    period=f"{year}/{(year + 1) % 100:02d}",
                    status=Assessment.Status.DRAFT if draft else Assessment.Status.SUBMITTED,
                    participants=participants,
                    experts_by_experience_count=(
                        rng.randint(1, 8) if Participant.EXPERTS in participants else None
                    ),
                    service_areas_other="Perinatal mental health" if rng.random() < 0.15 else "",
                    commitment=commitment,
                    barriers_other="Short-term funding" if rng.random() < 0.1 else "",
                    created_by=lead,
                    created_at=min(created, now),
                    updated_by=lead,
                    updated_at=updated,
                    submitted_by=None if draft else lead,
                    submitted_at=min(submitted, now) if submitted else None,
                )
            )
            maturity_of.append(maturity)
            maturity = min(0.95, maturity + rng.uniform(0.0, 0.09))
    Assessment.objects.bulk_create(assessment_rows, batch_size=BATCH)

    # Answers, section states and the about/services/commitment choices -----------------
    answer_rows, state_rows, area_rows, barrier_rows, result_rows = [], [], [], [], []
    positions = {
        a.slug: scoring.ActivityPosition(
            a.slug, a.category.slug, float(a.activeness), float(a.embeddedness)
        )
        for a in activities
    }
    names = {a.slug: (a.name, a.category.name) for a in activities}
    AreaLink = Assessment.service_areas.through
    BarrierLink = Assessment.barriers.through
    # Each organisation's answers of its last assessment, by activity: a year later most
    # stand, and a few (``DRIFT``) are drawn again at the higher maturity, so practices
    # start, stop or become routine, drifting slowly towards active and embedded.
    last_answer: dict[tuple[int, int], tuple[Frequency, list[str]]] = {}
    for assessment, maturity in zip(assessment_rows, maturity_of, strict=True):
        submitted = assessment.is_submitted
        year = int(assessment.period[:4])
        inputs: list[scoring.AnswerInput] = []
        for activity in activities:
            kept = last_answer.get((assessment.organisation_id, activity.pk))
            if kept is not None and rng.random() > DRIFT:
                # Most practices carry over from the organisation's last assessment.
                frequency, chosen = kept
            else:
                frequency, chosen = _drawn(rng, activity, maturity, typical, stages)
            last_answer[(assessment.organisation_id, activity.pk)] = (frequency, chosen)
            notes = ""
            if frequency != Frequency.NONE and rng.random() < 0.4:
                notes = rng.choice(EVIDENCE).format(year=year, n=rng.randint(2, 9))
            if submitted:
                inputs.append(scoring.AnswerInput(activity.slug, frequency.value, chosen))
            answer_rows.append(
                (
                    assessment.pk,
                    activity.pk,
                    frequency.value,
                    tuple(chosen),
                    notes,
                    *(snapshots[activity.pk] if submitted else NO_SNAPSHOT),
                    assessment.updated_by_id,
                    assessment.updated_at,
                )
            )
        for key in section_keys:
            state_rows.append(
                (
                    assessment.pk,
                    key,
                    SectionState.Status.COMPLETED.value,
                    rng.randint(1, 3),
                    "",  # nothing carried over unchecked: every section was saved
                    assessment.updated_by_id,
                    assessment.updated_at,
                )
            )
        if submitted:
            result_rows.append(
                result_row(
                    assessment,
                    scoring.score_assessment(inputs, positions, stages=stages),
                    names,
                    scored_at=assessment.submitted_at,
                )
            )
        for area in rng.sample(service_areas, k=rng.randint(0, min(4, len(service_areas)))):
            area_rows.append(AreaLink(assessment=assessment, servicearea=area))
        for barrier in rng.sample(barriers, k=rng.randint(0, min(3, len(barriers)))):
            barrier_rows.append(BarrierLink(assessment=assessment, barrier=barrier))
    fast_insert(Answer, ANSWER_FIELDS, answer_rows)
    fast_insert(SectionState, STATE_FIELDS, state_rows)
    SubmittedResult.objects.bulk_create(result_rows, batch_size=BATCH)
    AreaLink.objects.bulk_create(area_rows, batch_size=BATCH)
    BarrierLink.objects.bulk_create(barrier_rows, batch_size=BATCH)

    # Action plans: more actions on recent assessments, older ones mostly done ----------
    action_rows = []
    per_assessment = _spread(actions, len(assessment_rows), rng, minimum=0) if actions else []
    statuses = list(Action.Status)
    for assessment, count in zip(assessment_rows, per_assessment, strict=False):
        year = int(assessment.period[:4])
        old = year < this_year - 1
        for _ in range(count):
            activity = rng.choice(activities)
            link = rng.random()
            created = assessment.created_at + datetime.timedelta(days=rng.randint(0, 60))
            action_rows.append(
                Action(
                    assessment=assessment,
                    description=rng.choice(ACTION_TEXT).format(name=activity.name.lower()),
                    owner=rng.choice(OWNERS),
                    due_date=(
                        datetime.date(year + 1, 3, 31)
                        - datetime.timedelta(days=rng.randint(0, 300))
                        if rng.random() < 0.8
                        else None
                    ),
                    status=Action.Status.DONE
                    if old and rng.random() < 0.8
                    else rng.choice(statuses),
                    activity=activity if link < 0.5 else None,
                    category=category_of[activity.pk] if 0.5 <= link < 0.8 else None,
                    created_by=assessment.created_by,
                    created_at=min(created, now),
                    updated_by=assessment.created_by,
                    updated_at=min(created, now),
                )
            )
    Action.objects.bulk_create(action_rows, batch_size=BATCH)

    # Lived-experience panels, last: the rest stays what the seed made before them ------
    panels = generate_panels(rng, now, password_hash, assessment_rows, answer_rows, activities)
    # With a generator of its own, so that the data above stays what the seed made.
    impact = generate_impact(
        random.Random(f"{seed}-impact"), now, orgs, lead_of, this_year - (YEARS - 1)
    )
    # No random numbers: the rest stays what the seed made.
    costs = generate_costs(orgs[0], lead_of[orgs[0].pk]) if orgs else None
    return Summary(
        organisations=len(orgs),
        users=len(users) + panels.users,
        memberships=len(memberships),
        assessments=len(assessment_rows),
        answers=len(answer_rows),
        sections=len(state_rows),
        actions=len(action_rows),
        sharing=len(sharing),
        panels=panels.panels,
        panel_members=panels.members,
        panel_answers=panels.answers,
        agreed_answers=panels.agreed,
        ledger_entries=impact.entries,
        projects=impact.projects,
        project_phases=impact.phases,
        seconds=time.perf_counter() - started,
        cost_profiles=costs.profiles if costs else 0,
    )
