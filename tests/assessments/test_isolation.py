"""Nobody sees another organisation's data: every URL that names another organisation's
organisation, assessment, section, action, membership or panel answers 404, never 403,
and changes nothing; and a panel member's seat answers 404 to anyone but its holder.
The URLs are read from assessments/urls.py (the panel's included), so a view added
later is covered without anyone remembering to add it here."""

import datetime

import pytest
from django.urls import URLPattern, URLResolver, reverse

from assessments import urls as assessment_urls
from assessments.codesign import services as codesign
from assessments.invitations import services as invitations
from assessments.ledger import services as ledger
from assessments.models import Action, Answer, Assessment, Membership
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
    submitted_assessment,
)

pytestmark = pytest.mark.django_db

# Every named URL of the app and whether it is about one organisation's data.
# (An invitation's link names no organisation: whoever holds it may open it.)
PUBLIC_TO_MEMBERS = {"dashboard", "invitation-accept"}
# Names that must be covered whatever else is added (import only once it exists).
REQUIRED = {
    "task-list",
    "section",
    "check",
    "submit",
    "reopen",
    "results",
    "export-json",
    "export-csv",
    "actions",
    "action-new",
    "action-edit",
    "action-delete",
    "members",
    "member-remove",
    "new",
    "panel",
    "panel-open",
    "panel-headline",
    "panel-differences",
    "panel-agreed",
    "panel-agreed-remove",
    "rating",
    "rating-section",
    "rating-check",
    "rating-submit",
    "rating-withdraw",
    "rating-comparison",
    "ledger",
    "ledger-new",
    "ledger-edit",
    "ledger-delete",
    "projects",
    "project-new",
    "project",
    "project-edit",
    "project-phase",
    "project-finish",
    "project-delete",
    "principles",
    "annual-report",
    "annual-report-docx",
}


def patterns() -> list[URLPattern]:
    """Every URL of the app, those of the apps it includes (the panel's) too."""
    found, todo = [], list(assessment_urls.urlpatterns)
    while todo:
        pattern = todo.pop(0)
        if isinstance(pattern, URLResolver):
            todo.extend(pattern.url_patterns)
        elif isinstance(pattern, URLPattern):
            found.append(pattern)
    return found


def url_names() -> set[str]:
    return {p.name for p in patterns()}


@pytest.fixture
def theirs():
    """Another organisation with a submitted assessment, a draft, an action and members."""
    organisation = make_organisation(name="NHS Elsewhere ICB")
    lead = make_member(organisation, LEAD)
    other_member = make_member(organisation, COMMISSIONER)
    submitted = submitted_assessment(organisation, lead)
    draft = make_assessment(organisation, lead, title="Their draft")
    answer_all(draft, lead)
    action = Action.objects.create(assessment=submitted, description="Their action")
    membership = Membership.objects.get(user=other_member, organisation=organisation)
    invitation, _ = invitations.invitation_issue(
        organisation=organisation, user=lead, email="theirs@example.nhs.uk", role=COMMISSIONER
    )
    for _ in range(3):
        panel_member(submitted, user=make_user())
    project = codesign.project_create(
        membership=membership, data=codesign.ProjectData(title="Their project")
    )
    codesign.phase_record(
        membership=membership,
        project=project,
        phase_slug="set-up",
        started_on=datetime.date(2026, 4, 6),
        ended_on=None,
    )
    entry = ledger.entry_create(
        membership, said="Their people's words", heard_on=datetime.date(2026, 5, 1)
    )
    return {
        "project": project,
        "entry": entry,
        "invitation": invitation,
        "seat": panel_member(submitted, user=make_user(), submitted=False),
        "organisation": organisation,
        "submitted": submitted,
        "draft": draft,
        "action": action,
        "membership": membership,
    }


@pytest.fixture
def me():
    """A lead of their own organisation, so no role check can be what refuses them."""
    organisation = make_organisation(name="NHS Home ICB")
    user = make_member(organisation, LEAD)
    make_assessment(organisation, user)
    return user


def urls_for(pattern: URLPattern, theirs: dict) -> list[str]:
    """Every way to name the other organisation's objects through this URL."""
    keys = set(pattern.pattern.converters)
    if "organisation_id" in keys:
        kwargs = {"organisation_id": theirs["organisation"].pk}
        if "membership_id" in keys:
            kwargs["membership_id"] = theirs["membership"].pk
        if "invitation_id" in keys:
            kwargs["invitation_id"] = theirs["invitation"].pk
        if "project_id" in keys:
            kwargs["project_id"] = theirs["project"].pk
        if "phase" in keys:
            kwargs["phase"] = "set-up"
        if "entry_id" in keys:
            kwargs["entry_id"] = theirs["entry"].pk
        return [reverse(f"assessments:{pattern.name}", kwargs=kwargs)]
    if "member_id" in keys:
        kwargs = {"member_id": theirs["seat"].pk}
        if "key" in keys:
            return [
                reverse(f"assessments:{pattern.name}", kwargs={**kwargs, "key": s.key})
                for s in category_sections()
            ]
        return [reverse(f"assessments:{pattern.name}", kwargs=kwargs)]
    if "assessment_id" not in keys:
        return []
    found = []
    for assessment in (theirs["submitted"], theirs["draft"]):
        kwargs = {"assessment_id": assessment.pk}
        if "action_id" in keys:
            kwargs["action_id"] = theirs["action"].pk
        if "history_id" in keys:
            # A saved version of one of their answers (django-simple-history).
            kwargs["history_id"] = Answer.history.filter(assessment_id=assessment.pk).values_list(
                "history_id", flat=True
            )[0]
        # A cost profile's two scenarios: both are theirs.
        both = [{"scenario": "now"}, {"scenario": "planned"}]
        scenarios = both if "scenario" in keys else [{}]
        if "activity" in keys:
            # Every activity the panel could agree an answer for (or a profile costs).
            for slug in assessment.answers.values_list("activity__slug", flat=True):
                for scenario in scenarios:
                    found.append(
                        reverse(
                            f"assessments:{pattern.name}",
                            kwargs={**kwargs, **scenario, "activity": slug},
                        )
                    )
            continue
        unknown = keys - {"assessment_id", "action_id", "history_id", "key"}
        assert not unknown, f"{pattern.name}: teach the sweep which object {unknown} names"
        if "key" in keys:
            for key in ["about", *[s.key for s in category_sections()], "commitment-and-barriers"]:
                found.append(reverse(f"assessments:{pattern.name}", kwargs={**kwargs, "key": key}))
            found.append(
                reverse(
                    f"assessments:{pattern.name}", kwargs={**kwargs, "key": "services-co-produced"}
                )
            )
            continue
        found.append(reverse(f"assessments:{pattern.name}", kwargs=kwargs))
    return found


def test_every_required_url_exists():
    assert url_names() >= REQUIRED


def test_the_import_url_is_covered_once_it_exists():
    """The import view was being built alongside these tests; if it is in urls.py it is
    an assessment URL like the others and the sweep below covers it."""
    if "import" not in url_names():
        pytest.skip("no import URL yet")
    pattern = next(p for p in patterns() if p.name == "import")
    assert "assessment_id" in pattern.pattern.converters


def test_every_url_of_another_organisation_answers_404(client, me, theirs):
    client.force_login(me)
    covered = set()
    for pattern in patterns():
        if pattern.name in PUBLIC_TO_MEMBERS:
            continue
        urls = urls_for(pattern, theirs)
        assert urls, f"{pattern.name} names no organisation's object: add it to the sweep"
        for url in urls:
            codes = {method: getattr(client, method)(url).status_code for method in ("get", "post")}
            # 405 is fine for a method the view never accepts: it is refused before any
            # lookup and leaks nothing. Every other answer is 404.
            assert set(codes.values()) <= {404, 405}, (url, codes)
            assert 404 in codes.values(), (url, codes)
        covered.add(pattern.name)
    assert covered >= REQUIRED - PUBLIC_TO_MEMBERS


def test_crafted_posts_to_another_organisation_change_nothing(client, me, theirs):
    client.force_login(me)
    draft = theirs["draft"]
    section = category_sections()[0]
    activity = section.activities[0]
    before = (draft.updated_at, list(draft.answers.values_list("frequency", "stages", "notes")))
    response = client.post(
        reverse("assessments:section", args=[draft.pk, section.key]),
        {
            "version": "1",
            f"{activity.slug}-frequency": "none",
            f"{activity.slug}-notes": "Overwritten by a stranger",
        },
    )
    assert response.status_code == 404
    assert client.post(reverse("assessments:submit", args=[draft.pk])).status_code == 404
    assert (
        client.post(reverse("assessments:reopen", args=[theirs["submitted"].pk])).status_code == 404
    )
    assert (
        client.post(
            reverse(
                "assessments:member-remove",
                args=[theirs["organisation"].pk, theirs["membership"].pk],
            )
        ).status_code
        == 404
    )
    draft.refresh_from_db()
    assert (
        draft.updated_at,
        list(draft.answers.values_list("frequency", "stages", "notes")),
    ) == before
    assert draft.is_draft
    assert Assessment.objects.get(pk=theirs["submitted"].pk).is_submitted
    assert Membership.objects.filter(pk=theirs["membership"].pk).exists()
    assert Action.objects.filter(pk=theirs["action"].pk).exists()


def test_their_assessments_are_not_on_my_dashboard(client, me, theirs):
    client.force_login(me)
    page = client.get(reverse("assessments:dashboard")).content.decode()
    assert "NHS Home ICB" in page
    assert "NHS Elsewhere ICB" not in page
    assert "Their draft" not in page


def test_a_member_of_both_sees_both(client, theirs):
    user = make_member(theirs["organisation"], COMMISSIONER)
    home = make_organisation(name="NHS Home ICB")
    Membership.objects.create(user=user, organisation=home, role=LEAD)
    client.force_login(user)
    page = client.get(reverse("assessments:dashboard")).content.decode()
    assert "NHS Home ICB" in page and "NHS Elsewhere ICB" in page
    assert client.get(reverse("assessments:results", args=[theirs["draft"].pk])).status_code == 200


def test_a_removed_member_loses_access(client, theirs):
    user = theirs["membership"].user
    client.force_login(user)
    url = reverse("assessments:task-list", args=[theirs["draft"].pk])
    assert client.get(url).status_code == 200
    theirs["membership"].delete()
    assert client.get(url).status_code == 404


@pytest.mark.parametrize(
    "name,kwargs",
    [
        ("task-list", {"assessment_id": 999999}),
        ("section", {"assessment_id": 999999, "key": "about"}),
        ("check", {"assessment_id": 999999}),
        ("results", {"assessment_id": 999999}),
        ("export-json", {"assessment_id": 999999}),
        ("export-csv", {"assessment_id": 999999}),
        ("members", {"organisation_id": 999999}),
        ("new", {"organisation_id": 999999}),
    ],
)
def test_a_missing_object_answers_404_like_someone_elses(client, me, name, kwargs):
    client.force_login(me)
    assert client.get(reverse(f"assessments:{name}", kwargs=kwargs)).status_code == 404


def test_signed_out_people_are_sent_to_sign_in(client, theirs):
    for url in [
        reverse("assessments:dashboard"),
        reverse("assessments:task-list", args=[theirs["draft"].pk]),
        reverse("assessments:results", args=[theirs["submitted"].pk]),
        reverse("assessments:export-json", args=[theirs["submitted"].pk]),
    ]:
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


def test_a_panel_member_reaches_nothing_of_the_organisation(client, theirs):
    """The narrowest role: a panel member of their submitted assessment gets 404 on
    every one of the organisation's URLs, their own assessment's included."""
    seat = theirs["seat"]
    client.force_login(seat.user)
    for pattern in patterns():
        if pattern.name in PUBLIC_TO_MEMBERS or "member_id" in pattern.pattern.converters:
            continue
        for url in urls_for(pattern, theirs):
            codes = {method: getattr(client, method)(url).status_code for method in ("get", "post")}
            assert set(codes.values()) <= {404, 405}, (url, codes)
            assert 404 in codes.values(), (url, codes)
    # Their own rating, and only theirs, answers.
    assert client.get(reverse("assessments:rating", args=[seat.pk])).status_code == 200
