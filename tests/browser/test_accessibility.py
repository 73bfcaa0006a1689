"""Every page, with JavaScript on and off, in every state a person meets (empty forms,
forms with errors, drafts, submitted assessments): axe-core finds nothing, and each page
has one <h1>, its own descriptive title, a working skip link, visible focus, no keyboard
trap, and text that fits a 320 px wide window (400% zoom)."""

import re
from datetime import date, timedelta

import pytest
from django.core import mail
from playwright.sync_api import expect

from assessments.actions import services as action_services
from assessments.models import Frequency
from assessments.panel import services as panel_services
from assessments.panel.models import PanelAnswer, PanelMember
from assessments.panel.rating import rating_categories
from coprod_grid.models import Activity, Category
from tests import factories

from .conftest import DESKTOP, NARROW, enter_code
from .test_accounts_journey import link_from

pytestmark = pytest.mark.browser


@pytest.fixture
def site(organisation, lead, commissioner):
    """A lead's organisation with a submitted assessment (with actions), a draft answered
    in part, and an empty draft."""
    submitted = factories.submitted_assessment(organisation, lead)
    submitted.title = "Last year's self-assessment"
    submitted.period = "2025/26"
    submitted.save()
    action_services.action_create(
        assessment=submitted,
        user=lead,
        data=action_services.ActionData(
            "Recruit two more experts-by-experience to the partnership board",
            owner="Lee Lead",
            due_date=date.today() + timedelta(days=60),
        ),
    )
    draft = factories.make_assessment(organisation, lead, period="2026/27")
    factories.save_about(draft, lead)
    factories.save_category(draft, lead, factories.category_sections()[0])
    empty = factories.make_assessment(organisation, lead, title="Empty draft", period="2027/28")
    return {
        "submitted": submitted,
        "action": submitted.actions.get(),
        "draft": draft,
        "empty": empty,
        "commissioner_membership": commissioner.memberships.get(),
    }


@pytest.fixture
def panel_site(organisation, lead, live_server):
    """A submitted assessment with a lived-experience panel: three members have rated
    (one with an account, two on paper, answering differently, with comments), one has
    joined and not started, one invitation waits; the comparison is open to the panel and
    one answer is agreed."""
    assessment = factories.submitted_assessment(organisation, lead)
    assessment.title = "Panel-rated self-assessment"
    assessment.period = "2024/25"
    assessment.save()
    rater = factories.make_user("rory.rater")
    rated = factories.panel_member(assessment, user=rater)
    factories.panel_member(assessment, {"advisory-forums": Frequency.NONE})
    paper = factories.panel_member(assessment, default=Frequency.ROUTINE)
    PanelAnswer.objects.filter(member__in=[rated, paper], activity__slug="advisory-forums").update(
        comment="The advisory group has not met since the spring."
    )
    newcomer = factories.make_user("nia.newcomer")
    seat = PanelMember.objects.create(panel=rated.panel, user=newcomer)
    membership = lead.memberships.get()
    panel_services.panel_invite(
        assessment=assessment,
        by=membership,
        email="wren.waiting@example.org",
        link_base=live_server.url + "/",
    )
    panel = panel_services.panel_open(panel=rated.panel, by=membership, open=True)
    panel_services.agreed_answer_save(
        panel=panel,
        by=membership,
        activity=Activity.objects.get(slug="advisory-forums"),
        frequency=Frequency.OCCASIONAL,
        stages=["strategic-planning"],
        note="Agreed at the panel meeting in March.",
    )
    return {
        "assessment": assessment,
        "rater": rater,
        "rated": rated,
        "newcomer": newcomer,
        "seat": seat,
    }


def _submit(page, button: str = "Save and continue") -> None:
    page.get_by_role("button", name=button).first.click()
    page.wait_for_load_state()


def _loaded(page, url: str) -> None:
    page.goto(url)
    page.wait_for_load_state("load")
    if page.context._js and page.locator("[data-grid-chart]").count():
        # The interactive chart is part of the page being checked.
        page.locator(".grid-chart--enhanced").first.wait_for()


def _sweep(page, page_checks, shot, js: bool):
    """``visit(url, label)`` and ``check(label)`` on ``page``: the page checks, and a
    screenshot (with JavaScript, at 320 px wide too)."""
    mode = "JavaScript on" if js else "JavaScript off"

    def visit(url: str, label: str) -> None:
        _loaded(page, url)
        check(label)

    def check(label: str) -> None:
        page_checks.check(page, f"{label} ({mode})")
        shot(page, label)
        if js:  # how it looks at 400% zoom, for people to look at
            page.set_viewport_size(NARROW)
            shot(page, f"{label}, 320px")
            page.set_viewport_size(DESKTOP)

    return visit, check


@pytest.mark.parametrize("js", [True, False], ids=["js-on", "js-off"])
def test_every_page_passes_axe_and_the_page_checks(js, new_page, lead, site, page_checks, shot):
    page = new_page(js=js)
    visit, check = _sweep(page, page_checks, shot, js)

    # Public pages and signing in.
    visit("/", "start page")
    visit("/grid/", "the Grid")
    # The category pages share one template; the first and last stand for the rest (the
    # public-pages test reads every one of them).
    categories = list(Category.objects.order_by("order"))
    for category in (categories[0], categories[-1]):
        visit(f"/grid/categories/{category.slug}/", f"Grid category {category.slug}")
    visit("/how-the-score-works/", "how the score works")
    visit("/accessibility/", "accessibility statement")
    visit("/privacy/", "privacy notice")
    visit("/no-such-page/", "page not found")
    # Resetting a password: the request, its errors, the sent page, the emailed link's
    # form and its errors, and a link that does not work.
    visit("/password-reset/", "reset your password")
    _submit(page, "Send me a link")
    check("reset your password with errors")
    page.get_by_label("Email address").fill(lead.email)
    _submit(page, "Send me a link")
    check("password reset email sent")
    [message] = [m for m in mail.outbox if m.subject.startswith("Reset your password")]
    page.goto(re.search(r"https?://[^/\s]+(/password-reset/\S+/\S+/)", message.body)[1])
    check("set a new password")
    _submit(page, "Save password")
    check("set a new password with errors")
    visit("/password-reset/MQ/not-a-token/", "a password reset link that does not work")
    visit("/sign-in/", "sign in")
    _submit(page, "Sign in")
    check("sign in with errors")
    page.get_by_label("Username").fill(lead.username)
    page.get_by_label("Password", exact=True).fill(factories.PASSWORD)
    _submit(page, "Sign in")
    check("two-factor code")
    _submit(page, "Continue")
    check("two-factor code with errors")
    enter_code(page, lead.username)
    check("dashboard")
    visit("/account/", "your account")
    visit("/account/two-factor/set-up/", "set up a new authenticator app")
    visit("/account/password/", "change your password")
    _submit(page, "Change password")
    check("change your password with errors")

    organisation = site["draft"].organisation
    visit(f"/organisations/{organisation.pk}/members/", "members")
    _submit(page, "Send invitation")
    check("members with errors")
    visit(
        f"/organisations/{organisation.pk}/members/{site['commissioner_membership'].pk}/remove/",
        "remove a member",
    )
    visit(f"/organisations/{organisation.pk}/assessments/new/", "new assessment")
    _submit(page, "Start the assessment")
    check("new assessment with errors")

    draft = site["draft"]
    base = f"/assessments/{draft.pk}"
    visit(f"{base}/", "task list (draft)")
    # The eight category sections share one template: the first (answered) and second
    # (not started) stand for the rest here; the keyboard journey checks all of them.
    categories = factories.category_sections()
    for section in factories.sections():
        if section.is_category and section not in categories[:2]:
            continue
        visit(f"{base}/sections/{section.key}/", f"section {section.key}")
        if section.key == "about":
            page.get_by_label("Title").fill("")
        _submit(page)
        check(f"section {section.key} with errors")
    visit(f"{base}/check/", "check answers (draft)")
    visit(f"{base}/results/", "draft results")
    visit(f"{base}/history/", "history (draft)")
    visit(f"{base}/import/", "import answers")
    if js:
        # The one axe false positive excused in conftest.AXE_FALSE_POSITIVES: Chromium's
        # own accessible name of the file upload button holds its visible text.
        expect(page.locator(".nhsuk-file-upload__drop-button")).to_have_accessible_name(
            re.compile(r"^Upload a CSV file\W+No file chosen\W+Choose file or drop file$")
        )
    _submit(page, "Import answers")
    check("import answers with errors")
    visit(f"/assessments/{site['empty'].pk}/results/", "draft results with no answers")

    submitted = site["submitted"]
    base = f"/assessments/{submitted.pk}"
    visit(f"{base}/", "task list (submitted)")
    visit(f"{base}/check/", "check answers (submitted)")
    visit(f"{base}/results/", "results")
    visit(f"{base}/actions/", "action plan")
    visit(f"{base}/history/", "history (submitted)")
    visit(f"{base}/actions/new/", "add an action")
    _submit(page, "Save action")
    check("add an action with errors")
    visit(f"{base}/actions/{site['action'].pk}/", "change an action")
    visit(f"{base}/actions/{site['action'].pk}/delete/", "delete an action")

    page_checks.assert_ok()
    assert page_checks.pages_checked >= 30


@pytest.mark.parametrize("js", [True, False], ids=["js-on", "js-off"])
def test_every_panel_page_passes_axe_and_the_page_checks(
    js, signed_in, new_page, lead, site, panel_site, page_checks, shot
):
    """The lead's panel pages (with no panel, and with one that has rated), the
    invitation's accept page, and a panel member's pages before and after sending."""
    page = signed_in(lead, js=js)
    visit, check = _sweep(page, page_checks, shot, js)
    without = f"/assessments/{site['submitted'].pk}"
    visit(f"{without}/panel/", "panel, nobody invited")
    visit(f"{without}/panel/differences/", "where the two views differ, no panel")
    base = f"/assessments/{panel_site['assessment'].pk}"
    visit(f"{base}/results/", "results with both views")
    visit(f"{base}/panel/", "panel with ratings")
    _submit(page, "Send invitation")
    check("panel with errors")
    visit(f"{base}/panel/differences/", "where the two views differ")
    visit(f"{base}/panel/agreed/advisory-forums/", "an agreed answer, recorded")
    visit(f"{base}/panel/agreed/local-user-and-voluntary-groups/", "an agreed answer")
    _submit(page, "Save agreed answer")
    check("an agreed answer with errors")
    visit("/dashboard/", "dashboard with the panel's view")

    # The invitation's link, before anyone is signed in.
    visitor = new_page(js=js)
    visit, check = _sweep(visitor, page_checks, shot, js)
    [message] = [m for m in mail.outbox if m.to == ["wren.waiting@example.org"]]
    visit(link_from(message), "accept a panel invitation")
    _submit(visitor, "Accept and sign in")
    check("accept a panel invitation with errors")

    # A member who has joined and not started.
    newcomer = signed_in(panel_site["newcomer"], js=js)
    visit, check = _sweep(newcomer, page_checks, shot, js)
    rating = f"/ratings/{panel_site['seat'].pk}"
    visit(f"{rating}/", "rating start")
    for part in rating_categories()[:2]:  # one template: the first two stand for the rest
        visit(f"{rating}/sections/{part.slug}/", f"rating part {part.slug}")
        _submit(newcomer, "Save and continue")
        check(f"rating part {part.slug} with errors")
    visit(f"{rating}/check/", "check your rating, parts to do")
    visit("/dashboard/", "a panel member's dashboard, not started")

    # A member who has sent their rating, once the comparison is open.
    rater = signed_in(panel_site["rater"], js=js)
    visit, check = _sweep(rater, page_checks, shot, js)
    rating = f"/ratings/{panel_site['rated'].pk}"
    visit(f"{rating}/", "rating start, sent")
    visit(f"{rating}/check/", "your rating, sent")
    visit(f"{rating}/comparison/", "comparison once it is open")
    visit(f"{rating}/withdraw/", "withdraw your rating")
    visit("/dashboard/", "a panel member's dashboard")

    page_checks.assert_ok()
    assert page_checks.pages_checked >= 20


@pytest.mark.parametrize("js", [True, False], ids=["js-on", "js-off"])
def test_the_panel_pages_fit_a_320_px_window(js, signed_in, lead, panel_site, axe_check, shot):
    """At 320 px wide (400% zoom), axe finds nothing on the panel's key pages and none of
    them scrolls sideways: the tables stack and the chart scrolls inside its box."""

    def narrow(page, url: str, label: str) -> None:
        page.set_viewport_size(NARROW)
        _loaded(page, url)
        axe_check(page, f"{label} at 320 px")
        width = page.evaluate("() => document.documentElement.scrollWidth")
        assert width <= NARROW["width"], f"{label} at 320 px scrolls sideways ({width} px)"
        shot(page, f"{label}, 320px")

    lead_page = signed_in(lead, js=js)
    base = f"/assessments/{panel_site['assessment'].pk}"
    narrow(lead_page, f"{base}/results/", "results with both views")
    narrow(lead_page, f"{base}/panel/", "panel")
    narrow(lead_page, f"{base}/panel/differences/", "where the two views differ")
    narrow(lead_page, f"{base}/panel/agreed/advisory-forums/", "an agreed answer")
    narrow(lead_page, "/dashboard/", "dashboard with the panel's view")
    newcomer = signed_in(panel_site["newcomer"], js=js)
    rating = f"/ratings/{panel_site['seat'].pk}"
    narrow(newcomer, f"{rating}/", "rating start")
    narrow(newcomer, f"{rating}/sections/{rating_categories()[0].slug}/", "a part of the rating")
    rater = signed_in(panel_site["rater"], js=js)
    rating = f"/ratings/{panel_site['rated'].pk}"
    narrow(rater, f"{rating}/check/", "your rating, sent")
    narrow(rater, f"{rating}/comparison/", "comparison once it is open")
    narrow(rater, "/dashboard/", "a panel member's dashboard")
