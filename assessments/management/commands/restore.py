"""python manage.py restore INPUT.json.gz — into an empty, migrated database (see README)."""

from django.core.management.base import BaseCommand

from assessments.transfer.backup import restore


class Command(BaseCommand):
    help = (
        "Restore a back-up made by `backup` into an empty database (run `migrate` first; "
        "refuses a database that has any users, catalogue or organisations)"
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "path", metavar="INPUT", help="A file written by `python manage.py backup`"
        )

    def handle(self, *args, path: str, **options):
        counts = restore(path)
        for label, count in counts.items():
            self.stdout.write(f"{label}: {count}")
        self.stdout.write(self.style.SUCCESS(f"Restored {sum(counts.values())} rows from {path}"))
