"""A panel member's rating, through its services: saving part by part with the
optimistic lock, the lock once sent, sending only a complete rating, withdrawing, how
far each part has got and the dashboard's list; and the plain words it is asked in."""

import json
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.template.loader import render_to_string
from django.urls import reverse

from assessments.models import TEXT_MAX_LENGTH, Frequency
from assessments.panel import rating
from assessments.panel.models import Panel, PanelAnswer, PanelMember
from assessments.panel.plain_words import (
    PLAIN_CATEGORY_INTROS,
    PLAIN_CATEGORY_NAMES,
    PLAIN_FREQUENCIES,
    PLAIN_QUESTIONS,
    PLAIN_STAGES,
    plain_category_name,
    plain_question,
)
from assessments.questionnaire.sections import Progress
from coprod_grid.models import Activity
from tests.factories import make_assessment, make_user
from tests.html import parse

pytestmark = pytest.mark.django_db


@pytest.fixture
def panel(organisation, lead):
    return Panel.objects.create(assessment=make_assessment(organisation, lead))


@pytest.fixture
def member(panel):
    return PanelMember.objects.create(panel=panel, user=make_user())


def parts():
    return rating.rating_categories()


def save(member, category, answers, version=None):
    return rating.rating_save_section(
        member=member,
        category=category,
        answers=answers,
        version=member.version if version is None else version,
    )


def all_rated(category, frequency="occasional", stages=("monitoring",), comment=""):
    return {a.slug: (frequency, stages, comment) for a in rating.active_activities(category)}


def rate_everything(member, frequency="occasional"):
    for category in parts():
        save(member, category, all_rated(category, frequency))


# --- saving --------------------------------------------------------------------------


def test_a_save_writes_the_ratings_and_moves_the_version_on(member):
    category = parts()[0]
    activities = rating.active_activities(category)
    answers = all_rated(category, "routine", ("monitoring", "strategic-planning"), " Seen it ")
    answers[activities[0].slug] = ("none", (), "")
    save(member, category, answers)
    assert member.version == 1
    assert PanelMember.objects.get(pk=member.pk).version == 1
    rows = {row.activity.slug: row for row in PanelAnswer.objects.filter(member=member)}
    assert set(rows) == {activity.slug for activity in activities}
    first, second = rows[activities[0].slug], rows[activities[1].slug]
    assert (first.frequency, first.stages) == ("none", [])
    # Stages in the order of the cycle, whatever order they came in; comments trimmed.
    assert second.stages == ["strategic-planning", "monitoring"]
    assert second.comment == "Seen it"


def test_stages_are_dropped_from_something_that_does_not_happen(member):
    category = parts()[0]
    save(member, category, all_rated(category, "none", ("monitoring",)))
    assert set(PanelAnswer.objects.filter(member=member).values_list("frequency", flat=True)) == {
        "none"
    }
    assert all(row.stages == [] for row in PanelAnswer.objects.filter(member=member))


def test_a_later_save_changes_and_removes_ratings(member):
    category = parts()[0]
    first = rating.active_activities(category)[0]
    save(member, category, all_rated(category))
    save(member, category, {first.slug: ("routine", (), "")})  # the rest left blank
    rows = list(PanelAnswer.objects.filter(member=member))
    assert [(row.activity_id, row.frequency) for row in rows] == [(first.pk, "routine")]
    assert member.version == 2


def test_a_save_from_a_stale_page_is_refused_and_writes_nothing(member):
    category = parts()[0]
    save(member, category, all_rated(category))
    with pytest.raises(rating.RatingConflict) as refused:
        save(member, category, all_rated(category, "routine"), version=0)
    assert refused.value.version == 1
    assert set(PanelAnswer.objects.values_list("frequency", flat=True)) == {"occasional"}
    assert PanelMember.objects.get(pk=member.pk).version == 1


@pytest.mark.parametrize(
    "bad",
    [
        ("sometimes", (), ""),
        ("routine", ("not-a-stage",), ""),
        ("routine", (), "x" * (TEXT_MAX_LENGTH + 1)),
    ],
)
def test_every_row_is_checked_whoever_calls(member, bad):
    category = parts()[0]
    answers = all_rated(category)
    answers[rating.active_activities(category)[-1].slug] = bad
    with pytest.raises(ValidationError):
        save(member, category, answers)
    assert not PanelAnswer.objects.exists()
    assert PanelMember.objects.get(pk=member.pk).version == 0


def test_a_sent_rating_refuses_every_change(member):
    rate_everything(member)
    rating.rating_submit(member=member)
    with pytest.raises(rating.RatingLocked):
        save(member, parts()[0], all_rated(parts()[0], "routine"))
    assert issubclass(rating.RatingLocked, PermissionDenied)
    with pytest.raises(rating.RatingLocked):
        rating.rating_submit(member=PanelMember.objects.get(pk=member.pk))


# --- progress, sending and withdrawing -----------------------------------------------------


def test_progress_follows_the_catalogue_and_counts_only_active_activities(member):
    categories = parts()
    assert len(categories) == 8
    first, second = categories[0], categories[1]
    save(member, first, all_rated(first))
    save(member, second, {rating.active_activities(second)[0].slug: ("none", (), "")})
    progress = rating.rating_progress(member)
    assert [part.category for part in progress] == list(categories)
    assert [part.status for part in progress[:3]] == [
        Progress.COMPLETED,
        Progress.IN_PROGRESS,
        Progress.NOT_STARTED,
    ]
    # An activity retired after it was rated keeps the part completed; one added later
    # is asked and makes it incomplete again.
    retired = rating.active_activities(first)[0]
    Activity.objects.filter(pk=retired.pk).update(is_active=False)
    assert rating.rating_progress(member)[0].status == Progress.COMPLETED
    Activity.objects.create(
        slug="new-activity", name="New", category=first, activeness=0.5, embeddedness=0.5
    )
    assert rating.rating_progress(member)[0].status == Progress.IN_PROGRESS


def test_an_incomplete_rating_cannot_be_sent_and_the_message_names_what_is_missing(member):
    first, second, *others = parts()
    save(member, first, all_rated(first))
    with pytest.raises(rating.RatingIncomplete) as refused:
        rating.rating_submit(member=member)
    message = str(refused.value)
    assert plain_category_name(second) in message
    assert all(plain_category_name(category) in message for category in others)
    assert plain_category_name(first) not in message
    assert PanelMember.objects.get(pk=member.pk).submitted_at is None


def test_a_complete_rating_is_sent(member):
    rate_everything(member)
    rating.rating_submit(member=member)
    assert member.has_submitted
    assert PanelMember.objects.get(pk=member.pk).submitted_at is not None


def test_withdrawing_deletes_the_answers_and_lets_the_member_rate_again(member, panel):
    other = PanelMember.objects.create(panel=panel, user=make_user())
    rate_everything(member)
    rate_everything(other)
    rating.rating_submit(member=member)
    rating.rating_withdraw(member=member)
    seat = PanelMember.objects.get(pk=member.pk)
    assert seat.submitted_at is None
    assert not PanelAnswer.objects.filter(member=seat).exists()
    assert PanelAnswer.objects.filter(member=other).count() == 29  # nobody else's
    rate_everything(seat)
    rating.rating_submit(member=seat)
    assert seat.has_submitted


# --- the dashboard and the start page ------------------------------------------------------


def test_ratings_for_lists_the_seats_with_their_status(member, lead):
    other_assessment = make_assessment(member.panel.assessment.organisation, lead, period="2025/26")
    sent = PanelMember.objects.create(
        panel=Panel.objects.create(assessment=other_assessment), user=member.user
    )
    rate_everything(sent)
    rating.rating_submit(member=sent)
    rows = rating.ratings_for(member.user)
    assert [(row.member.pk, row.status) for row in rows] == [
        (member.pk, "Not started"),
        (sent.pk, "Sent"),
    ]
    save(member, parts()[0], all_rated(parts()[0]))
    assert rating.ratings_for(member.user)[0].status == "In progress"
    assert rating.ratings_for(lead) == []


def test_deleted_assessments_are_not_listed(member, lead):
    assessment = member.panel.assessment
    assessment.deleted_at = assessment.updated_at
    assessment.save(update_fields=["deleted_at"])
    assert rating.ratings_for(member.user) == []


# --- the dashboard's list ---------------------------------------------------------------------


def test_your_ratings_lists_each_seat(member):
    context = {"your_ratings": rating.ratings_for(member.user)}
    page = parse(render_to_string("panel/_your_ratings.html", context))
    assert page.find("h2").text == "Ratings you have been asked for"
    assert page.find("a", href=reverse("assessments:rating", args=[member.pk]))
    assert member.panel.assessment.organisation.name in page.text
    assert "Not started" in page.text
    assert render_to_string("panel/_your_ratings.html", {"your_ratings": []}).strip() == ""


# --- plain words --------------------------------------------------------------------------------

JARGON = (
    "commissioning", "commissioner", "co-production", "co-produce", "co-design",
    "stakeholder", "pathway", "ccg", "icb", "procurement", "governance", "methodology",
    "specification", "engagement", "leverage", "empower", "forum", "service user",
)  # fmt: skip


def catalogue_rows(model):
    fixture = Path(settings.BASE_DIR) / "fixtures" / "catalogue.json"
    return [row["fields"] for row in json.loads(fixture.read_text()) if row["model"] == model]


def test_every_activity_stage_and_category_has_plain_words():
    activities = {row["slug"] for row in catalogue_rows("coprod_grid.activity")}
    assert len(activities) == 29
    assert set(PLAIN_QUESTIONS) == activities
    assert set(PLAIN_STAGES) == {
        row["slug"] for row in catalogue_rows("coprod_grid.commissioningstage")
    }
    categories = {row["slug"] for row in catalogue_rows("coprod_grid.category")}
    assert set(PLAIN_CATEGORY_INTROS) == set(PLAIN_CATEGORY_NAMES) == categories
    assert list(PLAIN_FREQUENCIES) == list(Frequency.values)


def test_an_activity_added_later_is_asked_by_its_name():
    activity = Activity(slug="added-by-an-admin", name="Something new")
    assert plain_question(activity) == "Something new"


def sentences(text):
    return [part for part in re.split(r"[.?!]+\s*", text) if part.strip()]


@pytest.mark.parametrize("slug", sorted(PLAIN_QUESTIONS))
def test_each_question_is_short_and_free_of_jargon(slug):
    question = PLAIN_QUESTIONS[slug]
    parts = sentences(question)
    assert question.rstrip().endswith((".", "?"))
    assert "?" in question
    assert sum(len(part.split()) for part in parts) / len(parts) <= 15, question
    assert not [word for word in JARGON if word in question.lower()], question


def test_the_other_plain_words_are_free_of_jargon():
    texts = [
        *PLAIN_CATEGORY_INTROS.values(),
        *PLAIN_CATEGORY_NAMES.values(),
        *PLAIN_STAGES.values(),
        *PLAIN_FREQUENCIES.values(),
    ]
    for text in texts:
        assert not [word for word in JARGON if word in text.lower()], text
        assert all(len(part.split()) <= 15 for part in sentences(text)), text
