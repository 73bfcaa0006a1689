"""Organisations, their members and invitations, and their self-assessments.

Invariants live in the database where they can: one membership per user and
organisation, one answer per activity and assessment, no stages on an activity answered
"Not at the moment", a period written like 2026/27, one open invitation per address.

Nothing a lead enters is lost: answers, actions, assessments, organisations and
invitations keep a history of every change (django-simple-history, ``<model>.history``),
and organisations and assessments are only ever deleted softly (``SoftDeletable``).
"""

from django.conf import settings
from django.core.validators import MaxLengthValidator, RegexValidator
from django.db import models
from django.db.models import F, Q, Value
from django.db.models.functions import Coalesce, Lower
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from coprod_grid.models import Activity, Barrier, ServiceArea

from .model_parts import SoftDeletable, frequency_rules, history_user, known, optional, person

ods_code_validator = RegexValidator(
    r"^[A-Z0-9]{3,6}$",
    "Enter an ODS code of 3 to 6 capital letters and numbers, like QWE or 15N",
)
period_validator = RegexValidator(
    r"^\d{4}/\d{2}$", "Enter the period as a financial year, like 2026/27"
)

#: The longest free text in one box (evidence, other services or barriers): a paragraph
#: of evidence that still prints. Forms, the CSV import and the services read it here.
TEXT_MAX_LENGTH = 2000
ACTION_TEXT_MAX_LENGTH = 1000  # an action's description; a title or owner is shorter
SHORT_TEXT_MAX_LENGTH = 200


class Organisation(SoftDeletable):
    class Kind(models.TextChoices):
        ICB = "icb", "Integrated Care Board"
        CCG = "ccg", "Clinical Commissioning Group"
        OTHER = "other", "Other commissioner"

    class Region(models.TextChoices):
        EAST = "east-of-england", "East of England"
        LONDON = "london", "London"
        MIDLANDS = "midlands", "Midlands"
        NORTH_EAST_YORKSHIRE = "north-east-and-yorkshire", "North East and Yorkshire"
        NORTH_WEST = "north-west", "North West"
        SOUTH_EAST = "south-east", "South East"
        SOUTH_WEST = "south-west", "South West"

    name = models.CharField(max_length=255)
    ods_code = models.CharField(
        "ODS code",
        max_length=6,
        unique=True,
        validators=[ods_code_validator],
        help_text="The organisation's code in the NHS Organisation Data Service",
    )
    kind = models.CharField("type", max_length=10, choices=Kind.choices, default=Kind.ICB)
    region = models.CharField(max_length=40, choices=Region.choices, blank=True)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, through="Membership", related_name="organisations"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords(get_user=history_user)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ods_code__regex=r"^[A-Z0-9]{3,6}$"), name="organisation_ods_code_form"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.ods_code})"


class Membership(models.Model):
    class Role(models.TextChoices):
        COMMISSIONER = "commissioner", "Commissioner"
        LEAD = "lead", "Involvement lead"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(Organisation, models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.COMMISSIONER)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["organisation__name", "user__email"]
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation"], name="one_membership_each"),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()} at {self.organisation.name}"

    @property
    def is_lead(self) -> bool:
        return self.role == self.Role.LEAD


PANEL_ROLE = "panel"  # invited to rate one assessment, not to join the organisation


class Invitation(models.Model):
    """An invitation by email: a one-time, expiring link whose token's digest (never the
    token) is kept. Open until accepted, withdrawn or expired (assessments/invitations).
    A panel invitation names the assessment its lived-experience panel rates."""

    organisation = models.ForeignKey(Organisation, models.CASCADE, related_name="invitations")
    assessment = models.ForeignKey(
        "Assessment", models.CASCADE, null=True, blank=True, related_name="panel_invitations"
    )
    email = models.EmailField(max_length=150)  # an invitee's username is their address
    role = models.CharField(
        max_length=20, choices=[*Membership.Role.choices, (PANEL_ROLE, "Panel member")]
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = person()
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = person(blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_by = person(blank=True)
    history = HistoricalRecords(get_user=history_user, excluded_fields=["token_hash"])

    class Meta:
        constraints = [
            models.UniqueConstraint(  # per organisation, and per assessment's panel
                Lower("email"),
                F("organisation"),
                Coalesce("assessment", Value(0)),
                condition=Q(accepted_at=None, withdrawn_at=None),
                name="one_open_invitation",
            ),
            models.CheckConstraint(
                condition=Q(role=PANEL_ROLE) ^ Q(assessment=None), name="panel_names_assessment"
            ),
            models.CheckConstraint(  # it expires after it is made, and closes only once
                condition=Q(expires_at__gt=F("created_at"))
                & (Q(accepted_at=None) | Q(withdrawn_at=None)),
                name="invitation_dates",
            ),
            known("role", [*Membership.Role.values, PANEL_ROLE], "invitation_role_known"),
        ]

    def __str__(self) -> str:
        return f"{self.email} – {self.get_role_display()} at {self.organisation}"


class Participant(models.TextChoices):
    COMMISSIONERS = "commissioners", "Commissioners"
    EXPERTS = "experts-by-experience", "Experts-by-experience"
    CARERS = "carers", "Carers"
    VOLUNTARY_SECTOR = "voluntary-sector", "Voluntary-sector partners"


class Commitment(models.TextChoices):
    NONE = "none", "No stated commitment to co-production"
    PLANS = "plans-to-do-more", "Plans to do more co-production"
    STANDARD = "standard-approach", "Co-production adopted as the standard approach"


class Assessment(SoftDeletable):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SUBMITTED = "submitted", "Submitted"

    organisation = models.ForeignKey(Organisation, models.PROTECT, related_name="assessments")
    title = models.CharField(max_length=SHORT_TEXT_MAX_LENGTH)
    period = models.CharField(max_length=7, validators=[period_validator])
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    participants = models.JSONField(
        default=list, blank=True, help_text="Who took part: Participant values"
    )
    experts_by_experience_count = models.PositiveSmallIntegerField(null=True, blank=True)
    service_areas = models.ManyToManyField(ServiceArea, blank=True, related_name="assessments")
    service_areas_other = models.TextField(
        blank=True, validators=[MaxLengthValidator(TEXT_MAX_LENGTH)]
    )
    commitment = models.CharField(max_length=20, choices=Commitment.choices, blank=True)
    barriers = models.ManyToManyField(Barrier, blank=True, related_name="assessments")
    barriers_other = models.TextField(blank=True, validators=[MaxLengthValidator(TEXT_MAX_LENGTH)])
    created_by = person()
    created_at = models.DateTimeField(auto_now_add=True)
    updated_by = person()
    updated_at = models.DateTimeField(auto_now_add=True)
    submitted_by = person(blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    # The submitted assessment this draft copied its answers from ("Start from last year").
    started_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    history = HistoricalRecords(get_user=history_user, m2m_fields=[service_areas, barriers])

    class Meta:
        ordering = ["-updated_at", "-pk"]
        indexes = [models.Index(fields=["organisation", "-updated_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(period__regex=r"^\d{4}/\d{2}$"), name="assessment_period_form"
            ),
            models.CheckConstraint(
                condition=Q(status="draft", submitted_at__isnull=True)
                | Q(status="submitted", submitted_at__isnull=False),
                name="assessment_submitted_has_time",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.period})"

    def get_absolute_url(self) -> str:
        return reverse("assessments:task-list", args=[self.pk])

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT

    @property
    def is_submitted(self) -> bool:
        return self.status == self.Status.SUBMITTED


class SectionState(models.Model):
    """One questionnaire section of an assessment: its progress and its version, the
    optimistic lock (a save names the version it started from and lands only if nobody
    has saved the section since)."""

    class Status(models.TextChoices):
        IN_PROGRESS = "in-progress", "In progress"
        COMPLETED = "completed", "Completed"

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="sections")
    key = models.SlugField(max_length=80)
    status = models.CharField(max_length=20, choices=Status.choices)
    version = models.PositiveIntegerField(default=0)
    # The period whose answers this section still holds unchecked; any save clears it.
    carried_from = models.CharField(max_length=7, blank=True)
    updated_by = person()
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["assessment", "key"], name="one_state_per_section"),
        ]

    def __str__(self) -> str:
        return f"{self.assessment_id}:{self.key} v{self.version}"


class Frequency(models.TextChoices):
    NONE = "none", "Not at the moment"
    OCCASIONAL = "occasional", "Occasionally (one-off or isolated episodes)"
    ROUTINE = "routine", "Routinely (normal practice)"


class Answer(models.Model):
    """How often an organisation does one Grid activity, at which stages, with evidence.
    The ``snapshot_*`` fields are empty for drafts, which score with the live catalogue,
    and filled on submission, after which they are what the results use."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="answers")
    activity = models.ForeignKey(Activity, on_delete=models.PROTECT, related_name="answers")
    frequency = models.CharField(max_length=12, choices=Frequency.choices)
    stages = models.JSONField(default=list, blank=True, help_text="Commissioning stage slugs")
    notes = models.TextField(blank=True, validators=[MaxLengthValidator(TEXT_MAX_LENGTH)])
    snapshot_name = models.CharField(max_length=255, blank=True)
    snapshot_category = models.SlugField(blank=True)
    snapshot_category_name = models.CharField(max_length=100, blank=True)
    snapshot_activeness = models.DecimalField(max_digits=4, decimal_places=3, null=True, blank=True)
    snapshot_embeddedness = models.DecimalField(
        max_digits=4, decimal_places=3, null=True, blank=True
    )
    updated_by = person()
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(get_user=history_user)

    class Meta:
        ordering = ["activity__category__order", "activity__slug"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "activity"], name="one_answer_each"),
            *frequency_rules("answer", Frequency.values),
        ]

    def __str__(self) -> str:
        return f"{self.activity.slug}: {self.frequency}"


class Action(models.Model):
    """One step of an assessment's action plan. The plan lives on after submission, so
    actions stay editable whatever the assessment's status."""

    class Status(models.TextChoices):
        NOT_STARTED = "not-started", "Not started"
        IN_PROGRESS = "in-progress", "In progress"
        DONE = "done", "Done"

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="actions")
    description = models.TextField(validators=[MaxLengthValidator(ACTION_TEXT_MAX_LENGTH)])
    owner = models.CharField(max_length=SHORT_TEXT_MAX_LENGTH, blank=True)
    due_date = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.NOT_STARTED)
    category = optional("coprod_grid.Category", models.PROTECT)
    discussion_point = optional("coprod_grid.DiscussionPoint", models.SET_NULL)
    activity = optional(Activity, models.PROTECT)
    version = models.PositiveIntegerField(default=0)
    created_by = person()
    created_at = models.DateTimeField(auto_now_add=True)
    updated_by = person()
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(get_user=history_user)

    class Meta:
        ordering = [models.F("due_date").asc(nulls_last=True), "pk"]
        constraints = [
            known("status", ["not-started", "in-progress", "done"], "action_status_known"),
        ]

    def __str__(self) -> str:
        return self.description[:80]

    @property
    def link_label(self) -> str:
        if self.activity_id:
            return self.activity.name
        if self.discussion_point_id:
            return self.discussion_point.text
        if self.category_id:
            return self.category.name
        return ""


QUADRANT_SLUGS = ("active-embedded", "active-isolated", "passive-embedded", "passive-isolated")


class SubmittedResult(models.Model):
    """The result of a submitted assessment, written in the submission's transaction and
    removed when it is reopened, so that pages listing many assessments (the dashboard,
    trends, peers) read a row instead of scoring every assessment again: what
    ``results.score_of`` gave, enough to draw the Grid (each practice's place and names)."""

    assessment = models.OneToOneField(
        Assessment, on_delete=models.CASCADE, primary_key=True, related_name="submitted_result"
    )
    activeness = models.FloatField(null=True)
    embeddedness = models.FloatField(null=True)
    frontier_embeddedness = models.FloatField(null=True)
    stage_coverage = models.FloatField(null=True)
    quadrant = models.SlugField(blank=True)
    stage_levels = models.JSONField(default=dict, help_text="Stage slug: none/occasional/routine")
    frontier = models.JSONField(default=list, help_text="Activity slugs, strongest first")
    practices = models.JSONField(default=list, help_text="Each practice's place and names")
    scored_at = models.DateTimeField()

    class Meta:
        constraints = [
            known("quadrant", ["", *QUADRANT_SLUGS], "submitted_result_quadrant"),
        ]

    def __str__(self) -> str:
        return f"{self.assessment_id}: {self.quadrant or 'no position'}"

    @property
    def has_position(self) -> bool:
        return self.activeness is not None
