"""A refusal by the access helpers is logged with who asked, for what and why, so that
probing other organisations' ids shows up as a person rather than as broken links; the
log names ids and the reason only, never an assessment's title, answers or notes."""

import logging

import pytest
from django.urls import reverse

from assessments.access import NOT_A_MEMBER, NOT_THE_LEAD, NOT_THEIR_SEAT
from assessments.models import Frequency
from assessments.questionnaire import services
from tests.factories import (
    COMMISSIONER,
    LEAD,
    answer_all,
    make_assessment,
    make_member,
    make_organisation,
    panel_member,
)

pytestmark = pytest.mark.django_db

TITLE = "Confidential title of the Northshire assessment"
NOTE = "Evidence: the secret minutes of the Northshire board."


@pytest.fixture
def assessment():
    organisation = make_organisation(name="Northshire Integrated Care Board")
    lead = make_member(organisation, LEAD)
    assessment = make_assessment(organisation, lead, title=TITLE)
    default = services.AnswerData(Frequency.ROUTINE, ("contracting",), NOTE)
    return answer_all(assessment, lead, default=default)


def refusals(caplog) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.name == "coprod_grid.access"]


def assert_no_data(caplog, assessment) -> None:
    for text in (TITLE, NOTE, assessment.organisation.name):
        assert text not in caplog.text


def test_an_outsider_asking_for_another_organisations_assessment_is_logged(
    client, caplog, assessment
):
    outsider = make_member(make_organisation(), LEAD)
    client.force_login(outsider)

    with caplog.at_level(logging.WARNING, logger="coprod_grid.access"):
        response = client.get(
            reverse("assessments:task-list", kwargs={"assessment_id": assessment.pk})
        )

    assert response.status_code == 404
    [record] = refusals(caplog)
    assert record.levelno == logging.WARNING
    message = record.getMessage()
    assert f"user_id={outsider.pk}" in message
    assert f"assessment_id={assessment.pk}" in message
    assert NOT_A_MEMBER in message
    assert (record.user_id, record.object_kind, record.object_id, record.reason) == (
        outsider.pk,
        "assessment",
        assessment.pk,
        NOT_A_MEMBER,
    )
    assert_no_data(caplog, assessment)


def test_an_outsider_asking_for_another_organisations_members_is_logged(client, caplog, assessment):
    outsider = make_member(make_organisation(), LEAD)
    client.force_login(outsider)
    organisation = assessment.organisation

    with caplog.at_level(logging.WARNING, logger="coprod_grid.access"):
        response = client.get(
            reverse("assessments:members", kwargs={"organisation_id": organisation.pk})
        )

    assert response.status_code == 404
    [record] = refusals(caplog)
    assert f"user_id={outsider.pk} organisation_id={organisation.pk}" in record.getMessage()
    assert record.reason == NOT_A_MEMBER
    assert_no_data(caplog, assessment)


def test_a_commissioners_lead_only_post_is_logged(client, caplog, assessment):
    commissioner = make_member(assessment.organisation, COMMISSIONER)
    client.force_login(commissioner)

    with caplog.at_level(logging.WARNING, logger="coprod_grid.access"):
        response = client.post(
            reverse("assessments:delete", kwargs={"assessment_id": assessment.pk})
        )

    assert response.status_code == 403
    [record] = refusals(caplog)
    message = record.getMessage()
    assert f"user_id={commissioner.pk}" in message
    assert f"organisation_id={assessment.organisation_id}" in message
    assert NOT_THE_LEAD in message
    assert record.levelno == logging.WARNING
    assert_no_data(caplog, assessment)


def test_someone_elses_panel_seat_is_logged(client, caplog, assessment):
    seat = panel_member(assessment, user=make_member(make_organisation()))
    other = make_member(make_organisation())
    client.force_login(other)

    with caplog.at_level(logging.WARNING, logger="coprod_grid.access"):
        response = client.get(reverse("assessments:rating", kwargs={"member_id": seat.pk}))

    assert response.status_code == 404
    [record] = refusals(caplog)
    assert f"user_id={other.pk} panel_member_id={seat.pk}" in record.getMessage()
    assert record.reason == NOT_THEIR_SEAT
    assert_no_data(caplog, assessment)


def test_a_member_who_may_see_logs_nothing(client, caplog, assessment):
    client.force_login(make_member(assessment.organisation, COMMISSIONER))

    with caplog.at_level(logging.WARNING, logger="coprod_grid.access"):
        response = client.get(
            reverse("assessments:task-list", kwargs={"assessment_id": assessment.pk})
        )

    assert response.status_code == 200
    assert refusals(caplog) == []


def test_the_logger_reaches_the_configured_handlers():
    """No handler of its own: it propagates to the root's (settings.LOGGING), at WARNING."""
    logger = logging.getLogger("coprod_grid.access")
    assert logger.propagate
    assert logger.isEnabledFor(logging.WARNING)
