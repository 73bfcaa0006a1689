"""The JSON export's ``costs`` key and the profile's CSV.

``costs_export(summary_or_None)`` gives null when the assessment has no cost profile,
else::

    {"currency": "GBP",
     "scenarios": {"now": S, "planned": S},
     "difference": S}

with ``S = {"total": "1234.50", "by_kind": {"staff": …, "lived_experience": …,
"other": …}, "by_activity": {slug: …}, "by_stage": {slug: …}}``: amounts are strings of
pounds with two decimals (``"-13.67"`` for a fall), and each ``by_*`` sums to ``total``
exactly. ``by_activity`` has every activity of the scenario, costed or not; ``by_stage``
has the stages that carry a cost, and ``"no-stage"`` for the cost of activities answered
at no stage, when there is any. ``difference`` is planned minus now, with the keys of
either.
"""

from __future__ import annotations

import csv
import io

from django.core.cache import cache

from ..impact.cache import LIVE_TIMEOUT, live_key
from ..results.results import answers_of
from . import calculation
from .summary import CostSummary, cost_summary


def _scenario(totals: calculation.Totals) -> dict:
    return {
        "total": calculation.pounds(totals.total),
        "by_kind": {kind: calculation.pounds(totals.by_kind[kind]) for kind in calculation.KINDS},
        "by_activity": {slug: calculation.pounds(p) for slug, p in totals.by_activity.items()},
        "by_stage": {slug: calculation.pounds(p) for slug, p in totals.by_stage.items()},
    }


def costs_export(summary: CostSummary | None) -> dict | None:
    if summary is None or summary.profile is None:
        return None
    return {
        "currency": "GBP",
        "scenarios": {"now": _scenario(summary.now), "planned": _scenario(summary.planned)},
        "difference": _scenario(summary.difference),
    }


CSV_HEADER = [
    "scenario",
    "activity",
    "activity_name",
    "times_a_year",
    "line",
    "rate",
    "people",
    "minutes_each_time",
    "quantity",
    "year_total_gbp",
]


def _safe(text: str) -> str:
    """A cell a spreadsheet will not run as a formula."""
    return f"'{text}" if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def costs_csv(summary: CostSummary) -> str:
    """One row per line of each scenario, then each activity's year total, then the
    totals by kind and the scenario's total: a spreadsheet can check every sum."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_HEADER)
    for scenario, items, totals in (
        ("now", summary.scenarios.now, summary.now),
        ("planned", summary.scenarios.planned, summary.planned),
    ):
        for item in items:
            name = _safe(item.activity.name)
            times = item.lines.times_a_year
            for line in item.lines.staff:
                minutes = line.preparation_minutes + line.session_minutes + line.follow_up_minutes
                writer.writerow(
                    [
                        scenario,
                        item.slug,
                        name,
                        times,
                        "staff",
                        line.role,
                        line.people,
                        minutes,
                        "",
                        "",
                    ]
                )
            for line in item.lines.experts:
                kind = "lived-experience" if line.paid else "lived-experience-unpaid"
                writer.writerow(
                    [
                        scenario,
                        item.slug,
                        name,
                        times,
                        kind,
                        line.rate,
                        line.people,
                        line.minutes,
                        "",
                        "",
                    ]
                )
            for line in item.lines.others:
                writer.writerow(
                    [
                        scenario,
                        item.slug,
                        name,
                        times,
                        "other",
                        line.unit,
                        "",
                        "",
                        line.quantity,
                        "",
                    ]
                )
            writer.writerow(
                [
                    scenario,
                    item.slug,
                    name,
                    times,
                    "activity-total",
                    "",
                    "",
                    "",
                    "",
                    calculation.pounds(totals.by_activity.get(item.slug, 0)),
                ]
            )
        for kind in calculation.KINDS:
            writer.writerow(
                [
                    scenario,
                    "",
                    "",
                    "",
                    f"total-{kind}",
                    "",
                    "",
                    "",
                    "",
                    calculation.pounds(totals.by_kind[kind]),
                ]
            )
        writer.writerow(
            [scenario, "", "", "", "total", "", "", "", "", calculation.pounds(totals.total)]
        )
    return out.getvalue()


def cached_costs_csv(assessment) -> str:
    """``costs_csv`` of the assessment's costs, cached under the key of its evidence and
    costs (``impact.cache.live_key``): everything the summary reads (the answers, the
    profile and its lines, the rates, the actions and the catalogue) is in that key, so
    a download costs its query and the catalogue's token instead of six queries and the
    arithmetic. A draft's answers are read once, for the key and the summary."""
    answers = None if assessment.is_submitted else answers_of(assessment)
    key = f"{live_key(assessment, answers=answers)}:costs-csv"
    body = cache.get(key)
    if body is None:
        body = costs_csv(cost_summary(assessment, with_impact=False, answers=answers))
        cache.set(key, body, LIVE_TIMEOUT)
    return body
