"""The lenses of a submitted assessment, cached: they change only when a member sends
or withdraws a rating, an answer is agreed or removed, or the lead changes the panel's
settings, and ``comparison.panel_token`` (in the key) changes with each of those. A
draft's lenses are computed each time: its answers, the positions the ratings are
scored at, may change at any moment."""

from __future__ import annotations

from collections.abc import Sequence

from django.core.cache import cache

from coprod_grid import catalogue

from ..models import Answer, Assessment
from ..results.cache import EXPORT_TIMEOUT, submitted_key
from .comparison import (
    Lenses,
    lenses_of,
    panel_lenses_for,
    panel_of,
    panel_token,
    panel_with_state,
    panels_with_state,
)
from .lenses import PanelLens


def lenses_cached(assessment: Assessment, answers: Sequence[Answer] | None = None) -> Lenses | None:
    """``answers``: the commissioners', if the caller has read them already."""
    if not assessment.is_submitted:
        return lenses_of(assessment, answers=answers)
    panel = panel_with_state(assessment)
    if panel is None:
        return None
    token = panel_token(panel)
    key = submitted_key(assessment, "lenses", catalogue.catalogue_token(), token)
    found = cache.get(key)
    if found is None:
        found = lenses_of(assessment, answers=answers, panel=panel)
        cache.set(key, found, EXPORT_TIMEOUT)
    return found


def panel_lenses_cached(
    assessments: Sequence[Assessment], stages: Sequence[str]
) -> dict[int, PanelLens]:
    """The panel's view of each of several assessments (the dashboard's latest ones,
    read with their panels): one query for their panels' state, then from the cache,
    computing only what is not there (``comparison.panel_lenses_for``)."""
    with_panel = {a.pk: a for a in assessments if panel_of(a) is not None}
    if not with_panel:
        return {}
    token = catalogue.catalogue_token()
    keys = {
        panel.pk: submitted_key(with_panel[panel.pk], "panel-lens", token, panel_token(panel))
        for panel in panels_with_state().filter(assessment__in=list(with_panel))
    }
    found = cache.get_many([key for key in keys.values() if key])
    views = {pk: found[key] for pk, key in keys.items() if key in found}
    missing = [with_panel[pk] for pk in keys if pk not in views]
    if missing:
        computed = panel_lenses_for(missing, stages)
        views |= computed
        cache.set_many(
            {keys[pk]: view for pk, view in computed.items() if keys[pk]}, EXPORT_TIMEOUT
        )
    return views
