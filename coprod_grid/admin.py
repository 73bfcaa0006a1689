"""Django admin for the Grid catalogue, for the people at Rethink and the NHS who curate it.

Slugs are stable identifiers (fixtures, exports and submitted snapshots use them), so they
can be set when a row is added but are read-only afterwards. Activities are never deleted:
answers will reference them with ``on_delete=PROTECT``, so curators retire them instead.
The quadrants are the four fixed corners of the Grid: their wording can change, their
position cannot, and none can be added or removed.
"""

from decimal import Decimal

from django import forms
from django.contrib import admin, messages
from django.db import models
from django.db.models import BooleanField, Count, ExpressionWrapper, OuterRef, Q, QuerySet, Subquery
from django.http import HttpRequest
from django.utils.html import format_html
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    SHORT_ATTRIBUTION,
    SOURCE_ATTRIBUTION,
    Activity,
    Barrier,
    BarrierQuote,
    CaseStudy,
    Category,
    CommissioningStage,
    DiscussionPoint,
    NationalFinding,
    Quadrant,
    ServiceArea,
)

admin.site.site_header = "Co-production Grid administration"
admin.site.site_title = "Co-production Grid administration"
admin.site.index_title = "Catalogue and accounts"
# The catalogue has few models; the changelists need the width more than a sidebar does.
admin.site.enable_nav_sidebar = False

# Where a position crosses from one half of the Grid to the other.
BOUNDARY = Decimal("0.5")

ATTRIBUTION_NOTE = (
    f"Quoted texts and 2017 figures are from {SOURCE_ATTRIBUTION}. "
    "Correct a typing slip here, but keep the wording faithful to the report."
)
SLUG_HELP = (
    "A short stable identifier (lower-case letters, digits and hyphens) used in exports "
    "and saved assessments. It is suggested as you type and cannot be changed after saving."
)


class StableSlugMixin:
    """Suggest the slug from the name on add; make it read-only once saved."""

    slug_source: tuple[str, ...] = ("name",)

    def get_prepopulated_fields(self, request: HttpRequest, obj=None) -> dict:
        # A read-only field cannot be prepopulated (the admin would look for it in the form).
        return {} if obj is not None else {"slug": self.slug_source}

    def get_readonly_fields(self, request: HttpRequest, obj=None) -> tuple[str, ...]:
        readonly = tuple(super().get_readonly_fields(request, obj))
        return (*readonly, "slug") if obj is not None else readonly

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == "slug" and formfield is not None:
            formfield.help_text = SLUG_HELP
        return formfield


class CatalogueAdmin(SimpleHistoryAdmin):
    """Base for every catalogue admin: long one-line texts get a wide box."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        long_line = (
            isinstance(db_field, models.CharField)
            and not isinstance(db_field, models.SlugField)
            and (db_field.max_length or 0) >= 100
        )
        if long_line and formfield is not None:
            # The admin's own wide-input class: no inline style, which the CSP would block.
            formfield.widget.attrs["class"] = "vLargeTextField"
        return formfield


def _short(text: str, length: int = 90) -> str:
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


# Category ---------------------------------------------------------------------------------


class DiscussionPointForm(forms.ModelForm):
    class Meta:
        model = DiscussionPoint
        fields = ["order", "text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 2, "cols": 80})}
        help_texts = {
            "order": "Position in the list for this category (1 first)",
            "text": f"A question for discussion, from {SHORT_ATTRIBUTION}",
        }


class DiscussionPointInline(admin.TabularInline):
    model = DiscussionPoint
    form = DiscussionPointForm
    extra = 0
    ordering = ["order", "pk"]
    verbose_name_plural = f"Discussion points, from {SHORT_ATTRIBUTION}"


class CaseStudyInline(admin.TabularInline):
    """Case studies are edited on their own page; the category just lists them."""

    model = CaseStudy
    fields = ["title", "source"]
    readonly_fields = ["title", "source"]
    extra = 0
    show_change_link = True
    can_delete = False
    verbose_name_plural = "Case studies in this category (open one to edit it)"

    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


@admin.register(Category)
class CategoryAdmin(StableSlugMixin, CatalogueAdmin):
    list_display = ["order", "name", "colour_code", "activity_count", "case_study_count"]
    list_display_links = ["name"]
    ordering = ["order", "name"]
    search_fields = ["name", "slug", "introduction"]
    inlines = [DiscussionPointInline, CaseStudyInline]
    fieldsets = [
        (None, {"fields": ["name", "slug", "order", "colour"]}),
        ("The Grid's introduction", {"fields": ["introduction"], "description": ATTRIBUTION_NOTE}),
    ]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Category]:
        return (
            super()
            .get_queryset(request)
            .annotate(
                num_activities=Count("activities", distinct=True),
                num_case_studies=Count("case_studies", distinct=True),
            )
        )

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == "colour" and formfield is not None:
            formfield.help_text = (
                "Used for this category's dots on the Grid chart, as # and six hexadecimal "
                "digits, like #E69F00. Keep it distinct from the other categories."
            )
        elif db_field.name == "order" and formfield is not None:
            formfield.help_text = "Position among the categories (1 first)"
        return formfield

    @admin.display(description="Colour", ordering="colour")
    def colour_code(self, obj: Category) -> str:
        # Shown as text: the site's Content-Security-Policy forbids inline style attributes.
        return format_html("<code>{}</code>", obj.colour.upper())

    @admin.display(description="Activities", ordering="num_activities")
    def activity_count(self, obj: Category) -> int:
        return obj.num_activities

    @admin.display(description="Case studies", ordering="num_case_studies")
    def case_study_count(self, obj: Category) -> int:
        return obj.num_case_studies


# Activity ---------------------------------------------------------------------------------


def with_quadrant(queryset: QuerySet[Activity]) -> QuerySet[Activity]:
    """Annotate each activity with the name and rank of the quadrant its position falls in."""
    quadrant = Quadrant.objects.filter(
        active=OuterRef("on_active_side"), embedded=OuterRef("on_embedded_side")
    )
    return queryset.annotate(
        on_active_side=ExpressionWrapper(Q(activeness__gte=BOUNDARY), output_field=BooleanField()),
        on_embedded_side=ExpressionWrapper(
            Q(embeddedness__gte=BOUNDARY), output_field=BooleanField()
        ),
        quadrant_name=Subquery(quadrant.values("name")[:1]),
        quadrant_rank=Subquery(quadrant.values("rank")[:1]),
    )


class QuadrantListFilter(admin.SimpleListFilter):
    title = "quadrant"
    parameter_name = "quadrant"

    def lookups(self, request: HttpRequest, model_admin) -> list[tuple[str, str]]:
        return [(q.slug, q.name) for q in Quadrant.objects.order_by("rank")]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Activity]):
        value = self.value()
        if value is None:
            return queryset
        halves = {
            "active-embedded": (True, True),
            "active-isolated": (True, False),
            "passive-embedded": (False, True),
            "passive-isolated": (False, False),
        }
        if value not in halves:
            return queryset.none()
        active, embedded = halves[value]
        active_q = Q(activeness__gte=BOUNDARY) if active else Q(activeness__lt=BOUNDARY)
        embedded_q = Q(embeddedness__gte=BOUNDARY) if embedded else Q(embeddedness__lt=BOUNDARY)
        return queryset.filter(active_q, embedded_q)


class StatusListFilter(admin.SimpleListFilter):
    title = "status"
    parameter_name = "status"

    def lookups(self, request: HttpRequest, model_admin) -> list[tuple[str, str]]:
        return [("active", "Active"), ("retired", "Retired")]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Activity]):
        if self.value() == "active":
            return queryset.filter(is_active=True)
        if self.value() == "retired":
            return queryset.filter(is_active=False)
        return queryset


def _set_active(queryset: QuerySet[Activity], *, active: bool) -> int:
    """Saved one by one, not with update(), so each retirement is in the history."""
    activities = list(queryset)
    for activity in activities:
        activity.is_active = active
        activity.save(update_fields=["is_active"])
    return len(activities)


@admin.register(Activity)
class ActivityAdmin(StableSlugMixin, CatalogueAdmin):
    list_display = [
        "name",
        "category_name",
        "activeness",
        "embeddedness",
        "quadrant",
        "national_figure",
        "status",
    ]
    list_filter = [StatusListFilter, QuadrantListFilter, "category"]
    list_select_related = ["category"]
    search_fields = ["name", "slug"]
    ordering = ["category__order", "-embeddedness", "activeness", "slug"]
    list_per_page = 50
    filter_horizontal = ["typical_stages"]
    actions = ["retire", "reinstate"]
    readonly_fields = ["quadrant"]
    fieldsets = [
        (None, {"fields": ["name", "slug", "category"]}),
        (
            "Position on the Grid",
            {
                "fields": ["activeness", "embeddedness", "quadrant"],
                "description": (
                    "Where the activity sits on the Grid, each from 0 to 1. Activeness is "
                    "across (passive to active), embeddedness is up (isolated to embedded); "
                    "0.5 or more puts it in the active or embedded half. Moving an activity "
                    "changes the scores of assessments that are still drafts."
                ),
            },
        ),
        (
            "National figure (2017)",
            {
                "fields": ["national_2017_pct", "national_2017_note"],
                "description": (
                    f"From {SOURCE_ATTRIBUTION}. Leave both blank when the report gives no "
                    "figure for this activity."
                ),
            },
        ),
        ("Commissioning stages", {"fields": ["typical_stages"]}),
        (
            "Status",
            {
                "fields": ["is_active"],
                "description": (
                    "Activities are never deleted, because saved assessments refer to them. "
                    "Untick “active” to retire one: it disappears from new assessments."
                ),
            },
        ),
    ]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Activity]:
        return with_quadrant(super().get_queryset(request))

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == "national_2017_note" and formfield is not None:
            formfield.help_text = (
                "What the percentage counts, as it reads after the number "
                "(for example “involve experts-by-experience through advisory forums”)"
            )
        return formfield

    @admin.display(description="Quadrant", ordering="quadrant_rank")
    def quadrant(self, obj: Activity) -> str:
        if obj.pk is None:
            return "Worked out from the position when you save"
        name = getattr(obj, "quadrant_name", None)
        return name or obj.quadrant_slug.replace("-", " and ").capitalize()

    @admin.display(description="Category", ordering="category__order")
    def category_name(self, obj: Activity) -> str:
        # A method rather than the foreign key itself, so long names wrap (the admin does
        # not wrap foreign-key columns) and sorting follows the Grid's category order.
        return obj.category.name

    @admin.display(description="2017 %", ordering="national_2017_pct")
    def national_figure(self, obj: Activity) -> str:
        return "—" if obj.national_2017_pct is None else f"{obj.national_2017_pct}%"

    @admin.display(description="Status", ordering="-is_active")
    def status(self, obj: Activity) -> str:
        return "Active" if obj.is_active else "Retired"

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    @admin.action(description="Retire selected activities", permissions=["change"])
    def retire(self, request: HttpRequest, queryset: QuerySet[Activity]) -> None:
        count = _set_active(queryset.filter(is_active=True), active=False)
        self.message_user(
            request,
            f"Retired {count} {'activity' if count == 1 else 'activities'}. "
            "They no longer appear in new assessments.",
            messages.SUCCESS,
        )

    @admin.action(description="Reinstate selected activities", permissions=["change"])
    def reinstate(self, request: HttpRequest, queryset: QuerySet[Activity]) -> None:
        count = _set_active(queryset.filter(is_active=False), active=True)
        self.message_user(
            request,
            f"Reinstated {count} {'activity' if count == 1 else 'activities'}.",
            messages.SUCCESS,
        )


# Quadrant ---------------------------------------------------------------------------------


@admin.register(Quadrant)
class QuadrantAdmin(CatalogueAdmin):
    list_display = ["rank", "name", "active", "embedded", "short_description"]
    list_display_links = ["name"]
    ordering = ["rank"]
    fieldsets = [
        (None, {"fields": ["name", "slug", "active", "embedded", "rank"]}),
        ("What the Grid says", {"fields": ["description"], "description": ATTRIBUTION_NOTE}),
    ]

    def get_readonly_fields(self, request: HttpRequest, obj=None) -> tuple[str, ...]:
        # Which corner a quadrant is, and its slug, are fixed; scoring depends on them.
        return ("slug", "active", "embedded", "rank") if obj is not None else ()

    def has_add_permission(self, request: HttpRequest) -> bool:
        # The Grid has exactly four quadrants, one per pair of halves.
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    @admin.display(description="Description")
    def short_description(self, obj: Quadrant) -> str:
        return _short(obj.description)


# Commissioning stages, service areas, national findings ------------------------------------


@admin.register(CommissioningStage)
class CommissioningStageAdmin(StableSlugMixin, CatalogueAdmin):
    list_display = ["order", "name", "national_2017_pct", "examples"]
    list_display_links = ["name"]
    ordering = ["order"]
    search_fields = ["name", "slug", "examples"]
    fieldsets = [
        (None, {"fields": ["name", "slug", "order", "examples"]}),
        (
            "National figure (2017)",
            {"fields": ["national_2017_pct"], "description": ATTRIBUTION_NOTE},
        ),
    ]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == "examples" and formfield is not None:
            formfield.help_text = "What this stage covers, shown beside its name"
        elif db_field.name == "order" and formfield is not None:
            formfield.help_text = "Position in the commissioning cycle (1 first)"
        return formfield


@admin.register(ServiceArea)
class ServiceAreaAdmin(StableSlugMixin, CatalogueAdmin):
    list_display = ["order", "name", "national_2017_pct"]
    list_display_links = ["name"]
    ordering = ["order"]
    search_fields = ["name", "slug"]
    fieldsets = [
        (None, {"fields": ["name", "slug", "order"]}),
        (
            "National figure (2017)",
            {"fields": ["national_2017_pct"], "description": ATTRIBUTION_NOTE},
        ),
    ]


@admin.register(NationalFinding)
class NationalFindingAdmin(StableSlugMixin, CatalogueAdmin):
    slug_source = ("text",)
    list_display = ["order", "__str__"]
    list_display_links = ["__str__"]
    ordering = ["order"]
    search_fields = ["text", "slug"]
    fieldsets = [
        (None, {"fields": ["slug", "order"]}),
        ("The finding", {"fields": ["pct", "text"], "description": ATTRIBUTION_NOTE}),
    ]


# Barriers ---------------------------------------------------------------------------------


class BarrierQuoteForm(forms.ModelForm):
    class Meta:
        model = BarrierQuote
        fields = ["order", "text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 2, "cols": 80})}
        help_texts = {"order": "Position in the list for this barrier (1 first)"}


class BarrierQuoteInline(admin.TabularInline):
    model = BarrierQuote
    form = BarrierQuoteForm
    extra = 0
    ordering = ["order", "pk"]
    verbose_name = "quote"
    verbose_name_plural = f"What CCGs said, quoted in {SHORT_ATTRIBUTION}"


@admin.register(Barrier)
class BarrierAdmin(StableSlugMixin, CatalogueAdmin):
    list_display = ["order", "name", "quote_count"]
    list_display_links = ["name"]
    ordering = ["order"]
    search_fields = ["name", "slug", "quotes__text"]
    inlines = [BarrierQuoteInline]
    fieldsets = [
        (None, {"fields": ["name", "slug", "order"], "description": ATTRIBUTION_NOTE}),
    ]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Barrier]:
        return super().get_queryset(request).annotate(num_quotes=Count("quotes"))

    @admin.display(description="Quotes", ordering="num_quotes")
    def quote_count(self, obj: Barrier) -> int:
        return obj.num_quotes


# Case studies -----------------------------------------------------------------------------


@admin.register(CaseStudy)
class CaseStudyAdmin(StableSlugMixin, CatalogueAdmin):
    slug_source = ("title",)
    list_display = ["title", "category", "source"]
    list_filter = ["category"]
    list_select_related = ["category"]
    search_fields = ["title", "slug", "source", "text"]
    ordering = ["category__order", "title"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "category"]}),
        ("The case study", {"fields": ["source", "text"], "description": ATTRIBUTION_NOTE}),
    ]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == "source" and formfield is not None:
            formfield.help_text = "The organisation the example comes from, as the report names it"
        return formfield
