"""The national data's evidence of impact, run small: ledgers of the size asked for, with
what became of each entry as the ledger's rules allow, and co-design projects through the
phases of experience-based co-design in order."""

from collections import Counter

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from assessments.benchmarks.national_data import delete_generated
from assessments.benchmarks.national_impact import MOST_ENTRIES, MOST_PROJECTS
from assessments.codesign.models import CoDesignProject, ProjectPhase
from assessments.codesign.phases import PHASE_SLUGS
from assessments.ledger.models import LedgerEntry, Outcome, Status
from assessments.models import Organisation

pytestmark = pytest.mark.django_db


def generate(organisations: int = 30, **options) -> None:
    call_command(
        "generate_national_data",
        organisations=organisations,
        assessments=organisations * 3,
        actions=0,
        busiest=5,
        password="a tiny test password",
        **options,
    )


def test_most_organisations_keep_a_ledger_of_up_to_forty_entries():
    generate(organisations=40)
    per_organisation = Counter(
        LedgerEntry.objects.filter(project=None).values_list("organisation__ods_code", flat=True)
    )
    assert per_organisation["X00001"] == MOST_ENTRIES
    assert max(per_organisation.values()) <= MOST_ENTRIES
    assert 25 <= len(per_organisation) < 40  # a few keep none yet
    # Heard over the years of the organisation's assessments, never in the future.
    today = timezone.localdate()
    first = min(Organisation.objects.get(ods_code="X00001").assessments.values_list("period"))
    entries = LedgerEntry.objects.all()
    assert not entries.filter(heard_on__gt=today).exists()
    assert not entries.filter(heard_on__lt=f"{first[0][:4]}-04-01").exists()


def test_entries_keep_the_ledgers_rules_with_a_realistic_mix():
    generate()
    entries = LedgerEntry.objects.all()
    statuses = Counter(entries.values_list("status", flat=True))
    assert set(statuses) == set(Status.values)
    assert statuses[Status.FED_BACK] > statuses[Status.OPEN]  # most old entries fed back
    assert not entries.filter(status=Status.OPEN).exclude(outcome="").exists()
    acted = entries.filter(status=Status.ACTED_ON)
    assert not acted.exclude(
        outcome__in=[Outcome.DECISION_CHANGED, Outcome.SERVICE_CHANGED]
    ).exists()
    assert not acted.filter(did="").exists()
    not_acted = entries.filter(status=Status.NOT_ACTED_ON)
    assert not not_acted.exclude(outcome=Outcome.NOT_CHANGED).exists()
    assert not not_acted.filter(reason="").exists()
    for entry in entries.filter(status=Status.FED_BACK):
        assert entry.outcome and entry.heard_on < entry.fed_back_on <= timezone.localdate()
        assert entry.did or entry.reason
    assert not entries.exclude(status=Status.FED_BACK).exclude(fed_back_on=None).exists()
    # Entries point at the catalogue: most at the activity they came from.
    assert entries.exclude(activity=None).count() > entries.count() / 2
    assert entries.exclude(stage=None).exists() and entries.exclude(service_area=None).exists()
    assert not LedgerEntry.history.exists()  # the generated past has no history
    connection.check_constraints()


def test_a_third_of_organisations_run_projects_through_the_phases_in_order():
    generate(organisations=60)
    per_organisation = Counter(
        CoDesignProject.objects.values_list("organisation__ods_code", flat=True)
    )
    assert per_organisation["X00001"] == MOST_PROJECTS
    assert 0.15 < len(per_organisation) / 60 < 0.55
    assert set(per_organisation.values()) <= set(range(1, MOST_PROJECTS + 1))
    today = timezone.localdate()
    for project in CoDesignProject.objects.prefetch_related("phases"):
        phases = sorted(project.phases.all(), key=lambda phase: PHASE_SLUGS.index(phase.phase))
        # The first phases, none skipped, each starting no earlier than the one before.
        assert [phase.phase for phase in phases] == list(PHASE_SLUGS[: len(phases)])
        starts = [phase.started_on for phase in phases]
        assert starts == sorted(starts) and starts[-1] <= today
        # A phase still going on began recently (staff and patient experiences overlap).
        going_on = [phase for phase in phases if phase.ended_on is None]
        assert all((today - phase.started_on).days <= 120 for phase in going_on)
        assert all(phase.ended_on >= phase.started_on for phase in phases if phase.ended_on)
        assert project.participant_count > 0
        if project.is_finished:
            assert phases[-1].phase == "celebration-review" and phases[-1].ended_on
            assert project.changes
    busiest = CoDesignProject.objects.filter(organisation__ods_code="X00001")
    assert ProjectPhase.objects.filter(project__in=busiest, phase="celebration-review").exists()
    assert CoDesignProject.objects.filter(finished_at__isnull=False).exists()
    assert CoDesignProject.objects.filter(finished_at__isnull=True).exists()


def test_a_finished_projects_changes_are_in_its_organisations_ledger():
    generate(organisations=60)
    finished = CoDesignProject.objects.filter(finished_at__isnull=False)
    from_projects = LedgerEntry.objects.exclude(project=None).select_related("project")
    assert from_projects.exists()
    assert set(from_projects.values_list("project", flat=True)) == set(
        finished.values_list("pk", flat=True)
    )
    for entry in from_projects:
        assert entry.organisation_id == entry.project.organisation_id
        assert entry.status == Status.FED_BACK and entry.did == entry.project.changes
        assert entry.fed_back_on == entry.project.finished_at.date()
        assert entry.activity.slug.startswith("co-design-")


def test_the_same_seed_makes_the_same_ledgers():
    def ledgers():
        return sorted(
            LedgerEntry.objects.values_list("organisation__ods_code", "heard_on", "status", "said")
        ), sorted(CoDesignProject.objects.values_list("organisation__ods_code", "title"))

    generate()
    first = ledgers()
    generate(replace=True)
    assert ledgers() == first


def test_deleting_generated_data_removes_ledgers_and_projects():
    generate()
    organisation = Organisation.objects.get(ods_code="X00001")
    # An entry someone edited since, with its history.
    entry = LedgerEntry.objects.filter(organisation=organisation).first()
    entry.said = "Edited since"
    entry.save()
    assert LedgerEntry.history.exists()
    delete_generated()
    for model in (LedgerEntry, CoDesignProject, ProjectPhase):
        assert not getattr(model, "all_objects", model.objects).exists()
    assert not LedgerEntry.history.exists()
    connection.check_constraints()
