"""What a Grid chart is drawn from: plain ``GridPoint``s, an optional ``PositionMarker``,
an optional ``PanelMarker``, an optional ``TrendMarker`` (the earlier years' positions)
and an optional ``PeerCloud`` (other organisations, binned), built by hand or from
catalogue activities; ``percent``, the one way a Grid position is written as a number
from 0 to 100; and ``gap_words``, the one way the gap between the commissioners' and the
panel's views is put into words.
No Django, no drawing.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Literal

from .grid_terms import quadrant_slug_at
from .symbols import svg_path, symbol_for

Style = Literal["catalogue", "faint", "routine", "occasional"]

STYLES: tuple[str, ...] = ("catalogue", "faint", "routine", "occasional")


@dataclass(frozen=True)
class GridPoint:
    """One activity on the Grid.

    ``x`` is activeness and ``y`` embeddedness, both in [0, 1]. ``number`` is the label
    drawn beside the point and should match the row of the table shown with the chart.
    """

    slug: str
    number: int
    name: str
    category_slug: str
    category_name: str
    colour: str  # "#RRGGBB", the category's colour
    x: float
    y: float
    style: Style = "catalogue"
    frontier: bool = False
    href: str = ""

    def __post_init__(self) -> None:
        if self.style not in STYLES:
            raise ValueError(f"Unknown point style {self.style!r}: use one of {STYLES}")

    @property
    def label(self) -> str:
        return str(self.number)

    @property
    def quadrant_slug(self) -> str:
        return quadrant_slug_at(self.x, self.y)

    @property
    def symbol(self) -> str:
        """The shape of its category's points on every chart (``symbols``)."""
        return symbol_for(self.colour, self.category_slug)

    @property
    def swatch_path(self) -> str:
        """That shape in a 16-unit square, for the swatch beside its category's name in
        a list or table (templates/coprod_grid/_swatch.html); empty for a circle."""
        # A triangle's points reach further than its base: centred by its height.
        cy = {"triangle-up": 8.8, "triangle-down": 7.2}.get(self.symbol, 8)
        return svg_path(self.symbol, 8, cy, 5)


@dataclass(frozen=True)
class PositionMarker:
    """The organisation's position, drawn as a dark diamond."""

    x: float
    y: float
    label: str = "Your position"


@dataclass(frozen=True)
class PanelMarker:
    """The panel's median position and each member's position, unnamed."""

    x: float
    y: float
    members: tuple[tuple[float, float], ...] = ()
    label: str = "Panel's position"

    def __post_init__(self) -> None:
        # Callers pass Decimals from the database and lists from querysets: held as
        # floats in tuples, equal panels have equal reprs, so one cache key (caching.py).
        object.__setattr__(self, "x", float(self.x))
        object.__setattr__(self, "y", float(self.y))
        object.__setattr__(
            self, "members", tuple((float(mx), float(my)) for mx, my in self.members)
        )


@dataclass(frozen=True)
class TrendStep:
    """One earlier submitted assessment's position, for the path to today's."""

    x: float
    y: float
    period: str  # "2024/25": the label drawn beside it

    def __post_init__(self) -> None:
        object.__setattr__(self, "x", float(self.x))
        object.__setattr__(self, "y", float(self.y))


@dataclass(frozen=True)
class TrendMarker:
    """The organisation's earlier positions, oldest first, drawn as a path that ends in
    an arrow at the chart's ``PositionMarker`` (the newest)."""

    steps: tuple[TrendStep, ...]
    label: str = "Earlier years (palest is oldest)"

    def __post_init__(self) -> None:
        object.__setattr__(self, "steps", tuple(self.steps))


@dataclass(frozen=True)
class PeerCell:
    """How many organisations' positions fall in one cell of the peer lattice; ``x`` and
    ``y`` are the cell's centre, never an organisation's own position."""

    x: float
    y: float
    count: int

    def __post_init__(self) -> None:
        object.__setattr__(self, "x", float(self.x))
        object.__setattr__(self, "y", float(self.y))


@dataclass(frozen=True)
class PeerCloud:
    """Other organisations' positions, binned into square cells of ``cell_size``."""

    cells: tuple[PeerCell, ...]
    cell_size: float
    organisations: int
    label: str = "Organisations sharing results (darker: more of them)"

    def __post_init__(self) -> None:
        object.__setattr__(self, "cells", tuple(self.cells))
        object.__setattr__(self, "cell_size", float(self.cell_size))


def point_from_activity(
    activity: Any,
    number: int,
    *,
    style: Style = "catalogue",
    x: float | None = None,
    y: float | None = None,
    frontier: bool = False,
    href: str = "",
) -> GridPoint:
    """A point for a catalogue ``Activity`` (with its ``category`` loaded), at its
    catalogue position unless ``x``/``y`` say otherwise (an organisation's practice)."""
    category = activity.category
    return GridPoint(
        slug=activity.slug,
        number=number,
        name=activity.name,
        category_slug=category.slug,
        category_name=category.name,
        colour=category.colour,
        x=float(activity.activeness if x is None else x),
        y=float(activity.embeddedness if y is None else y),
        style=style,
        frontier=frontier,
        href=href,
    )


def catalogue_points(activities: Iterable[Any], *, style: Style = "catalogue") -> list[GridPoint]:
    """The public Grid: each activity at its catalogue place, numbered from 1 in order."""
    return [point_from_activity(a, n, style=style) for n, a in enumerate(activities, start=1)]


def highlight_category(points: Iterable[GridPoint], category_slug: str) -> list[GridPoint]:
    """Keep one category's points as they are and make the others faint."""
    return [p if p.category_slug == category_slug else replace(p, style="faint") for p in points]


def percent(value: float) -> int:
    """A position in [0, 1] as a whole number from 0 to 100, rounding half up."""
    return int((Decimal(str(value)) * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def _gap_along(difference: int, more: str, less: str, axis: str) -> str:
    if difference == 0:
        return f"at the same {axis}"
    points = "1 point" if abs(difference) == 1 else f"{abs(difference)} points"
    return f"{points} {more if difference > 0 else less}"


def gap_words(position: PositionMarker, panel: PanelMarker) -> str:
    """How far the panel's position is from the commissioners', as a sentence: "The
    panel places you 18 points less active and 3 points more embedded."

    The differences are between the rounded percents, so they agree with the numbers
    shown for each position."""
    across = percent(panel.x) - percent(position.x)
    up = percent(panel.y) - percent(position.y)
    if across == 0 and up == 0:
        return "The panel places you at the same activeness and embeddedness."
    return (
        f"The panel places you {_gap_along(across, 'more active', 'less active', 'activeness')}"
        f" and {_gap_along(up, 'more embedded', 'less embedded', 'embeddedness')}."
    )
