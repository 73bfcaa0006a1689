"""The two lenses for people: one row per result (commissioners', panel's, agreed) in
whole numbers and quadrant names, as the results page, the report and the panel's
pages show them. Plain objects; templates only present them."""

from __future__ import annotations

from dataclasses import dataclass

from coprod_grid.grid.grid_terms import QUADRANT_NAMES

from ..models import Frequency
from ..results import scoring
from . import lenses
from .comparison import Lenses
from .models import Panel

#: How the commissioners' answers are named beside the panel's counts.
FREQUENCY_LABELS = {
    "none": "Not at the moment",
    "occasional": "Occasionally",
    "routine": "Routinely",
}


def counts_phrase(counts: dict[str, int]) -> str:
    """The panel's answers to one activity: "Not at the moment 1 · Occasionally 3"."""
    return " · ".join(
        f"{FREQUENCY_LABELS[value]} {counts.get(value, 0)}" for value in Frequency.values
    )


@dataclass(frozen=True)
class LensRow:
    key: str  # "commissioners", "panel" or "agreed"
    name: str
    activeness: int | None
    embeddedness: int | None
    quadrant_name: str
    note: str
    headline: bool


def _percent(value: float | None) -> int | None:
    return None if value is None else scoring.as_percent(value)


def _quadrant(slug: str | None, empty: str) -> str:
    return QUADRANT_NAMES[slug] if slug else empty


def raters_phrase(raters: int) -> str:
    return f"{raters} {'member has' if raters == 1 else 'members have'} rated"


def waiting_phrase(raters: int) -> str:
    """Why the panel's view is not shown yet, and how many have rated so far."""
    return (
        f"{raters_phrase(raters).capitalize()} so far. The panel's view is shown once at "
        f"least {lenses.THRESHOLD} have, so that nobody can be identified."
    )


def lens_rows(found: Lenses) -> list[LensRow]:
    headline = found.headline
    commissioners = found.commissioners
    panel = found.panel
    rows = [
        LensRow(
            key="commissioners",
            name="Commissioners' view",
            activeness=_percent(commissioners.activeness),
            embeddedness=_percent(commissioners.embeddedness),
            quadrant_name=_quadrant(commissioners.quadrant, "No involvement recorded"),
            note="The commissioners' answers",
            headline=headline == Panel.Headline.COMMISSIONERS,
        ),
        LensRow(
            key="panel",
            name="Panel's view",
            activeness=_percent(panel.activeness) if panel.shown else None,
            embeddedness=_percent(panel.embeddedness) if panel.shown else None,
            quadrant_name=_quadrant(panel.quadrant, "Not shown yet"),
            note=(
                f"The middle (median) of {panel.raters} members' ratings"
                if panel.shown
                else waiting_phrase(panel.raters)
            ),
            headline=False,
        ),
    ]
    agreed = found.agreed
    if agreed is not None:
        count = len(found.agreed_answers)
        rows.append(
            LensRow(
                key="agreed",
                name="Agreed view",
                activeness=_percent(agreed.activeness),
                embeddedness=_percent(agreed.embeddedness),
                quadrant_name=_quadrant(agreed.quadrant, "No involvement recorded"),
                note=(
                    f"{count} {'answer' if count == 1 else 'answers'} agreed with the panel; "
                    "the commissioners' answers for the rest"
                ),
                headline=headline == Panel.Headline.AGREED,
            )
        )
    return rows


def headline_phrase(found: Lenses) -> str:
    if found.headline == Panel.Headline.AGREED:
        return "The headline shows the agreed view: the answers agreed with the panel."
    return "The headline shows the commissioners' view: their own answers."


def agreed_headline_quadrant(found: Lenses | None, quadrants):
    """The agreed result's quadrant (from the catalogue's ``quadrants``) when the lead
    made the agreed view the headline, else None: the page then leads with it."""
    if found is None or found.headline != Panel.Headline.AGREED or not found.agreed.quadrant:
        return None
    return next((q for q in quadrants if q.slug == found.agreed.quadrant), None)
