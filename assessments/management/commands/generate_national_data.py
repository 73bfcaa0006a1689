"""Fill a database with national-scale data for benchmarks and load tests (the data and
its shape: ``assessments/benchmarks/national_data.py``).

    DATABASE_URL=sqlite:////tmp/bench.sqlite3 uv run python manage.py generate_national_data
    uv run python manage.py generate_national_data --organisations 50 --assessments 250 \\
        --actions 1000 --replace
"""

import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from assessments.benchmarks.bulk import explicit_timestamps
from assessments.benchmarks.national_data import (
    DEFAULT_PASSWORD,
    delete_generated,
    generate,
    generated_organisations,
)


class Command(BaseCommand):
    help = (
        "Generate national-scale organisations, assessments, answers, actions, members and "
        "lived-experience panels."
    )

    def add_arguments(self, parser):
        parser.add_argument("--organisations", type=int, default=1000)
        parser.add_argument("--assessments", type=int, default=5000)
        parser.add_argument("--actions", type=int, default=20000)
        parser.add_argument(
            "--busiest",
            type=int,
            default=30,
            help="Assessments of the first organisation, X00001 (default 30)",
        )
        parser.add_argument("--seed", type=int, default=2017)
        parser.add_argument("--password", default=DEFAULT_PASSWORD)
        parser.add_argument(
            "--replace", action="store_true", help="Delete earlier generated data first"
        )

    def handle(self, *args, **options):
        organisations, assessments = options["organisations"], options["assessments"]
        if organisations < 1 or assessments < organisations or options["actions"] < 0:
            raise CommandError("Give at least one organisation and one assessment for each")
        if organisations > 99_999:
            raise CommandError("At most 99,999 organisations (ODS codes X00001 to X99999)")
        if options["busiest"] < 1:
            raise CommandError("--busiest must be at least 1")
        started = time.perf_counter()
        with transaction.atomic(), explicit_timestamps():
            if generated_organisations().exists():
                if not options["replace"]:
                    raise CommandError("Generated data exists already: add --replace")
                removed = delete_generated()
                self.stdout.write(f"Removed {removed} generated organisations and their data.")
            summary = generate(
                organisations=organisations,
                assessments=assessments,
                actions=options["actions"],
                busiest=options["busiest"],
                seed=options["seed"],
                password=options["password"],
            )
        # Fresh statistics, as autovacuum would gather within minutes: without them
        # PostgreSQL plans the panel's counts as a scan of all 214,000 ratings (70 ms
        # instead of 0.3), and the benchmark would measure a plan production never uses.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        self.stdout.write(
            self.style.SUCCESS(
                f"Generated {summary.organisations:,} organisations, {summary.users:,} users "
                f"({summary.memberships:,} memberships), {summary.assessments:,} assessments, "
                f"{summary.answers:,} answers, {summary.sections:,} section states, "
                f"{summary.actions:,} actions and {summary.panels:,} panels "
                f"({summary.panel_members:,} members, {summary.panel_answers:,} ratings, "
                f"{summary.agreed_answers:,} agreed answers), "
                f"{summary.ledger_entries:,} ledger entries, {summary.projects:,} "
                f"co-design projects ({summary.project_phases:,} phases) and "
                f"{summary.cost_profiles:,} cost profiles "
                f"in {time.perf_counter() - started:.1f} s."
            )
        )
        self.stdout.write(
            f"Every generated user (gen-x00001-lead, gen-x00001-c1, panel member "
            f"gen-x00001-p1, …) signs in with the password {options['password']!r}. Use "
            "this on benchmark databases only."
        )
