"""Invitations, named ``<entity>_<action>``: a lead (or staff, for an organisation's
first lead) invites a person by email; the person accepts through the link, setting a
password if they have no account, or signing in if they have one. A membership is made
only when the invited person accepts. Every step is saved in the invitation's history
with who did it and when."""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone

from coprod_grid.accounts.limits import HourlyLimit
from coprod_grid.mail.messages import send_message

from ..access import require_lead
from ..models import PANEL_ROLE, Assessment, Invitation, Membership, Organisation
from ..panel.models import Panel, PanelMember
from .tokens import LIFETIME, token_matches, token_new, token_read

#: Invitations (and resends) one person may send in an hour: enough to invite a team,
#: too few to use the service to send mail to strangers.
HOURLY_LIMIT = 20
SENDING = HourlyLimit("invitations-sent", HOURLY_LIMIT)

ALREADY_MEMBER = "That person is already a member of this organisation"
MEMBER_NOT_PANEL = (
    "That person is a member of this organisation. The panel is for people with lived "
    "experience from outside the commissioning team"
)
ALREADY_ON_PANEL = "That person is already on this assessment's panel"
WAITING = "That address already has an invitation waiting. Resend it from the list of invitations"
TOO_MANY = (
    f"You have sent {HOURLY_LIMIT} invitations in the last hour. Wait an hour, then try again"
)
NOT_OPEN = "That invitation has already been accepted or withdrawn"

#: How the emails and pages name the role a person is invited to.
ROLE_PHRASES = {
    Membership.Role.LEAD: "an involvement lead",
    Membership.Role.COMMISSIONER: "a commissioner",
    PANEL_ROLE: "a member of its lived-experience panel",
}


def role_phrase(invitation: Invitation) -> str:
    return ROLE_PHRASES.get(invitation.role, invitation.get_role_display().lower())


# What opening a link leads to.
NEW, CONFIRM, SIGN_IN, OTHER_ACCOUNT = "new", "confirm", "sign-in", "other-account"


class InvitationRefused(Exception):
    """The invitation cannot be sent; the message says what to do."""


class InvitationClosed(Exception):
    """The link no longer works: ``reason`` is unknown, used, withdrawn or expired."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Account:
    first_name: str
    last_name: str
    password: str


def invitations_open(
    *, organisation: Organisation, assessment: Assessment | None = None, panels: bool = False
) -> QuerySet[Invitation]:
    """The organisation's open invitations to join it; with ``assessment``, those to
    that assessment's panel; with ``panels``, both kinds."""
    invitations = Invitation.objects.filter(
        organisation=organisation, accepted_at=None, withdrawn_at=None
    ).select_related("invited_by")
    return invitations if panels else invitations.filter(assessment=assessment)


def invitation_account(*, invitation: Invitation) -> AbstractBaseUser | None:
    """The active account with the invitation's address, if there is one."""
    users = get_user_model().objects.filter(email__iexact=invitation.email, is_active=True)
    return users.order_by("pk").first()


def _sender(user: AbstractBaseUser) -> str:
    """Whose allowance a sending counts against (``date_joined`` too: an id can be used
    again after a restore, or in tests)."""
    joined = user.date_joined.timestamp() if getattr(user, "date_joined", None) else 0
    return f"{user.pk}:{joined}"


def _check_limit(user: AbstractBaseUser) -> None:
    if SENDING.reached(_sender(user)):
        raise InvitationRefused(TOO_MANY)


def _count_sent(user: AbstractBaseUser) -> None:
    SENDING.take(_sender(user))


def _send(*, invitation: Invitation, link_token: str, link_base: str) -> None:
    inviter = invitation.invited_by
    path = reverse("assessments:invitation-accept", kwargs={"token": link_token})
    organisation = invitation.organisation.name
    if invitation.role == PANEL_ROLE:
        subject = f"Will you tell {organisation} how well it involves people like you?"
    else:
        subject = f"Join {organisation} on the Co-production Grid self-assessment"
    send_message(
        to=invitation.email,
        subject=subject,
        template="panel_invitation" if invitation.role == PANEL_ROLE else "invitation",
        context={
            "inviter": (inviter.get_full_name() or inviter.username) if inviter else "Staff",
            "inviter_email": inviter.email if inviter else "",
            "organisation": organisation,
            "assessment": str(invitation.assessment) if invitation.assessment_id else "",
            "role": role_phrase(invitation),
            "link": link_base.rstrip("/") + path,
            "days": LIFETIME.days,
            "has_account": invitation_account(invitation=invitation) is not None,
        },
    )
    _count_sent(invitation.invited_by)


def _refuse_who_cannot_join(
    *, organisation: Organisation, email: str, assessment: Assessment | None
) -> None:
    if Membership.objects.filter(organisation=organisation, user__email__iexact=email).exists():
        raise InvitationRefused(ALREADY_MEMBER if assessment is None else MEMBER_NOT_PANEL)
    if assessment is not None:
        seats = PanelMember.objects.filter(panel__assessment=assessment)
        if seats.filter(user__email__iexact=email).exists():
            raise InvitationRefused(ALREADY_ON_PANEL)


def invitation_issue(
    *,
    organisation: Organisation,
    user: AbstractBaseUser,
    email: str,
    role: str,
    assessment: Assessment | None = None,
) -> tuple[Invitation, str]:
    """A new open invitation and its link token, not sent (``invitation_create`` sends;
    the demo issues one and drops the token). An expired invitation to the same address
    is withdrawn first. A panel invitation (``assessment`` given) seats its person on
    that assessment's panel, not in the organisation."""
    email = email.strip()
    _refuse_who_cannot_join(organisation=organisation, email=email, assessment=assessment)
    now = timezone.now()
    link_token, digest = token_new()
    invitation = Invitation(
        organisation=organisation,
        assessment=assessment,
        email=email,
        role=role,
        token_hash=digest,
        invited_by=user,
        created_at=now,
        expires_at=now + LIFETIME,
    )
    invitation.clean_fields()
    try:
        with transaction.atomic():
            stale = invitations_open(organisation=organisation, assessment=assessment).filter(
                email__iexact=email, expires_at__lte=now
            )
            # Only the invitations' rows: PostgreSQL cannot lock the outer join to a
            # nullable inviter.
            for old in stale.select_for_update(of=("self",)):
                _close(old, user=user, reason="Withdrawn (expired, invited again)", withdrawn=True)
            invitation._history_user = user
            invitation._change_reason = "Invited"
            invitation.save()
    except IntegrityError:
        raise InvitationRefused(WAITING) from None
    return invitation, link_token


def _invite(
    *, organisation, user, email: str, role: str, link_base: str, assessment=None
) -> Invitation:
    _check_limit(user)
    invitation, link_token = invitation_issue(
        organisation=organisation, user=user, email=email, role=role, assessment=assessment
    )
    _send(invitation=invitation, link_token=link_token, link_base=link_base)
    return invitation


def invitation_create(
    *, organisation: Organisation, by: Membership, email: str, role: str, link_base: str
) -> Invitation:
    """A lead invites ``email`` with ``role``; the email says the same whether or not the
    address has an account, and so does the page."""
    require_lead(membership=by)
    return _invite(
        organisation=organisation, user=by.user, email=email, role=role, link_base=link_base
    )


def invitation_create_for_panel(
    *, assessment: Assessment, by: Membership, email: str, link_base: str
) -> Invitation:
    """A lead invites ``email`` to rate ``assessment`` on its lived-experience panel."""
    require_lead(membership=by)
    return _invite(
        organisation=assessment.organisation,
        user=by.user,
        email=email,
        role=PANEL_ROLE,
        link_base=link_base,
        assessment=assessment,
    )


def invitation_create_by_staff(
    *, organisation: Organisation, user: AbstractBaseUser, email: str, link_base: str
) -> Invitation:
    """Staff (Django admin) invite an involvement lead, such as an organisation's first."""
    if not getattr(user, "is_staff", False):
        raise PermissionDenied("Only staff can invite a lead from admin")
    return _invite(
        organisation=organisation,
        user=user,
        email=email,
        role=Membership.Role.LEAD,
        link_base=link_base,
    )


def _open_for_update(invitation: Invitation) -> Invitation:
    locked = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if locked.accepted_at or locked.withdrawn_at:
        raise InvitationRefused(NOT_OPEN)
    return locked


def _close(invitation: Invitation, *, user, reason: str, withdrawn: bool) -> None:
    now = timezone.now()
    if withdrawn:
        invitation.withdrawn_at, invitation.withdrawn_by = now, user
    else:
        invitation.accepted_at, invitation.accepted_by = now, user
    invitation._history_user = user
    invitation._change_reason = reason
    invitation.save()


def invitation_resend(*, invitation: Invitation, by: Membership, link_base: str) -> Invitation:
    """A new link, valid for another ``LIFETIME``; the old link stops working."""
    require_lead(membership=by)
    _check_limit(by.user)
    with transaction.atomic():
        invitation = _open_for_update(invitation)
        link_token, invitation.token_hash = token_new()
        invitation.expires_at = timezone.now() + LIFETIME
        invitation.invited_by = by.user
        invitation._history_user = by.user
        invitation._change_reason = "Resent"
        invitation.save()
    _send(invitation=invitation, link_token=link_token, link_base=link_base)
    return invitation


def invitation_withdraw(*, invitation: Invitation, by: Membership) -> Invitation:
    require_lead(membership=by)
    with transaction.atomic():
        invitation = _open_for_update(invitation)
        _close(invitation, user=by.user, reason="Withdrawn", withdrawn=True)
    return invitation


def invitation_from_link(*, link_token: str) -> Invitation:
    """The open invitation a link names, or ``InvitationClosed`` saying why not."""
    digest = token_read(link_token)
    invitation = None
    if digest is not None:
        invitation = (
            Invitation.objects.select_related("organisation", "invited_by", "assessment")
            .filter(token_hash=digest)
            .first()
        )
    if invitation is None or not token_matches(invitation.token_hash, digest):
        raise InvitationClosed("unknown")
    if invitation.accepted_at:
        raise InvitationClosed("used")
    assessment = invitation.assessment
    if invitation.withdrawn_at or invitation.organisation.deleted_at or _gone(assessment):
        raise InvitationClosed("withdrawn")
    if invitation.expires_at <= timezone.now():
        raise InvitationClosed("expired")
    return invitation


def _gone(assessment: Assessment | None) -> bool:
    return assessment is not None and assessment.deleted_at is not None


def invitation_step(*, invitation: Invitation, user: AbstractBaseUser) -> str:
    """What the person who opened the link does next."""
    if user.is_authenticated:
        same = (user.email or "").casefold() == invitation.email.casefold()
        return CONFIRM if same else OTHER_ACCOUNT
    return NEW if invitation_account(invitation=invitation) is None else SIGN_IN


def _username_for(email: str) -> str:
    """The address is the username (as the email tells the person), made unique."""
    users = get_user_model().objects
    base = username = email.lower()
    number = 1
    while users.filter(username=username).exists():
        number += 1
        username = f"{base}-{number}"
    return username


def invitation_accept(
    *, invitation: Invitation, user: AbstractBaseUser | None = None, account: Account | None = None
) -> AbstractBaseUser:
    """Accept as the signed-in ``user`` (whose address it is), or make the account the
    invitation's address needs from ``account`` (its password already validated). The
    membership is made here, and only here."""
    with transaction.atomic():
        invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if invitation.accepted_at or invitation.withdrawn_at:
            raise InvitationClosed("used" if invitation.accepted_at else "withdrawn")
        if invitation.expires_at <= timezone.now():
            raise InvitationClosed("expired")
        if user is None:
            user = get_user_model().objects.create_user(
                username=_username_for(invitation.email),
                email=invitation.email,
                password=account.password,
                first_name=account.first_name,
                last_name=account.last_name,
            )
        if invitation.role == PANEL_ROLE:
            panel, _ = Panel.objects.get_or_create(assessment_id=invitation.assessment_id)
            PanelMember.objects.get_or_create(
                panel=panel, user=user, defaults={"invitation": invitation}
            )
        else:
            Membership.objects.get_or_create(
                user=user, organisation=invitation.organisation, defaults={"role": invitation.role}
            )
        _close(invitation, user=user, reason="Accepted", withdrawn=False)
    return user
