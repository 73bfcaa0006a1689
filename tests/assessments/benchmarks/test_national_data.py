"""The national data generator, run small: the counts asked for, realistic shapes, and
data the app can use (a generated lead signs in and sees their results)."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.urls import reverse

from assessments.models import Action, Answer, Assessment, Membership, Organisation, SectionState
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
