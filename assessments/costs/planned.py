"""The two scenarios of a profile, "now" and "planned", and what the plan does to the
organisation's place on the Grid.

Now
    Every practised activity (answered occasionally or routinely), in the answers' order,
    then any other activity someone has costed. An activity nobody has costed yet is
    listed with no lines and pre-filled times a year: ``OCCASIONAL_TIMES`` or
    ``ROUTINE_TIMES``.

Planned: a copy of now with the action plan applied
    Each action linked to an activity (whatever its status: the plan is what is
    intended) changes that activity, by one step of the Grid's frequency:

    - not practised → *started*: done occasionally, ``START_TIMES`` a year, at the
      activity's typical stages, with ``starting_lines`` (a Band 7 lead, four paid
      experts-by-experience, a venue: a first estimate to change);
    - practised occasionally → *made routine*: ``max(ROUTINE_TIMES, 2 × now)`` times a
      year, with the same lines each time;
    - practised routinely → unchanged (the action is about something else).

    Several actions on one activity count once. Actions linked only to a category or a
    discussion point change no cost. Once someone saves a planned activity, what they
    saved replaces the plan's estimate for it (until they choose to go back to it); now's
    changes then no longer flow into it.

The Grid
    The existing scoring function (``results/scoring.py``, unchanged) is run on the
    answers as they are and on the planned answers: started activities count as
    occasional at their typical stages, activities made routine as routine.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property

from coprod_grid.models import Activity

from ..models import Answer, Assessment
from ..results import scoring
from ..results.results import ResultsCatalogue, scoring_inputs
from . import calculation
from .models import Scenario
from .profile import OCCASIONAL_TIMES, ROUTINE_TIMES, Lines, StoredRow

START_TIMES = 1


class Origin:
    ANSWERS = "answers"  # pre-filled from the answers, nothing entered yet
    ENTERED = "entered"  # someone entered its costs
    COPIED = "copied"  # planned: the same as now
    STARTED = "started"  # planned: the plan starts it
    MADE_ROUTINE = "made-routine"  # planned: the plan makes it routine
    CHANGED = "changed"  # planned: someone changed the plan's estimate


ORIGIN_LABELS = {
    Origin.ANSWERS: "Not costed yet",
    Origin.ENTERED: "",
    Origin.COPIED: "Same as now",
    Origin.STARTED: "Started by the plan",
    Origin.MADE_ROUTINE: "Made routine by the plan",
    Origin.CHANGED: "Changed by you",
}


def starting_lines(rates: calculation.Rates) -> Lines:
    """A first estimate for an activity the plan starts, from rates that exist."""
    staff = (
        (calculation.StaffInput("afc-band-7", 1, 60, 120, 60),)
        if "afc-band-7" in rates.staff
        else ()
    )
    experts = (
        (calculation.ExpertInput("involvement-payment-half-day", 4, 120, True, True),)
        if "involvement-payment-half-day" in rates.experts
        else ()
    )
    others = (
        (calculation.OtherInput("venue-half-day", 1),) if "venue-half-day" in rates.units else ()
    )
    return Lines(START_TIMES, staff, experts, others)


@dataclass(frozen=True)
class ScenarioActivity:
    activity: Activity
    category: str
    frequency: str  # none, occasional or routine, in this scenario
    stages: tuple[str, ...]
    lines: Lines
    origin: str

    @property
    def slug(self) -> str:
        return self.activity.slug

    @property
    def origin_label(self) -> str:
        return ORIGIN_LABELS[self.origin]

    def as_input(self) -> calculation.ActivityInput:
        return calculation.ActivityInput(
            activity=self.slug,
            category=self.category,
            times_a_year=self.lines.times_a_year,
            stages=self.stages,
            staff=self.lines.staff,
            experts=self.lines.experts,
            others=self.lines.others,
        )


@dataclass(frozen=True)
class Scenarios:
    """Both scenarios, and the Grid position of each. The positions are worked out when
    first asked for (the profile page shows them; an activity's form and the CSV do
    not), from what was read with the scenarios: never a query."""

    now: tuple[ScenarioActivity, ...]
    planned: tuple[ScenarioActivity, ...]
    scores: Callable[[], tuple[scoring.Score, scoring.Score]] = field(repr=False, compare=False)

    @cached_property
    def _scores(self) -> tuple[scoring.Score, scoring.Score]:
        return self.scores()

    @property
    def now_score(self) -> scoring.Score:
        return self._scores[0]

    @property
    def planned_score(self) -> scoring.Score:
        return self._scores[1]

    def __getstate__(self) -> dict:
        # Cached with the summary (impact/cache.py): a function does not pickle, so the
        # positions are worked out first.
        return {**self.__dict__, "_scores": self._scores, "scores": None}

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state)

    def of(self, scenario: str) -> tuple[ScenarioActivity, ...]:
        return self.now if scenario == Scenario.NOW else self.planned

    def find(self, scenario: str, slug: str) -> ScenarioActivity | None:
        return next((item for item in self.of(scenario) if item.slug == slug), None)


def _prefilled(frequency: str) -> Lines:
    return Lines(ROUTINE_TIMES if frequency == "routine" else OCCASIONAL_TIMES)


def _made_routine(lines: Lines) -> Lines:
    return replace(lines, times_a_year=max(ROUTINE_TIMES, 2 * lines.times_a_year))


def build_scenarios(
    *,
    assessment: Assessment,
    answers: Sequence[Answer],
    acted_on: Iterable[str],
    rows: dict[tuple[str, str], StoredRow],
    rates: calculation.Rates,
    catalogue: ResultsCatalogue,
) -> Scenarios:
    """Both scenarios, and both scores once asked for, from what the caller has read (no
    queries).
    ``acted_on`` are the slugs of the activities the actions are linked to, in the
    actions' order."""
    by_slug = {answer.activity.slug: answer for answer in answers}
    now: list[ScenarioActivity] = []
    for answer in answers:
        if answer.frequency == "none":
            continue
        row = rows.get((Scenario.NOW, answer.activity.slug))
        now.append(
            ScenarioActivity(
                activity=answer.activity,
                category=answer.activity.category.slug,
                frequency=answer.frequency,
                stages=tuple(answer.stages),
                lines=row.lines if row else _prefilled(answer.frequency),
                origin=Origin.ENTERED if row else Origin.ANSWERS,
            )
        )
    listed = {item.slug for item in now}
    for (scenario, slug), row in rows.items():
        if scenario == Scenario.NOW and slug not in listed:
            answer = by_slug.get(slug)
            now.append(
                ScenarioActivity(
                    activity=row.activity,
                    category=row.category,
                    frequency=answer.frequency if answer else "none",
                    stages=tuple(answer.stages) if answer else (),
                    lines=row.lines,
                    origin=Origin.ENTERED,
                )
            )
            listed.add(slug)

    planned: list[ScenarioActivity] = []
    acted_on = list(dict.fromkeys(acted_on))
    for item in now:
        if item.slug in acted_on and item.frequency == "occasional":
            planned.append(
                replace(
                    item,
                    frequency="routine",
                    lines=_made_routine(item.lines),
                    origin=Origin.MADE_ROUTINE,
                )
            )
        else:
            planned.append(replace(item, origin=Origin.COPIED))
    started = starting_lines(rates)
    for slug in acted_on:
        if slug in listed or slug not in catalogue.activity_by_slug:
            continue  # already costed, or retired and not answered: nothing to start
        position = catalogue.positions[slug]
        planned.append(
            ScenarioActivity(
                activity=catalogue.activity_by_slug[slug],
                category=position.category,
                frequency="occasional",
                stages=tuple(position.typical_stages),
                lines=started,
                origin=Origin.STARTED,
            )
        )
    planned = [_with_stored(item, rows) for item in planned]
    in_planned = {item.slug for item in planned}
    for (scenario, slug), row in rows.items():
        if scenario == Scenario.PLANNED and slug not in in_planned:
            answer = by_slug.get(slug)
            planned.append(
                ScenarioActivity(
                    activity=row.activity,
                    category=row.category,
                    frequency=answer.frequency if answer else "none",
                    stages=tuple(answer.stages) if answer else (),
                    lines=row.lines,
                    origin=Origin.CHANGED,
                )
            )

    def scores() -> tuple[scoring.Score, scoring.Score]:
        inputs, positions = scoring_inputs(assessment, answers)
        stages = catalogue.stage_slugs
        now_score = scoring.score_assessment(inputs, positions, stages=stages)
        planned_inputs = _planned_answers(inputs, planned)
        for item in planned:
            if item.slug not in positions and item.slug in catalogue.positions:
                positions[item.slug] = catalogue.positions[item.slug]
        planned_inputs = [i for i in planned_inputs if i.activity in positions]
        planned_score = scoring.score_assessment(planned_inputs, positions, stages=stages)
        return now_score, planned_score

    return Scenarios(tuple(now), tuple(planned), scores)


def _with_stored(
    item: ScenarioActivity, rows: dict[tuple[str, str], StoredRow]
) -> ScenarioActivity:
    row = rows.get((Scenario.PLANNED, item.slug))
    if row is None:
        return item
    return replace(item, lines=row.lines, origin=Origin.CHANGED)


def _planned_answers(
    inputs: Sequence[scoring.AnswerInput], planned: Sequence[ScenarioActivity]
) -> list[scoring.AnswerInput]:
    """The answers as the plan would leave them: an activity whose planned frequency is
    not its answer's takes the planned one (a started one, its typical stages too)."""
    by_slug = {item.slug: item for item in planned}
    result, seen = [], set()
    for answer in inputs:
        seen.add(answer.activity)
        item = by_slug.get(answer.activity)
        if item is None or item.frequency == answer.frequency:
            result.append(answer)
            continue
        stages = answer.stages if answer.frequency != "none" else frozenset(item.stages)
        result.append(
            scoring.AnswerInput(activity=answer.activity, frequency=item.frequency, stages=stages)
        )
    for slug, item in by_slug.items():
        if slug not in seen and item.frequency != "none":
            result.append(
                scoring.AnswerInput(activity=slug, frequency=item.frequency, stages=item.stages)
            )
    return result
