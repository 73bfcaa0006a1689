from django.core.management import call_command
from django.core.management.base import BaseCommand

from assessments.demo import DEMO_ORGANISATION, demo_setup
from coprod_grid.models import Category


class Command(BaseCommand):
    help = (
        "Load the Grid catalogue if the database has none, then create or refresh the demo "
        "organisation, its three sign-ins (new passwords each run) and its demo assessment. "
        "The lead must use two-factor sign-in: their authenticator key stays the same from "
        "run to run; their recovery codes are new each run."
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
        for account in accounts:
            if account.two_factor:
                self._two_factor(account)
        self.stdout.write(
            "The admin sets up two-factor sign-in the first time they sign in; it is kept "
            "on later runs.\n"
        )

    def _two_factor(self, account):
        tf = account.two_factor
        self.stdout.write(self.style.SUCCESS(f"Two-factor sign-in for {account.username}:"))
        self.stdout.write(f"  authenticator app key: {tf.secret_key}")
        self.stdout.write(f"  otpauth URL:           {tf.otpauth_url}")
        self.stdout.write("  recovery codes (new each run; each works once):")
        for code in tf.recovery_codes:
            self.stdout.write(f"    {code}")
        self.stdout.write("(The key stays the same each run: an app set up once keeps working.)\n")
