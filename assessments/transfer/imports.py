"""Answers imported from a CSV file, for organisations that ran the Grid as a paper
workshop and typed the results into a spreadsheet.

The file has a header row naming the columns ``activity,frequency,stages,notes`` (any
order; ``stages`` and ``notes`` may be left out), one activity per row, stages separated
by ``;``. It is the format ``exports.answers_csv`` writes, so an export is a template.

The import is all or nothing: every problem in the file is collected, each with the row
number a person sees in their spreadsheet (the header is row 1), and if there is any
problem nothing is written. A valid file is saved through ``services.section_save_answers``
one category section at a time, inside one transaction; activities the file does not
mention keep the answers they had.
"""

import csv
import io
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from coprod_grid.models import Activity, CommissioningStage

from ..models import TEXT_MAX_LENGTH, Answer, Assessment, Frequency
from ..questionnaire import services
from ..questionnaire.sections import Section, questionnaire
from ..results.exports import CSV_COLUMNS, is_neutralised

MAX_BYTES = 1024 * 1024
MAX_ROWS = 500
REQUIRED_COLUMNS = ("activity", "frequency")
FREQUENCIES = tuple(Frequency.values)

NOT_UTF8 = "The file must be saved as UTF-8 CSV"
TOO_BIG = "The file must be smaller than 1 MB"
EMPTY = "The file is empty"
NO_ROWS = "The file has no answers in it. Add a row for each activity below the header row"
TOO_MANY_ROWS = f"The file must have no more than {MAX_ROWS} rows of answers"
NO_HEADER = "the first row must be a header row naming the columns: activity,frequency,stages,notes"
NOT_CSV = "The file could not be read as CSV. Save it from your spreadsheet as CSV UTF-8"


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the file; ``row`` is None for the file as a whole."""

    message: str
    row: int | None = None

    def __str__(self) -> str:
        return self.message if self.row is None else f"Row {self.row}: {self.message}"


@dataclass(frozen=True)
class ParsedRow:
    """One valid row: an active activity's answer, stages in the catalogue's order."""

    row: int
    activity: str
    frequency: str
    stages: tuple[str, ...] = ()
    notes: str = ""

    def as_answer(self) -> services.AnswerData:
        return services.AnswerData(frequency=self.frequency, stages=self.stages, notes=self.notes)


@dataclass(frozen=True)
class Catalogue:
    """What a file is checked against: every activity slug (active or retired) and the
    commissioning stages in order."""

    active: frozenset[str]
    retired: frozenset[str]
    stages: tuple[str, ...]

    @classmethod
    def load(cls) -> "Catalogue":
        flags = dict(Activity.objects.values_list("slug", "is_active"))
        return cls(
            active=frozenset(slug for slug, active in flags.items() if active),
            retired=frozenset(slug for slug, active in flags.items() if not active),
            stages=tuple(CommissioningStage.objects.values_list("slug", flat=True)),
        )


@dataclass(frozen=True)
class ImportSummary:
    rows: int
    frequencies: Mapping[str, int]

    @property
    def message(self) -> str:
        return f"Imported {self.rows} answer{'' if self.rows == 1 else 's'}"


class ImportInvalid(Exception):
    """The file has problems; nothing was written."""

    def __init__(self, problems: Sequence[Problem]):
        super().__init__(f"{len(problems)} problem(s) in the file")
        self.problems = list(problems)

    @property
    def messages(self) -> list[str]:
        return [str(problem) for problem in self.problems]


# --------------------------------------------------------------------------------------
# Reading and checking a file (no writes)
# --------------------------------------------------------------------------------------


def decode(data: bytes) -> str:
    """The file's text: UTF-8, with or without the byte order mark Excel adds."""
    if len(data) > MAX_BYTES:
        raise ImportInvalid([Problem(TOO_BIG)])
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportInvalid([Problem(NOT_UTF8)]) from None
    if "\x00" in text:
        # Null characters mean a UTF-16 file (or not text at all); PostgreSQL could not
        # store them anyway.
        raise ImportInvalid([Problem(NOT_UTF8)])
    if not text.strip():
        raise ImportInvalid([Problem(EMPTY)])
    return text


def _records(text: str) -> list[list[str]]:
    # Rows are records, not lines: a note with line breaks is still one spreadsheet row.
    try:
        return list(csv.reader(io.StringIO(text, newline=""), strict=True))
    except csv.Error:
        raise ImportInvalid([Problem(NOT_CSV)]) from None


def _column_index(header: Sequence[str]) -> dict[str, int]:
    """Where each column is, from the header row; refuses unknown, repeated or missing
    columns, as the rows cannot be read without knowing which cell is which."""
    names = [cell.strip().lower() for cell in header]
    if not set(names) & set(CSV_COLUMNS):
        raise ImportInvalid([Problem(NO_HEADER, row=1)])
    problems = []
    for position, name in enumerate(names, start=1):
        if name and name not in CSV_COLUMNS:
            problems.append(
                Problem(
                    f"'{header[position - 1].strip()}' is not a column. The columns are "
                    "activity, frequency, stages and notes",
                    row=1,
                )
            )
        elif name and names.index(name) != position - 1:
            problems.append(Problem(f"the column '{name}' appears more than once", row=1))
    for name in REQUIRED_COLUMNS:
        if name not in names:
            problems.append(Problem(f"the header row must include the column '{name}'", row=1))
    if problems:
        raise ImportInvalid(problems)
    return {name: names.index(name) for name in CSV_COLUMNS if name in names}


def _cells(record: Sequence[str], columns: Mapping[str, int]) -> dict[str, str]:
    return {name: record[index] if index < len(record) else "" for name, index in columns.items()}


def _unneutralise(notes: str) -> str:
    """Undo the apostrophe the CSV export puts before a note a spreadsheet would run as a
    formula, so an exported file imports as it was."""
    if is_neutralised(notes):
        return notes[1:]
    return notes


def _check_activity(
    slug: str, row: int, catalogue: Catalogue, seen: dict[str, int]
) -> list[Problem]:
    if not slug:
        return [Problem("enter the activity", row)]
    if slug in catalogue.retired:
        return [Problem(f"'{slug}' has been retired from the Grid", row)]
    if slug not in catalogue.active:
        return [Problem(f"there is no activity called '{slug}'", row)]
    if slug in seen:
        return [Problem(f"'{slug}' is already on row {seen[slug]}", row)]
    return []


def _split_stages(value: str) -> list[str]:
    return [part.strip().lower() for part in value.split(";") if part.strip()]


def _check_stages(
    stages: Sequence[str], frequency: str, row: int, catalogue: Catalogue
) -> list[Problem]:
    problems = [
        Problem(f"'{stage}' is not a commissioning stage", row)
        for stage in stages
        if stage not in catalogue.stages
    ]
    if stages and frequency == Frequency.NONE:
        problems.append(
            Problem("stages can only be given for an activity done occasionally or routinely", row)
        )
    return problems


def _parse_row(
    cells: Mapping[str, str], row: int, catalogue: Catalogue, seen: dict[str, int]
) -> tuple[ParsedRow | None, list[Problem]]:
    slug = cells["activity"].strip().lower()
    frequency = cells["frequency"].strip().lower()
    stages = _split_stages(cells.get("stages", ""))
    notes = _unneutralise(cells.get("notes", "").strip())

    problems = _check_activity(slug, row, catalogue, seen)
    if frequency not in FREQUENCIES:
        problems.append(Problem("frequency must be none, occasional or routine", row))
    problems += _check_stages(stages, frequency, row, catalogue)
    if len(notes) > TEXT_MAX_LENGTH:
        problems.append(Problem(f"notes must be {TEXT_MAX_LENGTH:,} characters or fewer", row))
    if slug and slug not in seen:
        seen[slug] = row
    if problems:
        return None, problems
    ordered = tuple(stage for stage in catalogue.stages if stage in stages)
    return ParsedRow(row, slug, frequency, ordered, notes), []


def parse_answers(text: str, catalogue: Catalogue) -> list[ParsedRow]:
    """Every row of the file, checked; raises ImportInvalid listing every problem."""
    records = _records(text)
    if not records:
        raise ImportInvalid([Problem(EMPTY)])
    columns = _column_index(records[0])
    # Rows left blank (a spreadsheet often saves a few at the end) are not answers.
    numbered = [
        (number, record)
        for number, record in enumerate(records[1:], start=2)
        if any(cell.strip() for cell in record)
    ]
    if not numbered:
        raise ImportInvalid([Problem(NO_ROWS)])
    if len(numbered) > MAX_ROWS:
        raise ImportInvalid([Problem(TOO_MANY_ROWS)])
    rows, problems, seen = [], [], {}
    for number, record in numbered:
        if len(record) > len(records[0]) and any(c.strip() for c in record[len(records[0]) :]):
            problems.append(Problem("the row has more cells than the header row", number))
            continue
        parsed, row_problems = _parse_row(_cells(record, columns), number, catalogue, seen)
        problems += row_problems
        if parsed:
            rows.append(parsed)
    if problems:
        raise ImportInvalid(problems)
    return rows


def read_answers_file(data: bytes, catalogue: Catalogue | None = None) -> list[ParsedRow]:
    """Decode and check a whole file; raises ImportInvalid listing every problem."""
    text = decode(data)
    return parse_answers(text, catalogue or Catalogue.load())


# --------------------------------------------------------------------------------------
# Writing
# --------------------------------------------------------------------------------------


def _existing_answers(answers: Iterable[Answer]) -> dict[str, services.AnswerData]:
    return {
        answer.activity.slug: services.AnswerData(
            frequency=answer.frequency, stages=tuple(answer.stages), notes=answer.notes
        )
        for answer in answers
    }


def _sections_touched(sections: Iterable[Section], rows: Iterable[ParsedRow]) -> list[Section]:
    slugs = {row.activity for row in rows}
    return [
        section
        for section in sections
        if section.is_category and any(a.slug in slugs for a in section.activities)
    ]


@transaction.atomic
def answers_import(
    *, assessment: Assessment, user: AbstractBaseUser | None, rows: Sequence[ParsedRow]
) -> ImportSummary:
    """Save checked rows into a draft, merged with its existing answers: one section save
    per category the file mentions. Raises ``services.AssessmentLocked`` for a submitted
    assessment and ``services.SectionConflict`` if a section changed while importing;
    either way nothing is written."""
    # Locking the assessment first makes the versions read below the ones the section
    # saves check, since every save locks the assessment before its section.
    locked = Assessment.objects.select_for_update().get(pk=assessment.pk)
    if not locked.is_draft:
        raise services.AssessmentLocked("This assessment has been submitted and cannot be changed")
    current = questionnaire(locked)
    merged: dict[str, services.AnswerData | None] = {
        **_existing_answers(current.answers.values()),
        **{row.activity: row.as_answer() for row in rows},
    }
    versions = {item.section.key: item.version for item in current.progress}
    for section in _sections_touched(current.sections, rows):
        services.section_save_answers(
            assessment=locked,
            user=user,
            key=section.key,
            expected_version=versions.get(section.key, 0),
            activities=section.activities,
            answers={activity.slug: merged.get(activity.slug) for activity in section.activities},
        )
    counts = Counter(row.frequency for row in rows)
    return ImportSummary(
        rows=len(rows), frequencies={frequency: counts[frequency] for frequency in FREQUENCIES}
    )


def answers_import_file(
    *, assessment: Assessment, user: AbstractBaseUser | None, data: bytes
) -> ImportSummary:
    """Check a whole file and, if it has no problems, import it."""
    return answers_import(assessment=assessment, user=user, rows=read_answers_file(data))
