"""The demo's lived-experience panel: four people invited by the demo lead, who accepted
and rated the submitted assessment through the same services a real panel uses, so a
newcomer sees both lenses, the gap and one agreed answer at once. One of them, ``panel``,
is a sign-in of the demo, to see the service as a panel member does."""

from __future__ import annotations

import secrets
from collections.abc import Callable, Mapping

from django.contrib.auth import get_user_model

from coprod_grid.models import Activity

from ..invitations import services as invitations
from ..models import PANEL_ROLE, Assessment, Frequency, Membership
from . import rating, services
from .models import Panel

PANEL_USERNAME = "panel"
# (username, email, first name, last name): the first is the demo's panel sign-in.
PANEL_PEOPLE = (
    (PANEL_USERNAME, "pat.panel@example.org", "Pat", "Panel"),
    ("panel-2", "robin.expert@example.org", "Robin", "Ahmed"),
    ("panel-3", "sam.carer@example.org", "Sam", "Okafor"),
    ("panel-4", "jo.partner@example.org", "Jo", "Williams"),
)
PANEL_INVITEE = "alex.peer@example.org"  # invited, not yet joined

# How each member's view differs from the commissioners': activity slug → frequency.
# Panels tend to see less routine practice than commissioners report.
PANEL_VIEWS: tuple[Mapping[str, str], ...] = (
    {"advisory-forums": "occasional", "quality-visits-to-services": "occasional"},
    {
        "advisory-forums": "occasional",
        "member-of-decision-making-forums": "occasional",
        "regular-engagement-event": "occasional",
        "feedback-via-provider": "occasional",
    },
    {"advisory-forums": "none", "co-design-with-methodology": "none"},
    {"analysis-of-complaints": "occasional", "advisory-forums": "occasional"},
)
# Comments some members left, by member (as in PANEL_VIEWS) and activity.
PANEL_COMMENTS: tuple[Mapping[str, str], ...] = (
    {"quality-visits-to-services": "I have been on two visits, but not this year."},
    {"advisory-forums": "The reference group has not met since the spring."},
    {"co-design-with-methodology": "I did not know the crisis work used co-design."},
    {},
)
AGREED_ACTIVITY = "advisory-forums"
AGREED_NOTE = (
    "Agreed at the panel meeting: the reference group met twice this year, not monthly. "
    "It is to meet monthly again from April."
)


def demo_panel(
    assessment: Assessment, lead, commissioners: Mapping[str, tuple[str, list[str]]]
) -> str:
    """Create the demo's panel if the assessment has none yet; return the panel
    sign-in's new password (a new one each run, like the other demo sign-ins).
    ``commissioners`` maps activity slug to the commissioners' (frequency, stages)."""
    password = secrets.token_urlsafe(12)
    users = get_user_model().objects
    people = []
    for username, email, first, last in PANEL_PEOPLE:
        person, _ = users.update_or_create(
            username=username, defaults={"email": email, "first_name": first, "last_name": last}
        )
        if username == PANEL_USERNAME:
            person.set_password(password)
        else:
            person.set_unusable_password()
        person.save()
        people.append(person)
    if Panel.objects.filter(assessment=assessment).exists():
        return password
    membership = Membership.objects.get(user=lead, organisation=assessment.organisation)
    panel = services.panel_for_assessment(assessment, user=lead)
    for person, view, comments in zip(people, PANEL_VIEWS, PANEL_COMMENTS, strict=True):
        member = _joined(assessment, lead, person)
        _rate(member, lambda slug, view=view: view.get(slug, commissioners.get(slug)), comments)
    invitations.invitation_issue(
        organisation=assessment.organisation,
        user=lead,
        email=PANEL_INVITEE,
        role=PANEL_ROLE,
        assessment=assessment,
    )
    services.panel_open(panel=panel, by=membership, open=True)
    services.agreed_answer_save(
        panel=panel,
        by=membership,
        activity=Activity.objects.get(slug=AGREED_ACTIVITY),
        frequency=Frequency.OCCASIONAL,
        stages=["strategic-planning"],
        note=AGREED_NOTE,
    )
    return password


def _joined(assessment: Assessment, lead, person):
    invitation, _ = invitations.invitation_issue(
        organisation=assessment.organisation,
        user=lead,
        email=person.email,
        role=PANEL_ROLE,
        assessment=assessment,
    )
    invitations.invitation_accept(invitation=invitation, user=person)
    return person.panel_seats.get(panel__assessment=assessment)


def _rate(member, answer_for: Callable[[str], object], comments: Mapping[str, str]) -> None:
    """Rate every part; ``answer_for(slug)`` is a frequency, or the commissioners'
    (frequency, stages), or None for not done."""
    for category in rating.rating_categories():
        answers = {}
        for activity in rating.active_activities(category):
            given = answer_for(activity.slug)
            if isinstance(given, tuple):
                frequency, stages = given
            else:
                frequency, stages = given or Frequency.NONE, ["monitoring"]
            stages = [] if frequency == Frequency.NONE else list(stages)
            answers[activity.slug] = (frequency, stages, comments.get(activity.slug, ""))
        member = rating.rating_save_section(
            member=member, category=category, answers=answers, version=member.version
        )
    rating.rating_submit(member=member)
