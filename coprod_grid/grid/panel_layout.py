"""How the experts-by-experience panel is drawn on a Grid chart: the panel's median as a
dark square, each member's position as a small hollow grey square, and a dashed line
from the commissioners' position to the panel's median.

Squares, so that the panel reads as one family of marks and, without colour, apart from
the activities (circles) and the commissioners' position (a diamond). Both the SVG and
the plotly figure take their sizes, colours and dashes from here and their coordinates
from ``geometry``, so the two cannot disagree. Pure Python, no Django.
"""

from __future__ import annotations

from dataclasses import dataclass

from .colours import FAINT_OUTLINE, OUTLINE, SECONDARY_TEXT, WHITE
from .geometry import GridGeometry
from .points import PanelMarker

PANEL_MEMBERS_LABEL = "Panel members (each a point, unnamed)"
GAP_LABEL = "Gap between the two views"
MEMBER_HOVER = "A panel member's position"

# A hollow mark needs its edge to meet 3:1 against white on its own (WCAG 1.4.11).
MEMBER_COLOUR = FAINT_OUTLINE
GAP_COLOUR = SECONDARY_TEXT


@dataclass(frozen=True)
class Square:
    """An axis-aligned square centred on ``cx, cy`` in SVG units."""

    cx: float
    cy: float
    half: float  # half the side, to the middle of the stroke
    fill: str
    stroke: str
    stroke_width: float

    @property
    def outer_half(self) -> float:
        """Half the side including the stroke: what labels must keep clear of."""
        return self.half + self.stroke_width / 2


def median_square(geometry: GridGeometry, cx: float, cy: float) -> Square:
    # About the diamond's area, so neither view looks weightier than the other.
    half = geometry.marker_radius * 1.1 + 0.5
    return Square(cx, cy, half, OUTLINE, WHITE, 1.5)


def member_square(geometry: GridGeometry, cx: float, cy: float) -> Square:
    # Smaller than an activity's circle: context for the median, not a mark to read.
    half = geometry.marker_radius * 0.55
    width = 1.5 if geometry.name == "full" else 1.0
    return Square(cx, cy, half, "none", MEMBER_COLOUR, width)


def gap_line_width(geometry: GridGeometry) -> float:
    return 2.0 if geometry.name == "full" else 1.5


def gap_dash(geometry: GridGeometry) -> tuple[float, float]:
    """The gap line's dash and space lengths, in SVG units (plotly pixels)."""
    return (6.0, 4.0) if geometry.name == "full" else (3.0, 2.0)


def member_positions(panel: PanelMarker) -> list[tuple[float, float]]:
    """The members' positions in the order they are drawn: sorted by place, so that the
    order in the SVG or the plotly data says nothing about who gave which rating."""
    return sorted(panel.members)
