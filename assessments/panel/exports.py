"""The two lenses as data: the ``lenses`` key of the JSON export (the contract is in
issue 13 and the README). Every assessment has it, with a panel or without, so that a
reader of the export never has to ask whether the key is there.

Nothing names a member: the panel is a count, two medians and a sorted list of unnamed
positions, and below ``lenses.THRESHOLD`` raters even those are null.
"""

from __future__ import annotations

from typing import Any

from ..results import scoring
from . import lenses
from .comparison import Lenses


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def _position(score: scoring.Score | None) -> dict[str, Any] | None:
    if score is None:
        return None
    return {
        "activeness": _round(score.activeness),
        "embeddedness": _round(score.embeddedness),
        "quadrant": score.quadrant,
    }


def _panel(panel: lenses.PanelLens | None) -> dict[str, Any]:
    if panel is None or not panel.shown:
        raters = 0 if panel is None else panel.raters
        return {
            "raters": raters,
            "activeness": None,
            "embeddedness": None,
            "quadrant": None,
            "members": None,
        }
    return {
        "raters": panel.raters,
        "activeness": _round(panel.activeness),
        "embeddedness": _round(panel.embeddedness),
        "quadrant": panel.quadrant,
        "members": [[_round(x), _round(y)] for x, y in panel.members],
    }


def lenses_export(commissioners: scoring.Score, found: Lenses | None) -> dict[str, Any]:
    """``commissioners`` is the assessment's own score (the export's ``scores``), so an
    assessment without a panel still says where its commissioners place it."""
    if found is None:
        return {
            "commissioners": _position(commissioners),
            "panel": _panel(None),
            "agreed": None,
            "gap": None,
            "disagreements": [],
        }
    gap = found.gap
    return {
        "commissioners": _position(found.commissioners),
        "panel": _panel(found.panel),
        "agreed": _position(found.agreed),
        "gap": None
        if gap is None
        else {"activeness": _round(gap.activeness), "embeddedness": _round(gap.embeddedness)},
        "disagreements": [
            {
                "activity": item.activity,
                "commissioners": item.commissioners,
                "panel": dict(item.panel),
            }
            for item in found.disagreements
        ],
    }
