"""One lived-experience panel member's rating imported from a CSV file, for a panel
that rated on paper at a workshop and whose sheets the lead typed into a spreadsheet.

The file is the commissioners' import format (``imports``: columns
``activity,frequency,stages,notes``), read by the same parser with the same
all-or-nothing collection of problems; ``notes`` becomes the member's comment.

A rating must rate every active activity: a panel member's rating is scored only when
it is complete (as a member rating on screen must finish every section before
submitting), and guessing "none" for a forgotten row would pull the panel's median
down on the member's behalf. So a file that leaves activities out is refused, naming
them, with any row problems, and nothing is written.

The rating becomes a new ``PanelMember`` with no account (``user`` empty), submitted at
once, so nothing joins it to the lead who typed it in or to the person who wrote it.
It can be imported whether the assessment is a draft or submitted: a panel usually
rates the submitted answers, and the commissioners' answers are not touched.
"""

import csv
import io
from collections import Counter
from collections.abc import Collection, Sequence
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from coprod_grid import catalogue as live_catalogue
from coprod_grid.models import Activity

from ..access import require_lead
from ..models import Assessment, Membership
from ..panel.models import PanelAnswer, PanelMember
from ..panel.services import panel_for_assessment
from . import imports
from .imports import FREQUENCIES, Catalogue, ImportInvalid, ParsedRow, Problem

IMPORTED = "A panel member's rating was imported from the file. It counts as one anonymous member"


@dataclass(frozen=True)
class RatingImportSummary(imports.ImportSummary):
    """What was imported, and the new (unnamed) member it is attributed to."""

    member: PanelMember

    @property
    def message(self) -> str:
        return IMPORTED


def _names(names: Sequence[str]) -> str:
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def missing_problem(rated: Collection[str], activities: Sequence[Activity]) -> Problem | None:
    """The activities, in catalogue order and by the names people know them by, that a
    rating leaves out; None when it rates them all."""
    missing = [activity.name for activity in activities if activity.slug not in rated]
    if not missing:
        return None
    count = "1 activity" if len(missing) == 1 else f"{len(missing)} activities"
    return Problem(
        f"The file has no rating for {count}: {_names(missing)}. A panel member's rating "
        "counts only when it rates every activity, so add a row for each"
    )


def _rated_slugs(text: str) -> set[str]:
    """The activities the file's rows name, good rows or bad, so that a file with row
    problems can be told what it leaves out in the same round of fixes. Only called once
    the parser has accepted the file's CSV and header."""
    records = list(csv.reader(io.StringIO(text, newline="")))
    column = [cell.strip().lower() for cell in records[0]].index("activity")
    return {record[column].strip().lower() for record in records[1:] if column < len(record)}


def read_rating_file(
    data: bytes,
    catalogue: Catalogue | None = None,
    activities: Sequence[Activity] | None = None,
) -> list[ParsedRow]:
    """Decode and check a whole rating file, completeness included; raises
    ImportInvalid listing every problem."""
    text = imports.decode(data)
    catalogue = catalogue or Catalogue.load()
    activities = live_catalogue.active_activities() if activities is None else activities
    try:
        rows = imports.parse_answers(text, catalogue)
    except ImportInvalid as error:
        # A file that cannot be read as rows (or has a bad header) has no rows to count.
        if any(problem.row in (None, 1) for problem in error.problems):
            raise
        problems, rated = list(error.problems), _rated_slugs(text)
    else:
        problems, rated = [], {row.activity for row in rows}
    missing = missing_problem(rated, activities)
    if missing:
        problems.append(missing)
    if problems:
        raise ImportInvalid(problems)
    return rows


def _answers(rows: Sequence[ParsedRow], activities: dict[str, Activity]) -> list[PanelAnswer]:
    """The rows as unsaved answers, each checked by the model; raises ImportInvalid."""
    answers, problems = [], []
    for row in rows:
        activity = activities.get(row.activity)
        if activity is None:  # retired between reading the file and importing it
            problems.append(Problem(f"'{row.activity}' has been retired from the Grid", row.row))
            continue
        answer = PanelAnswer(
            activity=activity, frequency=row.frequency, stages=list(row.stages), comment=row.notes
        )
        try:
            # The activity was just read and the member is made below: checking either
            # again would cost a query per row.
            answer.clean_fields(exclude=["member", "activity"])
        except ValidationError as error:
            problems += [Problem(message.rstrip("."), row.row) for message in error.messages]
        answers.append(answer)
    if problems:
        raise ImportInvalid(problems)
    return answers


@transaction.atomic
def panel_rating_import(
    *, assessment: Assessment, by: Membership, rows: Sequence[ParsedRow]
) -> RatingImportSummary:
    """Add checked rows to the assessment's panel as one new, unnamed, submitted
    member's rating, making the panel if it has none. Only a lead of the assessment's
    organisation may (PermissionDenied); an incomplete rating raises ImportInvalid.
    Either way nothing is written."""
    require_lead(membership=by)
    if by.organisation_id != assessment.organisation_id:
        raise PermissionDenied("Only an involvement lead of this organisation can do this")
    # Checked again against the catalogue as it is now, not as it was when the file was
    # read, so a rating never counts while an activity added since is missing.
    active = list(Activity.objects.active())
    missing = missing_problem({row.activity for row in rows}, active)
    if missing:
        raise ImportInvalid([missing])
    answers = _answers(rows, {activity.slug: activity for activity in active})

    panel = panel_for_assessment(assessment, user=by.user)
    now = timezone.now()
    member = PanelMember.objects.create(panel=panel, user=None, joined_at=now, submitted_at=now)
    for answer in answers:
        answer.member = member
    PanelAnswer.objects.bulk_create(answers)
    counts = Counter(row.frequency for row in rows)
    return RatingImportSummary(
        rows=len(rows),
        frequencies={frequency: counts[frequency] for frequency in FREQUENCIES},
        member=member,
    )


def panel_rating_import_file(
    *, assessment: Assessment, by: Membership, data: bytes
) -> RatingImportSummary:
    """Check a whole rating file and, if it has no problems, import it."""
    return panel_rating_import(assessment=assessment, by=by, rows=read_rating_file(data))
