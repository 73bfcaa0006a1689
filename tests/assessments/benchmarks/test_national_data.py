"""The national data generator, run small: the counts asked for, realistic shapes, and
data the app can use (a generated lead signs in and sees their results)."""

import datetime
import io
import json
from collections import Counter

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from assessments.benchmarks.national_data import delete_generated
from assessments.benchmarks.national_panels import BENCHMARK_SEAT, PANEL_SIZE
from assessments.models import (
    PANEL_ROLE,
    Action,
    Answer,
    Assessment,
    Invitation,
    Membership,
    Organisation,
    SectionState,
)
from assessments.panel.comparison import lenses_of
from assessments.panel.models import AgreedAnswer, Panel, PanelAnswer, PanelMember
from assessments.panel.rating import rating_categories
from coprod_grid.models import Activity

pytestmark = pytest.mark.django_db


def generate(**options):
    call_command(
        "generate_national_data",
        organisations=options.pop("organisations", 4),
        assessments=options.pop("assessments", 12),
        actions=options.pop("actions", 30),
        busiest=options.pop("busiest", 5),
        password="a tiny test password",
        **options,
    )


def test_it_generates_what_was_asked():
    generate()
    activities = Activity.objects.active().count()
    assert Organisation.objects.filter(ods_code__startswith="X").count() == 4
    assert Assessment.objects.count() == 12
    assert Answer.objects.count() == 12 * activities
    assert Action.objects.count() == 30
    assert Organisation.objects.get(ods_code="X00001").assessments.count() == 5
    for organisation in Organisation.objects.all():
        assert organisation.memberships.filter(role=Membership.Role.LEAD).count() == 1
        assert organisation.assessments.exists()


def test_submitted_answers_carry_their_snapshot_and_drafts_do_not():
    generate()
    submitted = Answer.objects.filter(assessment__status=Assessment.Status.SUBMITTED)
    drafts = Answer.objects.filter(assessment__status=Assessment.Status.DRAFT)
    assert submitted.exists() and drafts.exists()
    assert not submitted.filter(snapshot_activeness__isnull=True).exists()
    assert not drafts.filter(snapshot_activeness__isnull=False).exists()
    # Only an organisation's latest assessment may be a draft; the busiest has one.
    busiest = Organisation.objects.get(ods_code="X00001")
    assert busiest.assessments.filter(status=Assessment.Status.DRAFT).count() == 1
    assert not Answer.objects.filter(frequency="none").exclude(stages=[]).exists()


def test_every_section_is_completed():
    generate()
    assessments = Assessment.objects.count()
    per_assessment = SectionState.objects.count() / assessments
    assert per_assessment == SectionState.objects.filter(status="completed").count() / assessments
    assert per_assessment > 3


def test_a_generated_lead_signs_in_and_sees_results(client):
    generate()
    user = get_user_model().objects.get(username="gen-x00001-lead")
    assert user.check_password("a tiny test password")
    submitted = Assessment.objects.filter(
        organisation__ods_code="X00001", status=Assessment.Status.SUBMITTED
    ).first()
    client.force_login(user)
    assert client.get(reverse("assessments:results", args=[submitted.pk])).status_code == 200
    assert client.get(reverse("assessments:dashboard")).status_code == 200


def test_it_refuses_to_generate_twice_without_replace():
    generate()
    with pytest.raises(CommandError, match="--replace"):
        generate()


def test_replace_starts_again():
    generate()
    generate(organisations=2, assessments=3, actions=0, busiest=2, replace=True)
    assert Organisation.objects.count() == 2
    assert Assessment.objects.count() == 3
    assert Action.objects.count() == 0


def test_it_handles_bad_numbers():
    with pytest.raises(CommandError):
        generate(organisations=5, assessments=2)


# Lived-experience panels ------------------------------------------------------------------

PANEL_PAGES = [
    "results",
    "peers",
    "panel",
    "panel differences",
    "agreed answer",
    "rating start",
    "rating section",
    "rating check",
    "rating comparison",
]


def generate_panels():
    """Enough submitted assessments for "a third" to mean something."""
    generate(organisations=12, assessments=120, actions=0, busiest=10)


def busiest_submitted() -> Assessment:
    """The assessment the benchmark's "results" page shows."""
    return (
        Assessment.objects.filter(organisation__ods_code="X00001", status="submitted")
        .order_by("-submitted_at", "-pk")
        .first()
    )


def test_a_third_of_submitted_assessments_have_a_panel_of_five_who_have_rated():
    generate_panels()
    submitted = Assessment.objects.filter(status=Assessment.Status.SUBMITTED)
    panels = Panel.objects.all()
    assert 0.2 < panels.count() / submitted.count() < 0.47
    assert not panels.exclude(assessment__status=Assessment.Status.SUBMITTED).exists()
    activities = set(Activity.objects.active().values_list("pk", flat=True))
    benchmarked = busiest_submitted()
    for panel in panels.select_related("assessment"):
        sent = panel.members.filter(submitted_at__isnull=False)
        assert sent.count() == PANEL_SIZE
        for member in sent:
            assert set(member.answers.values_list("activity", flat=True)) == activities
            assert member.user.username.startswith(
                f"gen-{panel.assessment.organisation.ods_code.lower()}-p"
            )
        unsent = panel.members.filter(submitted_at__isnull=True)
        assert unsent.count() == (1 if panel.assessment == benchmarked else 0)
        found = lenses_of(panel.assessment)
        assert found.panel.shown
        assert found.panel.raters == PANEL_SIZE


def test_panel_users_are_reused_across_an_organisations_panels():
    generate_panels()
    users = get_user_model().objects.filter(username__regex=r"^gen-x\d+-p\d+$")
    organisations = Panel.objects.values("assessment__organisation").distinct().count()
    assert users.count() == PANEL_SIZE * organisations + 1  # and the benchmark's seat
    assert not Membership.objects.filter(user__in=users).exists()
    for user in users:
        assert user.check_password("a tiny test password")
        seats = PanelMember.objects.filter(user=user)
        assert seats.values("panel__assessment__organisation").distinct().count() == 1
    busiest_panels = Panel.objects.filter(assessment__organisation__ods_code="X00001").count()
    assert PanelMember.objects.filter(user__username="gen-x00001-p1").count() == busiest_panels


def test_ratings_disagree_the_way_panels_do():
    generate_panels()
    commissioners = {
        (a.assessment_id, a.activity_id): a
        for a in Answer.objects.filter(assessment__panel__isnull=False)
    }
    ratings = PanelAnswer.objects.filter(member__submitted_at__isnull=False).select_related(
        "member"
    )
    moves = Counter()
    for rating in ratings:
        theirs = commissioners[(rating.member.panel_id, rating.activity_id)]
        moves[(theirs.frequency, rating.frequency)] += 1
        assert set(rating.stages) <= set(theirs.stages)
        if rating.frequency == "none":
            assert rating.stages == []
    routine = sum(n for (theirs, _), n in moves.items() if theirs == "routine")
    kept = moves[("routine", "routine")]
    assert 0.45 < kept / routine < 0.75  # routine seen as less about a third of the time
    assert moves[("none", "occasional")] > 0 and moves[("occasional", "none")] > 0
    with_comment = ratings.exclude(comment="").count() / ratings.count()
    assert 0.04 < with_comment < 0.2


def test_some_panels_have_agreed_answers():
    generate_panels()
    agreed = Counter(AgreedAnswer.objects.values_list("panel", flat=True))
    panels = Panel.objects.count()
    assert 0.2 < len(agreed) / panels < 0.8
    assert set(agreed.values()) <= {1, 2}
    assert not Panel.objects.filter(headline="agreed", agreed__isnull=True).exists()
    for answer in AgreedAnswer.objects.select_related("panel__assessment"):
        assert answer.note and answer.updated_by_id == answer.panel.assessment.created_by_id
        found = lenses_of(answer.panel.assessment)
        assert found.agreed is not None and answer.activity.slug in found.agreed_answers


def test_the_busiest_organisation_has_what_the_benchmark_needs():
    generate_panels()
    panel = Panel.objects.get(assessment=busiest_submitted())
    assert panel.is_open and panel.headline == "agreed"
    assert panel.agreed.count() == 2
    seat = panel.members.get(submitted_at__isnull=True)
    assert seat.user.username == f"gen-x00001-p{BENCHMARK_SEAT}"
    # Every part but the last rated and saved, nothing sent.
    parts = rating_categories()
    rated = set(seat.answers.values_list("activity__category__slug", flat=True))
    assert rated == {part.slug for part in parts[:-1]}
    assert seat.version == len(parts) - 1
    assert panel.members.filter(submitted_at__isnull=False).count() == PANEL_SIZE


def test_the_benchmark_measures_the_panel_pages(tmp_path):
    generate_panels()
    output = tmp_path / "benchmark.json"
    call_command(
        "benchmark",
        only=",".join(PANEL_PAGES),
        runs=2,
        warm_up=1,
        json=str(output),
        stdout=io.StringIO(),
        stderr=io.StringIO(),
    )
    measured = {page["name"]: page for page in json.loads(output.read_text())["pages"]}
    assert set(measured) == {"healthz", *PANEL_PAGES}
    assert all(page["queries"] > 0 for page in measured.values())


def test_deleting_generated_data_removes_the_panels_and_their_users():
    generate_panels()
    assert PanelAnswer.objects.exists() and AgreedAnswer.objects.exists()
    # A panel invitation someone made since, which the seat it became refers to.
    assessment = busiest_submitted()
    invitation = Invitation.objects.create(
        organisation=assessment.organisation,
        assessment=assessment,
        email="someone@example.org.uk",
        role=PANEL_ROLE,
        token_hash="x" * 64,
        expires_at=timezone.now() + datetime.timedelta(days=7),
    )
    assessment.panel.members.filter(submitted_at__isnull=True).update(invitation=invitation)
    delete_generated()
    for model in (Panel, PanelMember, PanelAnswer, AgreedAnswer, Invitation):
        assert not model.objects.exists()
    assert not get_user_model().objects.filter(username__startswith="gen-").exists()
    connection.check_constraints()  # nothing left pointing at a deleted row


def test_the_same_seed_makes_the_same_panels():
    def panels():
        return sorted(
            Panel.objects.values_list(
                "assessment__organisation__ods_code", "assessment__period", "assessment__title"
            )
        ), Counter(PanelAnswer.objects.values_list("frequency", flat=True))

    generate_panels()
    first = panels()
    generate(organisations=12, assessments=120, actions=0, busiest=10, replace=True)
    assert panels() == first


# Peers and yearly cycles -------------------------------------------------------------------


def test_most_organisations_share_and_the_busiest_always_does():
    from assessments.peers.models import PeerSharing

    generate(organisations=40, assessments=120, actions=0, busiest=6)
    shared = PeerSharing.objects.filter(shared=True)
    assert shared.filter(organisation__ods_code="X00001").exists()
    assert 0.4 < shared.count() / 40 < 0.8
    assert not PeerSharing.history.exists()  # the generated past has no history


def test_organisations_have_yearly_cycles_that_drift_slowly():
    generate(organisations=10, assessments=50, actions=0, busiest=5)
    periods = set(Assessment.objects.values_list("period", flat=True))
    assert len(periods) == 5
    busiest = Organisation.objects.get(ods_code="X00001")
    first, second = (
        busiest.assessments.filter(period=period).order_by("pk").first()
        for period in sorted(periods)[:2]
    )
    before = dict(first.answers.values_list("activity", "frequency"))
    after = dict(second.answers.values_list("activity", "frequency"))
    changed = sum(1 for activity, frequency in after.items() if before[activity] != frequency)
    assert 0 < changed < len(after) / 2


def test_deleting_generated_data_removes_the_sharing():
    from assessments.peers.models import PeerSharing

    generate()
    delete_generated()
    assert not PeerSharing.objects.exists()


def test_each_page_is_judged_against_a_multiple_of_the_floor(tmp_path):
    generate_panels()
    output = tmp_path / "benchmark.json"
    call_command(
        "benchmark",
        only="rating start,panel",
        runs=2,
        warm_up=1,
        json=str(output),
        stdout=io.StringIO(),
        stderr=io.StringIO(),
    )
    pages = {page["name"]: page for page in json.loads(output.read_text())["pages"]}
    for name in ("rating start", "panel"):
        # The floor measured beside the page: /healthz after each of its requests.
        floor = pages[name]["floor_ms"]
        assert 0 < floor < pages[name]["median_ms"]
        assert pages[name]["target"] == "20× floor"
        assert pages[name]["limit_ms"] == pytest.approx(20 * floor)
        assert pages[name]["ratio"] == pytest.approx(pages[name]["median_ms"] / floor)


def test_fail_on_miss_fails_when_a_page_misses(monkeypatch):
    from assessments.benchmarks import pages

    generate_panels()
    # Nothing answers in a hundredth of the floor: every page misses.
    monkeypatch.setattr(pages, "HTML_TARGET", pages.Target(times_floor=0.01))
    monkeypatch.setattr("assessments.management.commands.benchmark.HTML_TARGET", pages.HTML_TARGET)
    with pytest.raises(CommandError, match="missed its target"):
        call_command(
            "benchmark",
            only="dashboard",
            runs=2,
            warm_up=1,
            fail_on_miss=True,
            stdout=io.StringIO(),
            stderr=io.StringIO(),
        )
