"""The questionnaire: the task list, each section's page and save, errors that keep what
people typed, "Check your answers", and two people saving the same section."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assessments.models import Answer, Assessment, SectionState
from assessments.questionnaire.sections import ABOUT, COMMITMENT, SERVICES
from coprod_grid.models import Activity
from tests.factories import (
    answer_all,
    category_sections,
    make_assessment,
    save_commitment,
    save_services,
    sections,
    submit,
)
from tests.html import parse

pytestmark = pytest.mark.django_db

STAGE_CONFLICT = "Commissioning stages can only be selected for an activity you do"


@pytest.fixture
def draft(organisation, lead):
    return make_assessment(organisation, lead, title="Our assessment")


@pytest.fixture
def first_category():
    return category_sections()[0]


def section_url(assessment: Assessment, key: str) -> str:
    return reverse("assessments:section", args=[assessment.pk, key])


def page_of(response):
    return parse(response.content.decode())


def the_form(response):
    """The section's form (the one with the version), not the header's sign-out form."""
    page = page_of(response)
    return next(form for form in page.find_all("form") if form.find_all("input", name="version"))


def form_as_rendered(response, button: str = "save") -> dict:
    """What the browser would send on pressing ``button``: every hidden and text input,
    every ticked radio and checkbox, and every textarea as shown."""
    data: dict[str, list[str]] = {}
    form = the_form(response)
    for element in form.find_all("input"):
        kind = element.attrs.get("type", "text")
        name = element.attrs.get("name")
        if not name:
            continue
        if kind in ("radio", "checkbox"):
            if "checked" in element.attrs:
                data.setdefault(name, []).append(element.attrs.get("value", "on"))
        else:
            data.setdefault(name, []).append(element.attrs.get("value") or "")
    for element in form.find_all("textarea"):
        # The textarea's text, as typed (the parser joins whitespace; tests use one line).
        data.setdefault(element.attrs["name"], []).append(element.text)
    data[button] = [""]
    return data


def error_summary(response) -> list[str]:
    page = page_of(response)
    summaries = page.find_all(cls="nhsuk-error-summary")
    if not summaries:
        return []
    return [item.text for item in summaries[0].find_all("li")]


def category_post(section, answers: dict, version: int = 0, button: str = "save") -> dict:
    """``answers``: activity slug -> (frequency, stages, notes); others left unanswered."""
    data = {"version": str(version), button: ""}
    for slug, (frequency, stages, notes) in answers.items():
        if frequency:
            data[f"{slug}-frequency"] = frequency
        data[f"{slug}-stages"] = list(stages)
        data[f"{slug}-notes"] = notes
    return data


def all_none(section, **overrides) -> dict:
    answers = {activity.slug: ("none", [], "") for activity in section.activities}
    answers.update(overrides)
    return answers


# --- the task list ----------------------------------------------------------------------


def test_the_task_list_shows_every_section_not_started(client, commissioner, draft):
    client.force_login(commissioner)
    response = client.get(reverse("assessments:task-list", args=[draft.pk]))
    assert response.status_code == 200
    page = page_of(response)
    links = [a.text for a in page.find_all("a", cls="nhsuk-task-list__link")]
    assert links == [section.title for section in sections()]
    assert links[0] == "About this assessment"
    assert links[-2:] == ["Services co-produced", "Commitment and barriers"]
    statuses = [s.text for s in page.find_all(cls="nhsuk-task-list__status")]
    assert statuses == ["Not started"] * len(links)
    assert f"You have completed 0 of {len(links)} sections" in page.text


def test_the_task_list_shows_progress(client, lead, draft, first_category):
    client.force_login(lead)
    # One category half answered with "Save and come back later".
    activity = first_category.activities[0]
    client.post(
        section_url(draft, first_category.key),
        category_post(first_category, {activity.slug: ("none", [], "")}, button="save-later"),
    )
    second = category_sections()[1]
    client.post(section_url(draft, second.key), category_post(second, all_none(second)))
    page = page_of(client.get(reverse("assessments:task-list", args=[draft.pk])))
    status = {
        item.find("a", cls="nhsuk-task-list__link").text: item.find(
            cls="nhsuk-task-list__status"
        ).text
        for item in page.find_all("li", cls="nhsuk-task-list__item")
    }
    assert status[first_category.title] == "In progress"
    assert status[second.title] == "Completed"
    assert status["About this assessment"] == "Not started"


def test_the_task_list_of_a_submitted_assessment_offers_reopen_to_a_lead_only(
    client, lead, commissioner, draft
):
    submit(answer_all(draft, lead), lead)
    url = reverse("assessments:task-list", args=[draft.pk])
    client.force_login(lead)
    page = client.get(url).content.decode()
    assert "Reopen this assessment" in page
    assert "nhsuk-task-list__link" not in page
    client.force_login(commissioner)
    page = client.get(url).content.decode()
    assert "Reopen this assessment" not in page
    assert "An involvement lead can reopen it" in page


# --- each section's page ---------------------------------------------------------------


def test_every_section_page_works(client, commissioner, draft):
    client.force_login(commissioner)
    for section in sections():
        response = client.get(section_url(draft, section.key))
        assert response.status_code == 200, section.key
        page = page_of(response)
        assert page.find("h1").text == section.title
        assert the_form(response).find("input", name="version").attrs["value"] == "0"
        buttons = [b.text for b in the_form(response).find_all("button")]
        assert buttons == ["Save and continue", "Save and come back later"]


def test_a_category_section_asks_frequency_stages_and_evidence(client, commissioner, draft):
    client.force_login(commissioner)
    section = category_sections()[1]
    form = the_form(client.get(section_url(draft, section.key)))
    for activity in section.activities:
        radios = form.find_all("input", type="radio", name=f"{activity.slug}-frequency")
        assert [r.attrs["value"] for r in radios] == ["none", "occasional", "routine"]
        stages = form.find_all("input", type="checkbox", name=f"{activity.slug}-stages")
        assert [s.attrs["value"] for s in stages] == [
            "strategic-planning",
            "specifying-outcomes",
            "pathway-design",
            "contracting",
            "monitoring",
        ]
        notes = form.find("textarea", name=f"{activity.slug}-notes")
        # A character count: the limit is on the wrapper, so people can type past it
        # and be told, rather than have their text cut off.
        assert notes.parent.attrs["data-maxlength"] == "2000"
        assert form.find("input", id=f"id_{activity.slug}-frequency_0")


def test_an_unknown_section_answers_404(client, commissioner, draft):
    client.force_login(commissioner)
    assert client.get(section_url(draft, "no-such-section")).status_code == 404
    assert client.post(section_url(draft, "no-such-section"), {"version": "0"}).status_code == 404


def test_a_retired_activity_is_not_asked(client, commissioner, draft, first_category):
    retired = first_category.activities[0]
    Activity.objects.filter(pk=retired.pk).update(is_active=False)
    client.force_login(commissioner)
    form = the_form(client.get(section_url(draft, first_category.key)))
    assert not form.find_all("input", name=f"{retired.slug}-frequency")


# --- saving -----------------------------------------------------------------------------


def test_about_saves_and_continues_to_the_first_category(client, commissioner, draft):
    client.force_login(commissioner)
    response = client.post(
        section_url(draft, ABOUT),
        {
            "version": "0",
            "title": "  Co-production 2026  ",
            "period": "2026-27",
            "participants": ["commissioners", "experts-by-experience"],
            "experts_by_experience_count": "5",
            "save": "",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == section_url(draft, category_sections()[0].key)
    draft.refresh_from_db()
    assert (draft.title, draft.period) == ("Co-production 2026", "2026/27")
    assert draft.participants == ["commissioners", "experts-by-experience"]
    assert draft.experts_by_experience_count == 5
    assert draft.updated_by == commissioner
    state = SectionState.objects.get(assessment=draft, key=ABOUT)
    assert (state.version, state.status, state.updated_by) == (1, "completed", commissioner)


def test_about_errors_keep_what_was_typed(client, commissioner, draft):
    client.force_login(commissioner)
    response = client.post(
        section_url(draft, ABOUT),
        {
            "version": "0",
            "title": "Kept title",
            "period": "2026/28",
            "participants": ["experts-by-experience"],
            "save": "",
        },
    )
    assert response.status_code == 200
    assert error_summary(response) == [
        "The period must be two years in a row, like 2026/27",
        "Enter how many experts-by-experience took part",
    ]
    form = the_form(response)
    assert form.find("input", name="title").attrs["value"] == "Kept title"
    assert form.find("input", name="period").attrs["value"] == "2026/28"
    assert "checked" in form.find("input", name="participants", value="experts-by-experience").attrs
    assert page_of(response).find("title").text.startswith("Error: ")
    draft.refresh_from_db()
    assert draft.period == "2026/27"
    assert not SectionState.objects.filter(assessment=draft).exists()


def test_a_category_saves_every_answer(client, commissioner, draft, first_category):
    first, second = first_category.activities[:2]
    client.force_login(commissioner)
    response = client.post(
        section_url(draft, first_category.key),
        category_post(
            first_category,
            {
                first.slug: ("routine", ["monitoring", "strategic-planning"], "  Board minutes  "),
                second.slug: ("none", [], ""),
            },
        ),
    )
    assert response.status_code == 302
    assert response["Location"] == section_url(draft, category_sections()[1].key)
    saved = {a.activity.slug: a for a in draft.answers.select_related("activity")}
    # Stages in the order of the commissioning cycle, notes trimmed.
    assert saved[first.slug].frequency == "routine"
    assert saved[first.slug].stages == ["strategic-planning", "monitoring"]
    assert saved[first.slug].notes == "Board minutes"
    assert saved[first.slug].updated_by == commissioner
    assert (saved[second.slug].frequency, saved[second.slug].stages) == ("none", [])
    state = SectionState.objects.get(assessment=draft, key=first_category.key)
    assert (state.version, state.status) == (1, "completed")


def test_a_stage_ticked_with_not_at_the_moment_is_an_error_not_a_silent_drop(
    client, commissioner, draft, first_category
):
    first, second = first_category.activities[:2]
    client.force_login(commissioner)
    response = client.post(
        section_url(draft, first_category.key),
        category_post(
            first_category,
            {
                first.slug: ("none", ["contracting"], "We used to"),
                second.slug: ("occasional", ["monitoring"], "Kept note"),
            },
        ),
    )
    assert response.status_code == 200
    [message] = error_summary(response)
    assert message.startswith(STAGE_CONFLICT)
    assert first.name in message
    page = page_of(response)
    # The summary links to the first stage checkbox, which the page has.
    link = page.find(cls="nhsuk-error-summary").find("a")
    assert link.attrs["href"] == f"#id_{first.slug}-stages_0"
    assert page.find("input", id=f"id_{first.slug}-stages_0")
    # Everything typed is still there, nothing is saved.
    form = the_form(response)
    assert "checked" in form.find("input", name=f"{first.slug}-frequency", value="none").attrs
    assert "checked" in form.find("input", name=f"{first.slug}-stages", value="contracting").attrs
    assert form.find("textarea", name=f"{first.slug}-notes").text == "We used to"
    assert "checked" in form.find("input", name=f"{second.slug}-stages", value="monitoring").attrs
    assert form.find("textarea", name=f"{second.slug}-notes").text == "Kept note"
    assert not draft.answers.exists()


def test_an_unanswered_activity_is_an_error_on_save_and_continue(
    client, commissioner, draft, first_category
):
    first, second = first_category.activities[:2]
    client.force_login(commissioner)
    response = client.post(
        section_url(draft, first_category.key),
        category_post(first_category, {first.slug: ("routine", ["monitoring"], "")}),
    )
    assert response.status_code == 200
    assert error_summary(response) == [
        f"Select how often your organisation does this: {second.name}"
    ]
    routine = the_form(response).find("input", name=f"{first.slug}-frequency", value="routine")
    assert "checked" in routine.attrs
    assert not draft.answers.exists()


def test_save_and_come_back_later_keeps_a_part_answered_section(
    client, commissioner, draft, first_category
):
    first = first_category.activities[0]
    client.force_login(commissioner)
    response = client.post(
        section_url(draft, first_category.key),
        category_post(
            first_category, {first.slug: ("occasional", ["monitoring"], "")}, button="save-later"
        ),
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("assessments:task-list", args=[draft.pk])
    assert list(draft.answers.values_list("frequency", flat=True)) == ["occasional"]
    state = SectionState.objects.get(assessment=draft, key=first_category.key)
    assert state.status == "in-progress"


def test_save_later_still_refuses_contradictions(client, commissioner, draft, first_category):
    first = first_category.activities[0]
    client.force_login(commissioner)
    response = client.post(
        section_url(draft, first_category.key),
        category_post(
            first_category, {first.slug: ("none", ["monitoring"], "")}, button="save-later"
        ),
    )
    assert response.status_code == 200
    assert error_summary(response)[0].startswith(STAGE_CONFLICT)
    # Stages without a frequency are a question left half answered: also an error.
    second = first_category.activities[1]
    response = client.post(
        section_url(draft, first_category.key),
        category_post(first_category, {second.slug: ("", ["monitoring"], "")}, button="save-later"),
    )
    assert error_summary(response) == [
        f"Select how often your organisation does this: {second.name}"
    ]


def test_clearing_an_answer_with_save_later_removes_it(client, commissioner, draft, first_category):
    client.force_login(commissioner)
    client.post(
        section_url(draft, first_category.key),
        category_post(first_category, all_none(first_category)),
    )
    assert draft.answers.count() == len(first_category.activities)
    first = first_category.activities[0]
    others = {a.slug: ("none", [], "") for a in first_category.activities[1:]}
    client.post(
        section_url(draft, first_category.key),
        category_post(first_category, others, version=1, button="save-later"),
    )
    assert not draft.answers.filter(activity=first).exists()
    state = SectionState.objects.get(assessment=draft, key=first_category.key)
    assert (state.version, state.status) == (2, "in-progress")


def test_evidence_over_2000_characters_is_an_error(client, commissioner, draft, first_category):
    first = first_category.activities[0]
    client.force_login(commissioner)
    response = client.post(
        section_url(draft, first_category.key),
        category_post(
            first_category, all_none(first_category, **{first.slug: ("none", [], "x" * 2001)})
        ),
    )
    assert error_summary(response) == ["Evidence must be 2,000 characters or fewer"]
    assert not draft.answers.exists()


def test_an_unknown_frequency_or_stage_is_an_error(client, commissioner, draft, first_category):
    first = first_category.activities[0]
    client.force_login(commissioner)
    response = client.post(
        section_url(draft, first_category.key),
        category_post(first_category, all_none(first_category, **{first.slug: ("always", [], "")})),
    )
    assert error_summary(response) == [
        f"Select how often your organisation does this: {first.name}"
    ]
    response = client.post(
        section_url(draft, first_category.key),
        category_post(
            first_category, all_none(first_category, **{first.slug: ("routine", ["nowhere"], "")})
        ),
    )
    assert error_summary(response) == ["Select commissioning stages from the list"]
    assert not draft.answers.exists()


def test_services_saves_and_refuses_both_none_and_services(client, commissioner, draft):
    client.force_login(commissioner)
    response = client.post(
        section_url(draft, SERVICES),
        {"version": "0", "service_areas": ["crisis"], "none_yet": "on", "save": ""},
    )
    assert error_summary(response) == [
        "Select services you have co-produced, or select 'None yet', not both"
    ]
    response = client.post(section_url(draft, SERVICES), {"version": "0", "save": ""})
    assert error_summary(response) == [
        "Select the services you have co-produced, or select 'None yet'"
    ]
    response = client.post(
        section_url(draft, SERVICES),
        {
            "version": "0",
            "service_areas": ["crisis", "psychosis"],
            "other": "Eating disorders",
            "save": "",
        },
    )
    assert response["Location"] == section_url(draft, COMMITMENT)
    draft.refresh_from_db()
    assert sorted(draft.service_areas.values_list("slug", flat=True)) == ["crisis", "psychosis"]
    assert draft.service_areas_other == "Eating disorders"
    # "None yet" alone completes the section and is shown again as ticked.
    client.post(section_url(draft, SERVICES), {"version": "1", "none_yet": "on", "save": ""})
    assert not draft.service_areas.exists()
    form = the_form(client.get(section_url(draft, SERVICES)))
    assert "checked" in form.find("input", name="none_yet").attrs


def test_commitment_is_required_and_the_last_section_leads_to_check_your_answers(
    client, commissioner, draft
):
    client.force_login(commissioner)
    response = client.post(
        section_url(draft, COMMITMENT),
        {"version": "0", "barriers": ["lack-of-resources"], "other": "Time", "save": ""},
    )
    assert error_summary(response) == ["Select your organisation's commitment to co-production"]
    form = the_form(response)
    assert "checked" in form.find("input", name="barriers", value="lack-of-resources").attrs
    assert form.find("textarea", name="other").text == "Time"
    response = client.post(
        section_url(draft, COMMITMENT),
        {
            "version": "0",
            "commitment": "standard-approach",
            "barriers": ["lack-of-resources"],
            "save": "",
        },
    )
    assert response["Location"] == reverse("assessments:check", args=[draft.pk])
    draft.refresh_from_db()
    assert draft.commitment == "standard-approach"
    assert list(draft.barriers.values_list("slug", flat=True)) == ["lack-of-resources"]


def test_a_saved_section_shows_its_answers_again(client, lead, draft, first_category):
    answer_all(draft, lead)
    client.force_login(lead)
    response = client.get(section_url(draft, first_category.key))
    form = the_form(response)
    first = first_category.activities[0]
    assert "checked" in form.find("input", name=f"{first.slug}-frequency", value="routine").attrs
    assert "checked" in form.find("input", name=f"{first.slug}-stages", value="contracting").attrs
    assert form.find("textarea", name=f"{first.slug}-notes").text.startswith("Evidence")
    assert form.find("input", name="version").attrs["value"] == "1"


# --- a submitted assessment ------------------------------------------------------------


def test_a_submitted_assessment_cannot_be_changed_by_a_crafted_post(
    client, lead, draft, first_category
):
    submit(answer_all(draft, lead), lead)
    client.force_login(lead)
    before = list(draft.answers.order_by("pk").values_list("frequency", "stages", "notes"))
    version = SectionState.objects.get(assessment=draft, key=first_category.key).version
    response = client.post(
        section_url(draft, first_category.key),
        category_post(first_category, all_none(first_category), version=version),
    )
    assert response.status_code == 403
    response = client.post(
        section_url(draft, ABOUT),
        {
            "version": "1",
            "title": "Changed",
            "period": "2030/31",
            "participants": ["carers"],
            "save": "",
        },
    )
    assert response.status_code == 403
    draft.refresh_from_db()
    assert draft.title == "Our assessment" and draft.is_submitted
    assert list(draft.answers.order_by("pk").values_list("frequency", "stages", "notes")) == before


def test_a_submitted_assessments_section_redirects_to_its_answers(client, lead, draft):
    submit(answer_all(draft, lead), lead)
    client.force_login(lead)
    response = client.get(section_url(draft, ABOUT))
    assert response.status_code == 302
    assert response["Location"] == reverse("assessments:check", args=[draft.pk])


# --- check your answers ----------------------------------------------------------------


def test_check_your_answers_lists_everything_with_change_links(client, lead, draft):
    answer_all(draft, lead)
    client.force_login(lead)
    response = client.get(reverse("assessments:check", args=[draft.pk]))
    assert response.status_code == 200
    page = page_of(response)
    assert page.find("h1").text == "Check your answers"
    headings = [h.text for h in page.find_all("h2", cls="nhsuk-heading-m")]
    for section in sections():
        assert section.title in headings
    keys = [dt.text for dt in page.find_all("dt", cls="nhsuk-summary-list__key")]
    for section in category_sections():
        for activity in section.activities:
            assert activity.name in keys
    links = [a.attrs["href"] for a in page.find_all("a") if a.text.startswith("Change")]
    assert len(links) == len(keys)
    first = category_sections()[0]
    assert f"{section_url(draft, first.key)}#id_{first.activities[0].slug}-frequency_0" in links
    assert f"{section_url(draft, ABOUT)}#id_title" in links
    assert "Routinely (normal practice)" in page.text
    assert "Stages: Strategic planning, Specifying outcomes" in page.text
    assert "Eating disorders" in page.text
    assert page.find("button").text == "Submit assessment" or any(
        b.text == "Submit assessment" for b in page.find_all("button")
    )


def summary_values(page) -> dict[str, str]:
    return {
        row.find("dt").text: row.find("dd").text
        for row in page.find("main").find_all(cls="nhsuk-summary-list__row")
    }


def test_check_your_answers_says_what_is_missing(client, commissioner, draft):
    client.force_login(commissioner)
    page = page_of(client.get(reverse("assessments:check", args=[draft.pk])))
    values = summary_values(page)
    # An empty draft has answered nothing: no "None yet" or "None selected" for it.
    assert values["Who took part"] == "Not answered yet"
    assert values["Services co-produced"] == "Not answered yet"
    assert values["Commitment"] == values["Barriers"] == "Not answered yet"
    for section in category_sections():
        for activity in section.activities:
            assert values[activity.name] == "Not answered yet"
    assert "None yet" not in page.text and "None selected" not in page.text
    assert not [b for b in page.find_all("button") if b.text == "Submit assessment"]
    # "Not ready to submit" links to each section still to do, in order.
    callout = page.find(cls="nhsuk-warning-callout")
    assert "Not ready to submit" in callout.text
    assert f"Complete these {len(sections())} sections" in callout.text
    assert [(a.text, a.attrs["href"]) for a in callout.find_all("a")] == [
        (section.title, section_url(draft, section.key)) for section in sections()
    ]


def test_check_your_answers_shows_none_only_once_it_is_the_answer(client, lead, draft):
    save_services(draft, lead, slugs=())
    save_commitment(draft, lead, barriers=())
    client.force_login(lead)
    values = summary_values(page_of(client.get(reverse("assessments:check", args=[draft.pk]))))
    assert values["Services co-produced"] == "None yet"
    assert values["Barriers"] == "None selected"


def test_check_your_answers_uses_one_text_size(client, lead, draft):
    answer_all(draft, lead)
    client.force_login(lead)
    page = page_of(client.get(reverse("assessments:check", args=[draft.pk])))
    main = page.find("main")
    assert not main.find_all(cls="nhsuk-body-s")
    assert not main.find_all(cls="nhsuk-body-l")


def test_change_links_keep_the_names_they_change(client, lead, draft):
    answer_all(draft, lead)
    client.force_login(lead)
    page = page_of(client.get(reverse("assessments:check", args=[draft.pk])))
    hidden = [
        a.find(cls="nhsuk-u-visually-hidden").text
        for a in page.find_all("a")
        if a.text.startswith("Change")
    ]
    activity = category_sections()[0].activities[0]
    assert f"answer for {activity.name}" in hidden
    assert "answer for Title" in hidden


def test_the_new_assessment_page_counts_the_sections(client, lead, organisation):
    client.force_login(lead)
    page = page_of(client.get(reverse("assessments:new", args=[organisation.pk])))
    assert f"The assessment has {len(sections())} short sections" in page.text


def test_check_your_answers_does_not_offer_submit_to_a_commissioner(
    client, lead, commissioner, draft
):
    answer_all(draft, lead)
    client.force_login(commissioner)
    page = page_of(client.get(reverse("assessments:check", args=[draft.pk])))
    assert not [b for b in page.find_all("button") if b.text == "Submit assessment"]
    assert "An involvement lead in your organisation can now submit" in page.text


def test_check_your_answers_of_a_submitted_assessment_has_no_change_links(client, lead, draft):
    submit(answer_all(draft, lead), lead)
    client.force_login(lead)
    page = page_of(client.get(reverse("assessments:check", args=[draft.pk])))
    assert page.find("h1").text == "Answers"
    assert page.find("title").text.startswith("Answers – ")
    assert not [a for a in page.find_all("a") if a.text.startswith("Change")]


# --- two people saving the same section ------------------------------------------------


def test_two_people_saving_the_same_section_never_lose_an_update(
    client, lead, commissioner, draft, first_category
):
    first, second = first_category.activities[:2]
    url = section_url(draft, first_category.key)
    alice, bob = client, type(client)()
    alice.force_login(lead)
    bob.force_login(commissioner)

    # Both open the section: the same version.
    alice_page, bob_page = alice.get(url), bob.get(url)
    assert form_as_rendered(alice_page)["version"] == form_as_rendered(bob_page)["version"] == ["0"]

    # Alice saves first.
    alice_answers = all_none(first_category, **{first.slug: ("routine", ["monitoring"], "Alice")})
    assert alice.post(url, category_post(first_category, alice_answers)).status_code == 302

    # Bob saves from his stale page: refused, told, shown both.
    bob_answers = all_none(
        first_category,
        **{
            first.slug: ("occasional", ["contracting"], "Bob typed this"),
            second.slug: ("routine", ["pathway-design"], ""),
        },
    )
    response = bob.post(url, category_post(first_category, bob_answers))
    assert response.status_code == 200
    page = page_of(response)
    callout = page.find(id="conflict")
    assert "Someone else changed this section" in callout.text
    assert lead.get_full_name() in callout.text
    # The saved answers are still Alice's.
    saved = draft.answers.get(activity=first)
    assert (saved.frequency, saved.stages, saved.notes) == ("routine", ["monitoring"], "Alice")
    assert not draft.answers.filter(frequency="occasional").exists()
    # It is announced, and is where focus goes when the page loads.
    assert callout.attrs["tabindex"] == "-1" and "data-focus-on-load" in callout.attrs
    assert "Someone else changed this section" in callout.find(role="alert").text
    # Only the answers that differ are set side by side: theirs (saved) and Bob's.
    differences = {
        row.find("th").text.removeprefix("Question "): [
            cell.text.removeprefix(heading)
            for cell, heading in zip(
                row.find_all("td"),
                ["Their answer (saved) ", "Your answer (not saved) "],
                strict=True,
            )
        ]
        for row in callout.find("tbody").find_all("tr")
    }
    assert list(differences) == [first.name, second.name]
    theirs, yours = differences[first.name]
    assert "Routinely (normal practice)" in theirs and "Evidence: Alice" in theirs
    assert "Occasionally" in yours and "Evidence: Bob typed this" in yours
    assert differences[second.name][0] == "Not at the moment"
    assert differences[second.name][1].startswith("Routinely")
    others = len(first_category.activities) - 2
    # The test catalogue's categories are small: every answer here may differ.
    assert ("the same as theirs" in callout.text) == (others > 0)
    # Bob can keep theirs (the saved answers, afresh) or save his over them.
    save_over = callout.find("button")
    assert save_over.text == "Save my answers over theirs"
    assert (save_over.attrs["form"], save_over.attrs["name"]) == ("section-form", "save")
    assert the_form(response).attrs["id"] == "section-form"
    keep = next(a for a in callout.find_all("a") if a.text == "Keep their answers")
    kept = form_as_rendered(bob.get(keep.attrs["href"]))
    assert kept[f"{first.slug}-frequency"] == ["routine"]
    assert kept[f"{first.slug}-notes"] == ["Alice"]
    assert kept["version"] == ["1"]
    # ...and Bob's own input is kept in the form, now carrying the newer version.
    rendered = form_as_rendered(response)
    assert rendered[f"{first.slug}-frequency"] == ["occasional"]
    assert rendered[f"{first.slug}-stages"] == ["contracting"]
    assert rendered[f"{first.slug}-notes"] == ["Bob typed this"]
    assert rendered[f"{second.slug}-frequency"] == ["routine"]
    assert rendered["version"] == ["1"]

    # Bob re-applies his answers by posting the form as rendered: it saves.
    response = bob.post(url, rendered)
    assert response.status_code == 302
    saved.refresh_from_db()
    assert (saved.frequency, saved.stages, saved.notes) == (
        "occasional",
        ["contracting"],
        "Bob typed this",
    )
    state = SectionState.objects.get(assessment=draft, key=first_category.key)
    assert (state.version, state.updated_by) == (2, commissioner)


def test_a_conflict_on_about_keeps_the_typed_title(client, lead, commissioner, draft):
    url = section_url(draft, ABOUT)
    other = type(client)()
    client.force_login(lead)
    other.force_login(commissioner)
    fields = {"period": "2026/27", "participants": ["commissioners"], "save": ""}
    assert client.post(url, {"version": "0", "title": "First", **fields}).status_code == 302
    response = other.post(url, {"version": "0", "title": "Second", **fields})
    assert response.status_code == 200
    assert "Someone else changed this section" in response.content.decode()
    draft.refresh_from_db()
    assert draft.title == "First"
    rendered = form_as_rendered(response)
    assert rendered["title"] == ["Second"] and rendered["version"] == ["1"]
    assert other.post(url, rendered).status_code == 302
    draft.refresh_from_db()
    assert draft.title == "Second"


# --- a bounded number of queries --------------------------------------------------------


def count_queries(client, method: str, url: str, data=None) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = getattr(client, method)(url, data) if data else getattr(client, method)(url)
    assert response.status_code in (200, 302), (url, response.status_code)
    return len(queries)


def test_questionnaire_pages_take_the_same_queries_empty_or_fully_answered(
    client, organisation, lead
):
    empty = make_assessment(organisation, lead, title="Empty")
    full = answer_all(make_assessment(organisation, lead, title="Full"), lead)
    client.force_login(lead)
    urls = [
        lambda a: reverse("assessments:task-list", args=[a.pk]),
        lambda a: reverse("assessments:check", args=[a.pk]),
        *[lambda a, key=s.key: section_url(a, key) for s in sections()],
    ]
    for url in urls:
        counts = [count_queries(client, "get", url(a)) for a in (empty, full)]
        assert counts[0] == counts[1], (url(empty), counts)
        assert counts[1] <= 20, (url(full), counts)


def test_saving_a_category_takes_a_bounded_number_of_queries(
    client, organisation, lead, django_assert_max_num_queries
):
    client.force_login(lead)
    biggest = max(category_sections(), key=lambda s: len(s.activities))
    assessment = make_assessment(organisation, lead)
    answers = {a.slug: ("routine", ["monitoring"], "Note") for a in biggest.activities}
    # One save per answer is by design (each goes through save() and its history), so
    # the bound is a constant plus a small number per activity in the section.
    with django_assert_max_num_queries(25 + 3 * len(biggest.activities)):
        response = client.post(
            section_url(assessment, biggest.key), category_post(biggest, answers)
        )
    assert response.status_code == 302
    assert Answer.objects.filter(assessment=assessment).count() == len(biggest.activities)
