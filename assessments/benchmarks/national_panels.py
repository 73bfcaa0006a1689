"""Lived-experience panels for the national data (``national_data.generate`` calls
``generate_panels`` last, so everything else a seed makes stays as it was).

A third of the submitted assessments have a panel of five members, all of whom have sent
their rating: one answer for each active activity, drawn from the commissioners' answer
with the disagreement panels tend to show (they see less routine practice than the
commissioners report; stages are some of the commissioners', each kept with probability
3/4; one answer in ten has a comment). Most panels have been opened to their members,
and half have one or two answers agreed between the panel and the commissioners, on the
activities where most of the panel disagreed.

Seat ``n`` of every panel of an organisation is its user ``gen-<ods>-p<n>``, so an
organisation has five panel users however many panels it has; they are not members of
the organisation. No invitations are made (the seats are as if accepted long ago).

The busiest organisation, ``X00001``, always has a panel on its latest submitted
assessment (the one the benchmark's "results" page shows): opened, with two agreed
answers and the agreed headline, so every part of the panel's pages has something to
show. It has a sixth seat, ``gen-x00001-p6``, whose rating is in progress (every part
but the last saved, nothing sent) so that the benchmark can request the rating's start,
part and check pages; the comparison is requested as ``gen-x00001-p1``. Keeping the
unsent seat on the same panel, rather than on the draft, means one panel serves every
page, the lead's pages have a member still rating as a real panel would, and the draft
keeps no panel (the draft pages measure what they measured before).
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Sequence
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db.models import QuerySet

from assessments.models import Assessment, Frequency
from assessments.panel.models import AgreedAnswer, Panel, PanelAnswer, PanelMember
from coprod_grid.models import Activity

from .bulk import BATCH, fast_insert
from .words import FIRST_NAMES, LAST_NAMES

PANEL_SHARE = 1 / 3
PANEL_SIZE = 5
OPENED_SHARE = 0.7
AGREED_SHARE = 0.5
COMMENT_SHARE = 0.1
#: The benchmark's member whose rating is still in progress: seat 6 of X00001's panel.
BENCHMARK_SEAT = PANEL_SIZE + 1

NONE = Frequency.NONE.value
OCCASIONAL = Frequency.OCCASIONAL.value
ROUTINE = Frequency.ROUTINE.value
#: What a member answers, given the commissioners' answer: (cumulative probability,
#: answer) in turn, else the commissioners' answer.
DRIFT = {
    ROUTINE: ((0.35, OCCASIONAL), (0.40, NONE)),
    OCCASIONAL: ((0.25, NONE), (0.30, ROUTINE)),
    NONE: ((0.10, OCCASIONAL),),
}
COMMENTS = {
    ROUTINE: [
        "We are asked about this at every stage now.",
        "The panel sees this at most meetings we go to.",
        "This has become normal since the new involvement lead started.",
    ],
    OCCASIONAL: [
        "It happens, but not every time.",
        "Only when the project lead remembers to ask us.",
        "We were involved once this year, for the crisis service review.",
        "Sometimes, usually too late to change much.",
    ],
    NONE: [
        "I have not seen this happen in the last year.",
        "We hear about decisions after they are made.",
        "Nobody on the panel has been asked to take part in this.",
    ],
}
AGREED_NOTES = [
    "Agreed at the panel meeting: the commissioners' examples were one-off projects.",
    "The panel showed this happens only in some services; we agreed the lower answer.",
    "Discussed with the panel in {year}: both views recorded, this is what we agreed.",
    "The commissioners had counted plans, not practice. Agreed with the panel.",
]
PANEL_FIELDS = ["assessment", "opened_at", "headline", "updated_by", "updated_at"]
MEMBER_FIELDS = ["panel", "user", "joined_at", "submitted_at", "version", "updated_at"]
ANSWER_FIELDS = ["member", "activity", "frequency", "stages", "comment", "updated_at"]
AGREED_FIELDS = ["panel", "activity", "frequency", "stages", "note", "updated_by", "updated_at"]
#: One commissioners' answer: (activity id, frequency, stage slugs).
Commissioned = tuple[int, str, tuple[str, ...]]


@dataclass(frozen=True)
class PanelCounts:
    users: int
    panels: int
    members: int
    answers: int
    agreed: int


def _days(rng: random.Random, low: int, high: int) -> datetime.timedelta:
    # Whole days, so that there are a few thousand distinct timestamps to prepare for the
    # database rather than one for every seat.
    return datetime.timedelta(days=rng.randint(low, high))


_SUBSETS: dict[tuple[tuple[str, ...], int], tuple[str, ...]] = {}


def _some_of(stages: tuple[str, ...], bits: int) -> tuple[str, ...]:
    """The stages whose bit is set in ``bits`` (a few dozen distinct answers, kept)."""
    found = _SUBSETS.get((stages, bits))
    if found is None:
        found = _SUBSETS[stages, bits] = tuple(s for i, s in enumerate(stages) if bits >> i & 1)
    return found


def _rating(
    rng: random.Random, member: int, answers: Sequence[Commissioned], when: datetime.datetime
) -> list[tuple]:
    """One member's answers, as rows of ``ANSWER_FIELDS``: each commissioners' answer
    drifted (``DRIFT``), each of its stages kept with probability 3/4 (its bit set in
    either of two random words), and a comment on one in ten."""
    draw, bits, choice = rng.random, rng.getrandbits, rng.choice
    rows = []
    for activity, frequency, stages in answers:
        chance = draw()
        rated = frequency
        for threshold, other in DRIFT[frequency]:
            if chance < threshold:
                rated = other
                break
        kept: tuple[str, ...] = ()
        if rated != NONE and stages:
            kept = _some_of(stages, bits(len(stages)) | bits(len(stages)))
        comment = choice(COMMENTS[rated]) if draw() < COMMENT_SHARE else ""
        rows.append((member, activity, rated, kept, comment, when))
    return rows


def _agreements(
    rng: random.Random,
    answers: Sequence[Commissioned],
    ratings: Sequence[list[tuple]],
    count: int,
    year: int,
) -> list[tuple[int, str, tuple[str, ...], str]]:
    """``count`` agreed answers (activity, frequency, stages, note), on the activities
    where most members disagreed with the commissioners (else any): the panel's most
    common answer, at the commissioners' stages a member also named."""
    candidates = []
    for index, (_activity, frequency, _stages) in enumerate(answers):
        theirs = [rating[index][2] for rating in ratings]
        differing = sum(1 for f in theirs if f != frequency)
        candidates.append((-differing, rng.random(), index, theirs))
    candidates.sort()
    agreed = []
    for _, _, index, theirs in candidates[:count]:
        activity, _frequency, stages = answers[index]
        frequency = max((NONE, OCCASIONAL, ROUTINE), key=theirs.count)
        named = {s for rating in ratings for s in rating[index][3]}
        chosen = () if frequency == NONE else tuple(s for s in stages if s in named)
        note = rng.choice(AGREED_NOTES).format(year=year)
        agreed.append((activity, frequency, chosen, note))
    return agreed


def panel_rows(assessments: QuerySet) -> list[QuerySet]:
    """The generated panels' rows of ``assessments``, in the order they can be deleted."""
    return [
        PanelAnswer.objects.filter(member__panel__assessment__in=assessments),
        AgreedAnswer.objects.filter(panel__assessment__in=assessments),
        PanelMember.objects.filter(panel__assessment__in=assessments),
        Panel.objects.filter(assessment__in=assessments),
    ]


def generate_panels(
    rng: random.Random,
    now: datetime.datetime,
    password_hash: str,
    assessments: Sequence[Assessment],
    answer_rows: Sequence[tuple],
    activities: Sequence[Activity],
    /,
) -> PanelCounts:
    """Panels for a third of the submitted ``assessments`` (saved, with their
    organisations set, the busiest organisation's first, as ``national_data`` makes
    them), and always for the busiest's latest submitted one. ``answer_rows``: the
    commissioners' answers as ``national_data`` writes them (assessment, activity,
    frequency, stages, …), one for each of ``activities`` (the active ones, in catalogue
    order) for each assessment in turn."""
    busiest = assessments[0].organisation
    per = len(activities)

    def answers_of(index: int) -> list[Commissioned]:
        return [row[1:4] for row in answer_rows[index * per : (index + 1) * per]]

    # A rating has a part per category; the benchmark's seat has not done the last yet.
    parts = len({activity.category_id for activity in activities})
    last_part = {a.pk for a in activities if a.category_id == activities[-1].category_id}
    submitted = [i for i, a in enumerate(assessments) if a.is_submitted]
    chosen = [i for i in submitted if rng.random() < PANEL_SHARE]
    of_busiest = [i for i in submitted if assessments[i].organisation_id == busiest.pk]
    benchmarked = None
    if of_busiest:
        # The one the benchmark's "results" page shows: the last submitted.
        benchmarked = max(of_busiest, key=lambda i: (assessments[i].submitted_at, i))
        if benchmarked not in chosen:
            chosen = sorted([*chosen, benchmarked])
    if not chosen:
        return PanelCounts(0, 0, 0, 0, 0)

    # The panel users: seats 1 to 5 of each organisation with a panel ------------------
    user_model = get_user_model()
    seats = {(assessments[i].organisation_id, n) for i in chosen for n in range(1, PANEL_SIZE + 1)}
    if benchmarked is not None:
        seats.add((busiest.pk, BENCHMARK_SEAT))
    ods_of = {assessments[i].organisation_id: assessments[i].organisation.ods_code for i in chosen}
    users = []
    for organisation, n in sorted(seats):
        username = f"gen-{ods_of[organisation].lower()}-p{n}"
        users.append(
            user_model(
                username=username,
                email=f"{username}@example.org.uk",
                first_name=rng.choice(FIRST_NAMES),
                last_name=rng.choice(LAST_NAMES),
                password=password_hash,
            )
        )
    user_model.objects.bulk_create(users, batch_size=BATCH)
    user_of = dict(zip(sorted(seats), (user.pk for user in users), strict=True))

    # Panels and seats ------------------------------------------------------------------
    panel_rows, member_rows, plans, benchmark_started = [], [], [], now
    for index in chosen:
        assessment = assessments[index]
        mine = index == benchmarked
        joined = [min(assessment.created_at + _days(rng, 3, 40), now) for _ in range(PANEL_SIZE)]
        sent = [min(when + _days(rng, 1, 21), now) for when in joined]
        opened = None
        if mine or rng.random() < OPENED_SHARE:
            opened = min(max(sent) + _days(rng, 1, 14), now)
        agreed_count = 2 if mine else (rng.randint(1, 2) if rng.random() < AGREED_SHARE else 0)
        agreed_at = min((opened or max(sent)) + _days(rng, 1, 30), now)
        headline = Panel.Headline.COMMISSIONERS.value
        if agreed_count and (mine or rng.random() < 0.5):
            headline = Panel.Headline.AGREED.value
        panel_rows.append(
            (
                assessment.pk,
                opened,
                headline,
                assessment.created_by_id,
                agreed_at if agreed_count else (opened or max(sent)),
            )
        )
        for n in range(PANEL_SIZE):
            user = user_of[(assessment.organisation_id, n + 1)]
            # Saved part by part, then sent: a version for each.
            member_rows.append((assessment.pk, user, joined[n], sent[n], parts + 1, sent[n]))
        plans.append((index, sent, agreed_count, agreed_at))
        if mine:
            benchmark_started = min(max(sent) + _days(rng, 1, 5), now)
            seat = user_of[(busiest.pk, BENCHMARK_SEAT)]
            member_rows.append(
                (assessment.pk, seat, benchmark_started, None, parts - 1, benchmark_started)
            )
    fast_insert(Panel, PANEL_FIELDS, panel_rows)
    fast_insert(PanelMember, MEMBER_FIELDS, member_rows)
    seat_pk = {}
    panel_pks = [row[0] for row in panel_rows]
    for start in range(0, len(panel_pks), 500):
        rows = PanelMember.objects.filter(panel_id__in=panel_pks[start : start + 500])
        for pk, panel, user in rows.values_list("pk", "panel_id", "user_id"):
            seat_pk[(panel, user)] = pk

    # Ratings and agreed answers ----------------------------------------------------------
    rating_rows, agreed_rows = [], []
    for index, sent, agreed_count, agreed_at in plans:
        assessment = assessments[index]
        commissioners = answers_of(index)
        ratings = []
        for n in range(PANEL_SIZE):
            member = seat_pk[(assessment.pk, user_of[(assessment.organisation_id, n + 1)])]
            rating = _rating(rng, member, commissioners, sent[n])
            ratings.append(rating)
            rating_rows.extend(rating)
        if index == benchmarked:
            member = seat_pk[(assessment.pk, user_of[(busiest.pk, BENCHMARK_SEAT)])]
            so_far = [row for row in commissioners if row[0] not in last_part]
            rating_rows.extend(_rating(rng, member, so_far, benchmark_started))
        year = int(assessment.period[:4])
        for activity, frequency, stages, note in _agreements(
            rng, commissioners, ratings, agreed_count, year
        ):
            lead = assessment.created_by_id
            agreed_rows.append((assessment.pk, activity, frequency, stages, note, lead, agreed_at))
    fast_insert(PanelAnswer, ANSWER_FIELDS, rating_rows)
    fast_insert(AgreedAnswer, AGREED_FIELDS, agreed_rows)
    return PanelCounts(
        users=len(users),
        panels=len(panel_rows),
        members=len(member_rows),
        answers=len(rating_rows),
        agreed=len(agreed_rows),
    )
