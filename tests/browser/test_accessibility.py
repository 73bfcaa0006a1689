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
from coprod_grid.models import Category
from tests import factories

from .conftest import DESKTOP, NARROW, enter_code

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


def _submit(page, button: str = "Save and continue") -> None:
    page.get_by_role("button", name=button).first.click()
    page.wait_for_load_state()


@pytest.mark.parametrize("js", [True, False], ids=["js-on", "js-off"])
def test_every_page_passes_axe_and_the_page_checks(js, new_page, lead, site, page_checks, shot):
    mode = "JavaScript on" if js else "JavaScript off"
    page = new_page(js=js)

    def visit(url: str, label: str) -> None:
        page.goto(url)
        page.wait_for_load_state("load")
        if js and page.locator("[data-grid-chart]").count():
            # The interactive chart is part of the page being checked.
            page.locator(".grid-chart--enhanced").first.wait_for()
        check(label)

    def check(label: str) -> None:
        page_checks.check(page, f"{label} ({mode})")
        shot(page, label)
        if js:  # how it looks at 400% zoom, for people to look at
            page.set_viewport_size(NARROW)
            shot(page, f"{label}, 320px")
            page.set_viewport_size(DESKTOP)

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
    visit(f"{base}/actions/new/", "add an action")
    _submit(page, "Save action")
    check("add an action with errors")
    visit(f"{base}/actions/{site['action'].pk}/", "change an action")
    visit(f"{base}/actions/{site['action'].pk}/delete/", "delete an action")

    page_checks.assert_ok()
    assert page_checks.pages_checked >= 30
