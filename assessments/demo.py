"""The demo organisation a newcomer signs in to: three people, this year's submitted
assessment with a realistic spread of answers, so the results page is full at once, last
year's before it (the trend on the Grid and what changed), and next year's draft started
from this year's answers (the dashboard's "Continue your draft", sections still to check
against last year's, a draft's history by another person), and the evidence of impact
across the years: a "you said, we did" ledger and a finished co-design project."""

import secrets
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction

from coprod_grid.accounts.two_factor import devices as two_factor
from coprod_grid.models import Activity, Barrier, ServiceArea

from .carry_over.services import assessment_create_from
from .codesign.demo import demo_project
from .costs.demo import demo_cost_profile
from .invitations import services as invitations
from .ledger.demo import demo_ledger
from .models import Assessment, Commitment, Membership, Organisation, Participant
from .panel.demo import PANEL_USERNAME, demo_panel
from .peers.demo import demo_peers
from .questionnaire import lifecycle, services
from .questionnaire.sections import questionnaire

DEMO_ODS_CODE = "QDM"
DEMO_ORGANISATION = "NHS Demo Integrated Care Board"
DEMO_TITLE = "Mental health co-production self-assessment"
DEMO_PERIOD = "2025/26"
DEMO_DRAFT_PERIOD = "2026/27"
DEMO_EARLIER_PERIOD = "2024/25"
# How last year differed from this year: two practices not yet begun, two not yet
# routine, one since stopped, and no involvement in contracting.
DEMO_EARLIER_CHANGES = {
    "member-of-decision-making-forums": ("occasional", ["strategic-planning"]),
    "quality-visits-to-services": ("occasional", ["monitoring"]),
    "co-design-with-methodology": ("none", []),
    "review-procurement-bids": ("none", []),
    "ad-hoc-engagement-events": ("occasional", ["strategic-planning"]),
}
# What the commissioner has improved so far in next year's draft.
DEMO_DRAFT_CHANGES = {
    "service-user-carer-charter": ("routine", ["strategic-planning"]),
    "co-production-standard-adopted": ("occasional", ["strategic-planning"]),
}
DEMO_INVITEE = "new.colleague@example.nhs.uk"  # one invitation waiting, never sent

# (activity, frequency, stages, evidence)
DEMO_ANSWERS = [
    (
        "member-of-decision-making-forums",
        "routine",
        ["strategic-planning", "contracting"],
        "Two experts-by-experience are full voting members of the Mental Health Partnership Board.",
    ),
    ("attend-decision-making-forums", "routine", ["strategic-planning"], ""),
    (
        "advisory-forums",
        "routine",
        ["strategic-planning", "specifying-outcomes"],
        "Stakeholder reference group meets monthly.",
    ),
    (
        "local-user-and-voluntary-groups",
        "routine",
        ["strategic-planning"],
        "Contracts with the local Mind and a carers' network.",
    ),
    ("mental-health-user-group", "occasional", ["monitoring"], ""),
    ("regular-engagement-event", "routine", ["strategic-planning"], ""),
    (
        "quality-visits-to-services",
        "routine",
        ["monitoring"],
        "Peer reviewers join quarterly quality visits to inpatient wards.",
    ),
    (
        "co-produce-mental-health-strategy",
        "occasional",
        ["strategic-planning"],
        "The 2024–2029 strategy was written with a lived-experience panel.",
    ),
    (
        "co-design-with-methodology",
        "occasional",
        ["pathway-design"],
        "Experience-based co-design of the crisis pathway.",
    ),
    ("surveys-and-questionnaires", "routine", ["strategic-planning", "monitoring"], ""),
    ("analysis-of-complaints", "routine", ["monitoring"], ""),
    ("feedback-via-provider", "routine", ["monitoring"], ""),
    ("case-studies-at-board", "occasional", ["strategic-planning"], ""),
    (
        "review-procurement-bids",
        "occasional",
        ["contracting"],
        "Two experts-by-experience scored bids for the community recovery service.",
    ),
    ("training-and-support-for-service-users", "occasional", [], ""),
]


@dataclass(frozen=True)
class DemoTwoFactor:
    """What a developer needs to sign in as the demo lead: the key for an authenticator
    app (typed, or as the otpauth:// address a QR code would hold) and recovery codes."""

    secret_key: str
    otpauth_url: str
    recovery_codes: tuple[str, ...]


@dataclass(frozen=True)
class DemoAccount:
    username: str
    role: str
    password: str
    two_factor: DemoTwoFactor | None = None


def _user(username: str, email: str, first: str, last: str, password: str, **flags):
    user, _ = get_user_model().objects.update_or_create(
        username=username,
        defaults={"email": email, "first_name": first, "last_name": last, **flags},
    )
    user.set_password(password)
    user.save()
    return user


@transaction.atomic
def demo_setup() -> list[DemoAccount]:
    """Create or refresh the demo; running it again duplicates nothing and issues new
    passwords (they are printed, never stored in plain text). The lead, who must use
    two-factor sign-in, keeps one authenticator app key across runs (so a phone set up
    once keeps working) and gets new recovery codes each run."""
    organisation, _ = Organisation.objects.update_or_create(
        ods_code=DEMO_ODS_CODE,
        defaults={
            "name": DEMO_ORGANISATION,
            "kind": Organisation.Kind.ICB,
            "region": Organisation.Region.NORTH_WEST,
        },
    )
    accounts = []
    people = [
        (
            "admin",
            "admin@example.nhs.uk",
            "Ada",
            "Admin",
            None,
            {"is_staff": True, "is_superuser": True},
        ),
        ("lead", "lead@example.nhs.uk", "Lee", "Lead", Membership.Role.LEAD, {}),
        (
            "commissioner",
            "commissioner@example.nhs.uk",
            "Cam",
            "Commissioner",
            Membership.Role.COMMISSIONER,
            {},
        ),
    ]
    users = {}
    for username, email, first, last, role, flags in people:
        password = secrets.token_urlsafe(12)
        users[username] = _user(username, email, first, last, password, **flags)
        if role:
            Membership.objects.update_or_create(
                user=users[username], organisation=organisation, defaults={"role": role}
            )
        accounts.append(
            DemoAccount(
                username,
                role.label.lower() if role else "admin (staff)",
                password,
                _demo_two_factor(users[username]) if role == Membership.Role.LEAD else None,
            )
        )
    if not organisation.assessments.exists():
        _demo_earlier(organisation, users["lead"])
        submitted = _demo_assessment(organisation, users["lead"])
        _demo_draft(organisation, users["commissioner"], submitted)
    elif not organisation.assessments.filter(period=DEMO_EARLIER_PERIOD).exists():
        _demo_earlier(organisation, users["lead"])  # a demo made before there were years
    submitted = organisation.assessments.filter(
        status=Assessment.Status.SUBMITTED, period=DEMO_PERIOD
    ).first()
    if submitted is not None:
        given = {slug: (frequency, stages) for slug, frequency, stages, _ in DEMO_ANSWERS}
        password = demo_panel(submitted, users["lead"], given)
        demo_peers(organisation, users["lead"], submitted.period)
        demo_cost_profile(assessment=submitted, user=users["lead"])
        accounts.append(DemoAccount(PANEL_USERNAME, "lived-experience panel", password))
    # The evidence of impact: the ledger lives across the years, beside the assessments.
    demo_project(organisation, users["lead"])
    demo_ledger(organisation, users["lead"], users["commissioner"])
    if not invitations.invitations_open(organisation=organisation).exists():
        # Issued, not emailed: the lead's "Resend" sends it with a working link.
        invitations.invitation_issue(
            organisation=organisation, user=users["lead"], email=DEMO_INVITEE, role="commissioner"
        )
    return accounts


def _demo_two_factor(user) -> DemoTwoFactor:
    device = two_factor.totp_device_confirmed(user=user)
    if device is None:
        device, codes = two_factor.two_factor_add(user=user)
    else:
        codes = two_factor.recovery_codes_replace(user=user)
    return DemoTwoFactor(two_factor.secret_key_display(device), device.config_url, tuple(codes))


def _begun(organisation: Organisation, user, period: str, participants, experts: int):
    """An assessment created and its "About" section saved, as someone starting one does."""
    assessment = lifecycle.assessment_create(
        organisation=organisation, user=user, title=DEMO_TITLE, period=period
    )
    services.section_save_about(
        assessment=assessment,
        user=user,
        expected_version=0,
        data=services.AboutData(
            title=DEMO_TITLE,
            period=period,
            participants=participants,
            experts_by_experience_count=experts,
        ),
    )
    return assessment


def _demo_draft(organisation: Organisation, commissioner, previous: Assessment) -> Assessment:
    """Next year's assessment, started by the commissioner from last year's submitted
    one ("Start from 2025/26's answers"): the first two Grid sections checked and saved,
    with two improvements; the other sections still carry last year's answers."""
    draft = assessment_create_from(
        previous,
        organisation=organisation,
        user=commissioner,
        title=DEMO_TITLE,
        period=DEMO_DRAFT_PERIOD,
    )
    current = questionnaire(draft)
    categories = [item for item in current.progress if item.section.is_category]
    for item in categories[:2]:
        answers = {}
        for activity in item.section.activities:
            copied = current.answers.get(activity.pk)
            frequency, stages = DEMO_DRAFT_CHANGES.get(
                activity.slug, (copied.frequency, copied.stages) if copied else ("none", [])
            )
            answers[activity.slug] = services.AnswerData(
                frequency,
                tuple(stages) if frequency != "none" else (),
                copied.notes if copied else "",
            )
        services.section_save_answers(
            assessment=draft,
            user=commissioner,
            key=item.section.key,
            expected_version=item.version,
            activities=item.section.activities,
            answers=answers,
        )
    return draft


def _demo_earlier(organisation: Organisation, lead) -> Assessment:
    """Last year's assessment, submitted: this year's answers as they were then."""
    answers = []
    for slug, frequency, stages, notes in DEMO_ANSWERS:
        frequency, stages = DEMO_EARLIER_CHANGES.get(slug, (frequency, stages))
        answers.append((slug, frequency, stages, notes if frequency != "none" else ""))
    known = {slug for slug, *_ in DEMO_ANSWERS}
    answers += [
        (slug, frequency, stages, "")
        for slug, (frequency, stages) in DEMO_EARLIER_CHANGES.items()
        if slug not in known
    ]
    return _demo_assessment(organisation, lead, period=DEMO_EARLIER_PERIOD, answers=answers)


def _demo_assessment(
    organisation: Organisation, lead, *, period: str = DEMO_PERIOD, answers=DEMO_ANSWERS
) -> Assessment:
    """A whole assessment, every section saved by the lead, then submitted."""
    assessment = _begun(
        organisation,
        lead,
        period,
        (Participant.COMMISSIONERS, Participant.EXPERTS, Participant.VOLUNTARY_SECTOR),
        experts=4,
    )
    given = {
        slug: services.AnswerData(frequency, tuple(stages), notes)
        for slug, frequency, stages, notes in answers
    }
    for section in questionnaire(assessment).sections:
        if not section.is_category:
            continue
        answers = {
            activity.slug: given.get(activity.slug, services.AnswerData("none"))
            for activity in section.activities
        }
        services.section_save_answers(
            assessment=assessment,
            user=lead,
            key=section.key,
            expected_version=0,
            activities=section.activities,
            answers=answers,
        )
    services.section_save_services(
        assessment=assessment,
        user=lead,
        expected_version=0,
        data=services.ServicesData(
            service_areas=tuple(
                ServiceArea.objects.filter(
                    slug__in=["crisis", "wellbeing-recovery-peer", "primary-care-iapt"]
                )
            ),
            other="Community mental health transformation programme",
        ),
    )
    services.section_save_commitment(
        assessment=assessment,
        user=lead,
        expected_version=0,
        data=services.CommitmentData(
            commitment=Commitment.PLANS,
            barriers=tuple(Barrier.objects.filter(slug__in=["lack-of-resources"])),
        ),
    )
    membership = Membership.objects.get(user=lead, organisation=organisation)
    return lifecycle.assessment_submit(assessment=assessment, membership=membership, user=lead)


def demo_ready() -> bool:
    return Activity.objects.exists()
