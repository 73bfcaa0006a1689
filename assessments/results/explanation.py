"""The score in words and numbers for people, on the results page and in the report."""

from dataclasses import dataclass

from . import scoring
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
    active_side: bool
    embedded_side: bool

    @property
    def empty_place_numbers(self) -> range:
        return range(self.empty_places)


def explain(result: AssessmentResult) -> Explanation | None:
    score = result.score
    if not score.has_position:
        return None
    levels = list(score.stage_levels.values())
    return Explanation(
        activeness=_pct(score.activeness),
        frontier_embeddedness=_pct(score.frontier_embeddedness),
        stage_coverage=_pct(score.stage_coverage),
        embeddedness=_pct(score.embeddedness),
        frontier_names=[answer.name for answer in result.frontier],
        empty_places=scoring.FRONTIER_SIZE - len(result.frontier),
        stages_routine=levels.count("routine"),
        stages_occasional=levels.count("occasional"),
        active_side=score.quadrant.startswith("active"),
        embedded_side=score.quadrant.endswith("-embedded"),
    )
