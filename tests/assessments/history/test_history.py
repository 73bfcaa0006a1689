"""The change history page, restoring an earlier answer, and soft delete (assessments by
leads, organisations by staff in admin)."""

from datetime import UTC, date, datetime

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from assessments.actions import services as action_services
from assessments.history import services as history_services
from assessments.history.presenters import PER_PAGE
from assessments.models import Answer, Assessment, Frequency, Organisation
from assessments.organisations import services as organisation_services
from assessments.panel import services as panel_services
from assessments.questionnaire import lifecycle, services
from coprod_grid.models import Activity
from coprod_grid.templatetags.nhs_style import nhs_date, nhs_datetime
from tests.factories import (
    COMMISSIONER,
    LEAD,
    answer_all,
    category_sections,
    make_assessment,
    make_member,
    make_organisation,
    make_user,
    panel_member,
    save_category,
    submit,
    submitted_assessment,
    version_of,
)
from tests.html import parse

pytestmark = pytest.mark.django_db

ROUTINE = services.AnswerData(Frequency.ROUTINE, ("strategic-planning",), "Board minutes")
OCCASIONAL = services.AnswerData(Frequency.OCCASIONAL, (), "One workshop")


@pytest.fixture
def world():
    organisation = make_organisation()
    lead = make_member(organisation, LEAD)
    commissioner = make_member(organisation, COMMISSIONER)
    assessment = make_assessment(organisation, lead)
    section = category_sections()[0]
    return organisation, lead, commissioner, assessment, section


def history_url(assessment) -> str:
    return reverse("assessments:history", args=[assessment.pk])


def change_answers(assessment, user, section, data, times: int = 1) -> None:
    for _ in range(times):
        save_category(assessment, user, section, default=data)


def test_it_lists_answer_changes_with_who_and_before_and_after(client, world):
    _, lead, _, assessment, section = world
    change_answers(assessment, lead, section, ROUTINE)
    change_answers(assessment, lead, section, OCCASIONAL)
    client.force_login(lead)
    response = client.get(history_url(assessment))
    assert response.status_code == 200
    body = response.content.decode()
    assert f"History – {assessment.title} ({assessment.period})" in body
    assert body.count("<h1") == 1
    activity = section.activities[0]
    assert activity.name in body
    assert "Routinely (normal practice)" in body and "Occasionally" in body
    assert lead.get_full_name() in body
    assert "Put this answer back" in body
    changes = response.context["history"].page.object_list
    newest = changes[0]
    assert newest.verb == "Changed" and newest.is_answer
    rows = {row.label: (row.old, row.new) for row in newest.changes}
    assert rows["How often"] == (
        "Routinely (normal practice)",
        "Occasionally (one-off or isolated episodes)",
    )
    assert rows["Notes"] == ("Board minutes", "One workshop")


def test_it_lists_action_and_assessment_changes(client, world):
    _, lead, _, assessment, _ = world
    action = action_services.action_create(
        assessment=assessment,
        user=lead,
        data=action_services.ActionData(description="Hold a workshop"),
    )
    action_services.action_update(
        action=action,
        user=lead,
        expected_version=0,
        data=action_services.ActionData(description="Hold a workshop", status="done"),
    )
    client.force_login(lead)
    changes = client.get(history_url(assessment)).context["history"].page.object_list
    kinds = {(change.kind, change.verb) for change in changes}
    assert ("action", "Changed") in kinds and ("action", "Added") in kinds
    assert ("assessment", "Added") in kinds
    done = next(c for c in changes if c.kind == "action" and c.verb == "Changed")
    assert [(r.label, r.old, r.new) for r in done.changes] == [("Status", "Not started", "Done")]


def test_it_refuses_a_commissioner(client, world):
    _, _, commissioner, assessment, _ = world
    client.force_login(commissioner)
    assert client.get(history_url(assessment)).status_code == 403


def test_it_checks_ownership(client, world):
    _, _, _, assessment, _ = world
    other_lead = make_member(make_organisation(), LEAD)
    client.force_login(other_lead)
    assert client.get(history_url(assessment)).status_code == 404


def test_it_handles_a_missing_assessment(client, world):
    _, lead, _, _, _ = world
    client.force_login(lead)
    assert client.get(reverse("assessments:history", args=[999999])).status_code == 404


def test_it_pages_the_changes(client, world):
    _, lead, _, assessment, section = world
    for number in range(PER_PAGE + 5):
        note = services.AnswerData(Frequency.ROUTINE, (), f"Note {number}")
        save_category(assessment, lead, section, {section.activities[0].slug: note})
    client.force_login(lead)
    first = client.get(history_url(assessment))
    assert len(first.context["history"].page.object_list) == PER_PAGE
    pages = parse(first.content.decode()).find("nav", "nhsuk-pagination")
    assert "Older changes" in pages.text and "Newer changes" not in pages.text
    current = pages.find("a", aria_current="page")
    assert current.text == "1" and current.attrs["aria-label"] == "Page 1"
    assert f"Showing changes 1 to {PER_PAGE} of" in first.content.decode()
    second = client.get(history_url(assessment) + "?page=2")
    assert second.status_code == 200
    assert "Newer changes" in second.content.decode()
    assert "(page 2 of 2)" in second.content.decode()


def test_it_runs_a_bounded_number_of_queries(client, world):
    _, lead, _, assessment, section = world
    client.force_login(lead)
    change_answers(assessment, lead, section, ROUTINE)
    with CaptureQueriesContext(connection) as few:
        assert client.get(history_url(assessment)).status_code == 200
    for number in range(15):
        change_answers(
            assessment, lead, section, services.AnswerData(Frequency.ROUTINE, (), f"n{number}")
        )
    action_services.action_create(
        assessment=assessment, user=lead, data=action_services.ActionData(description="Plan")
    )
    with CaptureQueriesContext(connection) as many:
        assert client.get(history_url(assessment)).status_code == 200
    assert len(many) == len(few)
    assert len(many) <= 16


def test_restore_puts_the_old_answer_back_and_moves_the_version(client, world):
    _, lead, _, assessment, section = world
    activity = section.activities[0]
    change_answers(assessment, lead, section, ROUTINE)
    old = Answer.history.filter(assessment_id=assessment.pk, activity=activity).latest("history_id")
    change_answers(assessment, lead, section, OCCASIONAL)
    version = version_of(assessment, section.key)
    client.force_login(lead)
    response = client.post(
        reverse("assessments:answer-restore", args=[assessment.pk, old.history_id])
    )
    assert response.status_code == 302
    answer = Answer.objects.get(assessment=assessment, activity=activity)
    assert (answer.frequency, answer.stages, answer.notes) == (
        Frequency.ROUTINE,
        ["strategic-planning"],
        "Board minutes",
    )
    assert version_of(assessment, section.key) == version + 1
    latest = answer.history.latest("history_id")
    assert latest.history_user == lead
    assert latest.history_change_reason.startswith("Restored")
    # A colleague who opened the section before the restore is refused, not overwriting it.
    with pytest.raises(services.SectionConflict):
        services.section_save_answers(
            assessment=assessment,
            user=lead,
            key=section.key,
            expected_version=version,
            activities=section.activities,
            answers={a.slug: OCCASIONAL for a in section.activities},
        )


def test_restore_brings_back_a_deleted_answer(world):
    _, lead, _, assessment, section = world
    membership = lead.memberships.get()
    activity = section.activities[0]
    change_answers(assessment, lead, section, ROUTINE)
    save_category(assessment, lead, section, {activity.slug: None}, default=ROUTINE)
    assert not Answer.objects.filter(assessment=assessment, activity=activity).exists()
    deleted = Answer.history.filter(activity=activity, history_type="-").get()
    assert deleted.history_user == lead
    history_services.answer_restore(
        assessment=assessment, membership=membership, history_id=deleted.history_id, user=lead
    )
    assert Answer.objects.get(assessment=assessment, activity=activity).notes == "Board minutes"


def test_restore_is_refused_on_a_submitted_assessment(client, world):
    _, lead, _, assessment, _ = world
    answer_all(assessment, lead)
    submit(assessment, lead)
    record = Answer.history.filter(assessment_id=assessment.pk).first()
    client.force_login(lead)
    page = client.get(history_url(assessment)).content.decode()
    assert "reopen the assessment first" in page and "Put this answer back" not in page
    url = reverse("assessments:answer-restore", args=[assessment.pk, record.history_id])
    assert client.post(url).status_code == 403


def test_restore_is_refused_for_a_commissioner(client, world):
    _, lead, commissioner, assessment, section = world
    change_answers(assessment, lead, section, ROUTINE)
    record = Answer.history.filter(assessment_id=assessment.pk).first()
    client.force_login(commissioner)
    url = reverse("assessments:answer-restore", args=[assessment.pk, record.history_id])
    assert client.post(url).status_code == 403


def test_restore_refuses_another_assessments_version(client, world):
    organisation, lead, _, assessment, section = world
    other = make_assessment(organisation, lead, title="Another")
    change_answers(other, lead, section, ROUTINE)
    record = Answer.history.filter(assessment_id=other.pk).first()
    client.force_login(lead)
    url = reverse("assessments:answer-restore", args=[assessment.pk, record.history_id])
    assert client.post(url).status_code == 404


def test_submit_and_reopen_record_the_snapshot_in_history(world):
    _, lead, _, assessment, _ = world
    answer_all(assessment, lead)
    answers = assessment.answers.count()
    before = Answer.history.count()
    submit(assessment, lead)
    assert Answer.history.count() == before + answers
    lifecycle.assessment_reopen(assessment=assessment, membership=lead.memberships.get(), user=lead)
    assert Answer.history.count() == before + 2 * answers
    latest = Answer.history.latest("history_id")
    assert latest.snapshot_name == "" and latest.history_user == lead


# Soft delete of an assessment --------------------------------------------------------------


def delete_url(assessment) -> str:
    return reverse("assessments:delete", args=[assessment.pk])


def test_delete_asks_for_confirmation(client, world):
    _, lead, _, assessment, _ = world
    client.force_login(lead)
    response = client.get(delete_url(assessment))
    assert response.status_code == 200
    assert "nhsuk-button--warning" in response.content.decode()
    assert Assessment.objects.filter(pk=assessment.pk).exists()


def test_delete_hides_the_assessment_everywhere_and_keeps_its_history(client, world):
    _, lead, _, assessment, section = world
    change_answers(assessment, lead, section, ROUTINE)
    client.force_login(lead)
    response = client.post(delete_url(assessment))
    assert response.headers["Location"] == reverse("assessments:dashboard")
    dashboard = client.get(reverse("assessments:dashboard")).content.decode()
    assert "has been deleted" in dashboard
    assert assessment.get_absolute_url() not in dashboard
    for name in ("task-list", "results", "history", "export-json", "actions"):
        assert client.get(reverse(f"assessments:{name}", args=[assessment.pk])).status_code == 404
    assert not Assessment.objects.filter(pk=assessment.pk).exists()
    assert not assessment.organisation.assessments.exists()
    kept = Assessment.all_objects.get(pk=assessment.pk)
    assert kept.deleted_by == lead and kept.answers.exists()
    assert kept.history.latest("history_id").deleted_at is not None
    assert Answer.history.filter(assessment_id=assessment.pk).exists()


def test_delete_is_refused_for_a_commissioner(client, world):
    _, _, commissioner, assessment, _ = world
    client.force_login(commissioner)
    assert client.get(delete_url(assessment)).status_code == 403
    assert client.post(delete_url(assessment)).status_code == 403
    assert Assessment.objects.filter(pk=assessment.pk).exists()


def test_delete_checks_ownership(client, world):
    _, _, _, assessment, _ = world
    client.force_login(make_member(make_organisation(), LEAD))
    assert client.post(delete_url(assessment)).status_code == 404
    assert Assessment.objects.filter(pk=assessment.pk).exists()


def test_the_task_list_links_leads_to_the_history(client, world):
    _, lead, commissioner, assessment, _ = world
    client.force_login(lead)
    assert (
        "See the history of changes" in client.get(assessment.get_absolute_url()).content.decode()
    )
    client.force_login(commissioner)
    page = client.get(assessment.get_absolute_url()).content.decode()
    assert "See the history of changes" not in page


# Soft delete of an organisation, in admin --------------------------------------------------


@pytest.fixture
def staff(db):
    return get_user_model().objects.create_superuser("staff", "staff@example.nhs.uk", "pw-staff-1")


def test_admin_soft_deletes_organisations_and_keeps_everything(client, world, staff):
    organisation, lead, _, assessment, section = world
    change_answers(assessment, lead, section, ROUTINE)
    client.force_login(staff)
    changelist = reverse("admin:assessments_organisation_changelist")
    response = client.post(
        changelist, {"action": "soft_delete", "_selected_action": [organisation.pk]}
    )
    assert response.status_code == 302
    assert not Organisation.objects.filter(pk=organisation.pk).exists()
    kept = Organisation.all_objects.get(pk=organisation.pk)
    assert kept.deleted_by == staff
    assert kept.history.latest("history_id").history_user == staff
    assert Assessment.objects.filter(pk=assessment.pk).exists()  # kept, with its answers
    # Its members no longer see it.
    client.force_login(lead)
    assert client.get(assessment.get_absolute_url()).status_code == 404
    members = reverse("assessments:members", args=[organisation.pk])
    assert client.get(members).status_code == 404
    assert organisation.name not in client.get(reverse("assessments:dashboard")).content.decode()
    # Staff still see it, marked deleted, and may reinstate it.
    client.force_login(staff)
    assert organisation.name in client.get(changelist + "?deleted=yes").content.decode()
    client.post(changelist, {"action": "undelete", "_selected_action": [organisation.pk]})
    assert Organisation.objects.filter(pk=organisation.pk).exists()


def test_admin_offers_no_hard_delete(client, world, staff):
    organisation, *_ = world
    client.force_login(staff)
    url = reverse("admin:assessments_organisation_delete", args=[organisation.pk])
    assert client.post(url, {"post": "yes"}).status_code == 403
    page = client.get(reverse("admin:assessments_organisation_changelist")).content.decode()
    assert "delete_selected" not in page
    assert "Delete selected organisations (keeps their history)" in page
    assert Organisation.all_objects.filter(pk=organisation.pk, deleted_at=None).exists()


def test_organisation_delete_needs_staff(world):
    organisation, lead, *_ = world
    with pytest.raises(PermissionDenied):
        organisation_services.organisation_delete(organisation=organisation, user=lead)


def test_admin_lists_assessments_read_only(client, world, staff):
    _, _, _, assessment, _ = world
    client.force_login(staff)
    page = client.get(reverse("admin:assessments_assessment_changelist"))
    assert page.status_code == 200 and assessment.title in page.content.decode()
    change = client.get(reverse("admin:assessments_assessment_change", args=[assessment.pk]))
    assert change.status_code == 200
    assert 'name="title"' not in change.content.decode()


def test_catalogue_admin_records_history(client, staff):
    from coprod_grid.models import ServiceArea

    area = ServiceArea.objects.first()
    client.force_login(staff)
    url = reverse("admin:coprod_grid_servicearea_change", args=[area.pk])
    client.post(
        url,
        {"name": area.name + " (renamed)", "order": area.order, "national_2017_pct": 10},
    )
    record = area.history.latest("history_id")
    assert record.name.endswith("(renamed)") and record.history_user == staff
    history = reverse("admin:coprod_grid_servicearea_history", args=[area.pk])
    assert client.get(history).status_code == 200


def test_it_lists_who_agreed_what_with_the_panel_and_when(client, world):
    """Agreed answers and the panel's settings are in the history; ratings are not."""
    organisation, lead, _, _, _ = world
    assessment = submitted_assessment(organisation, lead)
    for _ in range(3):
        panel_member(assessment, {"advisory-forums": Frequency.NONE}, user=make_user())
    membership = lead.memberships.get(organisation=organisation)
    panel = panel_services.panel_for_assessment(assessment, user=lead)
    activity = Activity.objects.get(slug="advisory-forums")
    for frequency, note in (("occasional", "Met twice"), ("none", "Has not met since March")):
        panel_services.agreed_answer_save(
            panel=panel, by=membership, activity=activity, frequency=frequency,
            stages=[], note=note,
        )  # fmt: skip
    panel_services.panel_headline_set(panel=panel, by=membership, headline="agreed")
    client.force_login(lead)
    html = client.get(history_url(assessment)).content.decode()
    assert html.count(f"Agreed with the panel: {activity.name}") == 2
    assert "Why it was agreed" in html and "Has not met since March" in html
    assert "The lived-experience panel" in html and "The agreed view" in html
    assert lead.get_full_name() in html
    assert "PanelAnswer" not in html and "comment" not in html.lower()


def test_it_groups_changes_by_day_and_then_by_person_newest_first(client, world):
    _, lead, commissioner, assessment, section = world
    change_answers(assessment, commissioner, section, ROUTINE)
    Answer.history.filter(assessment_id=assessment.pk).update(
        history_date=datetime(2026, 11, 30, 20, 21, tzinfo=UTC)
    )
    Assessment.history.filter(id=assessment.pk).update(
        history_date=datetime(2026, 11, 30, 9, 0, tzinfo=UTC)
    )
    change_answers(assessment, lead, section, OCCASIONAL)
    change_answers(assessment, commissioner, section, ROUTINE)
    client.force_login(lead)
    response = client.get(history_url(assessment))
    days = response.context["history"].days
    today = timezone.localdate()
    assert [day.heading for day in days] == [
        f"{today.day} {today:%B %Y}",
        "30 November 2026",
    ]
    # The commissioner changed something last today, so comes first; each person once.
    assert [person.who for person in days[0].people] == [
        commissioner.get_full_name(),
        lead.get_full_name(),
    ]
    assert [person.who for person in days[1].people] == [
        commissioner.get_full_name(),
        lead.get_full_name(),
    ]
    for day in days:
        for person in day.people:
            moments = [view.change.when for view in person.changes]
            assert moments == sorted(moments, reverse=True)
            assert {view.change.who for view in person.changes} == {person.who}
    page = parse(response.content.decode())
    headings = [h2.text for h2 in page.find_all("h2", "nhsuk-heading-m")]
    assert headings == [day.heading for day in days]
    assert "Changes by " + commissioner.get_full_name() in page.text
    # 20:21 UTC on 30 November is 8:21pm in London (no summer time then).
    assert "Added at 8:21pm" in page.text and "Added at 9am" in page.text


def test_dates_in_changes_read_the_nhs_way():
    """The filters themselves are tested in tests/coprod_grid/templatetags."""
    assert nhs_datetime(datetime(2026, 7, 1, 19, 21, tzinfo=UTC)) == "8:21pm on 1 July 2026"
    assert nhs_date(date(2026, 12, 1)) == "1 December 2026"


def test_the_restore_button_says_which_answer_and_when(client, world):
    _, lead, _, assessment, section = world
    change_answers(assessment, lead, section, ROUTINE)
    Answer.history.filter(assessment_id=assessment.pk).update(
        history_date=datetime(2026, 11, 30, 20, 21, tzinfo=UTC)
    )
    client.force_login(lead)
    response = client.get(history_url(assessment))
    days = response.context["history"].days
    views = [view for day in days for person in day.people for view in person.changes]
    first = next(view.change for view in views if view.change.is_answer)
    button = parse(response.content.decode()).find("button", "nhsuk-button--secondary")
    assert first.subject in {activity.name for activity in section.activities}
    assert button.text.startswith(f"Put this answer back for “{first.subject}”")
    assert button.text.endswith("after this change, at 8:21pm on 30 November 2026")


def test_a_put_back_answer_and_a_removed_one_say_so(client, world):
    _, lead, _, assessment, section = world
    activity = section.activities[0]
    change_answers(assessment, lead, section, ROUTINE)
    old = Answer.history.filter(assessment_id=assessment.pk, activity=activity).latest("history_id")
    save_category(assessment, lead, section, {activity.slug: None}, default=ROUTINE)
    client.force_login(lead)
    client.post(reverse("assessments:answer-restore", args=[assessment.pk, old.history_id]))
    response = client.get(history_url(assessment))
    verbs = [
        view.verb
        for day in response.context["history"].days
        for person in day.people
        for view in person.changes
        if view.change.subject == activity.name
    ]
    assert verbs == ["Put back", "Removed", "Added"]
    assert "Put back at " in response.content.decode()
    assert "as it was before it was removed" in response.content.decode()


def test_it_shows_one_persons_changes_and_keeps_them_across_pages(client, world):
    _, lead, commissioner, assessment, section = world
    for number in range(PER_PAGE + 1):
        note = services.AnswerData(Frequency.ROUTINE, (), f"Note {number}")
        save_category(assessment, commissioner, section, {section.activities[0].slug: note})
    change_answers(assessment, lead, section, OCCASIONAL)
    client.force_login(lead)
    everyone = client.get(history_url(assessment)).context["history"]
    options = {someone.name: someone.value for someone in everyone.people}
    assert set(options) == {lead.get_full_name(), commissioner.get_full_name()}
    response = client.get(history_url(assessment), {"person": options[lead.get_full_name()]})
    history = response.context["history"]
    assert {view.change.who for d in history.days for p in d.people for view in p.changes} == {
        lead.get_full_name()
    }
    assert f"Showing changes by {lead.get_full_name()} only" in response.content.decode()
    page = parse(response.content.decode())
    chosen = [option.text for option in page.find_all("option") if "selected" in option.attrs]
    assert chosen == [lead.get_full_name()]
    theirs = options[commissioner.get_full_name()]
    response = client.get(history_url(assessment), {"person": theirs})
    nav = parse(response.content.decode()).find("nav", "nhsuk-pagination")
    assert nav.find("a", rel="next").attrs["href"] == f"?person={theirs}&page=2"
    assert nav.find("a", aria_label="Page 2").attrs["href"] == f"?person={theirs}&page=2"
    # Someone who made no change (or a made-up value) shows everyone's changes.
    unknown = client.get(history_url(assessment), {"person": "999999"}).context["history"]
    assert unknown.chosen == "" and unknown.total == everyone.total
