"""Time each report document's first render, the way the download view makes it.

    uv run python manage.py bench_report            # a throwaway assessment, rolled back
    uv run python manage.py bench_report --assessment 12 --runs 15
    uv run python manage.py bench_report --document full --output /tmp/report.pdf

Without ``--assessment`` it creates, inside a transaction that it rolls back, an
organisation with a fully answered, submitted assessment (every activity answered, most
practised, with stages and evidence notes) and 20 actions, so the database is left as
it was. For every document in :data:`~assessments.reports.documents.DOCUMENTS`, each
run builds the context (the queries included), renders the HTML and the PDF, straight
through WeasyPrint and never through the PDF cache: a first render, as a download
makes when the cache has nothing. A warm-up run per document (imports, fonts, the
parsed stylesheet) is not counted.
"""

import datetime
import os
import platform
import statistics
import sys
import sysconfig
import time
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from assessments.models import Action, Answer, Assessment, Frequency, Organisation, Participant
from assessments.reports.context import PDF_OPTIONS, dated, report_context, report_html
from assessments.reports.documents import DOCUMENTS, Document
from assessments.reports.pdf import render_pdf_with_pages
from coprod_grid.models import Activity, CommissioningStage, ServiceArea

ACTION_COUNT = 20


class _Rollback(Exception):
    pass


def bench_assessment() -> Assessment:
    """A fully answered, submitted assessment with 20 actions (call inside a transaction
    that is rolled back)."""
    user = get_user_model().objects.create(username="bench-report-user")
    organisation = Organisation.objects.create(
        name="Benchmark Integrated Care Board", ods_code="ZZB"
    )
    assessment = Assessment.objects.create(
        organisation=organisation,
        title="Benchmark self-assessment",
        period="2026/27",
        participants=[choice.value for choice in Participant],
        experts_by_experience_count=6,
        service_areas_other="Perinatal mental health",
        commitment="plans-to-do-more",
        created_by=user,
        updated_by=user,
    )
    assessment.service_areas.set(ServiceArea.objects.all()[:4])
    stages = list(CommissioningStage.objects.values_list("slug", flat=True))
    frequencies = [Frequency.ROUTINE, Frequency.OCCASIONAL, Frequency.ROUTINE, Frequency.NONE]
    answers = []
    for index, activity in enumerate(Activity.objects.active().select_related("category")):
        frequency = frequencies[index % len(frequencies)]
        answers.append(
            Answer(
                assessment=assessment,
                activity=activity,
                frequency=frequency,
                stages=[] if frequency == Frequency.NONE else stages[: 1 + index % len(stages)],
                notes=(
                    ""
                    if frequency == Frequency.NONE
                    else f"Evidence for {activity.name.lower()}: minutes of the meeting, the "
                    "terms of reference and feedback from the experts-by-experience involved."
                ),
                snapshot_name=activity.name,
                snapshot_category=activity.category.slug,
                snapshot_category_name=activity.category.name,
                snapshot_activeness=activity.activeness,
                snapshot_embeddedness=activity.embeddedness,
            )
        )
    Answer.objects.bulk_create(answers)
    activities = list(Activity.objects.active()[:ACTION_COUNT])
    statuses = list(Action.Status)
    Action.objects.bulk_create(
        Action(
            assessment=assessment,
            description=(
                f"Action {number}: agree with the lived-experience panel how experts-by-"
                "experience will take part, pay them for their time, and report progress to "
                "the Mental Health Partnership Board every quarter."
            ),
            owner="Head of mental health commissioning",
            due_date=datetime.date(2026, 4, 1) + datetime.timedelta(days=14 * number),
            status=statuses[number % len(statuses)],
            activity=activities[number % len(activities)] if number % 2 else None,
            created_by=user,
        )
        for number in range(1, ACTION_COUNT + 1)
    )
    Assessment.objects.filter(pk=assessment.pk).update(
        status=Assessment.Status.SUBMITTED, submitted_at=timezone.now(), submitted_by=user
    )
    return Assessment.objects.select_related(
        "organisation", "created_by", "updated_by", "submitted_by"
    ).get(pk=assessment.pk)


class Command(BaseCommand):
    help = (
        "Time each report document's first render: pages, median, min and max of several "
        "renders, and CPU time."
    )

    def add_arguments(self, parser):
        parser.add_argument("--assessment", type=int, help="An existing assessment's id")
        parser.add_argument("--runs", type=int, default=9, help="Timed renders (default 9)")
        parser.add_argument(
            "--pdf-variant",
            default=PDF_OPTIONS.get("pdf_variant") or "none",
            help='WeasyPrint PDF variant, or "none" for an untagged PDF',
        )
        parser.add_argument(
            "--document",
            action="append",
            choices=sorted(DOCUMENTS),
            help="Only this document (may be given more than once; default: all of them)",
        )
        parser.add_argument(
            "--output",
            help=(
                "Also write each document's last PDF: this path for one document, "
                "otherwise the path with the document's name before its suffix"
            ),
        )

    def handle(self, *args, **options):
        if options["runs"] < 1:
            raise CommandError("--runs must be at least 1")
        variant = options["pdf_variant"]
        pdf_options = {**PDF_OPTIONS, "pdf_variant": None if variant == "none" else variant}
        if options["assessment"]:
            try:
                assessment = Assessment.objects.select_related("organisation").get(
                    pk=options["assessment"]
                )
            except Assessment.DoesNotExist:
                raise CommandError(f"No assessment {options['assessment']}") from None
            self._bench(assessment, options, pdf_options)
            return
        try:
            with transaction.atomic():
                self._bench(bench_assessment(), options, pdf_options)
                raise _Rollback
        except _Rollback:
            pass

    def _bench(self, assessment: Assessment, options: dict, pdf_options: dict) -> None:
        answers = assessment.answers.count()
        actions = assessment.actions.count()
        self.stdout.write(
            f"Assessment {assessment.organisation.ods_code} {assessment.period} "
            f"({answers} answers, {actions} actions), variant {pdf_options['pdf_variant']}, "
            f"{options['runs']} runs after a warm-up:"
        )
        documents = [DOCUMENTS[slug] for slug in options["document"] or DOCUMENTS]
        for document in documents:
            pdf = self._bench_document(assessment, document, options["runs"], pdf_options)
            if options["output"]:
                path = output_path(options["output"], document, several=len(documents) > 1)
                with open(path, "wb") as file:
                    file.write(pdf)
        self.stdout.write(
            f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs; {interpreter()}"
        )

    def _bench_document(
        self, assessment: Assessment, document: Document, runs: int, pdf_options: dict
    ) -> bytes:
        pdf_timings = []

        def render() -> tuple[bytes, int]:
            html = dated(report_html(report_context(assessment), document), timezone.localdate())
            started = time.perf_counter()
            rendered = render_pdf_with_pages(html, **pdf_options)
            pdf_timings.append((time.perf_counter() - started) * 1000)
            return rendered

        started = time.perf_counter()
        render()
        warm_up = (time.perf_counter() - started) * 1000
        pdf_timings.clear()
        timings, cpu_timings = [], []
        for _ in range(runs):
            started, cpu_started = time.perf_counter(), time.process_time()
            pdf, pages = render()
            timings.append((time.perf_counter() - started) * 1000)
            cpu_timings.append((time.process_time() - cpu_started) * 1000)
        limit = f" (at most {document.max_pages})" if document.max_pages else ""
        self.stdout.write(
            f"  {document.slug}: {pages} pages{limit}, {len(pdf) / 1024:.0f} KiB; "
            f"median {statistics.median(timings):.0f} ms "
            f"(WeasyPrint {statistics.median(pdf_timings):.0f} ms), "
            f"min {min(timings):.0f} ms, max {max(timings):.0f} ms, "
            f"CPU median {statistics.median(cpu_timings):.0f} ms; warm-up {warm_up:.0f} ms"
        )
        return pdf


def output_path(output: str, document: Document, *, several: bool) -> str:
    """``--output`` as given for one document; ``report-full.pdf`` and so on for several."""
    if not several:
        return output
    path = Path(output)
    return str(path.with_name(f"{path.stem}-{document.slug}{path.suffix}"))


def interpreter() -> str:
    """Which Python renders, and how it is linked: one that calls into a shared
    libpython renders a quarter slower (see the Makefile)."""
    return f"Python {platform.python_version()} ({sys.executable}, {libpython_linking()})"


def libpython_linking() -> str:
    """``shared libpython`` when the running interpreter has libpython mapped as a shared
    library, ``static`` when not. Where there is no /proc, the build's configuration
    says (Debian's says shared, as it builds the library too, but links it statically)."""
    try:
        with open("/proc/self/maps") as maps:
            shared = any("/libpython" in line for line in maps)
    except OSError:
        shared = bool(sysconfig.get_config_var("Py_ENABLE_SHARED"))
    return "shared libpython" if shared else "static"
