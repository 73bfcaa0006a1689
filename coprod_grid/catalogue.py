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
from collections.abc import Callable
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


def catalogue_token() -> str | None:
    """The current catalogue's token, or None if there is none yet (an emptied table)."""
    return models.CatalogueVersion.objects.filter(pk=1).values_list("token", flat=True).first()


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
