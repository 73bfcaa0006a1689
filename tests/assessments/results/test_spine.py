"""The one way to an assessment's score (``results.score_of``): every page that shows a
position gets the same one, with the catalogue's stages, before and after submission,
and the stored result of a submitted assessment is that score."""

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assessments.models import Answer, Assessment, SubmittedResult
from assessments.organisations.dashboard import dashboard_context, dashboard_memberships
from assessments.questionnaire import lifecycle
from assessments.questionnaire.services import AnswerData
from assessments.results import scoring
from assessments.results.results import assessment_result, score_of
from assessments.results.stored import result_row
from coprod_grid.models import Activity, CommissioningStage
from tests.factories import (
    answer_all,
    category_sections,
    make_assessment,
    save_category,
    submit,
)

pytestmark = pytest.mark.django_db

ROUTINE_EVERYWHERE = AnswerData("routine", ("strategic-planning", "monitoring"))


def test_scoring_needs_the_stages_it_counts_over():
    position = scoring.ActivityPosition("a", "c", 0.5, 0.5)
    with pytest.raises(TypeError):
        scoring.score_assessment([scoring.AnswerInput("a", "routine")], {"a": position})


def _with_a_new_stage(organisation, lead) -> Assessment:
    """A draft whose answers use a commissioning stage an admin added."""
    CommissioningStage.objects.create(
        slug="decommissioning", name="Decommissioning", order=99, national_2017_pct=0
    )
    assessment = answer_all(
        make_assessment(organisation, lead),
        lead,
        default=AnswerData("routine", ("strategic-planning", "decommissioning")),
    )
    return assessment


def test_the_dashboard_scores_with_the_catalogues_stages(client, organisation, lead):
    assessment = _with_a_new_stage(organisation, lead)
    client.force_login(lead)

    page = client.get(reverse("assessments:dashboard"))

    assert page.status_code == 200
    panel = page.context["panels"][0]
    expected = score_of(assessment)
    assert expected.stage_levels["decommissioning"] == "routine"
    assert panel.position.embeddedness == expected.embeddedness
    assert client.get(reverse("assessments:results", args=[assessment.pk])).status_code == 200


def test_the_dashboard_shows_what_the_results_page_shows(client, organisation, lead):
    draft = _with_a_new_stage(organisation, lead)
    result = assessment_result(draft)
    submitted = submit(draft, lead)
    panel = dashboard_context(dashboard_memberships(lead))["panels"][0]

    assert panel.latest == submitted
    assert panel.position.activeness == result.score.activeness
    assert panel.position.embeddedness == result.score.embeddedness
    assert panel.position.quadrant == result.score.quadrant


def test_submission_stores_the_result_and_reopening_removes_it(organisation, lead):
    from assessments.models import Membership

    assessment = submit(answer_all(make_assessment(organisation, lead), lead), lead)
    stored = SubmittedResult.objects.get(assessment=assessment)
    score = score_of(assessment)

    assert (stored.activeness, stored.embeddedness) == (score.activeness, score.embeddedness)
    assert stored.quadrant == score.quadrant
    assert stored.stage_levels == score.stage_levels
    assert stored.frontier == list(score.frontier_activities)
    assert [p["activity"] for p in stored.practices] == [p.activity for p in score.practices]

    lifecycle.assessment_reopen(
        assessment=assessment,
        membership=Membership.objects.get(user=lead, organisation=organisation),
        user=lead,
    )
    assert not SubmittedResult.objects.filter(assessment=assessment).exists()


def test_the_migration_scores_assessments_submitted_before_it(organisation, lead):
    from importlib import import_module

    from django.apps import apps

    migration = import_module("assessments.migrations.0005_submitted_result")
    assessment = submit(answer_all(make_assessment(organisation, lead), lead), lead)
    written = SubmittedResult.objects.get(assessment=assessment)
    SubmittedResult.objects.all().delete()

    migration.store_submitted_results(apps, None)

    again = SubmittedResult.objects.get(assessment=assessment)
    for field in ("activeness", "embeddedness", "quadrant", "stage_levels", "practices"):
        assert getattr(again, field) == getattr(written, field)


def test_a_retired_answer_is_counted_before_and_after_submission(organisation, lead):
    """The defect: a routine answer to an activity retired afterwards dropped out of the
    draft's result and came back on submission, moving the quadrant."""
    assessment = answer_all(make_assessment(organisation, lead), lead)
    retired = Activity.objects.get(slug="co-produce-service-outcomes")
    Activity.objects.filter(pk=retired.pk).update(is_active=False)
    before = score_of(assessment)

    submitted = submit(assessment, lead)

    assert "co-produce-service-outcomes" in before.frontier_activities
    assert score_of(submitted) == before


def test_a_submitted_assessment_keeps_showing_an_answer_retired_since(organisation, lead):
    assessment = answer_all(
        make_assessment(organisation, lead),
        lead,
        answers={"analysis-of-complaints": AnswerData("none")},
    )
    submit(assessment, lead)
    Activity.objects.filter(slug="analysis-of-complaints").update(is_active=False)
    submitted = Assessment.objects.get(pk=assessment.pk)

    result = assessment_result(submitted)

    assert "analysis-of-complaints" in [view.activity for view in result.unpractised]
    assert "analysis-of-complaints" in [view.activity for view in result.answers]


def test_a_stored_row_is_the_score_it_is_made_from():
    positions = {"a": scoring.ActivityPosition("a", "c", 0.8, 0.6)}
    score = scoring.score_assessment(
        [scoring.AnswerInput("a", "routine", frozenset({"s"}))], positions, stages=["s"]
    )
    from django.utils import timezone

    row = result_row(Assessment(), score, {"a": ("A name", "C name")}, scored_at=timezone.now())

    assert row.practices == [
        {
            "activity": "a",
            "name": "A name",
            "category": "c",
            "category_name": "C name",
            "frequency": "routine",
            "x": 0.8,
            "y": 0.8,
        }
    ]
    assert row.stage_coverage == 1.0


FREQUENCIES = st.sampled_from(["none", "occasional", "routine", None])


@settings(
    max_examples=25,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_for_any_draft_submission_changes_no_result(data, organisation, lead):
    """For any draft, with any of its answered activities retired since, the result just
    before submission is the result just after."""
    from django.db import transaction

    slugs = [a.slug for s in category_sections() for a in s.activities]
    with transaction.atomic():
        assessment = answer_all(make_assessment(organisation, lead), lead)
        for section in category_sections():
            answers = {}
            for activity in section.activities:
                frequency = data.draw(FREQUENCIES, label=activity.slug)
                if frequency is not None:
                    stages = () if frequency == "none" else ("pathway-design",)
                    answers[activity.slug] = AnswerData(frequency, stages)
            save_category(assessment, lead, section, answers, default=ROUTINE_EVERYWHERE)
        retire = data.draw(st.lists(st.sampled_from(slugs), unique=True, max_size=6))
        Activity.objects.filter(slug__in=retire).update(is_active=False)
        before = assessment_result(Assessment.objects.get(pk=assessment.pk))
        submitted = submit(assessment, lead)
        after = assessment_result(submitted)

        assert after.score == before.score
        assert [v.activity for v in after.answers] == [v.activity for v in before.answers]
        assert Answer.objects.filter(assessment=submitted).count() == len(before.answers)
        transaction.set_rollback(True)
