"""``manage.py prune_sign_in_records``: delete sign-in records older than the privacy
notice's period (coprod_grid/accounts/retention.py). Run it once a day from cron or a
systemd timer; it is safe to run more often."""

from django.core.management.base import BaseCommand

from coprod_grid.accounts.retention import SIGN_IN_RECORDS_KEPT, sign_in_records_prune


class Command(BaseCommand):
    help = f"Delete sign-in records older than {SIGN_IN_RECORDS_KEPT.days} days."

    def handle(self, *args, **options) -> None:
        counts = sign_in_records_prune()
        self.stdout.write(
            f"Deleted sign-in records older than {SIGN_IN_RECORDS_KEPT.days} days: "
            f"{counts['successful']} successful sign-ins, "
            f"{counts['failed']} failed sign-ins, "
            f"{counts['failure_counts']} failure counts."
        )
