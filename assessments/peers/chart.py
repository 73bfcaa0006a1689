"""The peers' chart: the organisation's own position over the sharing organisations'
cells (a ``PeerCloud``, darker where more organisations are)."""

from __future__ import annotations

from coprod_grid.grid.chart import cached_chart
from coprod_grid.grid.chart_layout import Chart
from coprod_grid.grid.points import PeerCell, PeerCloud, PositionMarker

from ..models import SubmittedResult
from .distribution import CELL_SIZE, Distribution, cell_centre


def peer_cloud(distribution: Distribution) -> PeerCloud:
    """The distribution's cells, each at its centre: never an organisation's position."""
    return PeerCloud(
        cells=tuple(PeerCell(cell_centre(x), cell_centre(y), n) for x, y, n in distribution.cells),
        cell_size=CELL_SIZE,
        organisations=distribution.organisations,
    )


def peers_chart(own: SubmittedResult | None, distribution: Distribution, period: str) -> Chart:
    position = None
    if own is not None and own.has_position:
        position = PositionMarker(own.activeness, own.embeddedness, "Your position")
    return cached_chart(
        [],
        position=position,
        peers=peer_cloud(distribution),
        title=f"Where organisations that share their results are on the Grid: {period}",
        chart_id="peers",
    )
