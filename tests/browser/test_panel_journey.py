"""The lived-experience panel in the browser, JavaScript on and off: a lead with a
submitted assessment invites three people by email; each opens the link from their
email, sets a password and rates every part through the real forms, without ever seeing
the commissioners' answers; the lead sees both views and the gap on the results page and
in the PDF, opens the comparison to the panel, and records an agreed answer. Every new
page and state is checked with axe and the page checks, and screenshotted."""

import re
import subprocess

import pytest
from django.core import mail
from playwright.sync_api import expect

from assessments.panel.plain_words import plain_category_name
from assessments.panel.rating import rating_categories
from tests import factories

from .test_accounts_journey import link_from

pytestmark = pytest.mark.browser

NO = "No, or not that I know of"
SOMETIMES = "Sometimes, now and then"
YES = "Yes, it is normal here"
# What the commissioners wrote beside every answer (tests/factories.answer_all), and how
# their answers are named on the organisation's pages: neither may reach a panel member
# before they have sent their own rating.
COMMISSIONERS_NOTE = "Evidence: minutes of the board meeting."
COMMISSIONERS_ANSWER = "Routinely"
STAGE = "Checking how services are doing"
COMMENT = "The carers' group meets every month at the library."
AGREED_NOTE = "Agreed at the panel meeting: it happens, but not as a matter of course."
# The gap in words (lenses.Gap.words), never "where you place yourselves".
GAP = re.compile(
    r"The panel places you (\d+ points? (more|less) active|at the same activeness)"
    r" and (\d+ points? (more|less) embedded|at the same embeddedness)\."
)
PASSWORD = "a long and unusual passphrase"
# The three members: email, first and last name, and how they answer the nth question
# of a part. Nobody answers "Yes" to everything, as the commissioners did.
MEMBERS = [
    ("robin.okafor@example.org", "Robin", "Okafor", lambda n: SOMETIMES),
    ("sasha.lindqvist@example.org", "Sasha", "Lindqvist", lambda n: NO if n == 0 else SOMETIMES),
    ("kit.moreau@example.org", "Kit", "Moreau", lambda n: YES if n % 3 == 0 else SOMETIMES),
]


def questions(page):
    """Each question's fieldset in a part: its legend is "<number>. <question>"."""
    return page.get_by_role("group", name=re.compile(r"^\d+\. "))


def answer(group, frequency: str) -> None:
    group.get_by_role("radio", name=frequency).check()


def press(page, name: str) -> None:
    page.get_by_role("button", name=name).first.click()
    page.wait_for_load_state()


def expect_h1(page, text) -> None:
    expect(page.get_by_role("heading", level=1)).to_have_text(text)


def not_anchored(page) -> None:
    """Nothing of the commissioners' answers on a member's page before they send."""
    html = page.content()
    assert COMMISSIONERS_NOTE not in html, f"the commissioners' notes are on {page.url}"
    assert COMMISSIONERS_ANSWER not in html, f"the commissioners' answers are on {page.url}"


def rate_the_rest(page, choose) -> None:
    """From the part on screen to the last: answer every question, "Save and continue"."""
    while "/sections/" in page.url:
        not_anchored(page)
        for number, group in enumerate(questions(page).all()):
            answer(group, choose(number))
        press(page, "Save and continue")
    expect_h1(page, "Check your answers")


def join(page, email: str, first: str, last: str) -> None:
    [message] = [m for m in mail.outbox if m.to == [email]]
    page.goto(link_from(message))
    expect_h1(page, re.compile("lived-experience panel$"))
    page.get_by_label("First name").fill(first)
    page.get_by_label("Last name").fill(last)
    page.get_by_label("Create a password").fill(PASSWORD)
    page.get_by_label("Enter the password again").fill(PASSWORD)
    press(page, "Accept and sign in")
    assert re.search(r"/ratings/\d+/$", page.url), page.url
    expect(page.get_by_text("Thank you for joining the panel")).to_be_visible()


def send(page) -> None:
    not_anchored(page)
    press(page, "Send your rating")
    expect_h1(page, "How your rating compares")
    expect(page.get_by_text("Thank you. Your rating has been sent")).to_be_visible()


def pdf_text(page, tmp_path) -> str:
    href = page.get_by_role("link", name="Download the action report (PDF)").get_attribute("href")
    response = page.request.get(href)
    assert response.ok and response.headers["content-type"] == "application/pdf"
    path = tmp_path / "report.pdf"
    path.write_bytes(response.body())
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    return " ".join(text.split())


@pytest.mark.parametrize("js", [True, False], ids=["js-on", "js-off"])
def test_a_panel_rates_the_assessment_and_the_lead_agrees_an_answer(
    js, signed_in, new_page, organisation, lead, page_checks, shot, tmp_path
):
    mode = "JavaScript on" if js else "JavaScript off"

    def check(page, label: str) -> None:
        page_checks.check(page, f"{label} ({mode})")
        shot(page, label)

    assessment = factories.submitted_assessment(organisation, lead)
    results_url = f"/assessments/{assessment.pk}/results/"

    # The lead asks for a panel from the results page, and invites three people.
    page = signed_in(lead, js=js)
    page.goto(results_url)
    page.get_by_role("link", name="Ask a lived-experience panel to rate it too").click()
    expect_h1(page, "Lived-experience panel")
    counts = page.locator("[data-counts]")
    expect(counts).to_have_text("0 invited, 0 joined, 0 have rated")
    check(page, "panel, nobody invited")
    for email, *_ in MEMBERS:
        page.get_by_label("Email address").fill(email)
        press(page, "Send invitation")
        expect(
            page.get_by_text(f"An invitation to the panel has been sent to {email}")
        ).to_be_visible()
    expect(counts).to_have_text("3 invited, 0 joined, 0 have rated")
    for email, *_ in MEMBERS:
        expect(page.get_by_role("cell", name=email, exact=True)).to_be_visible()
    check(page, "panel with invitations")
    assert sorted(m.to[0] for m in mail.outbox) == sorted(email for email, *_ in MEMBERS)

    # The first member: the link from the email, the accept page, then the rating.
    email, first, last, choose = MEMBERS[0]
    robin = new_page(js=js)
    [message] = [m for m in mail.outbox if m.to == [email]]
    robin.goto(link_from(message))
    expect_h1(robin, f"Join {organisation.name}'s lived-experience panel")
    check(robin, "accept a panel invitation")
    join(robin, email, first, last)
    expect_h1(robin, f"Rate how {organisation.name} involves people")
    parts = rating_categories()
    expect(robin.get_by_text(f"You have finished 0 of {len(parts)} parts.")).to_be_visible()
    not_anchored(robin)
    check(robin, "rating start")
    start_url = robin.url

    # The first part: sent empty, it says what is missing.
    robin.locator(".nhsuk-task-list").get_by_role("link").first.click()
    expect_h1(robin, plain_category_name(parts[0]))
    not_anchored(robin)
    check(robin, "a part of the rating")
    press(robin, "Save and continue")
    expect(robin.get_by_role("alert").filter(has_text="There is a problem")).to_be_visible()
    assert robin.title().startswith("Error: ")
    expect(robin.get_by_role("link", name=re.compile(r"question 1\)$"))).to_be_visible()
    not_anchored(robin)
    check(robin, "a part of the rating with errors")

    # Half of it, with a stage and a comment; "Save and come back later"; then resume.
    group = questions(robin).first
    answer(group, choose(0))
    stage = group.get_by_role("checkbox", name=STAGE)
    expect(stage).to_be_visible()  # revealed (with JavaScript) once it is said to happen
    stage.check()
    group.get_by_label("Anything you want to add? (optional)").fill(COMMENT)
    press(robin, "Save and come back later")
    assert robin.url == start_url
    expect(robin.locator(".nhsuk-task-list__item").first).to_contain_text("In progress")
    shot(robin, "rating start, a part in progress")
    robin.locator(".nhsuk-task-list").get_by_role("link").first.click()
    group = questions(robin).first
    expect(group.get_by_role("radio", name=choose(0))).to_be_checked()
    expect(group.get_by_role("checkbox", name=STAGE)).to_be_checked()
    expect(group.get_by_label("Anything you want to add? (optional)")).to_have_value(COMMENT)
    for number, group in enumerate(questions(robin).all()[1:], start=1):
        answer(group, choose(number))
    press(robin, "Save and continue")
    rate_the_rest(robin, choose)
    expect(robin.get_by_text(COMMENT)).to_be_visible()
    expect(robin.get_by_text(f"Stages: {STAGE}")).to_be_visible()
    expect(robin.get_by_role("button", name="Send your rating")).to_be_visible()
    check(robin, "check your rating")
    send(robin)
    expect(
        robin.get_by_text("The organisation will share the comparison when it is ready")
    ).to_be_visible()
    expect(robin.get_by_text(GAP)).to_have_count(0)
    check(robin, "comparison before it is open")
    robin.goto("/dashboard/")
    ratings = robin.get_by_role("region", name="Ratings you have been asked for")
    expect(ratings).to_contain_text("Sent")
    check(robin, "a panel member's dashboard")
    robin.goto(start_url)
    robin.get_by_role("link", name="Withdraw your rating").click()
    expect_h1(robin, "Withdraw your rating")
    check(robin, "withdraw your rating")
    robin.get_by_role("link", name="Keep my answers").click()
    expect_h1(robin, f"Rate how {organisation.name} involves people")

    # One has rated: the lead sees the count, nothing more.
    page.reload()
    expect(counts).to_have_text("3 invited, 1 joined, 1 has rated")
    expect(page.get_by_text("The panel's view is shown once at least 3 members")).to_be_visible()
    check(page, "panel below the threshold")

    # The other two rate, each in a browser of their own.
    for email, first, last, choose in MEMBERS[1:]:
        member = new_page(js=js)
        join(member, email, first, last)
        not_anchored(member)
        member.locator(".nhsuk-task-list").get_by_role("link").first.click()
        rate_the_rest(member, choose)
        send(member)

    # Three have rated: the panel's view is shown.
    page.reload()
    expect(counts).to_have_text("3 invited, 3 joined, 3 have rated")
    expect(
        page.get_by_role("link", name=re.compile("differs from the commissioners'"))
    ).to_be_visible()
    check(page, "panel, the view shown")

    # The results page: both views, and the gap in words.
    page.goto(results_url)
    lenses = page.locator("[data-lenses]")
    expect(lenses.locator("[data-lens=commissioners]")).to_contain_text("Commissioners' view")
    expect(lenses.locator("[data-lens=panel]")).to_contain_text(
        "The middle (median) of 3 members' ratings"
    )
    gap = page.locator("[data-gap]")
    expect(gap).to_have_text(GAP)
    gap_words = gap.inner_text().strip()
    expect(
        page.get_by_role("link", name="Ask a lived-experience panel to rate it too")
    ).to_have_count(0)
    check(page, "results with both views")

    # The PDF: the two views and the same gap, and no one on the panel named.
    text = pdf_text(page, tmp_path)
    assert "Two views: the commissioners and the panel" in text
    assert gap_words in text
    for email, first, last, _ in MEMBERS:
        for name in (first, last, email):
            assert not re.search(rf"\b{re.escape(name)}\b", text), f"the PDF names {name}"

    # The lead shows the comparison to the panel; the first member sees it.
    page.goto(f"/assessments/{assessment.pk}/panel/")
    press(page, "Show the comparison to the panel")
    expect(
        page.get_by_text("Panel members who have rated can now see the comparison")
    ).to_be_visible()
    expect(
        page.get_by_role("button", name="Stop showing the comparison to the panel")
    ).to_be_visible()
    check(page, "panel, the comparison open")
    robin.goto(start_url)
    robin.get_by_role("link", name="See how your rating compares").click()
    expect(robin.get_by_role("heading", name="The panel's view")).to_be_visible()
    expect(robin.get_by_text(gap_words)).to_be_visible()
    expect(robin.get_by_role("heading", name="Where views differ")).to_be_visible()
    check(robin, "comparison once it is open")

    # The lead records one agreed answer, with a note.
    page.goto(results_url)
    page.get_by_role("link", name=re.compile("^See where the two views differ")).click()
    expect_h1(page, "Where the two views differ")
    rows = page.locator("[data-differences] tbody tr")
    expect(rows.first).to_be_visible()
    expect(page.get_by_text(COMMENT)).to_be_attached()  # unsigned, in its details
    for email, first, last, _ in MEMBERS:
        names = "|".join(re.escape(name) for name in (first, last, email))
        expect(page.get_by_text(re.compile(rf"\b({names})\b"))).to_have_count(0)
    check(page, "where the two views differ")
    row = rows.first
    slug = row.get_attribute("data-activity")
    row.get_by_role("link", name=re.compile("^Record an agreed answer")).click()
    expect_h1(page, re.compile("^Agreed answer: "))
    expect(page.locator("[data-counts]")).to_contain_text("·")  # the panel's counts
    check(page, "an agreed answer")
    page.get_by_role("radio", name=re.compile("^Occasionally")).check()
    press(page, "Save agreed answer")
    expect(page.get_by_role("link", name="Enter why this was agreed")).to_be_visible()
    assert page.title().startswith("Error: ")
    check(page, "an agreed answer with errors")
    page.get_by_label("Why was this agreed?").fill(AGREED_NOTE)
    press(page, "Save agreed answer")
    expect_h1(page, "Where the two views differ")
    agreed_row = page.locator(f"#activity-{slug}")
    expect(agreed_row).to_contain_text("Occasionally")
    expect(agreed_row).to_contain_text(AGREED_NOTE)
    expect(
        agreed_row.get_by_role("link", name=re.compile("^Change the agreed answer"))
    ).to_be_visible()
    check(page, "where the two views differ, one agreed")

    # The results page has the agreed view; the dashboard has the panel's.
    page.goto(results_url)
    agreed = page.locator("[data-lenses] [data-lens=agreed]")
    expect(agreed).to_contain_text("Agreed view")
    expect(agreed).to_contain_text("1 answer agreed with the panel")
    shot(page, "results with the agreed view")
    page.goto("/dashboard/")
    expect(page.locator("[data-panel-view]")).to_contain_text("Panel's view (3 members)")
    # The dashboard's small Grid is the drawing alone, with or without JavaScript.
    expect(page.locator(".grid-chart__svg:visible").first).to_be_visible()
    check(page, "the lead's dashboard with the panel's view")
    page_checks.assert_ok()
