"""The score in words and numbers for people, on the results page and in the report."""

from dataclasses import dataclass

from . import numbers, scoring
from .results import AssessmentResult


def _pct(value: float | None) -> int | None:
    return None if value is None else scoring.as_percent(value)


@dataclass(frozen=True)
class Explanation:
    """The score in words and numbers, for people (the page and the report)."""

    activeness: int
    frontier_embeddedness: int
    stage_coverage: int
    embeddedness: int
    frontier_names: list[str]
    empty_places: int
    stages_routine: int
    stages_occasional: int
    stages_total: int
    active_side: bool
    embedded_side: bool

    rounding_rule: str = numbers.ROUNDING_RULE

    @property
    def empty_place_numbers(self) -> range:
        return range(self.empty_places)


def explain(result: AssessmentResult) -> Explanation | None:
    score = result.score
    if not score.has_position:
        return None
    levels = list(score.stage_levels.values())
    # Shown so that they average to the embeddedness shown (numbers.ROUNDING_RULE).
    frontier_embeddedness, stage_coverage = numbers.parts_of_average(
        score.frontier_embeddedness, score.stage_coverage, score.embeddedness
    )
    return Explanation(
        activeness=_pct(score.activeness),
        frontier_embeddedness=frontier_embeddedness,
        stage_coverage=stage_coverage,
        embeddedness=_pct(score.embeddedness),
        frontier_names=[answer.name for answer in result.frontier],
        empty_places=scoring.FRONTIER_SIZE - len(result.frontier),
        stages_routine=levels.count("routine"),
        stages_occasional=levels.count("occasional"),
        stages_total=len(levels),
        active_side=score.quadrant.startswith("active"),
        embedded_side=score.quadrant.endswith("-embedded"),
    )
