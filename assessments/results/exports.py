"""The assessment as data: the JSON export (schema in product.md) and the answers CSV."""

import csv
import io
from typing import Any

from .results import AssessmentResult

CSV_COLUMNS = ["activity", "frequency", "stages", "notes"]
# Cells a spreadsheet would run as a formula; written with a leading apostrophe.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def file_stem(assessment) -> str:
    """``<ODS code>-<period>``, with the period's slash made safe for a file name."""
    return f"{assessment.organisation.ods_code}-{assessment.period.replace('/', '-')}"


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def assessment_export(result: AssessmentResult) -> dict[str, Any]:
    assessment = result.assessment
    score = result.score
    return {
        "organisation": {
            "name": assessment.organisation.name,
            "ods_code": assessment.organisation.ods_code,
        },
        "title": assessment.title,
        "period": assessment.period,
        "status": assessment.status,
        "submitted_at": assessment.submitted_at.isoformat() if assessment.submitted_at else None,
        "scores": {
            "activeness": _round(score.activeness),
            "embeddedness": _round(score.embeddedness),
            "frontier_embeddedness": _round(score.frontier_embeddedness),
            "stage_coverage": _round(score.stage_coverage),
            "quadrant": score.quadrant,
            "frontier": list(score.frontier_activities),
        },
        "stages": [{"stage": row.slug, "level": row.level} for row in result.stage_rows],
        "answers": [
            {
                "activity": answer.activity,
                "category": answer.category,
                "frequency": answer.frequency,
                "stages": list(answer.stages),
                "activeness": answer.activeness,
                "embeddedness": answer.embeddedness,
                "position": (
                    [_round(answer.position[0]), _round(answer.position[1])]
                    if answer.position
                    else None
                ),
                "notes": answer.notes,
            }
            for answer in result.answers
        ],
    }


def is_neutralised(value: str) -> bool:
    """Whether a cell starts with the apostrophe ``neutralise_formula`` adds."""
    rest = value[1:]
    return value.startswith("'") and (rest.startswith(FORMULA_PREFIXES) or is_neutralised(rest))


def neutralise_formula(value: str) -> str:
    """Make a cell safe to open in a spreadsheet. A cell that already looks neutralised
    gets another apostrophe too, so the import's undoing of it is exact."""
    if value.startswith(FORMULA_PREFIXES) or is_neutralised(value):
        return "'" + value
    return value


def answers_csv(result: AssessmentResult) -> str:
    """The answers in the import format (activity,frequency,stages,notes), so a file
    exported from one assessment can be imported into another."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for answer in result.answers:
        writer.writerow(
            [
                answer.activity,
                answer.frequency,
                ";".join(answer.stages),
                neutralise_formula(answer.notes),
            ]
        )
    return buffer.getvalue()
