"""The catalogue in memory: read once per process, read again only when it changes.

Every questionnaire, results and Grid page needs the catalogue (eight categories, 29
activities with their stages, discussion points, case studies, national figures), and
reading it through the ORM cost more than the rest of those pages together. It changes
only when an admin edits it, so each app process keeps what it read, labelled with the
token of ``CatalogueVersion``; a page asks for the token (one indexed single-row query)
and reads the catalogue again only when the token is not the one it has.

Any save or delete of a catalogue row, a change to an activity's typical stages, or a
bulk ``update``/``bulk_create``/``bulk_update`` (``models.CatalogueQuerySet``) writes a
new random token (``models.catalogue_changed``) in the same transaction: committed with
the change, gone with it on a rollback, and never reused, so a process cannot mistake
an old catalogue for the current one. Raw SQL must call :func:`catalogue_changed`; a
deployment starts processes afresh.

What a memoised function returns is shared by every request in the process: callers
treat it as read-only.
"""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any, TypeVar

from django.db.models.signals import m2m_changed, post_delete, post_save

from . import models
from .models import catalogue_changed

T = TypeVar("T")

CATALOGUE_MODELS = (
    models.Quadrant,
    models.Category,
    models.DiscussionPoint,
    models.CommissioningStage,
    models.Activity,
    models.ServiceArea,
    models.NationalFinding,
    models.Barrier,
    models.BarrierQuote,
    models.CaseStudy,
    models.Principle,
)

_memo: dict[Callable[..., Any], tuple[str, Any]] = {}


# Within one request the token is read once: a page asks several memoised functions
# for parts of the catalogue, and each used to read the token again. Outside a request
# (commands, background work, tests calling functions) every call reads it.
_NOT_IN_A_REQUEST, _NOT_READ = object(), object()
_request_token: ContextVar[Any] = ContextVar("catalogue_token", default=_NOT_IN_A_REQUEST)


def catalogue_token() -> str | None:
    """The current catalogue's token, or None if there is none yet (an emptied table)."""
    held = _request_token.get()
    if held is not _NOT_IN_A_REQUEST and held is not _NOT_READ:
        return held
    token = models.CatalogueVersion.objects.filter(pk=1).values_list("token", flat=True).first()
    if held is _NOT_READ:
        _request_token.set(token)
    return token


def forget_request_token() -> None:
    """The catalogue changed during this request (an admin's save): read it again."""
    if _request_token.get() is not _NOT_IN_A_REQUEST:
        _request_token.set(_NOT_READ)


class CatalogueTokenMiddleware:
    """Holds the catalogue's token for the length of one request."""

    def __init__(self, get_response: Callable) -> None:
        self.get_response = get_response

    def __call__(self, request):
        reset = _request_token.set(_NOT_READ)
        try:
            return self.get_response(request)
        finally:
            _request_token.reset(reset)


def memoised_by_catalogue(function: Callable[[], T]) -> Callable[[], T]:
    """Memoise a function of the catalogue alone, per process, until the catalogue
    changes."""

    @functools.wraps(function)
    def wrapper() -> T:
        token = catalogue_token()
        if token is None:
            return function()
        memoised = _memo.get(function)
        if memoised is not None and memoised[0] == token:
            return memoised[1]
        value = function()
        _memo[function] = (token, value)
        return value

    return wrapper


def forget_catalogue() -> None:
    """Drop everything memoised (tests that change the catalogue behind the ORM's back)."""
    _memo.clear()


@memoised_by_catalogue
def quadrants() -> tuple[models.Quadrant, ...]:
    return tuple(models.Quadrant.objects.all())


@memoised_by_catalogue
def commissioning_stages() -> tuple[models.CommissioningStage, ...]:
    return tuple(models.CommissioningStage.objects.all())


@memoised_by_catalogue
def active_activities() -> tuple[models.Activity, ...]:
    """Active activities in catalogue order, each with its category."""
    return tuple(models.Activity.objects.active().select_related("category"))


@dataclass(frozen=True)
class CataloguePrinciple:
    """A principle as pages read it: its words and the slugs and ledger keys mapped to
    it (``models.Principle``). Frozen, as the memo shares it between requests."""

    slug: str
    framework: str
    framework_name: str
    order: int
    name: str
    description: str
    source: str
    activities: tuple[str, ...]
    categories: tuple[str, ...]
    ledger_fields: tuple[str, ...]


@memoised_by_catalogue
def principles() -> tuple[CataloguePrinciple, ...]:
    """Every principle, the 2022 guidance's first and then each framework's in its
    order, with its activities (retired ones too: a submitted assessment may have
    answered them) in catalogue order: three queries."""
    activities, categories = defaultdict(list), defaultdict(list)
    activity_order = [
        f"-activity__{field[1:]}" if field.startswith("-") else f"activity__{field}"
        for field in models.Activity._meta.ordering
    ]
    for principle_id, slug in models.Principle.activities.through.objects.order_by(
        *activity_order
    ).values_list("principle_id", "activity__slug"):
        activities[principle_id].append(slug)
    for principle_id, slug in models.Principle.categories.through.objects.order_by(
        "category__order", "category__slug"
    ).values_list("principle_id", "category__slug"):
        categories[principle_id].append(slug)
    frameworks = list(models.Principle.Framework)
    rows = sorted(
        models.Principle.objects.all(),
        key=lambda principle: (frameworks.index(principle.framework), principle.order),
    )
    return tuple(
        CataloguePrinciple(
            slug=principle.slug,
            framework=principle.framework,
            framework_name=principle.get_framework_display(),
            order=principle.order,
            name=principle.name,
            description=principle.description,
            source=principle.source,
            activities=tuple(activities[principle.pk]),
            categories=tuple(categories[principle.pk]),
            ledger_fields=tuple(principle.ledger_fields or ()),
        )
        for principle in rows
    )


def connect_signals() -> None:
    for model in CATALOGUE_MODELS:
        post_save.connect(catalogue_changed, sender=model, dispatch_uid=f"catalogue-save-{model}")
        post_delete.connect(
            catalogue_changed, sender=model, dispatch_uid=f"catalogue-delete-{model}"
        )
    m2m_changed.connect(
        catalogue_changed,
        sender=models.Activity.typical_stages.through,
        dispatch_uid="catalogue-typical-stages",
    )
    for relation in (models.Principle.activities, models.Principle.categories):
        m2m_changed.connect(
            catalogue_changed,
            sender=relation.through,
            dispatch_uid=f"catalogue-principle-{relation.field.name}",
        )
