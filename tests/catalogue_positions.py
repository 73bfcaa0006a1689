"""Activity positions and stages from fixtures/catalogue.json, for tests without a database.

The fixture is the project's own copy of the Grid, so scoring tests run against the real
catalogue without Django or the shared spec files.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from assessments.results.scoring import ActivityPosition

CATALOGUE_JSON = Path(__file__).resolve().parents[1] / "fixtures" / "catalogue.json"


@cache
def _rows() -> tuple[dict[str, Any], ...]:
    return tuple(json.loads(CATALOGUE_JSON.read_text(encoding="utf-8")))


def _fields(model: str) -> list[dict[str, Any]]:
    return [row["fields"] for row in _rows() if row["model"] == model]


def load_stages() -> tuple[str, ...]:
    """The commissioning stage slugs, in the order of the commissioning cycle."""
    stages = sorted(_fields("coprod_grid.commissioningstage"), key=lambda f: f["order"])
    return tuple(stage["slug"] for stage in stages)


def load_positions(*, include_retired: bool = True) -> dict[str, ActivityPosition]:
    """Every catalogue activity's position by slug (natural keys are one-item lists)."""
    return {
        fields["slug"]: ActivityPosition(
            slug=fields["slug"],
            category=fields["category"][0],
            activeness=float(fields["activeness"]),
            embeddedness=float(fields["embeddedness"]),
            typical_stages=tuple(stage[0] for stage in fields["typical_stages"]),
        )
        for fields in _fields("coprod_grid.activity")
        if include_retired or fields.get("is_active", True)
    }
