"""Server time and queries of every main page, on the data ``generate_national_data`` makes.

    DATABASE_URL=sqlite:////tmp/bench.sqlite3 uv run python manage.py benchmark
    DATABASE_URL=postgres://coprod_bench@127.0.0.1/coprod_bench uv run python manage.py benchmark
    uv run python manage.py benchmark --only results,pdf --runs 20 --profile results

Each page is requested in process through Django's test client (the whole middleware
stack, sessions and templates; no network and no web server), as the busiest generated
organisation's involvement lead (the rating pages as one of its panel members):
``--warm-up`` requests first, then ``--runs`` timed ones (``--pdf-runs`` for the PDF).
One more request under ``CaptureQueriesContext`` counts the queries. The table gives the
median and the 95th percentile, the floor (the median of a ``/healthz`` request made
after each of the page's: the framework's floor, one ``SELECT 1``, measured beside the
page so that a machine whose speed drifts moves both alike), the page's median as a
multiple of it, and the target: an HTML page at most 20× the
floor, a data export (JSON, CSV) at most 10×, a document laid out on request (PDF, Word)
within its milliseconds (``assessments/benchmarks/pages.py``). ``--fail-on-miss`` exits
non-zero when a page misses.

"CPU ms" is the median CPU time of this process during a request: on a busy machine it
is a steadier estimate than the wall-clock time (with SQLite it includes the database's
work; with PostgreSQL the server's work is in another process). Caches stay warm between
requests, as in production; "pdf (cold)" clears the cache before each request, so it is
the first download of a report. The numbers are only as good as the machine is quiet:
the load average is printed with them.

"results" (and the JSON export and the PDF) include the panel's view; the panel's own
pages: ``assessments/benchmarks/pages.py``.
"""

from __future__ import annotations

import io
import json
import math
import os
import platform
import statistics
import time
from dataclasses import asdict, dataclass

import django
from django.core.cache import caches
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.http import HttpResponse
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse

from assessments.benchmarks.pages import (
    HTML_TARGET,
    JSON_TARGET,
    PDF_TARGET,
    Page,
    costs_pages,
    get_page,
    impact_pages,
    panel_pages,
    peers_pages,
    signed_in,
)
from assessments.models import Action, Answer, Assessment, Membership, Organisation, SectionState
from assessments.questionnaire.sections import questionnaire
from coprod_grid.models import CommissioningStage


def _clear_caches() -> None:
    for alias in caches:
        caches[alias].clear()


@dataclass
class Measurement:
    name: str
    url: str
    median_ms: float
    p95_ms: float
    cpu_median_ms: float
    runs: int
    queries: int
    target: str
    floor_ms: float  # the median of the /healthz requests made between this page's
    limit_ms: float | None = None
    ratio: float = 0.0

    @property
    def verdict(self) -> str:
        if self.limit_ms is None:
            return ""
        return "ok" if self.median_ms <= self.limit_ms else "MISSED"


def percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile: the smallest value with ``share`` of values at or below."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


class Command(BaseCommand):
    help = "Median and p95 server time and query count of each main page, against /healthz."

    def add_arguments(self, parser):
        parser.add_argument("--runs", type=int, default=50, help="Timed requests per page")
        parser.add_argument("--pdf-runs", type=int, default=10, help="Timed PDF requests")
        parser.add_argument("--warm-up", type=int, default=5, help="Untimed requests first")
        parser.add_argument(
            "--organisation", default="X00001", help="ODS code of the organisation to use"
        )
        parser.add_argument("--only", help="Comma-separated page names (healthz always runs)")
        parser.add_argument("--json", help="Also write the results to this file")
        parser.add_argument(
            "--profile", help="Afterwards, profile this page with pyinstrument (or cProfile)"
        )
        parser.add_argument(
            "--fail-on-miss",
            action="store_true",
            help="Exit non-zero when a page misses its target",
        )

    def handle(self, *args, **options):
        if options["runs"] < 2 or options["pdf_runs"] < 1 or options["warm_up"] < 1:
            raise CommandError("Give at least 2 runs, 1 PDF run and 1 warm-up request")
        pages = self.pages(options["organisation"])
        if options["only"]:
            wanted = {"healthz", *options["only"].split(",")}
            unknown = wanted - {page.name for page in pages}
            if unknown:
                raise CommandError(f"Unknown pages: {', '.join(sorted(unknown))}")
            pages = [page for page in pages if page.name in wanted]
        self.header()
        results = []
        floor_page = pages[0]
        for page in pages:
            runs = page.runs or options["runs"]
            if page.name.startswith("pdf"):
                runs = options["pdf_runs"]
            results.append(
                self.measure(page, runs=runs, warm_up=options["warm_up"], floor=floor_page)
            )
        for page, result in zip(pages, results, strict=True):
            result.ratio = result.median_ms / result.floor_ms
            if page.target is not None:
                result.limit_ms = page.target.limit_ms(result.floor_ms)
        self.table(results)
        if options["json"]:
            with open(options["json"], "w") as file:
                json.dump(
                    {"environment": self.environment(), "pages": [asdict(r) for r in results]},
                    file,
                    indent=2,
                )
        if options["profile"]:
            page = next((p for p in pages if p.name == options["profile"]), None)
            if page is None:
                raise CommandError(f"No page {options['profile']!r} to profile")
            self.profile(page, runs=options["pdf_runs"] if page.name.startswith("pdf") else 20)
        if options["fail_on_miss"] and any(r.verdict == "MISSED" for r in results):
            raise CommandError("At least one page missed its target")

    # The pages -------------------------------------------------------------------------

    def pages(self, ods_code: str) -> list[Page]:
        organisation = Organisation.objects.filter(ods_code=ods_code).first()
        if organisation is None:
            raise CommandError(
                f"No organisation {ods_code}: run manage.py generate_national_data first"
            )
        membership = (
            Membership.objects.filter(organisation=organisation, role=Membership.Role.LEAD)
            .select_related("user")
            .first()
        )
        assessments = organisation.assessments.all()
        draft = assessments.filter(status=Assessment.Status.DRAFT).first()
        submitted = (
            assessments.filter(status=Assessment.Status.SUBMITTED)
            .order_by("-submitted_at", "-pk")
            .first()
        )
        if membership is None or draft is None or submitted is None:
            raise CommandError(
                f"{ods_code} needs a lead, a draft and a submitted assessment: run "
                "manage.py generate_national_data"
            )
        self.subjects = {
            "organisation": ods_code,
            "assessments of the organisation": assessments.count(),
            "draft": draft.pk,
            "submitted": submitted.pk,
            "answers of the submitted": submitted.answers.count(),
            "actions of the submitted": submitted.actions.count(),
        }
        member = signed_in(membership.user)
        anonymous = Client()
        section = next(s for s in questionnaire(draft).sections if s.is_category)
        section_url = reverse("assessments:section", args=[draft.pk, section.key])
        saves = iter(range(10**9))
        stage_slugs = list(CommissioningStage.objects.values_list("slug", flat=True))

        def save_section() -> HttpResponse:
            return member.post(section_url, self.section_post(draft, section, next(saves)))

        def post_data_ready() -> None:
            # The version is read before the clock starts, as the page the person saved
            # from would carry it.
            self._version = (
                SectionState.objects.filter(assessment=draft, key=section.key)
                .values_list("version", flat=True)
                .first()
                or 0
            )

        self._stage_slugs = stage_slugs
        pages = [
            Page("healthz", "/healthz", lambda: anonymous.get("/healthz"), None),
            self._get(member, "dashboard", reverse("assessments:dashboard"), HTML_TARGET),
            self._get(
                member,
                "task list",
                reverse("assessments:task-list", args=[draft.pk]),
                HTML_TARGET,
            ),
            self._get(member, "section GET", section_url, HTML_TARGET),
            Page(
                "section POST",
                section_url,
                save_section,
                HTML_TARGET,
                expect=302,
                before=post_data_ready,
            ),
            self._get(
                member,
                "check answers",
                reverse("assessments:check", args=[draft.pk]),
                HTML_TARGET,
            ),
            self._get(
                member,
                "results",
                reverse("assessments:results", args=[submitted.pk]),
                HTML_TARGET,
            ),
            self._get(
                member,
                "results (draft)",
                reverse("assessments:results", args=[draft.pk]),
                HTML_TARGET,
            ),
            self._get(
                member,
                "action plan",
                reverse("assessments:actions", args=[submitted.pk]),
                HTML_TARGET,
            ),
            self._get(
                member,
                "JSON export",
                reverse("assessments:export-json", args=[submitted.pk]),
                JSON_TARGET,
            ),
            self._get(anonymous, "public Grid", reverse("grid"), HTML_TARGET),
            self._get(anonymous, "password reset", reverse("password-reset"), HTML_TARGET),
            self._get(member, "password change", reverse("password-change"), HTML_TARGET),
        ]
        try:
            pdf_url = reverse("assessments:report-pdf", args=[submitted.pk])
        except NoReverseMatch:
            self.stderr.write("No assessments:report-pdf URL: the PDF is left out.")
        else:
            pages.append(self._get(member, "pdf", pdf_url, PDF_TARGET))
            # The first download of a report: nothing cached (every cache cleared first).
            pages.append(
                Page("pdf (cold)", pdf_url, lambda: member.get(pdf_url), None, before=_clear_caches)
            )
        panel, subjects = panel_pages(submitted, member)
        if not panel:
            self.stderr.write(
                f"Assessment {submitted.pk} has no panel with an agreed answer, a member who "
                "has sent their rating and one still rating: the panel pages are left out "
                "(run manage.py generate_national_data --replace)."
            )
        self.subjects |= subjects
        peers, subjects = peers_pages(submitted, member)
        self.subjects |= subjects
        impact, subjects = impact_pages(submitted, member)
        self.subjects |= subjects
        costs, subjects = costs_pages(submitted, member)
        self.subjects |= subjects
        return pages + panel + peers + impact + costs

    _get = staticmethod(get_page)

    def section_post(self, draft: Assessment, section, number: int) -> dict:
        """A complete save of the section, alternating between two sets of answers so
        that every save changes every answer (and writes its history)."""
        data = {"version": str(self._version), "save": ""}
        for index, activity in enumerate(section.activities):
            routine = (index + number) % 2 == 0
            data[f"{activity.slug}-frequency"] = "routine" if routine else "occasional"
            data[f"{activity.slug}-stages"] = self._stage_slugs[: 1 + (index + number) % 3]
            data[f"{activity.slug}-notes"] = f"Benchmark save {number}: minutes of the meeting."
        return data

    # Measuring -------------------------------------------------------------------------

    def request(self, page: Page) -> tuple[float, float, HttpResponse]:
        if page.before:
            page.before()
        cpu = time.process_time()
        started = time.perf_counter()
        response = page.request()
        elapsed = (time.perf_counter() - started) * 1000
        cpu = (time.process_time() - cpu) * 1000
        if response.status_code != page.expect:
            raise CommandError(
                f"{page.name} ({page.url}) answered {response.status_code}, not {page.expect}"
            )
        return elapsed, cpu, response

    def measure(self, page: Page, *, runs: int, warm_up: int, floor: Page) -> Measurement:
        """``runs`` timed requests of ``page``, each followed by one of ``floor``
        (``/healthz``): a page is judged against the floor measured beside it, so a
        machine whose speed drifts during the run (a shared host's neighbours, its
        clock) moves both alike."""
        for _ in range(warm_up):
            self.request(page)
        timings, cpu, floors = [], [], []
        for _ in range(runs):
            elapsed, used, _response = self.request(page)
            timings.append(elapsed)
            cpu.append(used)
            floors.append(self.request(floor)[0])
        if page.before:
            page.before()
        with CaptureQueriesContext(connection) as queries:
            page.request()
        self.stdout.write(f"  {page.name}: done", ending="\n")
        return Measurement(
            name=page.name,
            url=page.url,
            median_ms=statistics.median(timings),
            p95_ms=percentile(timings, 0.95),
            cpu_median_ms=statistics.median(cpu),
            runs=runs,
            queries=len(queries),
            target=str(page.target) if page.target else "",
            floor_ms=statistics.median(floors),
        )

    def profile(self, page: Page, *, runs: int) -> None:
        try:
            # A development tool: production installs without it, so it is imported here.
            from pyinstrument import Profiler
        except ImportError:
            import cProfile
            import pstats

            profiler = cProfile.Profile()
            for _ in range(runs):
                if page.before:
                    page.before()
                profiler.runcall(page.request)
            stream = io.StringIO()
            pstats.Stats(profiler, stream=stream).sort_stats("cumulative").print_stats(40)
            self.stdout.write(stream.getvalue())
            return
        profiler = Profiler(interval=0.0005)
        for _ in range(runs):
            if page.before:
                page.before()
            profiler.start()
            page.request()
            profiler.stop()
        self.stdout.write(profiler.output_text(unicode=True, color=False, show_all=False))

    # Reporting -------------------------------------------------------------------------

    def environment(self) -> dict:
        load = os.getloadavg()
        return {
            "database": f"{connection.vendor} {connection.Database.__name__}",
            "server": self.server_version(),
            "python": platform.python_version(),
            "django": django.get_version(),
            "cpus": os.cpu_count(),
            "load average": f"{load[0]:.2f} {load[1]:.2f} {load[2]:.2f}",
            "organisations": Organisation.objects.count(),
            "assessments": Assessment.objects.count(),
            "answers": Answer.objects.count(),
            "actions": Action.objects.count(),
            **self.subjects,
        }

    @staticmethod
    def server_version() -> str:
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SHOW server_version")
                return f"PostgreSQL {cursor.fetchone()[0]}"
        if connection.vendor == "sqlite":
            return f"SQLite {connection.Database.sqlite_version}"
        return connection.vendor

    def header(self) -> None:
        self.stdout.write("Measuring (warm-up, then timed requests, then a query count):")

    def table(self, results: list[Measurement]) -> None:
        environment = self.environment()
        self.stdout.write("")
        for key, value in environment.items():
            self.stdout.write(f"{key}: {value:,}" if isinstance(value, int) else f"{key}: {value}")
        self.stdout.write("")
        self.stdout.write(
            "| page | median ms | p95 ms | floor ms | × floor | queries | target | limit ms | "
            "| CPU ms |\n"
            "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: |"
        )
        for r in results:
            limit = f"{r.limit_ms:.1f}" if r.limit_ms is not None else ""
            self.stdout.write(
                f"| {r.name} | {r.median_ms:.1f} | {r.p95_ms:.1f} | {r.floor_ms:.1f} | "
                f"{r.ratio:.1f} | "
                f"{r.queries} | {r.target or 'floor'} | {limit} | {r.verdict} | "
                f"{r.cpu_median_ms:.1f} |"
            )
