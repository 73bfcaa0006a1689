"""Many people saving the same assessment at the same moment, with real threads and real
database connections: nothing is lost, nothing is mixed, nothing deadlocks.

PostgreSQL only: SQLite serialises writers on a file lock, so it cannot show what row
locks and the optimistic version check do under contention.
"""

import threading
from collections import Counter

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection

from assessments.actions import services as action_services
from assessments.models import Action, Answer, Assessment, Frequency, SectionState
from assessments.questionnaire import services
from coprod_grid.models import Activity
from tests.factories import LEAD, category_sections, make_assessment, make_member, make_organisation

pytestmark = [
    pytest.mark.skipif(
        "postgresql" not in settings.DATABASES["default"]["ENGINE"],
        reason="Concurrency needs PostgreSQL's row locks: SQLite serialises all writers "
        "on one file lock. Run with DATABASE_URL=postgres://…",
    ),
    pytest.mark.django_db(transaction=True),
]

THREADS = 12
SAVES_PER_THREAD = 8
JOIN_TIMEOUT = 120  # seconds for every thread to finish: longer means a deadlock
STAGES = ("strategic-planning", "pathway-design")


@pytest.fixture(scope="module", autouse=True)
def _catalogue_back_afterwards(django_db_blocker):
    """A transactional test ends by emptying the database; put the catalogue back for the
    tests that run after this module."""
    yield
    with django_db_blocker.unblock():
        if not Activity.objects.exists():
            call_command("loaddata", "catalogue", verbosity=0)


@pytest.fixture
def catalogue(transactional_db):
    if not Activity.objects.exists():
        call_command("loaddata", "catalogue", verbosity=0)


def run_threads(target, count: int) -> list[BaseException]:
    """Start ``count`` threads on ``target(number, barrier)``, each with its own database
    connection; return every exception that escaped a thread."""
    errors: list[BaseException] = []
    barrier = threading.Barrier(count, timeout=30)

    def run(number: int) -> None:
        try:
            with connection.cursor() as cursor:
                # A lock wait this long is a deadlock or a lost wake-up, not contention.
                cursor.execute("SET lock_timeout = '30s'")
            target(number, barrier)
        except BaseException as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(n,), daemon=True) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(JOIN_TIMEOUT)
    assert not any(thread.is_alive() for thread in threads), "a thread is stuck: deadlock?"
    return errors


def current_version(assessment_id: int, key: str) -> int:
    version = (
        SectionState.objects.filter(assessment_id=assessment_id, key=key)
        .values_list("version", flat=True)
        .first()
    )
    return version or 0


def payload(activities, thread: int, save: int) -> dict[str, services.AnswerData]:
    """A distinct answer for every activity in every save, so each save changes them all."""
    frequencies = [Frequency.NONE, Frequency.OCCASIONAL, Frequency.ROUTINE]
    answers = {}
    for index, activity in enumerate(activities):
        frequency = frequencies[(thread + save + index) % 3]
        answers[activity.slug] = services.AnswerData(
            frequency,
            STAGES if frequency != Frequency.NONE else (),
            f"Thread {thread}, save {save}, activity {index}",
        )
    return answers


def stored(assessment_id: int, activities) -> dict[str, tuple]:
    return {
        answer.activity.slug: (answer.frequency, tuple(answer.stages), answer.notes)
        for answer in Answer.objects.filter(
            assessment_id=assessment_id, activity__in=[a.pk for a in activities]
        ).select_related("activity")
    }


def as_stored(answers: dict[str, services.AnswerData]) -> dict[str, tuple]:
    return {slug: (a.frequency, tuple(a.stages), a.notes) for slug, a in answers.items()}


@pytest.fixture
def draft(catalogue):
    organisation = make_organisation()
    lead = make_member(organisation, LEAD)
    return make_assessment(organisation, lead), lead


def test_simultaneous_saves_to_one_section_lose_nothing(draft):
    assessment, lead = draft
    section = max(category_sections(), key=lambda section: len(section.activities))
    activities = list(section.activities)
    landed: list[tuple[int, int, int]] = []  # (version, thread, save)
    conflicts = Counter()

    def save_repeatedly(number: int, barrier: threading.Barrier) -> None:
        mine = Assessment.objects.get(pk=assessment.pk)
        barrier.wait()
        for save in range(SAVES_PER_THREAD):
            while True:
                version = current_version(mine.pk, section.key)
                try:
                    state = services.section_save_answers(
                        assessment=mine,
                        user=lead,
                        key=section.key,
                        expected_version=version,
                        activities=activities,
                        answers=payload(activities, number, save),
                    )
                except services.SectionConflict:
                    conflicts[number] += 1
                    continue
                landed.append((state.version, number, save))
                break

    errors = run_threads(save_repeatedly, THREADS)

    assert errors == []
    saves = THREADS * SAVES_PER_THREAD
    assert len(landed) == saves
    # Every save that succeeded was counted once: versions 1..n, no gaps, no repeats.
    assert sorted(version for version, _, _ in landed) == list(range(1, saves + 1))
    assert current_version(assessment.pk, section.key) == saves
    # The answers are exactly the last save's, never a mix of two people's.
    _, thread, save = max(landed)
    assert stored(assessment.pk, activities) == as_stored(payload(activities, thread, save))
    # Every change is in the history: each save changed every answer in the section.
    history = Answer.history.filter(assessment_id=assessment.pk)
    assert history.count() == saves * len(activities)
    assert history.filter(history_user=lead).count() == saves * len(activities)
    print(
        f"\n{saves} concurrent saves by {THREADS} threads to one section landed, "
        f"after {sum(conflicts.values())} conflicts retried; "
        f"{history.count()} answer history rows"
    )


def test_simultaneous_saves_to_different_sections_all_succeed(draft):
    assessment, lead = draft
    sections = category_sections()
    conflicts: list[str] = []

    def save_own_section(number: int, barrier: threading.Barrier) -> None:
        section = sections[number]
        activities = list(section.activities)
        barrier.wait()
        for save in range(SAVES_PER_THREAD):
            try:
                services.section_save_answers(
                    assessment=assessment,
                    user=lead,
                    key=section.key,
                    expected_version=save,
                    activities=activities,
                    answers=payload(activities, number, save),
                )
            except services.SectionConflict:
                conflicts.append(section.key)

    errors = run_threads(save_own_section, len(sections))

    assert errors == [] and conflicts == []
    for number, section in enumerate(sections):
        assert current_version(assessment.pk, section.key) == SAVES_PER_THREAD
        expected = payload(section.activities, number, SAVES_PER_THREAD - 1)
        assert stored(assessment.pk, section.activities) == as_stored(expected)
    print(f"\n{len(sections) * SAVES_PER_THREAD} concurrent saves to {len(sections)} sections")


def test_simultaneous_edits_of_one_action_let_exactly_one_win(draft):
    assessment, lead = draft
    action = action_services.action_create(
        assessment=assessment, user=lead, data=action_services.ActionData(description="Start")
    )
    winners: list[int] = []
    losers: list[int] = []

    def edit(number: int, barrier: threading.Barrier) -> None:
        mine = Action.objects.get(pk=action.pk)
        barrier.wait()
        try:
            action_services.action_update(
                action=mine,
                user=lead,
                expected_version=0,
                data=action_services.ActionData(description=f"Edit by {number}"),
            )
        except action_services.ActionConflict:
            losers.append(number)
        else:
            winners.append(number)

    errors = run_threads(edit, THREADS)

    assert errors == []
    assert len(winners) == 1 and len(losers) == THREADS - 1
    action.refresh_from_db()
    assert action.version == 1 and action.description == f"Edit by {winners[0]}"
    assert action.history.count() == 2  # created, then the one edit that won
