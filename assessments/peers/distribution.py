"""How the organisations that share their results are spread over the Grid: pure, rows
in and a ``Distribution`` out, no database.

Nothing here can place one organisation: positions go into a 10 × 10 lattice of cells
and only each cell's count comes out; quadrants are counts; stages are shares and
medians. A distribution of fewer than ``PEER_THRESHOLD`` organisations is never shown.
"""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from ..models import QUADRANT_SLUGS

PEER_THRESHOLD = 10
CELLS = 10
CELL_SIZE = 1 / CELLS
#: A stage's level as a number, for the median of each stage (``stage_medians``).
LEVEL_SCORES = {"none": 0.0, "occasional": 0.5, "routine": 1.0}
#: The groups a comparison can be filtered to: every kind, ICBs, and other commissioners
#: (a CCG counts with the other commissioners).
GROUPS = ("all", "icb", "other")


@dataclass(frozen=True)
class PeerRow:
    """What the comparison reads of one organisation's stored result."""

    organisation_id: int
    kind: str
    activeness: float | None
    embeddedness: float | None
    quadrant: str
    stage_levels: Mapping[str, str]
    stage_coverage: float | None


@dataclass(frozen=True)
class StageShare:
    slug: str
    involved: int  # organisations involving people at this stage, routinely or occasionally
    routine: int
    median: float  # of none=0, occasional=0.5, routine=1


@dataclass(frozen=True)
class Distribution:
    organisations: int
    #: (column, row, count) of each cell with anyone in it; column 0 is the passive edge,
    #: row 0 the isolated edge.
    cells: tuple[tuple[int, int, int], ...]
    quadrants: tuple[tuple[str, int], ...]
    stages: tuple[StageShare, ...]
    median_stage_coverage: float | None

    @property
    def shown(self) -> bool:
        return self.organisations >= PEER_THRESHOLD

    @property
    def needed(self) -> int:
        """How many more organisations must share before it can be shown."""
        return max(0, PEER_THRESHOLD - self.organisations)

    def quadrant_count(self, slug: str) -> int:
        return dict(self.quadrants).get(slug, 0)


def group_of(kind: str) -> str:
    return "icb" if kind == "icb" else "other"


def cell_of(value: float) -> int:
    """The lattice index of a coordinate in [0, 1]; 1.0 falls in the last cell."""
    return min(CELLS - 1, max(0, int(float(value) * CELLS)))


def cell_centre(index: int) -> float:
    return round((index + 0.5) * CELL_SIZE, 4)


def _median(values: Sequence[float]) -> float | None:
    return round(statistics.median(values), 4) if values else None


def distribution_of(rows: Iterable[PeerRow], stages: Sequence[str]) -> Distribution:
    rows = list(rows)
    cells = Counter(
        (cell_of(row.activeness), cell_of(row.embeddedness))
        for row in rows
        if row.activeness is not None and row.embeddedness is not None
    )
    quadrants = Counter(row.quadrant for row in rows if row.quadrant)
    shares = []
    for slug in stages:
        levels = [row.stage_levels.get(slug, "none") for row in rows]
        shares.append(
            StageShare(
                slug=slug,
                involved=sum(1 for level in levels if level in ("occasional", "routine")),
                routine=levels.count("routine"),
                median=_median([LEVEL_SCORES.get(level, 0.0) for level in levels]) or 0.0,
            )
        )
    return Distribution(
        organisations=len(rows),
        cells=tuple(sorted((x, y, n) for (x, y), n in cells.items())),
        quadrants=tuple((slug, quadrants.get(slug, 0)) for slug in QUADRANT_SLUGS),
        stages=tuple(shares),
        median_stage_coverage=_median(
            [row.stage_coverage for row in rows if row.stage_coverage is not None]
        ),
    )


def distributions_of(rows: Iterable[PeerRow], stages: Sequence[str]) -> dict[str, Distribution]:
    """The distribution of every group (``GROUPS``) from one pass's rows."""
    rows = list(rows)
    return {
        group: distribution_of(
            [row for row in rows if group == "all" or group_of(row.kind) == group], stages
        )
        for group in GROUPS
    }


def latest_per_organisation(rows: Iterable[tuple[int, PeerRow]]) -> list[PeerRow]:
    """One row per organisation: the last of each organisation's rows, given rows in the
    order of their assessments' submission (``(order, row)`` pairs, any order)."""
    latest: dict[int, tuple[int, PeerRow]] = {}
    for order, row in rows:
        kept = latest.get(row.organisation_id)
        if kept is None or order >= kept[0]:
            latest[row.organisation_id] = (order, row)
    return [row for _, row in latest.values()]


def percent_of(count: int, total: int) -> int:
    return round(100 * count / total) if total else 0
