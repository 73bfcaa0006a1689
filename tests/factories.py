"""Shared test helpers: people, organisations, memberships and assessments, made the way
the app makes them (assessments are answered and submitted through the services, so
tests see what a real user would leave behind)."""

import importlib
import itertools
from collections.abc import Mapping

from django.contrib.auth import get_user_model
from django.core.cache import caches
from django.utils import timezone

from assessments.models import (
    Assessment,
    Commitment,
    Frequency,
    Membership,
    Organisation,
    Participant,
)
from assessments.panel.models import Panel, PanelAnswer, PanelMember
from assessments.questionnaire import lifecycle, services
from assessments.questionnaire.sections import (
    ABOUT,
    COMMITMENT,
    SERVICES,
    Section,
    build_sections,
    questionnaire,
    questionnaire_categories,
)
from coprod_grid.models import Activity, Barrier, ServiceArea

PASSWORD = "correct horse battery staple"
LEAD = Membership.Role.LEAD
COMMISSIONER = Membership.Role.COMMISSIONER

_numbers = itertools.count(1)


def make_user(username: str | None = None, **fields):
    """An active user with a known password and a full name."""
    number = next(_numbers)
    username = username or f"user{number}"
    fields.setdefault("email", f"{username}@example.nhs.uk")
    fields.setdefault("first_name", username.split(".")[0].capitalize())
    fields.setdefault("last_name", f"Person{number}")
    return get_user_model().objects.create_user(username=username, password=PASSWORD, **fields)


def _ods_code(number: int) -> str:
    """A unique valid ODS code: "T" and three or more characters of A-Z/0-9."""
    return f"T{number:03d}"[:6]


def make_organisation(name: str | None = None, ods_code: str | None = None, **fields):
    number = next(_numbers)
    return Organisation.objects.create(
        name=name or f"NHS Test {number} Integrated Care Board",
        ods_code=ods_code or _ods_code(number),
        **fields,
    )


def make_membership(user=None, organisation=None, role: str = COMMISSIONER) -> Membership:
    return Membership.objects.create(
        user=user or make_user(), organisation=organisation or make_organisation(), role=role
    )


def make_member(organisation, role: str = COMMISSIONER, username: str | None = None):
    """A new user who is a member of ``organisation`` with ``role``; returns the user."""
    user = make_user(username)
    make_membership(user, organisation, role)
    return user


def make_assessment(
    organisation=None,
    user=None,
    title: str = "Mental health co-production self-assessment",
    period: str = "2026/27",
) -> Assessment:
    """A new, empty draft, as "Start a new assessment" creates it."""
    if organisation is None:
        organisation = make_organisation()
    if user is None:
        user = make_member(organisation, LEAD)
    return lifecycle.assessment_create(
        organisation=organisation, user=user, title=title, period=period
    )


def sections() -> list[Section]:
    """The sections a new draft has: the live catalogue's."""
    return build_sections(questionnaire_categories(), Assessment(), {})


def category_sections() -> list[Section]:
    return [section for section in sections() if section.is_category]


def version_of(assessment: Assessment, key: str) -> int:
    state = assessment.sections.filter(key=key).first()
    return state.version if state else 0


def save_about(assessment: Assessment, user, **changes) -> None:
    data = {
        "title": assessment.title,
        "period": assessment.period,
        "participants": (Participant.COMMISSIONERS, Participant.EXPERTS),
        "experts_by_experience_count": 3,
        **changes,
    }
    services.section_save_about(
        assessment=assessment,
        user=user,
        expected_version=version_of(assessment, ABOUT),
        data=services.AboutData(**data),
    )


def save_category(
    assessment: Assessment,
    user,
    section: Section,
    answers: Mapping[str, services.AnswerData | None] | None = None,
    default: services.AnswerData | None = None,
) -> None:
    """Save one category section; activities not in ``answers`` get ``default``
    (unanswered when None)."""
    answers = answers or {}
    services.section_save_answers(
        assessment=assessment,
        user=user,
        key=section.key,
        expected_version=version_of(assessment, section.key),
        activities=section.activities,
        answers={
            activity.slug: answers.get(activity.slug, default) for activity in section.activities
        },
    )


def save_services(assessment: Assessment, user, slugs=("crisis",), other: str = "") -> None:
    services.section_save_services(
        assessment=assessment,
        user=user,
        expected_version=version_of(assessment, SERVICES),
        data=services.ServicesData(
            service_areas=tuple(ServiceArea.objects.filter(slug__in=slugs)),
            other=other,
            none_yet=not slugs and not other,
        ),
    )


def save_commitment(
    assessment: Assessment,
    user,
    commitment: str = Commitment.PLANS,
    barriers=("lack-of-resources",),
    other: str = "",
) -> None:
    services.section_save_commitment(
        assessment=assessment,
        user=user,
        expected_version=version_of(assessment, COMMITMENT),
        data=services.CommitmentData(
            commitment=commitment,
            barriers=tuple(Barrier.objects.filter(slug__in=barriers)),
            other=other,
        ),
    )


def answer_all(
    assessment: Assessment,
    user,
    answers: Mapping[str, services.AnswerData] | None = None,
    default: services.AnswerData | None = None,
) -> Assessment:
    """Complete every section through the services. Activities not named in ``answers``
    get ``default``: by default every activity is done routinely at every stage with a
    note, so the assessment has as many answers, stages and notes as it can."""
    if default is None:
        default = services.AnswerData(
            Frequency.ROUTINE,
            ("strategic-planning", "specifying-outcomes", "pathway-design", "contracting"),
            "Evidence: minutes of the board meeting.",
        )
    save_about(assessment, user)
    for section in category_sections():
        save_category(assessment, user, section, answers, default)
    save_services(assessment, user, slugs=("crisis", "psychosis"), other="Eating disorders")
    save_commitment(assessment, user)
    assessment.refresh_from_db()
    return assessment


def is_complete(assessment: Assessment) -> bool:
    return questionnaire(assessment).all_complete


def submit(assessment: Assessment, lead) -> Assessment:
    """Submit through the service, as the lead's "Submit assessment" does."""
    membership = Membership.objects.get(user=lead, organisation=assessment.organisation)
    lifecycle.assessment_submit(
        assessment=assessment,
        membership=membership,
        user=lead,
    )
    # The caller's own object, now showing it is submitted.
    assessment.refresh_from_db()
    return assessment


def submitted_assessment(organisation=None, lead=None, **answer_kwargs) -> Assessment:
    """A fully answered, submitted assessment."""
    if organisation is None:
        organisation = make_organisation()
    if lead is None:
        lead = make_member(organisation, LEAD)
    assessment = make_assessment(organisation, lead)
    answer_all(assessment, lead, **answer_kwargs)
    return submit(assessment, lead)


def restore_default_rates() -> None:
    """Put back the default cost rates that a data migration writes, after a test that
    empties the database (a live server's, a restore's); doing it twice changes nothing."""
    from django.apps import apps

    migration = importlib.import_module("assessments.costs.migrations.0002_default_rates")
    migration.add_defaults(apps, None)


def clear_caches() -> None:
    """Empty every cache: the per-process one and the shared one of rendered PDFs."""
    for alias in caches:
        caches[alias].clear()


def panel_member(
    assessment: Assessment,
    ratings: Mapping[str, str] | None = None,
    *,
    default: str = Frequency.OCCASIONAL,
    user=None,
    submitted: bool = True,
    stages: tuple[str, ...] = ("monitoring",),
):
    """A member of the assessment's lived-experience panel (made if needed) who has
    rated every active activity: ``ratings`` names some activities' frequency, the rest
    get ``default``; each practised one at ``stages``. ``user`` None: a paper rating."""
    panel, _ = Panel.objects.get_or_create(assessment=assessment)
    member = PanelMember.objects.create(
        panel=panel, user=user, submitted_at=timezone.now() if submitted else None
    )
    ratings = ratings or {}
    PanelAnswer.objects.bulk_create(
        PanelAnswer(
            member=member,
            activity=activity,
            frequency=(frequency := ratings.get(activity.slug, default)),
            stages=[] if frequency == Frequency.NONE else list(stages),
        )
        for activity in Activity.objects.filter(is_active=True)
    )
    return member
