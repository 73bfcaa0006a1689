"""A small world of two organisations and six people, for tests that try every role
on every URL (the authorisation matrix, the fuzzing): nobody signed in; a lead of the
other organisation (the "outsider"); a commissioner and a lead of the home
organisation; a staff superuser who is a member of nothing; and a member of the
lived-experience panel of the home organisation's submitted assessment, who is a member
of no organisation (the "panellist", the narrowest role of all)."""

import datetime
from dataclasses import dataclass

from django.db import transaction

from assessments.codesign import services as codesign
from assessments.invitations import services as invitations
from assessments.ledger.models import LedgerEntry
from assessments.models import PANEL_ROLE, Action, Answer, Invitation, Membership
from assessments.panel.models import PanelMember
from tests.conftest import VerifiedClient as Client
from tests.factories import (
    COMMISSIONER,
    LEAD,
    answer_all,
    make_assessment,
    make_member,
    make_organisation,
    make_user,
    panel_member,
    submitted_assessment,
)

ANONYMOUS, OUTSIDER, COMMISSIONER_ROLE, LEAD_ROLE, STAFF, PANELLIST = ROLES = (
    "anonymous",
    "outsider",
    "commissioner",
    "lead",
    "staff",
    "panellist",
)
MEMBERS = (COMMISSIONER_ROLE, LEAD_ROLE)
SIGNED_IN = (OUTSIDER, COMMISSIONER_ROLE, LEAD_ROLE, STAFF, PANELLIST)
METHODS = ("GET", "HEAD", "POST", "PUT")


@dataclass
class World:
    home: object
    other: object
    lead: object
    commissioner: object
    colleague_membership: Membership
    newcomer: object
    outsider: object
    staff: object
    draft: object
    submitted: object
    action: Action
    their_draft: object
    their_action: Action
    their_membership: Membership
    history_id: int
    their_history_id: int
    invitation: Invitation
    invitation_link: str  # the token in its link
    their_invitation: Invitation
    panellist: object
    seat: PanelMember  # the panellist's own: every activity rated, not yet sent
    others_seat: PanelMember  # another panel member's, on the same panel, sent
    panel_invitation: Invitation
    project: object  # the home organisation's co-design project, phase 1 recorded
    their_project: object
    entry: LedgerEntry  # the home lead's own, so a commissioner may not change it
    their_entry: LedgerEntry

    @property
    def rated_activity(self) -> str:
        """An activity both the commissioners and the panel have rated."""
        return self.seat.answers.select_related("activity").first().activity.slug

    def user(self, role: str):
        return {
            ANONYMOUS: None,
            OUTSIDER: self.outsider,
            COMMISSIONER_ROLE: self.commissioner,
            LEAD_ROLE: self.lead,
            STAFF: self.staff,
            PANELLIST: self.panellist,
        }[role]


def build_world() -> World:
    home = make_organisation(name="NHS Home Integrated Care Board")
    lead = make_member(home, LEAD)
    commissioner = make_member(home, COMMISSIONER)
    colleague = make_member(home, COMMISSIONER)
    draft = make_assessment(home, lead, title="Home draft")
    answer_all(draft, lead)  # complete, so the lead may submit it
    submitted = submitted_assessment(home, lead)
    action = Action.objects.create(assessment=draft, description="Home action")

    other = make_organisation(name="NHS Elsewhere Integrated Care Board")
    outsider = make_member(other, LEAD)
    their_member = make_member(other, COMMISSIONER)
    their_draft = make_assessment(other, outsider, title="Their draft")
    answer_all(their_draft, outsider)
    their_action = Action.objects.create(assessment=their_draft, description="Their action")
    invitation, link = invitations.invitation_issue(
        organisation=home, user=lead, email="invitee@example.nhs.uk", role=COMMISSIONER
    )
    their_invitation, _ = invitations.invitation_issue(
        organisation=other, user=outsider, email="theirs@example.nhs.uk", role=COMMISSIONER
    )

    panellist = make_user()
    seat = panel_member(submitted, user=panellist, submitted=False)
    others_seat = panel_member(submitted, user=make_user())
    for _ in range(2):  # with the other seat, three ratings: the panel's view is shown
        panel_member(submitted)
    panel_invitation, _ = invitations.invitation_issue(
        organisation=home,
        user=lead,
        email="panel.invitee@example.org",
        role=PANEL_ROLE,
        assessment=submitted,
    )

    home_membership = Membership.objects.get(user=commissioner, organisation=home)
    project = codesign.project_create(
        membership=home_membership,
        data=codesign.ProjectData(title="Home project", changes="A café opened"),
    )
    codesign.phase_record(
        membership=home_membership,
        project=project,
        phase_slug="set-up",
        started_on=datetime.date(2026, 4, 6),
        ended_on=None,
    )
    their_project = codesign.project_create(
        membership=Membership.objects.get(user=outsider, organisation=other),
        data=codesign.ProjectData(title="Their project"),
    )

    entry = LedgerEntry.objects.create(
        organisation=home,
        said="Home entry",
        heard_on=datetime.date(2026, 6, 1),
        created_by=lead,
        updated_by=lead,
    )
    their_entry = LedgerEntry.objects.create(
        organisation=other,
        said="Their entry",
        heard_on=datetime.date(2026, 6, 1),
        created_by=outsider,
    )

    return World(
        home=home,
        other=other,
        lead=lead,
        commissioner=commissioner,
        colleague_membership=Membership.objects.get(user=colleague, organisation=home),
        newcomer=make_user(),
        outsider=outsider,
        staff=make_user(is_staff=True, is_superuser=True),
        draft=draft,
        submitted=submitted,
        action=action,
        their_draft=their_draft,
        their_action=their_action,
        their_membership=Membership.objects.get(user=their_member, organisation=other),
        history_id=Answer.history.filter(assessment_id=draft.pk).first().history_id,
        their_history_id=Answer.history.filter(assessment_id=their_draft.pk).first().history_id,
        invitation=invitation,
        invitation_link=link,
        their_invitation=their_invitation,
        panellist=panellist,
        seat=seat,
        others_seat=others_seat,
        panel_invitation=panel_invitation,
        project=project,
        their_project=their_project,
        entry=entry,
        their_entry=their_entry,
    )


def request(method: str, url: str, user, data: dict | None = None, query: dict | None = None):
    """One request by ``user`` (None: signed out), its effects rolled back afterwards."""
    client = Client()
    savepoint = transaction.savepoint()
    try:
        if user is not None:
            client.force_login(user)
        if method == "GET":
            return client.get(url, query)
        if method == "HEAD":
            return client.head(url, query)
        if method == "POST":
            return client.post(url, data or {})
        return client.generic(method, url)
    finally:
        transaction.savepoint_rollback(savepoint)
