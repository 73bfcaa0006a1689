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
from .comparison import Lenses, lenses_of, panel_token, panel_with_state


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
