"""The lead's panel services: inviting (the email goes through the task queue), refusing
a member of the organisation, the counts the panel page shows, opening the comparison
to the panel, the headline, and the consensus flow (agree, change, remove, each in the
history with who and when), refused until both have rated. Only a lead may change
anything. The helpers here are the views' tests' too."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from assessments.invitations import services as invitations
from assessments.models import PANEL_ROLE, Frequency, Invitation, Membership
from assessments.panel import services
from assessments.panel.comparison import lenses_of
from assessments.panel.models import AgreedAnswer, Panel, PanelAnswer, PanelMember
from coprod_grid import catalogue
from tests.factories import (
    LEAD,
    answer_all,
    make_assessment,
    make_member,
    make_organisation,
    make_user,
)

pytestmark = pytest.mark.django_db

ROUTINE, OCCASIONAL, NONE = Frequency.ROUTINE, Frequency.OCCASIONAL, Frequency.NONE


def membership(user, organisation) -> Membership:
    return Membership.objects.get(user=user, organisation=organisation)


def activities():
    return catalogue.active_activities()


def first_slug() -> str:
    return activities()[0].slug


def answered_assessment(organisation, lead):
    """Every activity answered by the commissioners: routinely, at four stages."""
    return answer_all(make_assessment(organisation, lead), lead)


def rate(assessment, ratings=None, *, default=ROUTINE, user=None, comments=None, submitted=True):
    """A panel member (a user, or a paper rating) who rated every active activity:
    ``ratings`` names some activities' frequency, the rest get ``default``."""
    panel, _ = Panel.objects.get_or_create(assessment=assessment)
    member = PanelMember.objects.create(
        panel=panel, user=user, submitted_at=timezone.now() if submitted else None
    )
    ratings, comments = ratings or {}, comments or {}
    PanelAnswer.objects.bulk_create(
        PanelAnswer(
            member=member,
            activity=activity,
            frequency=(frequency := ratings.get(activity.slug, default)),
            stages=[] if frequency == NONE else ["monitoring"],
            comment=comments.get(activity.slug, ""),
        )
        for activity in activities()
    )
    return member


def panel_invitation(assessment, lead, email):
    """An open panel invitation, not sent (no email)."""
    invitation, _ = invitations.invitation_issue(
        organisation=assessment.organisation,
        user=lead,
        email=email,
        role=PANEL_ROLE,
        assessment=assessment,
    )
    return invitation


@pytest.fixture
def assessment(organisation, lead):
    return answered_assessment(organisation, lead)


@pytest.fixture
def lead_seat(organisation, lead):
    return membership(lead, organisation)


@pytest.fixture
def commissioner_seat(organisation, commissioner):
    return membership(commissioner, organisation)


# --- inviting ---------------------------------------------------------------------------


def test_inviting_makes_the_panel_and_sends_the_email(assessment, lead, lead_seat):
    invitation = services.panel_invite(
        assessment=assessment,
        by=lead_seat,
        email="pat.panel@example.org",
        link_base="http://testserver/",
    )
    assert invitation.role == PANEL_ROLE and invitation.assessment == assessment
    panel = Panel.objects.get(assessment=assessment)
    assert panel.history.get().history_user == lead
    [message] = mail.outbox
    assert message.to == ["pat.panel@example.org"]
    assert assessment.organisation.name in message.subject
    assert "http://testserver/invitations/" in message.body


def test_a_member_of_the_organisation_is_refused_and_no_panel_is_left(
    assessment, commissioner, lead_seat
):
    with pytest.raises(invitations.InvitationRefused, match="member of this organisation"):
        services.panel_invite(
            assessment=assessment,
            by=lead_seat,
            email=commissioner.email.upper(),
            link_base="http://testserver/",
        )
    assert not Panel.objects.exists()
    assert not Invitation.objects.exists()
    assert mail.outbox == []


def test_only_a_lead_invites(assessment, commissioner_seat):
    with pytest.raises(PermissionDenied):
        services.panel_invite(
            assessment=assessment,
            by=commissioner_seat,
            email="pat.panel@example.org",
            link_base="http://testserver/",
        )
    assert not Panel.objects.exists()


# --- the counts -------------------------------------------------------------------------


def test_the_status_counts_invited_joined_and_rated_but_not_who_rated(assessment, lead):
    assert services.panel_status(assessment).panel is None
    services.panel_for_assessment(assessment, user=lead)
    waiting = panel_invitation(assessment, lead, "waiting@example.org")
    withdrawn = panel_invitation(assessment, lead, "gone@example.org")
    invitations.invitation_withdraw(
        invitation=withdrawn, by=membership(lead, withdrawn.organisation)
    )
    for number, submitted in enumerate((True, False)):
        person = make_user(f"joiner{number}", email=f"joiner{number}@example.org")
        accepted = panel_invitation(assessment, lead, person.email)
        invitations.invitation_accept(invitation=accepted, user=person)
        PanelMember.objects.filter(user=person).update(
            submitted_at=timezone.now() if submitted else None
        )
    rate(assessment)  # a paper rating: a seat, rated, never invited

    status = services.panel_status(assessment)
    assert (status.invited, status.joined_count, status.rated) == (3, 3, 2)
    assert [row.email for row in status.open_invitations] == [waiting.email]
    assert [row.email for row in status.joined] == ["joiner0@example.org", "joiner1@example.org"]
    assert not status.shown
    # Nothing in what the page is given says which of them rated.
    assert not hasattr(status.joined[0], "submitted_at")


# --- opening the comparison and the headline ---------------------------------------------


def test_the_lead_opens_and_closes_the_comparison(assessment, lead, lead_seat):
    panel = services.panel_for_assessment(assessment, user=lead)
    opened = services.panel_open(panel=panel, by=lead_seat, open=True)
    first = opened.opened_at
    assert first is not None
    assert services.panel_open(panel=panel, by=lead_seat, open=True).opened_at == first
    assert services.panel_open(panel=panel, by=lead_seat, open=False).opened_at is None
    reasons = list(
        panel.history.order_by("history_date", "history_id").values_list(
            "history_change_reason", "history_user"
        )
    )
    assert reasons[1:] == [
        ("Comparison opened to the panel", lead.pk),
        ("Comparison closed to the panel", lead.pk),
    ]


def test_the_lead_chooses_the_headline(assessment, lead, lead_seat):
    panel = services.panel_for_assessment(assessment, user=lead)
    services.panel_headline_set(panel=panel, by=lead_seat, headline=Panel.Headline.AGREED)
    panel.refresh_from_db()
    assert panel.headline == Panel.Headline.AGREED
    assert panel.updated_by == lead
    latest = panel.history.latest("history_date")
    assert latest.history_change_reason == "Headline: The agreed view"
    with pytest.raises(ValidationError):
        services.panel_headline_set(panel=panel, by=lead_seat, headline="the-loudest")
    panel.refresh_from_db()
    assert panel.headline == Panel.Headline.AGREED


def test_a_commissioner_changes_nothing(assessment, lead, commissioner_seat):
    rate(assessment)
    panel = Panel.objects.get()
    activity = activities()[0]
    for change in (
        lambda: services.panel_open(panel=panel, by=commissioner_seat, open=True),
        lambda: services.panel_headline_set(panel=panel, by=commissioner_seat, headline="agreed"),
        lambda: services.agreed_answer_save(
            panel=panel,
            by=commissioner_seat,
            activity=activity,
            frequency=ROUTINE,
            stages=[],
            note="",
        ),
        lambda: services.agreed_answer_remove(panel=panel, by=commissioner_seat, activity=activity),
    ):
        with pytest.raises(PermissionDenied):
            change()
    panel.refresh_from_db()
    assert panel.opened_at is None and panel.headline == "commissioners"
    assert not AgreedAnswer.objects.exists()


# --- agreeing ----------------------------------------------------------------------------


def test_agree_change_and_remove_each_recorded_with_who_and_when(assessment, lead, lead_seat):
    rate(assessment, {first_slug(): OCCASIONAL})
    panel = Panel.objects.get()
    activity = activities()[0]
    before = timezone.now()
    agreed = services.agreed_answer_save(
        panel=panel,
        by=lead_seat,
        activity=activity,
        frequency=OCCASIONAL,
        stages=["monitoring", "strategic-planning"],
        note="  The panel had not seen it happen routinely.  ",
    )
    assert agreed.stages == ["strategic-planning", "monitoring"]  # the cycle's order
    assert agreed.note == "The panel had not seen it happen routinely."
    assert agreed.updated_by == lead
    changed = services.agreed_answer_save(
        panel=panel, by=lead_seat, activity=activity, frequency=NONE, stages=[], note="Not yet."
    )
    assert changed.pk == agreed.pk and AgreedAnswer.objects.count() == 1
    assert services.agreed_answer_remove(panel=panel, by=lead_seat, activity=activity)
    assert not AgreedAnswer.objects.exists()
    assert not services.agreed_answer_remove(panel=panel, by=lead_seat, activity=activity)

    history = list(AgreedAnswer.history.order_by("history_date", "history_id"))
    assert [(row.history_type, row.history_change_reason) for row in history] == [
        ("+", "Agreed answer recorded"),
        ("~", "Agreed answer changed"),
        ("-", "Agreed answer removed"),
    ]
    assert {row.history_user for row in history} == {lead}
    assert all(before <= row.history_date <= timezone.now() for row in history)
    assert [row.frequency for row in history] == [OCCASIONAL, NONE, NONE]


def test_nothing_is_agreed_before_both_have_rated(organisation, lead, lead_seat):
    unanswered = make_assessment(organisation, lead)
    activity = activities()[0]
    rate(unanswered, submitted=False)
    panel = Panel.objects.get()

    def agree():
        return services.agreed_answer_save(
            panel=panel, by=lead_seat, activity=activity, frequency=ROUTINE, stages=[], note="x"
        )

    with pytest.raises(services.PanelRefused, match="after both have rated"):
        agree()  # nobody has submitted, and the commissioners have not answered
    rate(unanswered)
    with pytest.raises(services.PanelRefused):
        agree()  # a member has submitted; the commissioners still have not answered
    answer_all(unanswered, lead)
    assert agree().frequency == ROUTINE


def test_an_agreement_needs_a_submitted_rating_not_a_started_one(assessment, lead_seat):
    rate(assessment, submitted=False)
    with pytest.raises(services.PanelRefused):
        services.agreed_answer_save(
            panel=Panel.objects.get(),
            by=lead_seat,
            activity=activities()[0],
            frequency=ROUTINE,
            stages=[],
            note="",
        )


@pytest.mark.parametrize(
    ("frequency", "stages"),
    [(NONE, ["monitoring"]), (ROUTINE, ["not-a-stage"]), ("always", [])],
    ids=["stages-for-none", "unknown-stage", "unknown-frequency"],
)
def test_an_impossible_agreement_is_refused(assessment, lead_seat, frequency, stages):
    rate(assessment)
    with pytest.raises(ValidationError):
        services.agreed_answer_save(
            panel=Panel.objects.get(),
            by=lead_seat,
            activity=activities()[0],
            frequency=frequency,
            stages=stages,
            note="",
        )
    assert not AgreedAnswer.objects.exists()


# --- what the differences and agreement pages are given ----------------------------------


def test_no_differences_per_activity_below_the_threshold(assessment):
    first = first_slug()
    for _ in range(2):
        rate(assessment, {first: NONE}, comments={first: "Never seen it"})
    found = lenses_of(assessment)
    assert services.difference_rows(found) == []
    agreement = services.agreement_context(Panel.objects.get(), activities()[0])
    assert agreement.counts == [] and agreement.rated == 2


def test_differences_largest_first_with_counts_and_unsigned_comments(assessment):
    first, second = activities()[0].slug, activities()[1].slug
    rate(assessment, {first: NONE, second: NONE}, comments={first: "Zebra crossing"})
    rate(assessment, {first: OCCASIONAL}, comments={first: "apples"})
    rate(assessment, {first: OCCASIONAL})
    rows = services.difference_rows(lenses_of(assessment))
    assert [row.slug for row in rows] == [first, second]
    top = rows[0]
    assert top.name == activities()[0].name and top.commissioners == "Routinely"
    assert top.counts_text == "Not at the moment 1 · Occasionally 2 · Routinely 0"
    assert top.discuss and not rows[1].discuss
    assert top.comments == ["apples", "Zebra crossing"]  # sorted, not in members' order
    agreement = services.agreement_context(Panel.objects.get(), activities()[0])
    assert agreement.counts_text == top.counts_text
    assert agreement.commissioners_text == "Routinely" and agreement.both_rated


def test_an_agreed_answer_where_the_views_no_longer_differ_is_still_listed(assessment, lead_seat):
    for _ in range(3):
        rate(assessment)
    activity = activities()[0]
    services.agreed_answer_save(
        panel=Panel.objects.get(),
        by=lead_seat,
        activity=activity,
        frequency=OCCASIONAL,
        stages=[],
        note="Agreed at the March meeting",
    )
    found = lenses_of(assessment)
    rows = services.difference_rows(found)
    assert rows == []
    [elsewhere] = services.agreed_elsewhere(found, rows)
    assert (elsewhere.slug, elsewhere.agreed_text) == (activity.slug, "Occasionally")


def test_another_organisations_lead_changes_nothing_here(assessment):
    other = make_organisation()
    outsider = membership(make_member(other, LEAD), other)
    rate(assessment)
    panel = Panel.objects.get()
    with pytest.raises(PermissionDenied):
        services.panel_open(panel=panel, by=outsider, open=True)
    with pytest.raises(PermissionDenied):
        services.agreed_answer_save(
            panel=panel,
            by=outsider,
            activity=activities()[0],
            frequency=ROUTINE,
            stages=[],
            note="",
        )
    with pytest.raises(PermissionDenied):
        services.panel_invite(
            assessment=assessment, by=outsider, email="x@example.org", link_base="http://t/"
        )
    assert Panel.objects.get().opened_at is None and not Invitation.objects.exists()
