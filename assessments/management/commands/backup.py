"""python manage.py backup OUTPUT.json.gz — everything, as gzip'd JSON (see README).

One snapshot of the database; success is reported only once the file's references are
checked (a failed check is an error, and leaves no file: see ``transfer.backup``)."""

from django.core.management.base import BaseCommand

from assessments.transfer.backup import backup


class Command(BaseCommand):
    help = (
        "Back up accounts, the catalogue, organisations, assessments, answers, actions and "
        "all their history to a gzip'd JSON file"
    )

    def add_arguments(self, parser):
        parser.add_argument("output", help="The file to write, like backup-2026-11-21.json.gz")

    def handle(self, *args, output: str, **options):
        counts = backup(output)
        for label, count in counts.items():
            self.stdout.write(f"{label}: {count}")
        self.stdout.write(self.style.SUCCESS(f"Backed up {sum(counts.values())} rows to {output}"))
