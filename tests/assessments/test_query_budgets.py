"""Query budgets: every main page makes a fixed number of queries, within its budget,
whatever the number of answers, actions, assessments and organisations.

Each page is requested twice, in a small world (one organisation, a draft with a few
answers, one action) and in a big one (three organisations for the same person, more
assessments, every activity answered, a dozen actions, and other organisations the person
cannot see), and must make the same number of queries in both. The cache is cleared
before each request, so the budgets are those of a cold cache (a cached export makes
fewer). The PDF is measured without WeasyPrint: the database work is what counts.
"""

import datetime
from dataclasses import dataclass

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assessments.codesign.models import CoDesignProject, ProjectPhase
from assessments.codesign.phases import PHASE_SLUGS
from assessments.costs import calculation
from assessments.costs.demo import demo_cost_profile
from assessments.costs.models import ActivityCost
from assessments.costs.profile import Lines
from assessments.costs.services import activity_cost_save, organisation_rates_save
from assessments.costs.summary import cost_summary
from assessments.ledger.models import LedgerEntry
from assessments.models import Action, Assessment, SectionState
from assessments.panel import services as panel_services
from assessments.panel.models import Panel, PanelMember
from assessments.questionnaire.services import AnswerData
from assessments.reports import context as reports
from coprod_grid.catalogue import forget_catalogue
from coprod_grid.models import Activity, CommissioningStage, ServiceArea
from tests.factories import (
    COMMISSIONER,
    LEAD,
    answer_all,
    category_sections,
    clear_caches,
    make_assessment,
    make_member,
    make_membership,
    make_organisation,
    make_user,
    panel_member,
    save_category,
    submitted_assessment,
)

pytestmark = pytest.mark.django_db

# The most queries each page may make. A signed-in page spends three on reading the
# session, the user and the authenticator app the session was verified with (saving the
# session happens once every few minutes: coprod_grid/sessions.py).
# Cold: nothing cached, the catalogue read from the database (the first request to a
# process, or the first after a catalogue edit). Warm: the steady state, where a page asks
# only whether the catalogue changed (one query) and a submitted result comes from the
# cache. The results, its export and the PDF each read the organisation's earlier years
# (one query: the trend over the years and what changed since the last); the results
# and its export ask whether the organisation shares its results with its peers (one).
# They also show the evidence of impact and the costs, which change without the
# assessment changing: they are cached apart, keyed by one query that reads what they
# are read from (assessments/impact/cache.py). Cold, they read the answers, the period's
# ledger entries, the projects and their phases, and the cost profile (four), the
# principles' catalogue (three); the submitted assessment has a cost profile, whose
# summary reads its lines, the rates and the actions the planned scenario starts from
# (five more, assessments/costs/profile.py and rates.py). Warm, only the key's query.
BUDGETS = {
    "healthz": 1,
    "dashboard": 9,  # with one for the panel seats the person holds
    "task list": 10,
    "section GET": 12,
    "section POST": 22,
    "check answers": 13,
    "results": 32,
    "results (draft)": 28,
    "action plan": 5,
    "JSON export": 30,
    "JSON export (draft)": 26,
    "public Grid": 3,
    # With 21 of the shared PDF cache's own: read, count, write, the render's lock (take,
    # look again, check it is still ours, release), a look for a render the worker was
    # asked for, and the day the content was first made.
    "pdf": 53,
    # An assessment with a lived-experience panel (3 members, or 8 in the big world).
    "results (panel)": 33,
    "JSON export (panel)": 31,
    "panel": 6,
    "panel differences": 12,
    "agreed answer": 11,
    "rating start": 10,
    "rating section": 10,
    "rating check": 10,
    "rating comparison": 16,
    # The evidence of impact: the organisation's ledger and co-design projects (one
    # entry and one project in the small world, a few pages' worth in the big one).
    "ledger": 9,
    "ledger entry": 9,
    "projects": 6,
    "project": 8,
    "principles": 10,
    "annual report": 16,
    # Cached whole under the evidence's key: cold, one more query (the key's).
    "annual report docx": 17,
    # The cost profile of the submitted assessment (the demo's three practices, or ten
    # with an own rate in the big world) and the organisation's rates (three queries, one
    # per kind of rate, whatever the organisation has set).
    "costs": 21,
    "costs activity": 20,
    "costs csv": 21,  # cached like the Word draft
    "costs rates": 5,
}
WARM_BUDGETS = {
    "healthz": 1,
    "dashboard": 8,
    "task list": 7,
    "section GET": 8,
    "section POST": 18,
    "check answers": 9,
    "results": 9,
    "results (draft)": 11,
    "action plan": 5,
    "JSON export": 6,  # the key's parts in one query, the text cached whole
    "JSON export (draft)": 9,
    "public Grid": 1,
    "pdf": 12,
    "results (panel)": 10,
    "JSON export (panel)": 6,
    "panel": 6,
    "panel differences": 6,
    "agreed answer": 10,
    "rating start": 7,
    "rating section": 6,
    "rating check": 6,
    "rating comparison": 8,
    "ledger": 8,
    "ledger entry": 7,
    "projects": 6,
    "project": 7,
    "principles": 7,
    "annual report": 11,
    "annual report docx": 6,
    "costs": 12,
    "costs activity": 11,
    "costs csv": 6,
    "costs rates": 5,
}


@dataclass
class World:
    lead: object
    draft: Assessment
    submitted: Assessment
    rated: Assessment  # with a lived-experience panel
    rating: PanelMember  # a panel member's seat, rating in progress
    sent: PanelMember  # a panel member's seat, rating sent
    entry: LedgerEntry
    project: CoDesignProject
    costed: str  # the slug of an activity the submitted assessment's profile costs now


def _actions(assessment: Assessment, count: int) -> None:
    Action.objects.bulk_create(
        Action(assessment=assessment, description=f"Action {number}", owner="Lead")
        for number in range(count)
    )


def _impact(
    organisation, lead, *, entries: int, projects: int
) -> tuple[LedgerEntry, CoDesignProject]:
    """Ledger entries heard in the submitted assessment's period, fed back, at every
    stage, from the projects; projects through as many phases as there are."""
    activities = list(Activity.objects.all()[:entries])
    stages = list(CommissioningStage.objects.all())
    area = ServiceArea.objects.first()
    made = []
    for number in range(projects):
        project = CoDesignProject.objects.create(
            organisation=organisation,
            title=f"Project {number}",
            service_area=area,
            staff_count=4,
            service_user_count=5,
            changes="A service changed",
            created_by=lead,
        )
        ProjectPhase.objects.bulk_create(
            ProjectPhase(
                project=project,
                phase=slug,
                started_on=datetime.date(2026, 4, 1 + step),
                ended_on=datetime.date(2026, 4, 2 + step),
                notes="What we did",
            )
            for step, slug in enumerate(PHASE_SLUGS[: 1 + 5 * (projects > 1)])
        )
        made.append(project)
    LedgerEntry.objects.bulk_create(
        LedgerEntry(
            organisation=organisation,
            said=f"What people said {number}",
            heard_on=datetime.date(2026, 5, 1 + number % 28),
            activity=activities[number % len(activities)],
            stage=stages[number % len(stages)],
            service_area=area,
            people_count=number,
            status="fed-back",
            outcome="decision-changed" if number % 2 else "service-changed",
            did="We changed it",
            fed_back_on=datetime.date(2026, 7, 1),
            project=made[number % len(made)],
            created_by=lead,
            updated_by=lead,
        )
        for number in range(entries)
    )
    return LedgerEntry.objects.filter(organisation=organisation).first(), made[0]


def _costs(submitted: Assessment, lead, *, big: bool) -> str:
    """The demo's cost profile; in the big world seven more practices costed and a rate
    of the organisation's own. Returns the slug of a practice costed now."""
    profile = demo_cost_profile(assessment=submitted, user=lead)
    if big:
        practices = cost_summary(submitted, with_impact=False).scenarios.now[3:10]
        for item in practices:
            profile = activity_cost_save(
                assessment=submitted,
                user=lead,
                scenario="now",
                activity=item.activity,
                expected_version=profile.version,
                lines=Lines(
                    2,
                    staff=(calculation.StaffInput("afc-band-5", 2, 30, 60, 30),),
                    experts=(calculation.ExpertInput("involvement-payment-hour", 3, 60, True),),
                    others=(calculation.OtherInput("refreshments", 5),),
                ),
            )
        organisation_rates_save(
            membership=lead.memberships.get(organisation=submitted.organisation),
            organisation=submitted.organisation,
            values={("staff", "afc-band-7"): {"hourly_pence": 4500}},
        )
    costed = ActivityCost.objects.filter(profile=profile, scenario="now").first()
    return costed.activity.slug


def build_world(*, big: bool) -> World:
    organisation = make_organisation()
    lead = make_member(organisation, LEAD)
    if big:
        make_member(organisation, COMMISSIONER)
        make_member(organisation, COMMISSIONER)
        for _ in range(2):
            other = make_organisation()
            make_membership(lead, other, COMMISSIONER)
            submitted_assessment(other)
            make_assessment(other, lead)
        for period in ("2023/24", "2024/25"):
            older = make_assessment(organisation, lead, period=period)
            answer_all(older, lead)
        stranger = make_organisation()
        submitted_assessment(stranger)
        _impact(stranger, make_member(stranger, LEAD), entries=5, projects=2)
    # Made before the others, so the dashboard's latest is the one without a panel (the
    # dashboard with a panel is tests/assessments/panel/test_results_with_panel.py's).
    rated = submitted_assessment(organisation, lead)
    for _ in range(8 if big else 3):
        panel_member(rated, {"advisory-forums": "none"}, user=make_user())
    sent = panel_member(rated, user=make_user())
    rating = panel_member(rated, user=make_user(), submitted=False)
    panel_services.panel_open(
        panel=Panel.objects.get(assessment=rated),
        by=lead.memberships.get(organisation=organisation),
        open=True,
    )
    panel_services.agreed_answer_save(
        panel=Panel.objects.get(assessment=rated),
        by=lead.memberships.get(organisation=organisation),
        activity=Activity.objects.get(slug="advisory-forums"),
        frequency="occasional",
        stages=[],
        note="Agreed at the panel meeting",
    )
    submitted = submitted_assessment(organisation, lead)
    draft = make_assessment(organisation, lead, period="2027/28")
    if big:
        answer_all(draft, lead)
    else:
        save_category(draft, lead, category_sections()[0], default=AnswerData("none"))
    for assessment in (draft, submitted):
        _actions(assessment, 12 if big else 1)
    entry, project = _impact(organisation, lead, entries=25 if big else 1, projects=3 if big else 1)
    costed = _costs(submitted, lead, big=big)
    return World(
        lead=lead,
        draft=draft,
        submitted=submitted,
        rated=rated,
        rating=rating,
        sent=sent,
        entry=entry,
        project=project,
        costed=costed,
    )


def _section_post(world: World) -> dict:
    section = category_sections()[0]
    state = SectionState.objects.filter(assessment=world.draft, key=section.key).first()
    data = {"version": str(state.version if state else 0), "save": ""}
    for activity in section.activities:
        data[f"{activity.slug}-frequency"] = "occasional"
        data[f"{activity.slug}-stages"] = ["monitoring"]
        data[f"{activity.slug}-notes"] = "Minutes of the Board."
    return data


def page_queries(client, world: World, *, warm: bool = False) -> dict[str, int]:
    """The queries each page makes: with every cache cold (the cache, and the catalogue
    each process keeps in memory), or ``warm`` (the same request made just before)."""
    section = category_sections()[0]
    draft, submitted = world.draft.pk, world.submitted.pk
    gets = {
        "dashboard": reverse("assessments:dashboard"),
        "task list": reverse("assessments:task-list", args=[draft]),
        "section GET": reverse("assessments:section", args=[draft, section.key]),
        "check answers": reverse("assessments:check", args=[draft]),
        "results": reverse("assessments:results", args=[submitted]),
        "results (draft)": reverse("assessments:results", args=[draft]),
        "action plan": reverse("assessments:actions", args=[submitted]),
        "JSON export": reverse("assessments:export-json", args=[submitted]),
        "JSON export (draft)": reverse("assessments:export-json", args=[draft]),
        "pdf": reverse("assessments:report-pdf", args=[submitted]),
    }
    counts = {"healthz": _count(client, "/healthz", warm, anonymous=True)}
    counts["public Grid"] = _count(client, reverse("grid"), warm, anonymous=True)
    client.force_login(world.lead)
    for name, url in gets.items():
        counts[name] = _count(client, url, warm)
    url = reverse("assessments:section", args=[draft, section.key])
    counts["section POST"] = _count(client, url, warm, data=_section_post(world), expect=302)
    rated = world.rated.pk
    lead_pages = {
        "results (panel)": reverse("assessments:results", args=[rated]),
        "JSON export (panel)": reverse("assessments:export-json", args=[rated]),
        "panel": reverse("assessments:panel", args=[rated]),
        "panel differences": reverse("assessments:panel-differences", args=[rated]),
        "agreed answer": reverse("assessments:panel-agreed", args=[rated, "advisory-forums"]),
    }
    organisation = world.submitted.organisation_id
    lead_pages |= {
        "ledger": reverse("assessments:ledger", args=[organisation]) + "?period=2026/27",
        "ledger entry": reverse("assessments:ledger-edit", args=[organisation, world.entry.pk]),
        "projects": reverse("assessments:projects", args=[organisation]),
        "project": reverse("assessments:project", args=[organisation, world.project.pk]),
        "principles": reverse("assessments:principles", args=[submitted]),
        "annual report": reverse("assessments:annual-report", args=[submitted]),
        "annual report docx": reverse("assessments:annual-report-docx", args=[submitted]),
        "costs": reverse("assessments:costs", args=[submitted]),
        "costs activity": reverse(
            "assessments:costs-activity", args=[submitted, "now", world.costed]
        ),
        "costs csv": reverse("assessments:costs-csv", args=[submitted]),
        "costs rates": reverse("assessments:costs-rates", args=[organisation]),
    }
    for name, url in lead_pages.items():
        counts[name] = _count(client, url, warm)
    seat = world.rating.pk
    member_pages = {
        "rating start": reverse("assessments:rating", args=[seat]),
        "rating section": reverse("assessments:rating-section", args=[seat, section.key]),
        "rating check": reverse("assessments:rating-check", args=[seat]),
    }
    client.force_login(world.rating.user)
    for name, url in member_pages.items():
        counts[name] = _count(client, url, warm)
    client.force_login(world.sent.user)
    comparison = reverse("assessments:rating-comparison", args=[world.sent.pk])
    counts["rating comparison"] = _count(client, comparison, warm)
    return counts


def _count(client, url: str, warm: bool, *, anonymous=False, data=None, expect=200) -> int:
    if anonymous:
        client.logout()
    if warm:
        # A GET of the same page warms the caches without changing what the POST saves.
        assert client.get(url).status_code in (200, 302, 405)
    else:
        clear_caches()
        forget_catalogue()
    with CaptureQueriesContext(connection) as queries:
        response = client.post(url, data) if data is not None else client.get(url)
    assert response.status_code == expect, url
    return len(queries)


@pytest.fixture
def no_render(monkeypatch):
    monkeypatch.setattr(reports, "render_pdf", lambda html, **options: b"%PDF-stub")


@pytest.fixture(autouse=True)
def _cold_cache():
    clear_caches()
    yield
    clear_caches()


def test_every_page_stays_within_its_budget(client, no_render):
    counts = page_queries(client, build_world(big=False))
    over = {name: (count, BUDGETS[name]) for name, count in counts.items() if count > BUDGETS[name]}
    assert not over, f"over budget (queries, budget): {over}"


def test_pages_with_warm_caches_stay_within_their_budget(client, no_render):
    counts = page_queries(client, build_world(big=False), warm=True)
    over = {
        name: (count, WARM_BUDGETS[name])
        for name, count in counts.items()
        if count > WARM_BUDGETS[name]
    }
    assert not over, f"over budget (queries, budget): {over}"


@pytest.mark.parametrize("warm", [False, True], ids=["cold", "warm"])
def test_queries_do_not_grow_with_answers_actions_assessments_or_organisations(
    client, no_render, warm
):
    small = page_queries(client, build_world(big=False), warm=warm)
    client.logout()
    big = page_queries(client, build_world(big=True), warm=warm)
    assert big == small


def test_a_cached_export_costs_fewer_queries(client):
    world = build_world(big=False)
    client.force_login(world.lead)
    url = reverse("assessments:export-json", args=[world.submitted.pk])
    cold = _count(client, url, warm=False)
    with CaptureQueriesContext(connection) as warm:
        assert client.get(url).status_code == 200
    assert len(warm) < cold
