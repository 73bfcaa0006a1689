from django.core.management import call_command
from django.core.management.base import BaseCommand

from assessments.demo import DEMO_ORGANISATION, demo_setup
from coprod_grid.models import Category


class Command(BaseCommand):
    help = (
        "Load the Grid catalogue if the database has none, then create or refresh the demo "
        "organisation, its three sign-ins (new passwords each run) and its demo assessment."
    )

    def handle(self, *args, **options):
        # Reloading the fixture over a curated catalogue would undo admins' edits.
        if not Category.objects.exists():
            call_command("loaddata", "catalogue", verbosity=0)
            self.stdout.write("Loaded the Grid catalogue.")
        accounts = demo_setup()
        self.stdout.write(self.style.SUCCESS(f"\nDemo organisation: {DEMO_ORGANISATION}"))
        self.stdout.write("Sign in at http://127.0.0.1:8000/sign-in/ with:")
        for account in accounts:
            self.stdout.write(
                f"  {account.role:<22} user name: {account.username:<13} "
                f"password: {account.password}"
            )
        self.stdout.write("(Each run of this command issues new demo passwords.)\n")
