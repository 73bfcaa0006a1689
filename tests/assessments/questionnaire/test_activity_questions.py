"""Each activity is asked as the question people read now; the 2017 report's wording
stays in the catalogue and shows as a hint. Something set up once is asked whether it is
in place, not how often it is done, and scores the same way."""

import json
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from assessments.models import Frequency
from assessments.questionnaire.category_form import (
    ONE_OFF_CHOICES,
    ONE_OFF_LABEL,
    RECURRING_LABEL,
    CategorySectionForm,
    activity_hint,
    activity_legend,
)
from coprod_grid.models import Activity
from tests.factories import category_sections, make_assessment
from tests.html import parse
from tests.readability import readability

pytestmark = pytest.mark.django_db

CHARTER = "service-user-carer-charter"
SURVEYS = "surveys-and-questionnaires"


def test_every_activity_in_the_fixture_has_a_plain_question():
    fixture = json.loads((Path(settings.BASE_DIR) / "fixtures" / "catalogue.json").read_text())
    activities = [e["fields"] for e in fixture if e["model"] == "coprod_grid.activity"]
    assert activities
    for fields in activities:
        question = fields["question"]
        assert question.endswith("?"), fields["slug"]
        assert "e.g." not in question and "CCG" not in question, fields["slug"]
        assert len(question.split()) <= 22, fields["slug"]
    # "Lived experience", "mental health" and "organisation" are the service's own terms
    # and weigh heavily in a syllable count: 12.7 now, from 13.4 for the first wording.
    overall = readability([fields["question"] for fields in activities])
    assert overall.reading_age <= 13


def test_the_question_is_the_legend_and_the_report_wording_its_hint():
    activity = Activity.objects.get(slug=SURVEYS)
    assert activity_legend(3, activity) == f"3. {activity.question}"
    assert activity_hint(activity) == f"On the 2017 Grid: “{activity.name}”."
    activity.question = ""
    assert activity_legend(3, activity) == f"3. {activity.name}"
    assert activity_hint(activity) is None


def test_a_one_off_is_asked_whether_it_is_in_place():
    charter = Activity.objects.get(slug=CHARTER)
    surveys = Activity.objects.get(slug=SURVEYS)
    assert charter.is_one_off and not surveys.is_one_off
    form = CategorySectionForm(activities=[charter, surveys], stages=[])
    one_off = form.fields[form.frequency_name(charter)]
    recurring = form.fields[form.frequency_name(surveys)]
    assert one_off.label == ONE_OFF_LABEL
    assert recurring.label == RECURRING_LABEL
    assert list(one_off.choices) == ONE_OFF_CHOICES
    # The same three answers underneath, so scoring and exports are unchanged.
    assert [value for value, _ in one_off.choices] == [value for value, _ in Frequency.choices]


def test_the_section_page_asks_the_questions(client, organisation, lead):
    assessment = make_assessment(organisation, lead)
    charter = Activity.objects.get(slug=CHARTER)
    section = next(s for s in category_sections() if charter in s.activities)
    client.force_login(lead)
    page = parse(
        client.get(
            reverse("assessments:section", args=[assessment.pk, section.key])
        ).content.decode()
    )
    legends = [legend.text for legend in page.find_all("legend")]
    assert any(legend.endswith(charter.question) for legend in legends)
    assert ONE_OFF_LABEL in legends
    assert "Yes, but it is not yet part of how we work" in page.text
