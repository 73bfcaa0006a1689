"""Import answers from a CSV file, into an existing draft or a new one.

    python manage.py import_answers FILE --assessment 12
    python manage.py import_answers FILE --organisation QWE --title "Workshop" --period 2026/27

On success the last line printed is the assessment's id alone, so a script can capture
it. On any problem every problem goes to stderr, nothing is written (a new assessment is
not left behind) and the command exits non-zero.
"""

from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from assessments.models import Assessment, Organisation
from assessments.questionnaire import lifecycle, services
from assessments.questionnaire.forms import clean_period
from assessments.transfer import imports


class Command(BaseCommand):
    help = (
        "Import answers from a CSV file (activity,frequency,stages,notes) into a draft "
        "assessment: an existing one (--assessment) or a new one (--organisation, --title, "
        "--period). All or nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="The CSV file, saved as UTF-8")
        target = parser.add_mutually_exclusive_group(required=True)
        target.add_argument("--assessment", type=int, help="The id of a draft assessment")
        target.add_argument("--organisation", help="The ODS code of the organisation")
        parser.add_argument("--title", help="The new assessment's title")
        parser.add_argument("--period", help="The new assessment's period, like 2026/27")

    def handle(self, *args: Any, **options: Any) -> str:
        rows = self._read(options["file"])
        try:
            with transaction.atomic():
                assessment = self._target(options)
                summary = imports.answers_import(assessment=assessment, user=None, rows=rows)
        except services.AssessmentLocked as error:
            raise CommandError(f"{error}. Reopen it first") from None
        except services.SectionConflict:
            raise CommandError(
                "Someone changed the answers while importing; nothing was imported"
            ) from None
        self.stdout.write(f"{summary.message} into assessment {assessment.pk}")
        return str(assessment.pk)

    def _read(self, path: Path) -> list[imports.ParsedRow]:
        try:
            with path.open("rb") as file:
                # One byte over the limit is enough to know the file is too big.
                data = file.read(imports.MAX_BYTES + 1)
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error.strerror}") from None
        try:
            return imports.read_answers_file(data)
        except imports.ImportInvalid as error:
            for message in error.messages:
                self.stderr.write(message)
            count = len(error.problems)
            raise CommandError(
                f"The file has {count} problem{'' if count == 1 else 's'}. Nothing was imported"
            ) from None

    def _target(self, options: dict[str, Any]) -> Assessment:
        if options["assessment"] is not None:
            try:
                return Assessment.objects.get(pk=options["assessment"])
            except Assessment.DoesNotExist:
                raise CommandError(f"There is no assessment {options['assessment']}") from None
        return self._create(options)

    def _create(self, options: dict[str, Any]) -> Assessment:
        if not options["title"] or not options["period"]:
            raise CommandError("A new assessment needs --title and --period")
        try:
            period = clean_period(options["period"])
        except ValidationError as error:
            raise CommandError(error.messages[0]) from None
        code = options["organisation"].strip().upper()
        organisation = Organisation.objects.filter(ods_code=code).first()
        if organisation is None:
            raise CommandError(f"There is no organisation with the ODS code {code}")
        return lifecycle.assessment_create(
            organisation=organisation, user=None, title=options["title"].strip(), period=period
        )
