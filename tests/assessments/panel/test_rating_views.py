"""A panel member's pages: only their own seat, each page in plain words, saving part by
part, errors and conflicts that keep what they typed, sending and withdrawing, and the
comparison, which nothing of anyone else's view may reach before they have sent theirs.
"""

import pytest
from django.urls import reverse
from django.utils import timezone

from assessments.invitations.services import invitation_issue
from assessments.models import PANEL_ROLE, Frequency
from assessments.panel import comparison, rating
from assessments.panel.models import Panel, PanelAnswer, PanelMember
from assessments.panel.plain_words import (
    PLAIN_CATEGORY_INTROS,
    PLAIN_CATEGORY_NAMES,
    PLAIN_FREQUENCIES,
    PLAIN_STAGES,
    plain_question,
)
from assessments.panel.rating_views import CONFLICT
from assessments.questionnaire.services import AnswerData
from tests.factories import make_user, submitted_assessment
from tests.html import parse

pytestmark = pytest.mark.django_db

COMMISSIONERS_NOTE = "Zebra-crossing minutes 4471"
OTHER_COMMENT = "Otter-member remark 9932"
# What the commissioners' answer "routine" reads as anywhere on the site.
ROUTINE_WORDS = ("Routinely", "normal practice")
# The queries each page makes, measured: three go on the session, the user and the
# sign-in checks, one on the seat, and one on whether the catalogue changed for each
# part of the catalogue a page reads (the catalogue itself is in memory).
# "open" is the first view of an open comparison: the panel's state for the cache key
# and the lenses computed; "open (cached)" is every later view until something changes.
BUDGETS = {
    "start": 7,
    "section": 7,
    "check": 7,
    "withdraw": 4,
    "comparison": 7,
    "open": 16,
    "open (cached)": 10,
}


@pytest.fixture
def assessment(organisation, lead):
    note = AnswerData(Frequency.ROUTINE, ("contracting",), COMMISSIONERS_NOTE)
    return submitted_assessment(organisation, lead, default=note)


@pytest.fixture
def panel(assessment):
    return Panel.objects.create(assessment=assessment)


@pytest.fixture
def seat(panel):
    return PanelMember.objects.create(panel=panel, user=make_user("pat.member"))


def categories():
    return rating.rating_categories()


def url(name, seat, *more):
    return reverse(f"assessments:{name}", args=[seat.pk, *more])


def section_url(seat, index=0):
    return url("rating-section", seat, categories()[index].slug)


def rate_everything(member, frequency="occasional", comment=""):
    for category in categories():
        answers = {
            a.slug: (frequency, () if frequency == "none" else ("monitoring",), comment)
            for a in rating.active_activities(category)
        }
        rating.rating_save_section(
            member=member, category=category, answers=answers, version=member.version
        )


def sent_rating(panel, frequency="none", comment=OTHER_COMMENT):
    member = PanelMember.objects.create(panel=panel, user=make_user())
    rate_everything(member, frequency, comment)
    return rating.rating_submit(member=member)


def open_comparison(panel):
    panel.opened_at = timezone.now()
    panel.save()


def part_post(category, answers, version=0, button="save"):
    """``answers``: activity slug -> (frequency, stages, comment); others left blank."""
    data = {"version": str(version), button: ""}
    for slug, (frequency, stages, comment) in answers.items():
        if frequency:
            data[f"{slug}-frequency"] = frequency
        data[f"{slug}-stages"] = list(stages)
        data[f"{slug}-comment"] = comment
    return data


def all_none(category):
    return {a.slug: ("none", (), "") for a in rating.active_activities(category)}


def html(response):
    return response.content.decode()


# --- who may see the pages ---------------------------------------------------------------

ROUTES = {
    "rating": ("get",),
    "rating-section": ("get", "post"),
    "rating-check": ("get",),
    "rating-submit": ("post",),
    "rating-withdraw": ("get", "post"),
    "rating-comparison": ("get",),
}


def every_request(seat):
    for name, methods in ROUTES.items():
        path = section_url(seat) if name == "rating-section" else url(name, seat)
        yield from ((method, path) for method in methods)


@pytest.fixture
def outsiders(panel, lead, commissioner):
    other_member = PanelMember.objects.create(panel=panel, user=make_user()).user
    return {
        "lead": lead,
        "commissioner": commissioner,
        "another panel member": other_member,
        "a stranger": make_user(),
    }


def test_nobody_else_finds_a_members_rating(client, seat, outsiders):
    rate_everything(seat)
    before = list(PanelAnswer.objects.filter(member=seat).values_list("pk", "frequency"))
    for who, user in outsiders.items():
        client.force_login(user)
        for method, path in every_request(seat):
            data = part_post(categories()[0], all_none(categories()[0]))
            response = getattr(client, method)(path, data if method == "post" else None)
            assert response.status_code == 404, (who, method, path)
    assert list(PanelAnswer.objects.filter(member=seat).values_list("pk", "frequency")) == before
    assert PanelMember.objects.get(pk=seat.pk).submitted_at is None


def test_signed_out_people_are_sent_to_sign_in(client, seat):
    for method, path in every_request(seat):
        response = getattr(client, method)(path)
        assert response.status_code == 302, (method, path)
        assert response.url.startswith(reverse("login")), path


def test_a_missing_part_is_not_found(client, seat):
    client.force_login(seat.user)
    assert client.get(url("rating-section", seat, "no-such-part")).status_code == 404


# --- the pages render, within their query budgets ------------------------------------------


def test_the_start_page_explains_the_rating(client, seat, lead, django_assert_max_num_queries):
    invitation, _ = invitation_issue(
        organisation=seat.panel.assessment.organisation,
        user=lead,
        email="pat@example.org",
        role=PANEL_ROLE,
        assessment=seat.panel.assessment,
    )
    PanelMember.objects.filter(pk=seat.pk).update(invitation=invitation)
    client.force_login(seat.user)
    with django_assert_max_num_queries(BUDGETS["start"]):
        response = client.get(url("rating", seat))
    assert response.status_code == 200
    page = parse(html(response))
    name = seat.panel.assessment.organisation.name
    assert page.find("h1").text == f"Rate how {name} involves people"
    assert f"{name} · lived-experience panel" in page.text
    for words in ("about 20 minutes", "come back later", "Nobody at", "at least 3 people"):
        assert words in page.text
    assert "withdraw your rating" in page.text
    assert lead.get_full_name() in page.text
    assert page.find("a", href=f"mailto:{lead.email}")
    links = [a.text for a in page.find_all("a", cls="nhsuk-task-list__link")]
    assert links == [PLAIN_CATEGORY_NAMES[category.slug] for category in categories()]
    statuses = [s.text for s in page.find_all(cls="nhsuk-task-list__status")]
    assert statuses == ["Not started"] * 8
    assert "Check and send your rating" in page.text


def test_each_part_asks_its_questions_in_plain_words(client, seat, django_assert_max_num_queries):
    client.force_login(seat.user)
    for index, category in enumerate(categories()):
        path = section_url(seat, index)  # outside: it asks whether the catalogue changed
        with django_assert_max_num_queries(BUDGETS["section"]):
            response = client.get(path)
        assert response.status_code == 200
        page = parse(html(response))
        legends = [
            legend.text for legend in page.find_all("legend", cls="nhsuk-fieldset__legend--m")
        ]
        activities = rating.active_activities(category)
        assert legends == [f"{n}. {plain_question(a)}" for n, a in enumerate(activities, 1)]
        labels = {label.text for label in page.find_all("label", cls="nhsuk-radios__label")}
        assert labels == set(PLAIN_FREQUENCIES.values())
        stage_labels = {
            label.text for label in page.find_all("label", cls="nhsuk-checkboxes__label")
        }
        assert stage_labels == set(PLAIN_STAGES.values())
        assert PLAIN_CATEGORY_INTROS[category.slug] in page.text


def test_the_check_and_withdraw_pages_render(client, seat, django_assert_max_num_queries):
    rate_everything(seat, "routine", "I went to one")
    client.force_login(seat.user)
    with django_assert_max_num_queries(BUDGETS["check"]):
        response = client.get(url("rating-check", seat))
    page = parse(html(response))
    assert page.find("h1").text == "Check your answers"
    assert "I went to one" in page.text
    assert "Send your rating" in [button.text for button in page.find_all("button")]
    changes = [a for a in page.find_all("a") if a.text.startswith("Change")]
    assert len(changes) == 29
    with django_assert_max_num_queries(BUDGETS["withdraw"]):
        response = client.get(url("rating-withdraw", seat))
    assert "not be counted" in html(response)


def test_the_check_page_says_which_parts_are_still_to_do(client, seat):
    first = categories()[0]
    rating.rating_save_section(member=seat, category=first, answers=all_none(first), version=0)
    client.force_login(seat.user)
    page = parse(html(client.get(url("rating-check", seat))))
    assert "Not ready to send" in page.text
    to_do = page.find(cls="nhsuk-warning-callout").find_all("a")
    assert [a.text for a in to_do] == [PLAIN_CATEGORY_NAMES[c.slug] for c in categories()[1:]]
    assert "Send your rating" not in [button.text for button in page.find_all("button")]


# --- saving part by part -----------------------------------------------------------------


def test_save_and_continue_goes_through_the_parts_then_to_check(client, seat):
    client.force_login(seat.user)
    for index, category in enumerate(categories()):
        # Each save moves the rating's version on by one.
        response = client.post(
            section_url(seat, index), part_post(category, all_none(category), version=index)
        )
        following = (
            section_url(seat, index + 1)
            if index + 1 < len(categories())
            else url("rating-check", seat)
        )
        assert response.status_code == 302
        assert response.url == following
    assert PanelAnswer.objects.filter(member=seat).count() == 29


def test_save_and_come_back_later_keeps_a_partial_part(client, seat):
    category = categories()[0]
    first = rating.active_activities(category)[0]
    client.force_login(seat.user)
    response = client.post(
        section_url(seat),
        part_post(category, {first.slug: ("routine", ("monitoring",), "")}, button="save-later"),
    )
    assert response.url == url("rating", seat)
    assert list(PanelAnswer.objects.values_list("activity", "frequency")) == [(first.pk, "routine")]
    page = parse(html(client.get(url("rating", seat))))
    assert page.find_all(cls="nhsuk-task-list__status")[0].text == "In progress"
    # Coming back shows what was saved.
    page = parse(html(client.get(section_url(seat))))
    checked = page.find("input", name=f"{first.slug}-frequency", value="routine")
    assert "checked" in checked.attrs


def test_an_error_keeps_what_was_typed(client, seat):
    category = categories()[0]
    first, second = rating.active_activities(category)[:2]
    client.force_login(seat.user)
    response = client.post(
        section_url(seat),
        part_post(
            category,
            {
                first.slug: ("none", ("monitoring",), "Typed before the error"),
                second.slug: ("", (), "Still here after the error"),
            },
        ),
    )
    page = parse(html(response))
    summary = [item.text for item in page.find(cls="nhsuk-error-summary").find_all("li")]
    assert "Remove the stages, or choose Sometimes or Yes (question 1)" in summary
    assert "Select how often this happens (question 2)" in summary
    assert page.find("title").text.startswith("Error: ")
    texts = {area.attrs["name"]: area.text for area in page.find_all("textarea")}
    assert texts[f"{first.slug}-comment"] == "Typed before the error"
    assert texts[f"{second.slug}-comment"] == "Still here after the error"
    ticked = page.find("input", name=f"{first.slug}-stages", value="monitoring")
    assert "checked" in ticked.attrs
    assert not PanelAnswer.objects.exists()


def test_a_save_from_another_window_is_not_overwritten_silently(client, seat):
    first, second = categories()[:2]
    client.force_login(seat.user)
    client.post(section_url(seat, 1), part_post(second, all_none(second), version=0))
    answers = all_none(first)
    slug = rating.active_activities(first)[0].slug
    answers[slug] = ("routine", (), "My words from the old window")
    response = client.post(section_url(seat), part_post(first, answers, version=0))
    assert response.status_code == 200
    page = parse(html(response))
    assert CONFLICT in page.text
    assert page.find("textarea", name=f"{slug}-comment").text == "My words from the old window"
    assert page.find("input", name="version").attrs["value"] == "1"
    assert not PanelAnswer.objects.filter(activity__category=first).exists()
    # Saving again, from the page that showed the conflict, saves.
    response = client.post(section_url(seat), part_post(first, answers, version=1))
    assert response.status_code == 302
    assert PanelAnswer.objects.get(activity__slug=slug).comment == "My words from the old window"


# --- sending and withdrawing ----------------------------------------------------------------


def test_an_incomplete_rating_is_not_sent(client, seat):
    client.force_login(seat.user)
    response = client.post(url("rating-submit", seat), follow=True)
    assert response.redirect_chain[-1][0] == url("rating-check", seat)
    assert "Answer every question before you send your rating" in html(response)
    assert PanelMember.objects.get(pk=seat.pk).submitted_at is None


def test_sending_thanks_the_member_and_locks_the_parts(client, seat):
    rate_everything(seat)
    client.force_login(seat.user)
    response = client.post(url("rating-submit", seat), follow=True)
    assert response.redirect_chain[-1][0] == url("rating-comparison", seat)
    assert "Thank you. Your rating has been sent" in html(response)
    assert client.get(section_url(seat)).url == url("rating", seat)
    category = categories()[0]
    refused = client.post(
        section_url(seat), part_post(category, all_none(category), seat.version + 1)
    )
    assert refused.status_code == 403
    page = parse(html(client.get(url("rating", seat))))
    assert f"You sent your rating on {timezone.localdate():%-d %B %Y}" in page.text
    assert page.find("a", href=url("rating-comparison", seat))
    assert page.find("a", href=url("rating-withdraw", seat))
    assert not page.find_all("a", cls="nhsuk-task-list__link")


def test_withdrawing_deletes_the_answers(client, seat):
    rate_everything(seat)
    rating.rating_submit(member=seat)
    client.force_login(seat.user)
    response = client.post(url("rating-withdraw", seat), follow=True)
    assert response.redirect_chain[-1][0] == url("rating", seat)
    assert "Your rating has been withdrawn" in html(response)
    assert not PanelAnswer.objects.filter(member=seat).exists()
    assert PanelMember.objects.get(pk=seat.pk).submitted_at is None


# --- no anchoring, and the comparison ---------------------------------------------------------


def test_before_sending_no_page_shows_anyone_elses_view(client, seat, panel):
    for _ in range(3):
        sent_rating(panel, "routine")
    open_comparison(panel)  # even with the comparison open to those who have rated
    first = categories()[0]
    rating.rating_save_section(member=seat, category=first, answers=all_none(first), version=0)
    client.force_login(seat.user)
    pages = [url("rating", seat), url("rating-check", seat), url("rating-withdraw", seat)]
    pages += [section_url(seat, index) for index in range(len(categories()))]
    responses = [client.get(path, follow=True) for path in pages]
    responses.append(client.get(url("rating-comparison", seat), follow=True))
    responses.append(client.post(section_url(seat, 1), {"version": "1", "save": ""}))
    assert responses[-2].redirect_chain[-1][0] == url("rating", seat)
    for response in responses:
        text = html(response)
        for secret in (COMMISSIONERS_NOTE, OTHER_COMMENT, *ROUTINE_WORDS, "rated so far"):
            assert secret not in text, (response.request["PATH_INFO"], secret)
    # The part already saved shows the member's own answers, and nothing is pre-ticked in
    # the others (the commissioners answered "routine" everywhere).
    for index, response in enumerate(responses[3:-2], start=0):
        page = parse(html(response))
        ticked = [i for i in page.find_all("input") if "checked" in i.attrs]
        if index == 0:
            assert {i.attrs["value"] for i in ticked} == {"none"}
        else:
            assert ticked == []


def test_the_comparison_waits_for_the_organisation(
    client, seat, panel, django_assert_max_num_queries
):
    for _ in range(3):
        sent_rating(panel, "routine")
    rate_everything(seat, "occasional")
    rating.rating_submit(member=seat)
    client.force_login(seat.user)
    with django_assert_max_num_queries(BUDGETS["comparison"]):
        response = client.get(url("rating-comparison", seat))
    text = parse(html(response)).text
    assert "The organisation will share the comparison when it is ready" in text
    assert "out of 100" in text  # their own position
    for secret in (COMMISSIONERS_NOTE, OTHER_COMMENT, "organisation's own", "panel places"):
        assert secret not in text


def test_the_comparison_says_how_many_have_rated_below_three(client, seat, panel):
    sent_rating(panel, "routine")
    rate_everything(seat)
    rating.rating_submit(member=seat)
    open_comparison(panel)
    client.force_login(seat.user)
    text = parse(html(client.get(url("rating-comparison", seat)))).text
    assert "2 people have rated so far. The combined view is shown once at least 3 have." in text
    assert "The organisation's own view" not in text


def test_the_open_comparison_shows_the_gap_and_the_differences(
    client, seat, panel, django_assert_max_num_queries
):
    sent_rating(panel, "none")
    sent_rating(panel, "none")
    rate_everything(seat, "occasional", comment="Only mine")
    rating.rating_submit(member=seat)
    open_comparison(panel)
    client.force_login(seat.user)
    with django_assert_max_num_queries(BUDGETS["open"]):
        response = client.get(url("rating-comparison", seat))
    with django_assert_max_num_queries(BUDGETS["open (cached)"]):
        again = client.get(url("rating-comparison", seat))
    assert parse(html(again)).find("main").text == parse(html(response)).find("main").text
    page = parse(html(response))
    found = comparison.lenses_of(panel.assessment)
    assert found.gap.words in page.text
    assert "The organisation's own view" in page.text
    rows = page.find("table").find("tbody").find_all("tr")
    assert len(rows) == 29  # the commissioners said "routine" to everything
    first = rows[0].find_all("td")
    assert PLAIN_FREQUENCIES["routine"] in first[1].text
    assert f"{PLAIN_FREQUENCIES['none']}: 2" in first[2].text
    for secret in (COMMISSIONERS_NOTE, OTHER_COMMENT, "Only mine"):
        assert secret not in page.text
