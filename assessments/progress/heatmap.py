"""The activity × stage heatmap: each practice against each commissioning stage.

A practice's frequency applies at every stage it ticked and at no other, so a cell is
``routine``, ``occasional`` or ``none``. Below each stage's column: how many practices
reach it, beside the share of CCGs that involved people at that stage in 2017, so a
stage nothing reaches (contracting and monitoring, most often) stands out.

Pure: it presents an :class:`~assessments.results.results.AssessmentResult` that is
already computed (the same one the results page and the PDF show) and reads nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..models import Frequency
from ..results.results import AnswerView, AssessmentResult, StageRow

ROUTINE, OCCASIONAL, NONE = Frequency.ROUTINE.value, Frequency.OCCASIONAL.value, "none"

# What a cell says: a short visible word, and the full words a screen reader hears
# (beside the row's activity and the column's stage, which the table's headers give).
CELL_SHORT = {ROUTINE: "Routine", OCCASIONAL: "Occasional", NONE: "–"}
CELL_WORDS = {ROUTINE: "Routinely", OCCASIONAL: "Occasionally", NONE: "Not at this stage"}
# What a printed cell says, seen and read alike: a tagged PDF has no aria-hidden, so the
# web's pair would be read twice ("Routine Routinely"), and a dash would be read as one.
CELL_PRINTED = {**CELL_SHORT, NONE: "None"}


@dataclass(frozen=True)
class HeatmapCell:
    stage: str  # the stage's slug
    level: str  # routine, occasional or none
    gap: bool = False  # no practice reaches this cell's stage: its column is highlighted

    @property
    def short(self) -> str:
        return CELL_SHORT[self.level]

    @property
    def words(self) -> str:
        return CELL_WORDS[self.level]

    @property
    def printed(self) -> str:
        return CELL_PRINTED[self.level]


@dataclass(frozen=True)
class HeatmapRow:
    activity: str
    name: str
    frequency: str
    cells: tuple[HeatmapCell, ...]


@dataclass(frozen=True)
class HeatmapGroup:
    """The practices of one category, in catalogue order."""

    category: str
    name: str
    rows: tuple[HeatmapRow, ...]


@dataclass(frozen=True)
class StageColumn:
    """A stage of the cycle with how many practices reach it, beside the 2017 figure."""

    slug: str
    name: str
    routine: int
    occasional: int
    national_pct: int

    @property
    def practices(self) -> int:
        return self.routine + self.occasional

    @property
    def empty(self) -> bool:
        return self.practices == 0

    @property
    def total_words(self) -> str:
        """The column's total as the table's last row says it."""
        if self.empty:
            return "No practices at this stage"
        parts = []
        if self.routine:
            parts.append(f"{self.routine} routinely")
        if self.occasional:
            parts.append(f"{self.occasional} occasionally")
        return ", ".join(parts)


@dataclass(frozen=True)
class Heatmap:
    columns: tuple[StageColumn, ...]
    groups: tuple[HeatmapGroup, ...]
    # Activities not listed: answered "Not at the moment", and (a draft's) not answered.
    not_at_the_moment: int
    not_answered: int

    @property
    def rows(self) -> list[HeatmapRow]:
        return [row for group in self.groups for row in group.rows]

    @property
    def empty_stages(self) -> list[StageColumn]:
        return [column for column in self.columns if column.empty]

    @property
    def empty_stage_names(self) -> str:
        """The stages no practice reaches, in words: "Contracting and Monitoring"."""
        names = [column.name for column in self.empty_stages]
        return " and ".join([", ".join(names[:-1]), names[-1]] if len(names) > 1 else names)

    @property
    def has_rows(self) -> bool:
        return bool(self.groups)


def heatmap_of(result: AssessmentResult) -> Heatmap:
    """The result's practices (rows, by category) against its stages (columns)."""
    stages = [row.slug for row in result.stage_rows]
    practices = _in_catalogue_order(result)
    reached = {stage for answer in practices for stage in answer.stages}
    groups: dict[str, list[HeatmapRow]] = {}
    names: dict[str, str] = {}
    for answer in practices:
        names.setdefault(answer.category, answer.category_name)
        groups.setdefault(answer.category, []).append(
            HeatmapRow(
                activity=answer.activity,
                name=answer.name,
                frequency=answer.frequency,
                cells=tuple(
                    HeatmapCell(
                        stage,
                        answer.frequency if stage in answer.stages else NONE,
                        gap=stage not in reached,
                    )
                    for stage in stages
                ),
            )
        )
    rows = [row for category_rows in groups.values() for row in category_rows]
    return Heatmap(
        columns=tuple(
            _column(stage_row, index, rows) for index, stage_row in enumerate(result.stage_rows)
        ),
        groups=tuple(
            HeatmapGroup(category=slug, name=names[slug], rows=tuple(category_rows))
            for slug, category_rows in groups.items()
        ),
        not_at_the_moment=sum(answer.frequency == Frequency.NONE for answer in result.answers),
        not_answered=sum(not view.frequency for view in result.unpractised),
    )


def heatmap_export(heatmap: Heatmap) -> dict[str, dict[str, list[str]]]:
    """``{"<stage slug>": {"routine": [activity slugs], "occasional": [...]}, ...}`` for
    every stage in the cycle's order, each list in the heatmap's row order."""
    return {
        column.slug: {
            level: [row.activity for row in heatmap.rows if row.cells[index].level == level]
            for level in (ROUTINE, OCCASIONAL)
        }
        for index, column in enumerate(heatmap.columns)
    }


def _column(stage_row: StageRow, index: int, rows: Sequence[HeatmapRow]) -> StageColumn:
    levels = [row.cells[index].level for row in rows]
    return StageColumn(
        slug=stage_row.slug,
        name=stage_row.name,
        routine=levels.count(ROUTINE),
        occasional=levels.count(OCCASIONAL),
        national_pct=stage_row.national_pct,
    )


def _in_catalogue_order(result: AssessmentResult) -> list[AnswerView]:
    """The practices by category in the catalogue's order, and within one in the order
    the questionnaire asks them. A practice whose category or activity the catalogue no
    longer has (a submitted assessment keeps what it was scored with) comes after those
    it has, in the result's own order."""
    category_rank: dict[str, int] = {}
    activity_rank: dict[str, int] = {}
    for item in result.categories:
        category_rank.setdefault(item.category.slug, len(category_rank))
        # results_catalogue() prefetches each category's active activities, in catalogue
        # order, so this reads nothing; a category without them keeps the result's order.
        for activity in getattr(item.category, "active_activities", ()):
            activity_rank.setdefault(activity.slug, len(activity_rank))
    practices = result.practices
    first_seen = {}
    for answer in practices:
        first_seen.setdefault(answer.category, len(first_seen))
    unknown = len(category_rank)
    position = {answer.activity: index for index, answer in enumerate(practices)}
    return sorted(
        practices,
        key=lambda answer: (
            category_rank.get(answer.category, unknown + first_seen[answer.category]),
            answer.activity not in activity_rank,
            activity_rank.get(answer.activity, 0),
            position[answer.activity],
        ),
    )
