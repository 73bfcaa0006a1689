"""The one presenter of a cost profile: the profile page, the results page's summary, the
PDF's section, the CSV and the export all read what ``cost_summary`` gives, so nothing
is computed twice. Amounts stay in whole pence here; templates format them."""

from __future__ import annotations

from collections import ChainMap
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from django.db import connection

from ..ledger.summary import ImpactSummary, impact_summary
from ..models import Action, Answer, Assessment
from ..results.results import answers_of, results_catalogue
from . import calculation
from .models import CostProfile, Scenario
from .planned import ScenarioActivity, Scenarios, build_scenarios
from .profile import stored_profile, stored_rows
from .rates import RateBook, rate_book
from .references import CO_DESIGN_CATEGORY, EBCD_REFERENCES, EBCD_SOURCE

KIND_LABELS = {
    "staff": "Staff time",
    "lived_experience": "People with lived experience",
    "other": "Other costs",
}


@dataclass(frozen=True)
class ActivityRow:
    slug: str
    name: str
    is_co_design: bool
    now: ScenarioActivity | None
    planned: ScenarioActivity | None
    now_year: int
    planned_year: int
    now_each: int
    planned_each: int

    @property
    def difference(self) -> int:
        return self.planned_year - self.now_year


@dataclass(frozen=True)
class KindRow:
    kind: str
    label: str
    now: int
    planned: int
    difference: int


@dataclass(frozen=True)
class StageRow:
    """One line of a breakdown (a stage, or a part of the Grid), in whole pence."""

    slug: str
    name: str
    now: int
    planned: int
    difference: int


@dataclass(frozen=True)
class Bar:
    """One stacked bar: each kind's width as a share of the larger scenario's total."""

    label: str
    total: int
    segments: tuple[tuple[str, str, int, float, float], ...]  # kind, label, pence, width, x (%)


@dataclass(frozen=True)
class Position:
    label: str
    activeness: int | None
    embeddedness: int | None
    quadrant: str


@dataclass(frozen=True)
class CostSummary:
    assessment: Assessment
    profile: CostProfile | None
    rates: RateBook
    scenarios: Scenarios
    now: calculation.Totals
    planned: calculation.Totals
    difference: calculation.Totals
    rows: tuple[ActivityRow, ...]
    kinds: tuple[KindRow, ...]
    stages: tuple[StageRow, ...]
    categories: tuple[StageRow, ...]
    bars: tuple[Bar, ...]
    ebcd: tuple[Any, ...]
    ebcd_source: str
    impact: Any  # the impact ledger's summary for the period, or None
    quadrant_names: dict[str, str] = field(default_factory=dict, repr=False)

    @cached_property
    def positions(self) -> tuple[Position, Position]:
        """Where the organisation is on the Grid now and once the plan is done."""
        return (
            _position("Now", self.scenarios.now_score, self.quadrant_names),
            _position("If the plan is done", self.scenarios.planned_score, self.quadrant_names),
        )

    @property
    def version(self) -> int:
        return self.profile.version if self.profile else 0

    @property
    def has_costs(self) -> bool:
        return bool(self.now.total or self.planned.total)

    @property
    def now_share(self) -> int | None:
        return self.now.lived_experience_share

    @property
    def planned_share(self) -> int | None:
        return self.planned.lived_experience_share


def _bars(now: calculation.Totals, planned: calculation.Totals) -> tuple[Bar, ...]:
    scale = max(now.total, planned.total)

    def bar(label: str, totals: calculation.Totals) -> Bar:
        segments, x = [], 0.0
        for kind in calculation.KINDS:
            width = round(100 * totals.by_kind[kind] / scale, 2) if scale else 0.0
            segments.append((kind, KIND_LABELS[kind], totals.by_kind[kind], width, round(x, 2)))
            x += width
        return Bar(label=label, total=totals.total, segments=tuple(segments))

    return (bar("Now", now), bar("Planned", planned))


def _position(label: str, score, quadrant_names: dict[str, str]) -> Position:
    return Position(
        label=label,
        activeness=score.activeness_percent,
        embeddedness=score.embeddedness_percent,
        quadrant=quadrant_names.get(score.quadrant or "", "No involvement recorded"),
    )


def cost_summary(
    assessment: Assessment,
    *,
    with_impact: bool = True,
    answers: Sequence[Answer] | None = None,
    impact: ImpactSummary | None = None,
) -> CostSummary:
    """Everything shown about the assessment's costs, in a fixed number of queries; a
    page that has read the answers, or the ledger's figures (shown beside the money,
    never turned into a saving), passes them and saves their queries."""
    return _summary(
        assessment,
        stored_profile(assessment),
        with_impact=with_impact,
        answers=answers,
        impact=impact,
    )


def _summary(
    assessment: Assessment,
    profile: CostProfile | None,
    *,
    with_impact: bool,
    answers: Sequence[Answer] | None,
    impact: ImpactSummary | None,
) -> CostSummary:
    catalogue = results_catalogue()
    if answers is None:
        answers = answers_of(assessment)
    rates = rate_book(assessment.organisation_id)
    values = rates.values()
    acted_on = _acted_on(assessment)
    answered = {answer.activity.slug: answer.activity for answer in answers}
    scenarios = build_scenarios(
        assessment=assessment,
        answers=answers,
        acted_on=acted_on,
        rows=stored_rows(profile, ChainMap(answered, catalogue.activity_by_slug)),
        rates=values,
        catalogue=catalogue,
    )
    now = calculation.scenario_totals([item.as_input() for item in scenarios.now], values)
    planned = calculation.scenario_totals([item.as_input() for item in scenarios.planned], values)
    difference = calculation.difference(now, planned)

    now_by = {item.slug: item for item in scenarios.now}
    planned_by = {item.slug: item for item in scenarios.planned}
    rows = []
    for slug in dict.fromkeys([*now_by, *planned_by]):
        item = now_by.get(slug) or planned_by[slug]
        rows.append(
            ActivityRow(
                slug=slug,
                name=item.activity.name,
                is_co_design=item.category == CO_DESIGN_CATEGORY,
                now=now_by.get(slug),
                planned=planned_by.get(slug),
                now_year=now.by_activity.get(slug, 0),
                planned_year=planned.by_activity.get(slug, 0),
                now_each=calculation.per_time_pence(now_by[slug].as_input(), values)
                if slug in now_by
                else 0,
                planned_each=calculation.per_time_pence(planned_by[slug].as_input(), values)
                if slug in planned_by
                else 0,
            )
        )
    kinds = tuple(
        KindRow(
            kind=kind,
            label=KIND_LABELS[kind],
            now=now.by_kind[kind],
            planned=planned.by_kind[kind],
            difference=difference.by_kind[kind],
        )
        for kind in calculation.KINDS
    )
    stage_names = {stage.slug: stage.name for stage in catalogue.stages}
    stage_names[calculation.NO_STAGE] = "No stage given"
    stages = tuple(
        StageRow(
            slug=slug,
            name=stage_names.get(slug, slug),
            now=now.by_stage.get(slug, 0),
            planned=planned.by_stage.get(slug, 0),
            difference=difference.by_stage.get(slug, 0),
        )
        for slug in [*stage_names]
        if slug in now.by_stage or slug in planned.by_stage
    )
    categories = tuple(
        StageRow(
            slug=category.slug,
            name=category.name,
            now=now.by_category.get(category.slug, 0),
            planned=planned.by_category.get(category.slug, 0),
            difference=difference.by_category.get(category.slug, 0),
        )
        for category in catalogue.categories
        if category.slug in now.by_category or category.slug in planned.by_category
    )
    quadrant_names = {quadrant.slug: quadrant.name for quadrant in catalogue.quadrants}
    return CostSummary(
        assessment=assessment,
        profile=profile,
        rates=rates,
        scenarios=scenarios,
        now=now,
        planned=planned,
        difference=difference,
        rows=tuple(rows),
        kinds=kinds,
        stages=stages,
        categories=categories,
        bars=_bars(now, planned),
        ebcd=EBCD_REFERENCES if any(row.is_co_design for row in rows) else (),
        ebcd_source=EBCD_SOURCE,
        impact=_impact(assessment, catalogue, impact) if with_impact else None,
        quadrant_names=quadrant_names,
    )


def _acted_on(assessment: Assessment) -> list[str]:
    """The slugs of the activities the assessment's actions are linked to, in the
    actions' own order (``Action.Meta.ordering``: by due date, those with none last,
    then as added). Written out in SQL because the ORM takes longer to build this query
    than the database takes to answer it."""
    quote = connection.ops.quote_name
    action = quote(Action._meta.db_table)
    activity = quote(Action._meta.get_field("activity").related_model._meta.db_table)
    sql = (
        f"SELECT activity.slug FROM {action} action "
        f"JOIN {activity} activity ON activity.id = action.activity_id "
        "WHERE action.assessment_id = %s "
        "ORDER BY CASE WHEN action.due_date IS NULL THEN 1 ELSE 0 END, action.due_date, action.id"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [assessment.pk])
        return [slug for (slug,) in cursor.fetchall()]


def _impact(assessment: Assessment, catalogue, known: ImpactSummary | None) -> ImpactSummary:
    if known is not None:
        return known
    return impact_summary(assessment.organisation_id, assessment.period, catalogue.stages)


def summary_if_profiled(
    assessment: Assessment,
    *,
    answers: Sequence[Answer] | None = None,
    impact: ImpactSummary | None = None,
) -> CostSummary | None:
    """For the results page, the PDF and the export: the summary, or None when the
    assessment has no cost profile (one query then)."""
    profile = stored_profile(assessment)
    if profile is None:
        return None
    return _summary(assessment, profile, with_impact=True, answers=answers, impact=impact)


SCENARIOS = (Scenario.NOW, Scenario.PLANNED)
