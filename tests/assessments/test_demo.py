"""``python manage.py setup_demo``: a demo organisation with a lead, a commissioner, an
admin, this year's submitted assessment rated by a lived-experience panel (one of whose
members is a demo sign-in), with one agreed answer, last year's before it, and next
year's draft started from this year's answers, and evidence of impact (ledger entries
and a finished co-design project); running it again duplicates nothing."""

import io
import re

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse

from assessments.codesign.demo import DEMO_PROJECT_TITLE
from assessments.codesign.models import CoDesignProject, ProjectPhase
from assessments.codesign.phases import PHASE_SLUGS
from assessments.demo import (
    DEMO_ANSWERS,
    DEMO_DRAFT_PERIOD,
    DEMO_EARLIER_PERIOD,
    DEMO_INVITEE,
    DEMO_ODS_CODE,
    DEMO_PERIOD,
)
from assessments.ledger.models import LedgerEntry, Status
from assessments.ledger.summary import impact_summary
from assessments.models import Answer, Assessment, Membership, Organisation, SectionState
from assessments.panel.comparison import lenses_of
from assessments.panel.demo import PANEL_INVITEE, PANEL_USERNAME
from assessments.panel.models import AgreedAnswer, PanelAnswer, PanelMember
from assessments.principles.evidence import principles_for
from assessments.progress.progress import assessment_progress
from assessments.results.results import assessment_result

pytestmark = pytest.mark.django_db


def run() -> str:
    out = io.StringIO()
    call_command("setup_demo", stdout=out)
    return out.getvalue()


def counts() -> tuple[int, ...]:
    return (
        Organisation.objects.count(),
        get_user_model().objects.count(),
        Membership.objects.count(),
        Assessment.objects.count(),
        Answer.objects.count(),
        SectionState.objects.count(),
        PanelMember.objects.count(),
        PanelAnswer.objects.count(),
        AgreedAnswer.objects.count(),
        LedgerEntry.objects.count(),
        LedgerEntry.history.count(),
        CoDesignProject.objects.count(),
        ProjectPhase.objects.count(),
    )


def password_works(username: str, password: str) -> bool:
    # check_password, not authenticate(): django-axes wants a request to authenticate.
    return get_user_model().objects.get(username=username).check_password(password)


def test_it_sets_up_two_years_submitted_a_draft_and_four_sign_ins():
    output = run()
    organisation = Organisation.objects.get(ods_code=DEMO_ODS_CODE)
    submitted = organisation.assessments.filter(status=Assessment.Status.SUBMITTED)
    assert sorted(submitted.values_list("period", flat=True)) == [DEMO_EARLIER_PERIOD, DEMO_PERIOD]
    assessment = submitted.get(period=DEMO_PERIOD)
    # This year's shows its trend from last year's, and what changed.
    progress = assessment_progress(assessment_result(assessment))
    assert [step.period for step in progress.marker.steps] == [DEMO_EARLIER_PERIOD]
    assert progress.change.started and progress.change.stopped and progress.change.made_routine
    # Next year's draft was started from this year's by the commissioner: two sections
    # checked and saved with two improvements, the others still to check.
    [draft] = organisation.assessments.filter(status=Assessment.Status.DRAFT)
    assert draft.created_by.username == "commissioner"
    assert draft.period == DEMO_DRAFT_PERIOD
    assert draft.started_from == assessment
    assert draft.answers.filter(activity__slug="service-user-carer-charter").get().frequency == (
        "routine"
    )
    carried = draft.sections.exclude(carried_from="")
    assert carried.exists() and set(carried.values_list("carried_from", flat=True)) == {DEMO_PERIOD}
    assert draft.sections.filter(carried_from="").exclude(key="about").count() == 2
    assert assessment.submitted_by.username == "lead"
    roles = dict(organisation.memberships.values_list("user__username", "role"))
    assert roles == {"lead": Membership.Role.LEAD, "commissioner": Membership.Role.COMMISSIONER}
    assert get_user_model().objects.get(username="admin").is_staff
    # One invitation waits on the members page, and one on the panel's.
    waiting = organisation.invitations.filter(accepted_at=None, withdrawn_at=None)
    [invitation] = waiting.filter(assessment=None)
    assert invitation.email == DEMO_INVITEE
    [panel_invitation] = waiting.filter(assessment=assessment)
    assert panel_invitation.email == PANEL_INVITEE
    # Every answer carries its snapshot, and the practices are the demo's.
    answers = assessment.answers.all()
    assert not answers.filter(snapshot_activeness=None).exists()
    practised = set(answers.exclude(frequency="none").values_list("activity__slug", flat=True))
    assert practised == {slug for slug, *_ in DEMO_ANSWERS}
    assert assessment_result(assessment).score.has_position
    # Both lenses show: at least 3 of the panel have rated, and one answer is agreed.
    lenses = lenses_of(assessment)
    assert lenses.panel.shown and lenses.panel.raters >= 3
    assert lenses.gap is not None and lenses.disagreements
    assert lenses.agreed is not None and len(lenses.agreed_answers) == 1
    assert lenses.panel_row.is_open
    # The panel member who is a sign-in is a member of no organisation.
    panel_user = get_user_model().objects.get(username=PANEL_USERNAME)
    assert not panel_user.memberships.exists()
    assert panel_user.panel_seats.get().has_submitted
    # The printed passwords work.
    for username in ("admin", "lead", "commissioner", PANEL_USERNAME):
        password = re.search(rf"user name: {username}\s+password: (\S+)", output)[1]
        assert password_works(username, password)


def test_running_it_twice_duplicates_nothing():
    first_output = run()
    before = counts()
    second_output = run()
    assert counts() == before
    # New passwords each run; the old ones stop working.
    old = re.search(r"user name: lead\s+password: (\S+)", first_output)[1]
    new = re.search(r"user name: lead\s+password: (\S+)", second_output)[1]
    assert old != new
    assert password_works("lead", new)
    assert not password_works("lead", old)


def test_it_keeps_work_done_in_the_demo(client):
    run()
    organisation = Organisation.objects.get(ods_code=DEMO_ODS_CODE)
    lead = get_user_model().objects.get(username="lead")
    Assessment.objects.create(
        organisation=organisation, title="Our own", period="2026/27", created_by=lead
    )
    run()
    assert set(organisation.assessments.values_list("title", flat=True)) == {
        "Mental health co-production self-assessment",
        "Our own",
    }


def test_the_demo_commissioner_sees_the_results(client):
    run()
    user = get_user_model().objects.get(username="commissioner")
    client.force_login(user)
    page = client.get(reverse("assessments:dashboard")).content.decode()
    assert "NHS Demo Integrated Care Board" in page
    assert "Submitted" in page
    assert "Continue your draft" in page
    assessment = Assessment.objects.get(
        organisation__ods_code=DEMO_ODS_CODE, status=Assessment.Status.SUBMITTED, period=DEMO_PERIOD
    )
    response = client.get(reverse("assessments:results", args=[assessment.pk]))
    assert response.status_code == 200
    assert "Your position rests on" in response.content.decode()


# --- two-factor sign-in for the demo lead ------------------------------------------------


def printed_key(output: str) -> str:
    return re.search(r"authenticator app key: ([A-Z2-7 ]+)\n", output)[1].strip()


def printed_codes(output: str) -> list[str]:
    return re.findall(r"^    ([a-z2-9]{5}-[a-z2-9]{5})$", output, flags=re.MULTILINE)


def test_the_demo_lead_can_sign_in_with_the_printed_key():
    from base64 import b32decode

    from django.test import Client
    from django_otp.oath import totp

    output = run()
    key = b32decode(printed_key(output).replace(" ", ""))
    assert "otpauth://totp/NHS%20Co-production%20Grid%3Alead?secret=" in output
    assert len(printed_codes(output)) == 10
    password = re.search(r"user name: lead\s+password: (\S+)", output)[1]

    client = Client()  # a real sign-in: password, then the code
    client.post(reverse("login"), {"username": "lead", "password": password})
    assert client.get(reverse("assessments:dashboard"))["Location"].startswith("/sign-in/code/")
    response = client.post(reverse("two-factor-verify"), {"code": f"{totp(key):06d}"})
    assert response.status_code == 302
    assert client.get(reverse("assessments:dashboard")).status_code == 200


def test_a_second_run_keeps_the_key_and_makes_new_recovery_codes():
    from django_otp.plugins.otp_static.models import StaticToken
    from django_otp.plugins.otp_totp.models import TOTPDevice

    first = run()
    second = run()
    assert printed_key(first) == printed_key(second)
    assert TOTPDevice.objects.filter(user__username="lead").count() == 1
    old, new = set(printed_codes(first)), set(printed_codes(second))
    assert not old & new
    stored = StaticToken.objects.filter(device__user__username="lead")
    assert {t.replace("-", "") for t in new} == set(stored.values_list("token", flat=True))
    # Nobody else gets an app made for them: the admin sets one up when signing in.
    assert not TOTPDevice.objects.exclude(user__username="lead").exists()


# --- evidence of impact -------------------------------------------------------------------


def test_the_demo_has_a_ledger_over_three_years_mostly_in_the_submitted_one():
    run()
    organisation = Organisation.objects.get(ods_code=DEMO_ODS_CODE)
    summaries = {
        period: impact_summary(organisation.pk, period)
        for period in (DEMO_EARLIER_PERIOD, DEMO_PERIOD, DEMO_DRAFT_PERIOD)
    }
    assert [summaries[p].entries for p in sorted(summaries)] == [2, 6, 2]
    submitted_year = summaries[DEMO_PERIOD]
    assert submitted_year.fed_back == 3 and submitted_year.decisions_changed == 2
    assert submitted_year.not_acted_on == 1 and submitted_year.open == 1
    assert {row.slug for row in submitted_year.by_stage if row.entries} >= {
        "monitoring",
        "pathway-design",
        "specifying-outcomes",
        "contracting",
    }
    entries = LedgerEntry.objects.filter(organisation=organisation)
    assert not entries.filter(activity=None).exists()
    assert not entries.filter(service_area=None).exists()
    [not_acted] = entries.filter(status=Status.NOT_ACTED_ON)
    assert "renewed in 2027" in not_acted.reason
    assert not entries.filter(status=Status.FED_BACK, fed_back_on=None).exists()
    # Recorded by the commissioner; what was done, by the lead.
    assert set(entries.values_list("created_by__username", flat=True)) == {"commissioner", "lead"}
    assert set(
        entries.exclude(status=Status.OPEN).values_list("updated_by__username", flat=True)
    ) == {"lead"}


def test_the_demo_has_a_finished_crisis_cafe_project_whose_changes_are_in_the_ledger():
    run()
    organisation = Organisation.objects.get(ods_code=DEMO_ODS_CODE)
    project = CoDesignProject.objects.get(organisation=organisation, title=DEMO_PROJECT_TITLE)
    phases = list(project.phases.order_by("started_on", "pk"))
    assert [phase.phase for phase in phases] == list(PHASE_SLUGS)
    assert all(phase.ended_on and phase.ended_on >= phase.started_on for phase in phases)
    assert project.is_finished and project.finished_at.date() == phases[-1].ended_on
    assert project.service_area.slug == "crisis" and project.participant_count == 27
    assert len(project.changes.splitlines()) == 3
    from_project = project.ledger_entries.all()
    assert from_project.count() == 2
    for entry in from_project:
        assert entry.status == Status.FED_BACK and entry.fed_back_on == phases[-1].ended_on
        assert entry.heard_on == phases[3].started_on  # heard at the joint event
        assert entry.did in project.changes
        assert entry.activity.slug == "co-design-with-methodology"


def test_it_keeps_work_done_in_the_ledger_and_the_project():
    run()
    organisation = Organisation.objects.get(ods_code=DEMO_ODS_CODE)
    entries = LedgerEntry.objects.filter(organisation=organisation, project=None)
    edited = entries.first()
    edited.said = "Our own words"
    edited.save()
    entries.last().delete()
    project = CoDesignProject.objects.get(organisation=organisation)
    project.title = "Crisis café, as we call it"
    project.save()
    before = (entries.count(), LedgerEntry.all_objects.count(), CoDesignProject.objects.count())
    run()
    after = (entries.count(), LedgerEntry.all_objects.count(), CoDesignProject.objects.count())
    assert after == before
    assert entries.filter(said="Our own words").exists()


def test_the_demo_commissioner_sees_the_ledger_and_the_project(client):
    run()
    organisation = Organisation.objects.get(ods_code=DEMO_ODS_CODE)
    client.force_login(get_user_model().objects.get(username="commissioner"))
    ledger = reverse("assessments:ledger", args=[organisation.pk])
    page = client.get(ledger, {"period": DEMO_PERIOD}).content.decode()
    assert "Evening and weekend sessions would help people who work." in page
    assert "Crisis care user group, July meeting" in page
    assert "Young people moving" not in page  # heard in 2026/27
    project = CoDesignProject.objects.get(organisation=organisation)
    page = client.get(reverse("assessments:project", args=[organisation.pk, project.pk]))
    assert page.status_code == 200
    assert "Crisis café" in page.content.decode()


def test_the_demo_principles_and_annual_report_draft_have_its_evidence(client):
    run()
    organisation = Organisation.objects.get(ods_code=DEMO_ODS_CODE)
    assessment = organisation.assessments.get(
        status=Assessment.Status.SUBMITTED, period=DEMO_PERIOD
    )
    evidence = principles_for(assessment)
    assert any(item.entries for item in evidence)
    assert any(item.activities for item in evidence)
    client.force_login(get_user_model().objects.get(username="commissioner"))
    for name in ("assessments:principles", "assessments:annual-report"):
        assert client.get(reverse(name, args=[assessment.pk])).status_code == 200
    page = client.get(reverse("assessments:annual-report", args=[assessment.pk])).content.decode()
    assert "Crisis café" in page
    assert "Evening and weekend sessions would help people who work." in page
