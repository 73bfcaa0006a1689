"""Print an assessment as JSON: the same document as ``/assessments/<id>/export.json``."""

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from assessments.models import Assessment
from assessments.results.cache import assessment_export


class Command(BaseCommand):
    help = "Print an assessment's results and answers as JSON (the export's schema)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("assessment", type=int, help="The assessment's id")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            assessment = Assessment.objects.select_related("organisation").get(
                pk=options["assessment"]
            )
        except Assessment.DoesNotExist:
            raise CommandError(f"There is no assessment {options['assessment']}") from None
        data = assessment_export(assessment)
        self.stdout.write(json.dumps(data, indent=2, ensure_ascii=False))
