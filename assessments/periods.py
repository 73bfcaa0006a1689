"""Periods are NHS financial years, written like 2026/27: 1 April 2026 to 31 March 2027.
An assessment names its period; a ledger entry or a project phase has dates, and falls in
the period those dates do."""

from __future__ import annotations

import datetime


def period_of(day: datetime.date) -> str:
    start = day.year if day.month >= 4 else day.year - 1
    return f"{start}/{(start + 1) % 100:02d}"


def period_bounds(period: str) -> tuple[datetime.date, datetime.date]:
    """The first and last day of the period."""
    start = int(period[:4])
    return datetime.date(start, 4, 1), datetime.date(start + 1, 3, 31)
