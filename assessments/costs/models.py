"""The involvement cost profile: curated rates and each assessment's profile.

Rates are curated in admin. A row with no organisation is a default, labelled with its
source and year and meant to be replaced by local figures; a row with an organisation
overrides the default of the same slug for that organisation alone. Money is held in
whole pence, so nothing is ever a float.
"""

from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from coprod_grid.models import Activity

from ..model_parts import history_user, known, person
from ..models import Assessment, Organisation

MAX_PENCE = 100_000_000  # £1,000,000: no single rate in involvement comes near it
MAX_TIMES_A_YEAR = 365
MAX_PEOPLE = 500
MAX_MINUTES = 24 * 60  # per person per time, for each of preparation, session, follow-up
MAX_QUANTITY = 10_000


class Rate(models.Model):
    """What every kind of rate has: which it is, whose, and where its figure comes from."""

    slug = models.SlugField(
        max_length=60, help_text="Stable identifier; an override uses its default's"
    )
    name = models.CharField(max_length=120)
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        help_text=(
            "Empty for a default; an organisation's own figure replaces the default for it alone"
        ),
    )
    source = models.TextField(
        help_text="Where the figure comes from, and whether it is an estimate"
    )
    year = models.CharField(max_length=7, help_text="The year the figure is for, such as 2025/26")
    order = models.PositiveSmallIntegerField(default=0)
    updated_by = person(blank=True, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True
        ordering = ["order", "slug"]
        constraints = [
            models.UniqueConstraint(
                fields=["slug"],
                condition=Q(organisation__isnull=True),
                name="%(class)s_one_default_per_slug",
            ),
            models.UniqueConstraint(
                fields=["slug", "organisation"],
                condition=Q(organisation__isnull=False),
                name="%(class)s_one_override_per_organisation",
            ),
        ]

    def __str__(self) -> str:
        whose = f" ({self.organisation})" if self.organisation_id else ""
        return f"{self.name}{whose}"

    @property
    def is_default(self) -> bool:
        return self.organisation_id is None


def _pence_check(field: str, name: str) -> models.CheckConstraint:
    return models.CheckConstraint(condition=Q(**{f"{field}__lte": MAX_PENCE}), name=name)


class StaffRole(Rate):
    """A staff role's cost of an hour, with on-costs (employer's pension and National
    Insurance)."""

    band = models.CharField(max_length=40, blank=True, help_text="Such as Band 7, or GP")
    hourly_pence = models.PositiveIntegerField(
        "cost of an hour (pence)", help_text="Salary with on-costs, per working hour, in pence"
    )
    history = HistoricalRecords(get_user=history_user)

    class Meta(Rate.Meta):
        constraints = [*Rate.Meta.constraints, _pence_check("hourly_pence", "staffrole_pence_max")]


class ExpertRate(Rate):
    """What taking part pays a person with lived experience, and what it costs to make
    it possible for them: travel, care for someone they look after, support."""

    class Unit(models.TextChoices):
        HOUR = "hour", "per hour"
        SESSION = "session", "per session"

    unit = models.CharField(max_length=10, choices=Unit.choices)
    amount_pence = models.PositiveIntegerField("payment (pence)")
    travel_pence = models.PositiveIntegerField("travel, per person each time (pence)", default=0)
    carer_pence = models.PositiveIntegerField(
        "carers' costs, per person each time (pence)", default=0
    )
    support_pence = models.PositiveIntegerField(
        "support costs, per person each time (pence)", default=0
    )
    history = HistoricalRecords(get_user=history_user)

    class Meta(Rate.Meta):
        constraints = [
            *Rate.Meta.constraints,
            known("unit", ["hour", "session"], "expertrate_unit_known"),
            _pence_check("amount_pence", "expertrate_amount_max"),
            _pence_check("travel_pence", "expertrate_travel_max"),
            _pence_check("carer_pence", "expertrate_carer_max"),
            _pence_check("support_pence", "expertrate_support_max"),
        ]


class UnitCost(Rate):
    """Any other cost: a venue, an interpreter, Easy Read, training, by its unit."""

    unit = models.CharField(max_length=40, help_text="What one unit is: per hour, per page …")
    amount_pence = models.PositiveIntegerField("cost of one unit (pence)")
    history = HistoricalRecords(get_user=history_user)

    class Meta(Rate.Meta):
        constraints = [*Rate.Meta.constraints, _pence_check("amount_pence", "unitcost_amount_max")]


class Scenario(models.TextChoices):
    NOW = "now", "Now"
    PLANNED = "planned", "Planned"


class CostProfile(models.Model):
    """An assessment's cost profile. Its ``version`` is the optimistic lock of every
    save to any of its lines: a save names the version it started from."""

    assessment = models.OneToOneField(
        Assessment, on_delete=models.CASCADE, related_name="cost_profile"
    )
    version = models.PositiveIntegerField(default=0)
    created_by = person()
    created_at = models.DateTimeField(auto_now_add=True)
    updated_by = person()
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(get_user=history_user)

    def __str__(self) -> str:
        return f"Cost profile of {self.assessment}"


class ActivityCost(models.Model):
    """One activity in one scenario: how many times a year, and its lines. A planned
    row exists only once someone has changed the plan's own estimate (planned.py)."""

    profile = models.ForeignKey(CostProfile, on_delete=models.CASCADE, related_name="activities")
    scenario = models.CharField(max_length=10, choices=Scenario.choices)
    activity = models.ForeignKey(Activity, on_delete=models.PROTECT, related_name="+")
    times_a_year = models.PositiveSmallIntegerField(default=1)
    history = HistoricalRecords(get_user=history_user)

    class Meta:
        ordering = ["scenario", "activity__category__order", "activity__slug"]
        constraints = [
            models.UniqueConstraint(
                fields=["profile", "scenario", "activity"], name="one_cost_per_activity_scenario"
            ),
            known("scenario", Scenario.values, "activitycost_scenario_known"),
            models.CheckConstraint(
                condition=Q(times_a_year__lte=MAX_TIMES_A_YEAR), name="activitycost_times_max"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.activity_id} ({self.scenario}) × {self.times_a_year}"


def _max(field: str, limit: int, name: str) -> models.CheckConstraint:
    return models.CheckConstraint(condition=Q(**{f"{field}__lte": limit}), name=name)


class StaffLine(models.Model):
    """Staff of one role, each time: how many, and each one's minutes."""

    activity_cost = models.ForeignKey(
        ActivityCost, on_delete=models.CASCADE, related_name="staff_lines"
    )
    role = models.ForeignKey(StaffRole, on_delete=models.PROTECT, related_name="+")
    people = models.PositiveSmallIntegerField(default=1)
    preparation_minutes = models.PositiveIntegerField(default=0)
    session_minutes = models.PositiveIntegerField(default=0)
    follow_up_minutes = models.PositiveIntegerField(default=0)
    history = HistoricalRecords(get_user=history_user)

    class Meta:
        ordering = ["pk"]
        constraints = [
            _max("people", MAX_PEOPLE, "staffline_people_max"),
            _max("preparation_minutes", MAX_MINUTES, "staffline_preparation_max"),
            _max("session_minutes", MAX_MINUTES, "staffline_session_max"),
            _max("follow_up_minutes", MAX_MINUTES, "staffline_follow_up_max"),
        ]

    def __str__(self) -> str:
        return f"{self.people} × {self.role_id}"


class ExpertLine(models.Model):
    """People with lived experience taking part, each time: how many, for how long,
    whether they are paid, and which of the rate's other costs apply."""

    activity_cost = models.ForeignKey(
        ActivityCost, on_delete=models.CASCADE, related_name="expert_lines"
    )
    rate = models.ForeignKey(ExpertRate, on_delete=models.PROTECT, related_name="+")
    people = models.PositiveSmallIntegerField(default=1)
    minutes = models.PositiveIntegerField(default=0)
    paid = models.BooleanField(default=True)
    travel = models.BooleanField(default=False)
    carer = models.BooleanField(default=False)
    support = models.BooleanField(default=False)
    history = HistoricalRecords(get_user=history_user)

    class Meta:
        ordering = ["pk"]
        constraints = [
            _max("people", MAX_PEOPLE, "expertline_people_max"),
            _max("minutes", MAX_MINUTES, "expertline_minutes_max"),
        ]

    def __str__(self) -> str:
        return f"{self.people} × {self.rate_id}"


class OtherLine(models.Model):
    """Any other cost, each time: a unit cost times a quantity."""

    activity_cost = models.ForeignKey(
        ActivityCost, on_delete=models.CASCADE, related_name="other_lines"
    )
    unit_cost = models.ForeignKey(UnitCost, on_delete=models.PROTECT, related_name="+")
    quantity = models.DecimalField(max_digits=8, decimal_places=2)
    history = HistoricalRecords(get_user=history_user)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(quantity__gt=0, quantity__lte=MAX_QUANTITY),
                name="otherline_quantity_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.quantity} × {self.unit_cost_id}"
