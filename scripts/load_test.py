"""A bounded load test of a running app on 127.0.0.1, as signed-in people.

    uv run python scripts/load_test.py --base-url http://127.0.0.1:8000 --users 8 --duration 60

Against the national data of ``manage.py generate_national_data`` (it reads the database
named by ``DATABASE_URL``, read-only, to pick organisations that have a draft and a
submitted assessment). Each virtual user signs in as one of an organisation's
commissioners (a lead would be asked for an authenticator code, which a load test has no
app for; a commissioner fills in, reads and downloads everything the mix asks for) the way
a browser does (GET the sign-in page, POST the form with its CSRF token and
cookie), then, until the time is up, repeats a weighted mix with ``--think`` seconds
between requests:

- the task list of their draft (35%),
- a section of their draft: GET it, read the version from the form, POST a full save
  with that version (25%; both requests count),
- the results of their submitted assessment (30%),
- an edit of an action of their submitted assessment: GET the form, POST it with its
  version (3%; both requests count). The plan lives on after submission, so each edit
  changes both PDF reports, and the reports worker renders them again in the background,
- the Board report (8%) and the full report (7%) of their submitted assessment, each
  download counted by how it got its PDF (the app's ``X-Report-Render``): stored (made
  ahead, or by an earlier download), waited (for a render another process had begun) or
  rendered (by the request itself).

Before the clock starts, it asks for the reports of every submitted assessment in the
run to be rendered ahead, and waits (at most five minutes) until the reports worker
(``db_worker --queue-name reports``) has made them: the run measures a service whose
worker has caught up, and then keeps it busy with edits.

It talks to the app as the TLS-terminating proxy would (``X-Forwarded-Proto: https``),
so the production settings serve it without redirecting. Only 127.0.0.1 and localhost
are accepted, the duration is capped at 300 seconds and the users at 50. It prints
throughput and p50/p95/p99 per kind of request, and every error.
"""

from __future__ import annotations

import argparse
import http.client
import math
import os
import random
import re
import statistics
import sys
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode, urlsplit

ALLOWED_HOSTS = {"127.0.0.1", "localhost"}
MAX_DURATION = 300
MAX_USERS = 50
MIX = [
    ("task list", 32),
    ("section save", 20),
    ("results", 30),
    ("action edit", 3),
    ("board pdf", 8),
    ("pdf", 7),
]
CATCH_UP_LIMIT = 300  # seconds the worker has to render the reports before the clock starts
PDF_KINDS = ("board pdf", "pdf")
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
VERSION_INPUT = re.compile(r'name="version" value="(\d+)"')


@dataclass
class Plan:
    username: str
    draft: int
    submitted: int
    action: int | None
    section: str
    activities: list[str]
    stages: list[str]


@dataclass
class Results:
    timings: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    # (kind, how the PDF was come by) -> download times
    renders: dict[tuple[str, str], list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, kind: str, elapsed: float) -> None:
        with self.lock:
            self.timings[kind].append(elapsed)

    def add_download(self, kind: str, outcome: str, elapsed: float) -> None:
        with self.lock:
            self.timings[kind].append(elapsed)
            self.renders[(kind, outcome)].append(elapsed)

    def error(self, message: str) -> None:
        with self.lock:
            self.errors.append(message)


def catch_up(people: list[Plan]) -> float:
    """Enqueue the render of each plan's submitted reports and wait until the reports
    queue is empty; the seconds it took."""
    from django_tasks import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    from assessments.reports import ahead

    started = time.monotonic()
    for plan in people:
        ahead.schedule(plan.submitted)
    waiting = DBTaskResult.objects.filter(
        queue_name=ahead.RENDER_QUEUE,
        status__in=[TaskResultStatus.READY, TaskResultStatus.RUNNING],
    )
    while waiting.exists():
        if time.monotonic() - started > CATCH_UP_LIMIT:
            raise SystemExit("The reports worker did not catch up: is it running?")
        time.sleep(1)
    return time.monotonic() - started


def plans(count: int) -> list[Plan]:
    """Organisations with a draft and a submitted assessment, read through Django."""
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "coprod_grid.settings")
    import django

    django.setup()
    from assessments.models import Action, Assessment, Membership
    from assessments.questionnaire.sections import build_sections, questionnaire_categories
    from coprod_grid.models import CommissioningStage

    new_draft = Assessment()
    section = next(
        s for s in build_sections(questionnaire_categories(), new_draft, {}) if s.is_category
    )
    stages = list(CommissioningStage.objects.values_list("slug", flat=True))
    drafts = (
        Assessment.objects.filter(
            status=Assessment.Status.DRAFT, organisation__ods_code__startswith="X"
        )
        .order_by("organisation__ods_code")
        .values_list("organisation_id", "pk")
    )
    result = []
    for organisation_id, draft in drafts:
        submitted = (
            Assessment.objects.filter(
                organisation_id=organisation_id, status=Assessment.Status.SUBMITTED
            )
            .values_list("pk", flat=True)
            .first()
        )
        commissioner = (
            Membership.objects.filter(
                organisation_id=organisation_id, role=Membership.Role.COMMISSIONER
            )
            .order_by("pk")
            .values_list("user__username", flat=True)
            .first()
        )
        action = Action.objects.filter(assessment_id=submitted).values_list("pk", flat=True).first()
        if submitted and commissioner:
            result.append(
                Plan(
                    commissioner,
                    draft,
                    submitted,
                    action,
                    section.key,
                    [a.slug for a in section.activities],
                    stages,
                )
            )
        if len(result) == count:
            break
    if len(result) < count:
        raise SystemExit(f"Only {len(result)} organisations have a draft and a submission")
    return result


class Browser:
    """One person's connection and cookies, speaking to the app as the proxy would."""

    def __init__(self, host: str, port: int, timeout: float):
        self.host, self.port = host, port
        self.connection = http.client.HTTPConnection(host, port, timeout=timeout)
        self.cookies: dict[str, str] = {}
        self.last_headers: http.client.HTTPMessage | None = None

    def request(self, method: str, path: str, body: dict | None = None):
        headers = {
            "Host": f"{self.host}:{self.port}",
            "X-Forwarded-Proto": "https",
            "User-Agent": "coprod-load-test",
        }
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        data = None
        if body is not None:
            data = urlencode(body, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Origin"] = f"https://{self.host}:{self.port}"
            headers["Referer"] = f"https://{self.host}:{self.port}{path}"
        try:
            self.connection.request(method, path, body=data, headers=headers)
            response = self.connection.getresponse()
            content = response.read()
            self.last_headers = response.headers
        except (http.client.HTTPException, OSError):
            self.connection.close()
            raise
        for header in response.headers.get_all("Set-Cookie") or []:
            cookie = SimpleCookie()
            cookie.load(header)
            for name, morsel in cookie.items():
                self.cookies[name] = morsel.value
        return response.status, content

    def csrf_cookie(self) -> str:
        return next((v for k, v in self.cookies.items() if k.endswith("csrftoken")), "")


def sign_in(browser: Browser, username: str, password: str) -> None:
    status, page = browser.request("GET", "/sign-in/")
    token = CSRF_INPUT.search(page.decode())
    if status != 200 or not token:
        raise RuntimeError(f"sign-in page answered {status}")
    status, _ = browser.request(
        "POST",
        "/sign-in/",
        {"username": username, "password": password, "csrfmiddlewaretoken": token.group(1)},
    )
    if status != 302:
        raise RuntimeError(f"sign-in as {username} answered {status}")


def section_save(browser: Browser, plan: Plan, results: Results, number: int) -> None:
    path = f"/assessments/{plan.draft}/sections/{plan.section}/"
    started = time.perf_counter()
    status, page = browser.request("GET", path)
    results.add("section GET", time.perf_counter() - started)
    text = page.decode()
    version, token = VERSION_INPUT.search(text), CSRF_INPUT.search(text)
    if status != 200 or not version or not token:
        results.error(f"section GET {path}: {status}")
        return
    data = {"version": version.group(1), "csrfmiddlewaretoken": token.group(1), "save": ""}
    for index, slug in enumerate(plan.activities):
        routine = (index + number) % 2 == 0
        data[f"{slug}-frequency"] = "routine" if routine else "occasional"
        data[f"{slug}-stages"] = plan.stages[: 1 + (index + number) % 3]
        data[f"{slug}-notes"] = f"Load test save {number}."
    started = time.perf_counter()
    status, _ = browser.request("POST", path, data)
    results.add("section POST", time.perf_counter() - started)
    # 302: saved. 200: the form again, with "someone else saved this" (a colleague's
    # thread saved the same section in between): not an error, but counted.
    if status == 200:
        results.add("section conflict", 0.0)
    elif status != 302:
        results.error(f"section POST {path}: {status}")


def action_edit(browser: Browser, plan: Plan, results: Results, number: int) -> None:
    """Edit the action as a commissioner would: what it says and its status change, so
    the reports' content changes."""
    if plan.action is None:
        return
    path = f"/assessments/{plan.submitted}/actions/{plan.action}/"
    started = time.perf_counter()
    status, page = browser.request("GET", path)
    results.add("action GET", time.perf_counter() - started)
    text = page.decode()
    version, token = VERSION_INPUT.search(text), CSRF_INPUT.search(text)
    if status != 200 or not version or not token:
        results.error(f"action GET {path}: {status}")
        return
    data = {
        "version": version.group(1),
        "csrfmiddlewaretoken": token.group(1),
        "description": f"Pay experts-by-experience for their time (load test edit {number})",
        "owner": "Head of involvement",
        "status": ("not-started", "in-progress", "done")[number % 3],
    }
    started = time.perf_counter()
    status, _ = browser.request("POST", path, data)
    results.add("action POST", time.perf_counter() - started)
    if status == 200:
        results.add("action conflict", 0.0)
    elif status != 302:
        results.error(f"action POST {path}: {status}")


def user_loop(args, plan: Plan, results: Results, start: threading.Barrier, seed: int) -> None:
    """Sign in (not timed: a password hash costs about a second of CPU on purpose), wait
    for everyone else, then run the mix until the deadline."""
    rng = random.Random(seed)
    browser = Browser(args.host, args.port, timeout=30)
    try:
        started = time.perf_counter()
        sign_in(browser, plan.username, args.password)
        results.add("sign-in", time.perf_counter() - started)
    except Exception as error:
        results.error(f"sign-in {plan.username}: {error}")
        start.abort()
        return
    start.wait()
    deadline = args.deadline
    kinds, weights = zip(*MIX, strict=True)
    number = 0
    while time.monotonic() < deadline:
        kind = rng.choices(kinds, weights)[0]
        number += 1
        try:
            if kind == "section save":
                section_save(browser, plan, results, number)
            elif kind == "action edit":
                action_edit(browser, plan, results, number)
            else:
                path = {
                    "task list": f"/assessments/{plan.draft}/",
                    "results": f"/assessments/{plan.submitted}/results/",
                    "pdf": f"/assessments/{plan.submitted}/report.pdf",
                    "board pdf": f"/assessments/{plan.submitted}/board-report.pdf",
                }[kind]
                started = time.perf_counter()
                status, body = browser.request("GET", path)
                elapsed = time.perf_counter() - started
                if kind in PDF_KINDS:
                    outcome = browser.last_headers.get("X-Report-Render", "unknown")
                    results.add_download(kind, outcome, elapsed)
                else:
                    results.add(kind, elapsed)
                if status != 200 or (kind in PDF_KINDS and not body.startswith(b"%PDF")):
                    results.error(f"{kind} {path}: {status}")
        except Exception as error:
            results.error(f"{kind}: {type(error).__name__}: {error}")
            browser = Browser(args.host, args.port, timeout=30)
            browser.cookies = {}
            try:
                sign_in(browser, plan.username, args.password)
            except Exception as again:
                results.error(f"sign-in again {plan.username}: {again}")
                return
        time.sleep(args.think * rng.uniform(0.5, 1.5))


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def report(results: Results, elapsed: float, args) -> None:
    total = sum(
        len(v)
        for k, v in results.timings.items()
        if k not in ("section conflict", "action conflict", "sign-in")
    )
    print(
        f"\n{args.users} users for {elapsed:.0f} s against {args.base_url} "
        f"(think time {args.think} s): {total} requests, {total / elapsed:.1f} requests/s, "
        f"{len(results.errors)} errors"
    )
    load = os.getloadavg()
    print(f"load average at the end: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}\n")
    print("| request | count | p50 ms | p95 ms | p99 ms | max ms |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    html = []
    kinds = ["task list", "section GET", "section POST", "results", "action GET", "action POST"]
    for kind in [*kinds, *PDF_KINDS]:
        values = results.timings.get(kind, [])
        if not values:
            continue
        if kind not in PDF_KINDS:
            html += values
        print(
            f"| {kind} | {len(values)} | {statistics.median(values) * 1000:.0f} | "
            f"{percentile(values, 0.95) * 1000:.0f} | {percentile(values, 0.99) * 1000:.0f} | "
            f"{max(values) * 1000:.0f} |"
        )
    if html:
        print(
            f"| all HTML | {len(html)} | {statistics.median(html) * 1000:.0f} | "
            f"{percentile(html, 0.95) * 1000:.0f} | {percentile(html, 0.99) * 1000:.0f} | "
            f"{max(html) * 1000:.0f} |"
        )
    print("\n| download | how it got its PDF | count | p50 ms | p95 ms | max ms |")
    print("| --- | --- | ---: | ---: | ---: | ---: |")
    for (kind, outcome), values in sorted(results.renders.items()):
        print(
            f"| {kind} | {outcome} | {len(values)} | {statistics.median(values) * 1000:.0f} | "
            f"{percentile(values, 0.95) * 1000:.0f} | {max(values) * 1000:.0f} |"
        )
    waited = sum(len(v) for (_, outcome), v in results.renders.items() if outcome != "stored")
    print(f"\n{waited} downloads had to wait for a render (their own or another's)")
    for name in ("section", "action"):
        conflicts = len(results.timings.get(f"{name} conflict", []))
        if conflicts:
            print(f"{conflicts} {name} saves met a newer version (shown the conflict page)")
    for message in results.errors[:20]:
        print("error:", message)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base-url", default="http://127.0.0.1:8000")
    parser.add_argument("--users", type=int, default=8)
    parser.add_argument("--duration", type=float, default=60)
    parser.add_argument("--think", type=float, default=0.5, help="Seconds between requests")
    parser.add_argument("--password", default="national-benchmark-data")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    url = urlsplit(args.base_url)
    if url.scheme != "http" or url.hostname not in ALLOWED_HOSTS:
        raise SystemExit("Only http://127.0.0.1 or http://localhost: this is a local test")
    if not 0 < args.duration <= MAX_DURATION or not 0 < args.users <= MAX_USERS:
        raise SystemExit(f"At most {MAX_DURATION} s and {MAX_USERS} users")
    args.host, args.port = url.hostname, url.port or 80
    people = plans(args.users)
    print(f"The reports worker rendered the run's reports in {catch_up(people):.0f} s")
    results = Results()
    times: dict[str, float] = {}

    def begin() -> None:
        times["started"] = time.monotonic()
        args.deadline = times["started"] + args.duration

    start = threading.Barrier(len(people), action=begin, timeout=120)
    threads = [
        threading.Thread(
            target=user_loop, args=(args, plan, results, start, args.seed + n), daemon=True
        )
        for n, plan in enumerate(people)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=args.duration + 180)
    if "started" not in times:
        raise SystemExit(f"Sign-in failed: {results.errors[:3]}")
    sign_ins = results.timings.get("sign-in", [])
    if sign_ins:
        print(
            f"{len(sign_ins)} sign-ins before the clock started, median "
            f"{statistics.median(sign_ins) * 1000:.0f} ms"
        )
    report(results, time.monotonic() - times["started"], args)


if __name__ == "__main__":
    main()
