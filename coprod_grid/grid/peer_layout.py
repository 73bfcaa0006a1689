"""How other organisations' positions are drawn on a Grid chart: as shaded squares of a
lattice, darker where more organisations are, under everything else.

Cells, not points: a page another organisation sees must not give any organisation's
exact position, so the cloud arrives already binned (``PeerCloud``) and is drawn as it
is. The shades stay light enough for every mark and label on top to keep its contrast.
Both the SVG and the plotly figure take their rectangles and shades from here. Pure
Python, no Django.
"""

from __future__ import annotations

from dataclasses import dataclass

from .colours import tint
from .geometry import GridGeometry
from .points import PeerCell, PeerCloud

PEER_COLOUR = "#005eb8"  # NHS blue
PEER_KEY_SHARE = 0.5  # the key's swatch: a cell of middling count


@dataclass(frozen=True)
class PeerRect:
    """One cell in SVG units, with the Grid range it covers (for plotly)."""

    x: float
    y: float
    width: float
    height: float
    fill: str
    count: int
    x_range: tuple[float, float]
    y_range: tuple[float, float]
    centre: tuple[float, float]


def peer_shade(share: float) -> str:
    """``share``: the cell's count over the fullest cell's."""
    return tint(PEER_COLOUR, 0.12 + 0.38 * share)


def peer_hover(count: int) -> str:
    return "1 organisation in this area" if count == 1 else f"{count} organisations in this area"


def _clamped(low: float, high: float) -> tuple[float, float]:
    return (max(0.0, low), min(1.0, high))


def peer_rects(geometry: GridGeometry, cloud: PeerCloud) -> list[PeerRect]:
    most = max((cell.count for cell in cloud.cells), default=0)
    half = cloud.cell_size / 2
    rects = []
    for cell in sorted(cloud.cells, key=_order):
        if cell.count <= 0:
            continue
        x_range = _clamped(cell.x - half, cell.x + half)
        y_range = _clamped(cell.y - half, cell.y + half)
        left, top = geometry.to_svg(x_range[0], y_range[1])
        right, bottom = geometry.to_svg(x_range[1], y_range[0])
        rects.append(
            PeerRect(
                left,
                top,
                right - left,
                bottom - top,
                peer_shade(cell.count / most),
                cell.count,
                x_range,
                y_range,
                (cell.x, cell.y),
            )
        )
    return rects


def _order(cell: PeerCell) -> tuple[float, float]:
    return (cell.y, cell.x)
