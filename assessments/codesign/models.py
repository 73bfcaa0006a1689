"""Co-design projects: a piece of work with people who use a service, run through the
six phases of experience-based co-design (``phases.py``), with who took part as counts
of each kind (never names) and what changed. Finishing one can feed the impact ledger
and the organisation's answer to the Grid's co-design activity (``services.py``)."""

from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords

from coprod_grid.models import ServiceArea

from ..model_parts import SoftDeletable, history_user, known, person
from ..models import SHORT_TEXT_MAX_LENGTH, TEXT_MAX_LENGTH, Organisation
from .phases import CHOICES, PHASE_SLUGS


class CoDesignProject(SoftDeletable):
    organisation = models.ForeignKey(Organisation, models.PROTECT, related_name="codesign_projects")
    title = models.CharField(max_length=SHORT_TEXT_MAX_LENGTH)
    aim = models.TextField(blank=True, validators=[MaxLengthValidator(TEXT_MAX_LENGTH)])
    service_area = models.ForeignKey(
        ServiceArea, models.PROTECT, null=True, blank=True, related_name="codesign_projects"
    )
    #: With a recognised methodology (EBCD, or another published one) or without: which
    #: of the Grid's two co-design activities finishing the project marks.
    recognised_methodology = models.BooleanField(default=True)
    commissioning_stages = models.JSONField(
        default=list, blank=True, help_text="Commissioning stage slugs the project informed"
    )
    staff_count = models.PositiveIntegerField(default=0)
    service_user_count = models.PositiveIntegerField(default=0)
    carer_count = models.PositiveIntegerField(default=0)
    other_count = models.PositiveIntegerField(default=0)
    changes = models.TextField(
        "what changed", blank=True, validators=[MaxLengthValidator(TEXT_MAX_LENGTH)]
    )
    finished_at = models.DateTimeField(null=True, blank=True)
    finished_by = person(blank=True)
    version = models.PositiveIntegerField(default=0)
    created_by = person()
    created_at = models.DateTimeField(auto_now_add=True)
    updated_by = person()
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(get_user=history_user)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "co-design project"

    def __str__(self) -> str:
        return self.title

    @property
    def is_finished(self) -> bool:
        return self.finished_at is not None

    @property
    def participant_count(self) -> int:
        return self.staff_count + self.service_user_count + self.carer_count + self.other_count


class ProjectPhase(models.Model):
    """One EBCD phase of a project, with when it started and ended. A phase is recorded
    only after the one before it has started, and starts no earlier (services.py)."""

    project = models.ForeignKey(CoDesignProject, models.CASCADE, related_name="phases")
    phase = models.CharField(max_length=30, choices=CHOICES)
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)
    notes = models.TextField(blank=True, validators=[MaxLengthValidator(TEXT_MAX_LENGTH)])
    updated_by = person()
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(get_user=history_user)

    class Meta:
        ordering = ["project", "started_on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["project", "phase"], name="one_phase_each"),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("started_on")),
                name="phase_ends_after_it_starts",
            ),
            known("phase", list(PHASE_SLUGS), "phase_known"),
        ]

    def __str__(self) -> str:
        return f"{self.project_id}: {self.phase}"
