"""The Commissioners Co-production Grid as data (Rethink Mental Illness, 2017).

Admins curate these rows in Django admin. Drafts read them live; submitted assessments
keep a snapshot of what they were scored with, so nothing here is ever deleted once an
answer uses it (``on_delete=PROTECT``): activities are retired instead. Every change
made through admin is kept in each model's ``history`` (who, when, before and after).
"""

import uuid
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import BooleanField, ExpressionWrapper, OuterRef, Q, Subquery
from django.utils import timezone
from simple_history.models import HistoricalRecords

SOURCE_ATTRIBUTION = (
    "Rethink Mental Illness (2017), Progress through Partnership: involvement of people "
    "with lived experience of mental illness in CCG commissioning"
)
SHORT_ATTRIBUTION = "Rethink Mental Illness (2017)"

POSITION_VALIDATORS = [
    MinValueValidator(0, message="Enter a position between 0 and 1"),
    MaxValueValidator(1, message="Enter a position between 0 and 1"),
]
PERCENT_VALIDATORS = [
    MinValueValidator(0, message="Enter a percentage between 0 and 100"),
    MaxValueValidator(100, message="Enter a percentage between 0 and 100"),
]
colour_validator = RegexValidator(
    r"^#[0-9A-Fa-f]{6}$", "Enter a colour as # followed by six hexadecimal digits, like #E69F00"
)


class CatalogueQuerySet(models.QuerySet):
    """Bulk writes send no save signals, the signals that tell every app process the
    catalogue changed (coprod_grid/catalogue.py), so they say so themselves."""

    def update(self, **kwargs):
        rows = super().update(**kwargs)
        if rows:
            catalogue_changed()
        return rows

    def bulk_create(self, *args, **kwargs):
        created = super().bulk_create(*args, **kwargs)
        if created:
            catalogue_changed()
        return created

    def bulk_update(self, *args, **kwargs):
        rows = super().bulk_update(*args, **kwargs)
        if rows:
            catalogue_changed()
        return rows


class CatalogueManager(models.Manager.from_queryset(CatalogueQuerySet)):
    pass


class SlugNaturalKeyManager(CatalogueManager):
    def get_by_natural_key(self, slug: str):
        return self.get(slug=slug)


# Slips in the Grid's published words, mended where we show them, with our insertion in
# square brackets as a quotation marks one; the catalogue keeps the words as published.
QUOTE_CORRECTIONS = {"the creation better services": "the creation [of] better services"}


def corrected_quote(text: str) -> str:
    for slip, mended in QUOTE_CORRECTIONS.items():
        text = text.replace(slip, mended)
    return text


class Quadrant(models.Model):
    slug = models.SlugField(unique=True)
    name = models.CharField(max_length=100)
    active = models.BooleanField(help_text="Right half of the Grid: active involvement")
    embedded = models.BooleanField(help_text="Top half of the Grid: normal practice")
    rank = models.PositiveSmallIntegerField(help_text="1 is the gold standard")
    description = models.TextField(help_text=f"The Grid's own words, {SHORT_ATTRIBUTION}")

    objects = SlugNaturalKeyManager()

    history = HistoricalRecords()

    class Meta:
        ordering = ["rank"]
        constraints = [
            models.UniqueConstraint(fields=["active", "embedded"], name="one_quadrant_per_half"),
        ]

    def __str__(self) -> str:
        return self.name

    def natural_key(self) -> tuple[str]:
        return (self.slug,)

    @property
    def quoted_description(self) -> str:
        """The description as pages and the report quote it (QUOTE_CORRECTIONS)."""
        return corrected_quote(self.description)


class Category(models.Model):
    slug = models.SlugField(unique=True)
    name = models.CharField(max_length=100)
    order = models.PositiveSmallIntegerField()
    colour = models.CharField(max_length=7, validators=[colour_validator])
    introduction = models.TextField(help_text=f"The Grid's own words, {SHORT_ATTRIBUTION}")

    objects = SlugNaturalKeyManager()

    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "name"]
        verbose_name_plural = "categories"
        constraints = [
            models.CheckConstraint(
                condition=Q(colour__regex=r"^#[0-9A-Fa-f]{6}$"), name="category_colour_hex"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def natural_key(self) -> tuple[str]:
        return (self.slug,)


class DiscussionPoint(models.Model):
    category = models.ForeignKey(
        Category, on_delete=models.CASCADE, related_name="discussion_points"
    )
    order = models.PositiveSmallIntegerField(default=0)
    text = models.TextField()

    objects = CatalogueManager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["category__order", "order", "pk"]

    def __str__(self) -> str:
        return self.text


class CommissioningStage(models.Model):
    slug = models.SlugField(unique=True)
    name = models.CharField(max_length=100)
    order = models.PositiveSmallIntegerField()
    examples = models.CharField(max_length=255, blank=True)
    national_2017_pct = models.PositiveSmallIntegerField(
        "2017 national figure (%)",
        validators=PERCENT_VALIDATORS,
        help_text="Share of CCGs that involved experts-by-experience at this stage",
    )

    objects = SlugNaturalKeyManager()

    history = HistoricalRecords()

    class Meta:
        ordering = ["order"]
        constraints = [
            models.CheckConstraint(
                condition=Q(national_2017_pct__lte=100), name="stage_pct_at_most_100"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def natural_key(self) -> tuple[str]:
        return (self.slug,)


class ActivityQuerySet(CatalogueQuerySet):
    def active(self):
        return self.filter(is_active=True)

    def with_quadrant(self):
        """Annotate each activity with the name and rank of the quadrant its position falls in."""
        quadrant = Quadrant.objects.filter(
            active=OuterRef("on_active_side"), embedded=OuterRef("on_embedded_side")
        )
        return self.annotate(
            on_active_side=ExpressionWrapper(Q(activeness__gte=0.5), output_field=BooleanField()),
            on_embedded_side=ExpressionWrapper(
                Q(embeddedness__gte=0.5), output_field=BooleanField()
            ),
            quadrant_name=Subquery(quadrant.values("name")[:1]),
            quadrant_rank=Subquery(quadrant.values("rank")[:1]),
        )


class ActivityManager(SlugNaturalKeyManager.from_queryset(ActivityQuerySet)):
    pass


class Activity(models.Model):
    slug = models.SlugField(unique=True, help_text="Stable identifier used in exports")
    name = models.CharField(
        max_length=255,
        help_text="The 2017 report's own wording; the report's method section cites it",
    )
    question = models.CharField(
        max_length=300,
        blank=True,
        help_text=(
            "The question people answer, in plain words to “you” and “your organisation” "
            "(the name is used where this is empty)"
        ),
    )
    is_one_off = models.BooleanField(
        "done once, then in place",
        default=False,
        help_text=(
            "Something agreed or set up once (a charter, a standard, a post): asked "
            "whether it is in place and used, not how often it is done"
        ),
    )
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="activities")
    activeness = models.DecimalField(
        max_digits=4,
        decimal_places=3,
        validators=POSITION_VALIDATORS,
        help_text="0 = fully passive … 1 = fully active (0.5 is the boundary)",
    )
    embeddedness = models.DecimalField(
        max_digits=4,
        decimal_places=3,
        validators=POSITION_VALIDATORS,
        help_text="0 = isolated episode … 1 = normal practice (0.5 is the boundary)",
    )
    national_2017_pct = models.PositiveSmallIntegerField(
        "2017 national figure (%)", null=True, blank=True, validators=PERCENT_VALIDATORS
    )
    national_2017_note = models.CharField(
        "2017 national figure: what it counts", max_length=255, blank=True
    )
    typical_stages = models.ManyToManyField(
        CommissioningStage,
        blank=True,
        related_name="typical_activities",
        help_text="Where this activity usually involves experts-by-experience (a hint only)",
    )
    is_active = models.BooleanField(
        "active",
        default=True,
        help_text="Untick to retire: hidden from new assessments, kept for answered ones",
    )

    objects = ActivityManager()

    history = HistoricalRecords()

    class Meta:
        ordering = ["category__order", "-embeddedness", "activeness", "slug"]
        verbose_name_plural = "activities"
        constraints = [
            models.CheckConstraint(
                condition=Q(activeness__gte=0, activeness__lte=1),
                name="activity_activeness_0_1",
                violation_error_message="Activeness must be between 0 and 1",
            ),
            models.CheckConstraint(
                condition=Q(embeddedness__gte=0, embeddedness__lte=1),
                name="activity_embeddedness_0_1",
                violation_error_message="Embeddedness must be between 0 and 1",
            ),
            models.CheckConstraint(
                condition=Q(national_2017_pct__isnull=True) | Q(national_2017_pct__lte=100),
                name="activity_pct_at_most_100",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def natural_key(self) -> tuple[str]:
        return (self.slug,)

    @property
    def is_active_side(self) -> bool:
        return self.activeness >= 0.5

    @property
    def is_embedded_side(self) -> bool:
        return self.embeddedness >= 0.5

    @property
    def quadrant_slug(self) -> str:
        return quadrant_slug_for(self.activeness >= 0.5, self.embeddedness >= 0.5)


def quadrant_slug_for(active: bool, embedded: bool) -> str:
    return f"{'active' if active else 'passive'}-{'embedded' if embedded else 'isolated'}"


class ServiceArea(models.Model):
    slug = models.SlugField(unique=True)
    name = models.CharField(max_length=255)
    order = models.PositiveSmallIntegerField()
    national_2017_pct = models.PositiveSmallIntegerField(
        "2017 national figure (%)",
        validators=PERCENT_VALIDATORS,
        help_text="Share of CCGs giving good-practice examples in this area",
    )

    objects = SlugNaturalKeyManager()

    history = HistoricalRecords()

    class Meta:
        ordering = ["order"]

    def __str__(self) -> str:
        return self.name

    def natural_key(self) -> tuple[str]:
        return (self.slug,)


class NationalFinding(models.Model):
    slug = models.SlugField(unique=True)
    order = models.PositiveSmallIntegerField()
    pct = models.PositiveSmallIntegerField("percentage", validators=PERCENT_VALIDATORS)
    text = models.CharField(max_length=255, help_text="Reads after the percentage")

    objects = SlugNaturalKeyManager()

    history = HistoricalRecords()

    class Meta:
        ordering = ["order"]

    def __str__(self) -> str:
        return f"{self.pct}% {self.text}"

    def natural_key(self) -> tuple[str]:
        return (self.slug,)


class Barrier(models.Model):
    slug = models.SlugField(unique=True)
    name = models.CharField(max_length=255)
    order = models.PositiveSmallIntegerField()

    objects = SlugNaturalKeyManager()

    history = HistoricalRecords()

    class Meta:
        ordering = ["order"]

    def __str__(self) -> str:
        return self.name

    def natural_key(self) -> tuple[str]:
        return (self.slug,)


class BarrierQuote(models.Model):
    barrier = models.ForeignKey(Barrier, on_delete=models.CASCADE, related_name="quotes")
    order = models.PositiveSmallIntegerField(default=0)
    text = models.TextField(help_text=f"What a CCG said, quoted in {SHORT_ATTRIBUTION}")

    objects = CatalogueManager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["barrier__order", "order", "pk"]

    def __str__(self) -> str:
        return self.text


class CaseStudy(models.Model):
    slug = models.SlugField(unique=True)
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="case_studies")
    title = models.CharField(max_length=255)
    source = models.CharField(max_length=255)
    text = models.TextField(help_text=f"Quoted from {SHORT_ATTRIBUTION}")

    objects = SlugNaturalKeyManager()

    history = HistoricalRecords()

    class Meta:
        ordering = ["category__order", "title"]
        verbose_name_plural = "case studies"

    def __str__(self) -> str:
        return self.title

    def natural_key(self) -> tuple[str]:
        return (self.slug,)


#: What a ledger entry can show about a principle (``Principle.ledger_fields``): any entry
#: at all is something heard; the others are entries with that field filled or that
#: status reached. The ledger (assessments/ledger) reads the same keys.
LEDGER_EVIDENCE = {
    "heard": "Something people with lived experience said, recorded",
    "people-count": "How many people said it",
    "stage": "The commissioning stage it informed",
    "service-area": "The service area it was about",
    "acted-on": "Acted on: a decision or a service changed",
    "decision-changed": "A decision changed",
    "service-changed": "A service changed",
    "not-acted-on": "Not acted on, with the reason",
    "fed-back": "Fed back to the people who said it",
    "co-design-project": "Came from a co-design project",
}


class Principle(models.Model):
    """A principle an organisation's involvement is held to: the ten of NHS England's
    2022 statutory guidance and NSUN's 4Pi standards. Each is mapped to the Grid's
    activities and categories, and to the ledger fields, that evidence it; an answer or
    an entry that matches is evidence found, never a verdict of compliance."""

    class Framework(models.TextChoices):
        STATUTORY_2022 = (
            "statutory-2022",
            "Working in partnership with people and communities (2022)",
        )
        NSUN_4PI = "nsun-4pi", "NSUN 4Pi National Involvement Standards"

    slug = models.SlugField(unique=True, help_text="Stable identifier used in exports")
    framework = models.CharField(max_length=20, choices=Framework.choices)
    order = models.PositiveSmallIntegerField()
    name = models.CharField(max_length=255)
    description = models.TextField(help_text="What the principle asks, in plain words")
    source = models.CharField(max_length=255)
    activities = models.ManyToManyField(Activity, blank=True, related_name="principles")
    categories = models.ManyToManyField(Category, blank=True, related_name="principles")
    ledger_fields = models.JSONField(
        default=list,
        blank=True,
        help_text="Ledger evidence keys: " + ", ".join(LEDGER_EVIDENCE),
    )

    objects = SlugNaturalKeyManager()

    history = HistoricalRecords(m2m_fields=[activities, categories])

    class Meta:
        ordering = ["framework", "order"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "order"], name="one_principle_a_place"),
        ]

    def __str__(self) -> str:
        return self.name

    def natural_key(self) -> tuple[str]:
        return (self.slug,)

    def clean(self) -> None:
        unknown = [key for key in self.ledger_fields or [] if key not in LEDGER_EVIDENCE]
        if unknown:
            raise ValidationError(
                {"ledger_fields": f"Choose ledger evidence from the list, not {', '.join(unknown)}"}
            )


class CatalogueVersion(models.Model):
    """One row whose token changes whenever any catalogue row changes (signals in
    ``coprod_grid/catalogue.py``), so every app process can keep the catalogue in memory
    and know, with one tiny query, when to read it again."""

    token = models.CharField(max_length=32)
    changed_at = models.DateTimeField()

    class Meta:
        verbose_name = "catalogue version"

    def __str__(self) -> str:
        return f"Catalogue version {self.token} of {self.changed_at:%d %B %Y %H:%M}"


def catalogue_changed(action: str = "", **_signal_arguments: Any) -> None:
    """Give the catalogue a new token: a signal receiver for every catalogue model
    (``coprod_grid/catalogue.py`` connects it), called by the bulk writes above, and
    to be called after raw SQL."""
    if action.startswith("pre_"):  # m2m_changed fires before and after; after will do
        return
    token, now = uuid.uuid4().hex, timezone.now()
    if not CatalogueVersion.objects.filter(pk=1).update(token=token, changed_at=now):
        CatalogueVersion.objects.update_or_create(
            pk=1, defaults={"token": token, "changed_at": now}
        )
    from .catalogue import forget_request_token  # catalogue.py imports this module

    forget_request_token()
