"""Django admin for the Grid catalogue, for the people at Rethink and the NHS who curate it.

Slugs are stable identifiers (fixtures, exports and submitted snapshots use them), so they
can be set when a row is added but are read-only afterwards. Activities are never deleted:
answers will reference them with ``on_delete=PROTECT``, so curators retire them instead.
The quadrants are the four fixed corners of the Grid: their wording can change, their
position cannot, and none can be added or removed.
"""

from django import forms
from django.contrib import admin, messages
from django.db import models
from django.db.models import Case, Count, QuerySet, Value, When
from django.http import HttpRequest
from django.utils.html import format_html
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    LEDGER_EVIDENCE,
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
    Principle,
    Quadrant,
    ServiceArea,
    quadrant_slug_for,
)

admin.site.site_header = admin.site.site_title = "Co-production Grid administration"
admin.site.index_title = "Catalogue and accounts"
# The catalogue has few models; the changelists need the width more than a sidebar does.
admin.site.enable_nav_sidebar = False

ATTRIBUTION_NOTE = (
    f"Quoted texts and 2017 figures are from {SOURCE_ATTRIBUTION}. "
    "Correct a typing slip here, but keep the wording faithful to the report."
)
SLUG_HELP = (
    "A short stable identifier (lower-case letters, digits and hyphens) used in exports "
    "and saved assessments. It is suggested as you type and cannot be changed after saving."
)
# The fieldset of a commissioning stage's or service area's 2017 national figure.
NATIONAL_FIGURE = (
    "National figure (2017)",
    {"fields": ["national_2017_pct"], "description": ATTRIBUTION_NOTE},
)


class CatalogueAdmin(SimpleHistoryAdmin):
    """Base for every catalogue admin. The slug is suggested from ``slug_source`` (if any) on
    add and read-only once saved; the fields named in ``field_help_texts`` get that help
    text; long one-line texts get a wide box."""

    slug_source: tuple[str, ...] = ("name",)
    field_help_texts: dict[str, str] = {}
    # Annotations the changelist shows or sorts by, added to every queryset of the admin.
    annotations: dict[str, models.Expression] = {}

    def get_prepopulated_fields(self, request: HttpRequest, obj=None) -> dict:
        # A read-only field cannot be prepopulated (the admin would look for it in the form).
        return {"slug": self.slug_source} if obj is None and self.slug_source else {}

    def get_readonly_fields(self, request: HttpRequest, obj=None) -> tuple[str, ...]:
        readonly = tuple(super().get_readonly_fields(request, obj))
        return (*readonly, "slug") if obj is not None else readonly

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        help_text = {"slug": SLUG_HELP, **self.field_help_texts}.get(db_field.name)
        if help_text and formfield is not None:
            formfield.help_text = help_text
        long_line = (
            isinstance(db_field, models.CharField)
            and not isinstance(db_field, models.SlugField)
            and (db_field.max_length or 0) >= 100
        )
        if long_line and formfield is not None:
            # The admin's own wide-input class: no inline style, which the CSP would block.
            formfield.widget.attrs["class"] = "vLargeTextField"
        return formfield

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).annotate(**self.annotations)


def count_column(annotation: str, description: str):
    """A changelist column showing a count the admin's ``annotations`` added."""
    display = admin.display(description=description, ordering=annotation)
    return display(lambda self, obj: getattr(obj, annotation))


def ordered_text_form(model: type[models.Model], **help_texts: str) -> type[forms.ModelForm]:
    """The form of an inline row that is a numbered text: its order and a two-line box."""
    widgets = {"text": forms.Textarea(attrs={"rows": 2, "cols": 80})}
    return forms.modelform_factory(
        model, fields=["order", "text"], widgets=widgets, help_texts=help_texts
    )


class OrderedTextInline(admin.TabularInline):
    extra = 0
    ordering = ["order", "pk"]


# Category ---------------------------------------------------------------------------------
class DiscussionPointInline(OrderedTextInline):
    model = DiscussionPoint
    form = ordered_text_form(
        DiscussionPoint,
        order="Position in the list for this category (1 first)",
        text=f"A question for discussion, from {SHORT_ATTRIBUTION}",
    )
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
class CategoryAdmin(CatalogueAdmin):
    list_display = ["order", "name", "colour_code", "activity_count", "case_study_count"]
    list_display_links = ["name"]
    ordering = ["order", "name"]
    search_fields = ["name", "slug", "introduction"]
    inlines = [DiscussionPointInline, CaseStudyInline]
    fieldsets = [
        (None, {"fields": ["name", "slug", "order", "colour"]}),
        ("The Grid's introduction", {"fields": ["introduction"], "description": ATTRIBUTION_NOTE}),
    ]
    field_help_texts = {
        "colour": (
            "Used for this category's dots on the Grid chart, as # and six hexadecimal "
            "digits, like #E69F00. Keep it distinct from the other categories."
        ),
        "order": "Position among the categories (1 first)",
    }
    annotations = {
        "num_activities": Count("activities", distinct=True),
        "num_case_studies": Count("case_studies", distinct=True),
    }
    activity_count = count_column("num_activities", "Activities")
    case_study_count = count_column("num_case_studies", "Case studies")

    @admin.display(description="Colour", ordering="colour")
    def colour_code(self, obj: Category) -> str:
        # Shown as text: the site's Content-Security-Policy forbids inline style attributes.
        return format_html("<code>{}</code>", obj.colour.upper())


# Activity ---------------------------------------------------------------------------------
POSITION_NOTE = (
    "Where the activity sits on the Grid, each from 0 to 1. Activeness is across (passive to "
    "active), embeddedness is up (isolated to embedded); 0.5 or more puts it in the active or "
    "embedded half. Moving an activity changes the scores of assessments that are still drafts."
)
FIGURE_NOTE = (
    f"From {SOURCE_ATTRIBUTION}. Leave both blank when the report gives no figure for this "
    "activity."
)
RETIRING_NOTE = (
    "Activities are never deleted, because saved assessments refer to them. Untick “active” "
    "to retire one: it disappears from new assessments."
)


class QuadrantListFilter(admin.SimpleListFilter):
    title = parameter_name = "quadrant"

    def lookups(self, request: HttpRequest, model_admin) -> list[tuple[str, str]]:
        return [(q.slug, q.name) for q in Quadrant.objects.order_by("rank")]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Activity]):
        value = self.value()
        if value is None:
            return queryset
        halves = {quadrant_slug_for(a, e): (a, e) for a in (True, False) for e in (True, False)}
        if value not in halves:
            return queryset.none()
        # The halves ActivityAdmin.get_queryset annotated, from Activity.objects.with_quadrant().
        active, embedded = halves[value]
        return queryset.filter(on_active_side=active, on_embedded_side=embedded)


class StatusListFilter(admin.SimpleListFilter):
    title = parameter_name = "status"

    def lookups(self, request: HttpRequest, model_admin) -> list[tuple[str, str]]:
        return [("active", "Active"), ("retired", "Retired")]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Activity]):
        if self.value() in ("active", "retired"):
            return queryset.filter(is_active=self.value() == "active")
        return queryset


@admin.register(Activity)
class ActivityAdmin(CatalogueAdmin):
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
    field_help_texts = {
        "national_2017_note": (
            "What the percentage counts, as it reads after the number "
            "(for example “involve experts-by-experience through advisory forums”)"
        )
    }
    fieldsets = [
        (None, {"fields": ["name", "question", "is_one_off", "slug", "category"]}),
        (
            "Position on the Grid",
            {"fields": ["activeness", "embeddedness", "quadrant"], "description": POSITION_NOTE},
        ),
        (
            "National figure (2017)",
            {"fields": ["national_2017_pct", "national_2017_note"], "description": FIGURE_NOTE},
        ),
        ("Commissioning stages", {"fields": ["typical_stages"]}),
        ("Status", {"fields": ["is_active"], "description": RETIRING_NOTE}),
    ]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Activity]:
        return super().get_queryset(request).with_quadrant()

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
        done = "Retired {}. They no longer appear in new assessments."
        self._set_active(request, queryset, active=False, done=done)

    @admin.action(description="Reinstate selected activities", permissions=["change"])
    def reinstate(self, request: HttpRequest, queryset: QuerySet[Activity]) -> None:
        self._set_active(request, queryset, active=True, done="Reinstated {}.")

    def _set_active(self, request, queryset: QuerySet[Activity], *, active: bool, done: str):
        """Saved one by one, not with update(), so each retirement is in the history."""
        activities = list(queryset.filter(is_active=not active))
        for activity in activities:
            activity.is_active = active
            activity.save(update_fields=["is_active"])
        count = len(activities)
        noun = "activity" if count == 1 else "activities"
        self.message_user(request, done.format(f"{count} {noun}"), messages.SUCCESS)


# Quadrant ---------------------------------------------------------------------------------
@admin.register(Quadrant)
class QuadrantAdmin(CatalogueAdmin):
    slug_source = ()  # Quadrants are never added, so there is no slug to suggest.
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
        text = obj.description
        return text if len(text) <= 90 else text[:89].rstrip() + "…"


# Commissioning stages, service areas, national findings ------------------------------------
@admin.register(CommissioningStage)
class CommissioningStageAdmin(CatalogueAdmin):
    list_display = ["order", "name", "national_2017_pct", "examples"]
    list_display_links = ["name"]
    ordering = ["order"]
    search_fields = ["name", "slug", "examples"]
    fieldsets = [(None, {"fields": ["name", "slug", "order", "examples"]}), NATIONAL_FIGURE]
    field_help_texts = {
        "examples": "What this stage covers, shown beside its name",
        "order": "Position in the commissioning cycle (1 first)",
    }


@admin.register(ServiceArea)
class ServiceAreaAdmin(CatalogueAdmin):
    list_display = ["order", "name", "national_2017_pct"]
    list_display_links = ["name"]
    ordering = ["order"]
    search_fields = ["name", "slug"]
    fieldsets = [(None, {"fields": ["name", "slug", "order"]}), NATIONAL_FIGURE]


@admin.register(NationalFinding)
class NationalFindingAdmin(CatalogueAdmin):
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
class BarrierQuoteInline(OrderedTextInline):
    model = BarrierQuote
    form = ordered_text_form(BarrierQuote, order="Position in the list for this barrier (1 first)")
    verbose_name = "quote"
    verbose_name_plural = f"What CCGs said, quoted in {SHORT_ATTRIBUTION}"


@admin.register(Barrier)
class BarrierAdmin(CatalogueAdmin):
    list_display = ["order", "name", "quote_count"]
    list_display_links = ["name"]
    ordering = ["order"]
    search_fields = ["name", "slug", "quotes__text"]
    inlines = [BarrierQuoteInline]
    fieldsets = [(None, {"fields": ["name", "slug", "order"], "description": ATTRIBUTION_NOTE})]
    annotations = {"num_quotes": Count("quotes")}
    quote_count = count_column("num_quotes", "Quotes")


# Case studies -----------------------------------------------------------------------------
@admin.register(CaseStudy)
class CaseStudyAdmin(CatalogueAdmin):
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
    field_help_texts = {"source": "The organisation the example comes from, as the report names it"}


# Principles -------------------------------------------------------------------------------
EVIDENCE_NOTE = (
    "What counts as evidence of this principle: an answer other than “Not at the moment” to "
    "one of these activities, or to any activity in one of these categories, and a ledger "
    "entry with any of the ledger evidence ticked. Pages show it as evidence found, never "
    "as a verdict that the principle is met."
)
# The frameworks in the order they are declared (the 2022 guidance first), not by name.
FRAMEWORK_ORDER = Case(
    *(When(framework=value, then=Value(rank)) for rank, value in enumerate(Principle.Framework)),
    default=Value(len(Principle.Framework)),
)


class PrincipleForm(forms.ModelForm):
    ledger_fields = forms.MultipleChoiceField(
        label="Ledger evidence",
        choices=list(LEDGER_EVIDENCE.items()),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="A ledger entry with any of these ticked is evidence of this principle",
    )

    class Meta:
        model = Principle
        fields = [
            "name",
            "slug",
            "framework",
            "order",
            "description",
            "source",
            "activities",
            "categories",
            "ledger_fields",
        ]

    def clean_ledger_fields(self) -> list[str]:
        # Kept in the list's order, so a saved principle reads the same however it was ticked.
        chosen = set(self.cleaned_data["ledger_fields"])
        return [key for key in LEDGER_EVIDENCE if key in chosen]


@admin.register(Principle)
class PrincipleAdmin(CatalogueAdmin):
    form = PrincipleForm
    list_display = [
        "order",
        "name",
        "framework",
        "activity_count",
        "category_count",
        "ledger_evidence",
    ]
    list_display_links = ["name"]
    list_filter = ["framework"]
    search_fields = ["name", "slug", "description"]
    ordering = [FRAMEWORK_ORDER.asc(), "order"]
    filter_horizontal = ["activities", "categories"]
    fieldsets = [
        (None, {"fields": ["name", "slug", "framework", "order"]}),
        ("What it asks", {"fields": ["description", "source"]}),
        (
            "What evidences it",
            {"fields": ["activities", "categories", "ledger_fields"], "description": EVIDENCE_NOTE},
        ),
    ]
    field_help_texts = {
        "name": "The principle's own words, as its source gives them",
        "order": "Position among its framework's principles (1 first)",
        "source": "Who published it, the year and the title",
    }
    annotations = {
        "num_activities": Count("activities", distinct=True),
        "num_categories": Count("categories", distinct=True),
    }
    activity_count = count_column("num_activities", "Activities")
    category_count = count_column("num_categories", "Categories")

    @admin.display(description="Ledger evidence")
    def ledger_evidence(self, obj: Principle) -> str:
        return ", ".join(obj.ledger_fields or []) or "—"
