"""The ledger's pages: they work, they refuse who may not, they answer 404 for another
organisation's ledger and entries, they keep what was typed, and their queries do not
grow with the ledger."""

import datetime

import pytest
from django.urls import reverse

from assessments.ledger import services
from assessments.ledger.models import LedgerEntry, Outcome, Status
from assessments.ledger.presenters import PER_PAGE
from coprod_grid.models import Activity
from tests.factories import make_assessment

from .conftest import IN_2026, add_entry, membership_of

pytestmark = pytest.mark.django_db


def url(name: str, organisation, entry=None) -> str:
    args = [organisation.pk] if entry is None else [organisation.pk, entry.pk]
    return reverse(f"assessments:{name}", args=args)


def typed(**changes) -> dict:
    """What a person types to add an entry: said in 2026/27, still open."""
    data = {
        "said": "The crisis line takes too long to answer",
        "heard_on_0": "15",
        "heard_on_1": "6",
        "heard_on_2": "2026",
        "status": Status.OPEN,
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def page(response) -> str:
    return response.content.decode()


# --- the list ------------------------------------------------------------------------


def test_the_ledger_lists_the_periods_entries_newest_first(client, lead, organisation):
    add_entry(lead, organisation, said="Older", heard_on=datetime.date(2026, 5, 1))
    add_entry(lead, organisation, said="Newer", heard_on=datetime.date(2026, 8, 1))
    add_entry(lead, organisation, said="Last year", heard_on=datetime.date(2025, 8, 1))
    client.force_login(lead)
    html = page(client.get(url("ledger", organisation), {"period": "2026/27"}))
    assert html.index("Newer") < html.index("Older")
    assert "Last year" not in html
    assert "Figures for 2026/27" in html
    assert 'data-impact="entries">2<' in html


def test_the_ledger_filters_by_status(client, lead, organisation):
    add_entry(lead, organisation, said="Waiting for the board")
    add_entry(
        lead,
        organisation,
        said="Night staff added",
        status=Status.ACTED_ON,
        outcome=Outcome.SERVICE_CHANGED,
    )
    client.force_login(lead)
    response = client.get(url("ledger", organisation), {"period": "2026/27", "status": "acted-on"})
    assert "Night staff added" in page(response)
    assert "Waiting for the board" not in page(response)


def test_a_bad_period_or_status_shows_the_default(client, lead, organisation):
    client.force_login(lead)
    for query in ({"period": "2026/99"}, {"status": "nonsense"}, {"period": "x\x00"}):
        assert client.get(url("ledger", organisation), query).status_code == 200


def test_the_ledger_pages_by_20(client, lead, organisation):
    membership = membership_of(lead, organisation)
    for number in range(PER_PAGE + 1):
        services.entry_create(membership, said=f"Said number {number:02d}", heard_on=IN_2026)
    client.force_login(lead)
    first = page(client.get(url("ledger", organisation), {"period": "2026/27"}))
    second = page(client.get(url("ledger", organisation), {"period": "2026/27", "page": "2"}))
    assert first.count("data-ledger-entry=") == PER_PAGE
    assert second.count("data-ledger-entry=") == 1
    assert "Older entries" in first and "Newer entries" in second


def test_a_filtered_later_page_numbers_its_rows_on_and_keeps_the_periods_figures(
    client, lead, organisation
):
    membership = membership_of(lead, organisation)
    for number in range(PER_PAGE + 1):
        services.entry_create(membership, said=f"Said number {number:02d}", heard_on=IN_2026)
    services.entry_create(
        membership,
        said="Night staff\nadded " + "x" * 400,
        heard_on=IN_2026,
        status=Status.ACTED_ON,
        outcome=Outcome.SERVICE_CHANGED,
        did="We " + "y" * 300,
    )
    client.force_login(lead)
    second = page(client.get(url("ledger", organisation), {"period": "2026/27", "page": "2"}))
    assert 'Change<span class="nhsuk-u-visually-hidden"> entry 21</span>' in second
    assert 'Delete<span class="nhsuk-u-visually-hidden"> entry 22</span>' in second
    query = {"period": "2026/27", "status": "acted-on"}
    acted = page(client.get(url("ledger", organisation), query))
    assert acted.count("data-ledger-entry=") == 1
    assert 'data-impact="entries">22<' in acted  # the figures are the whole period's
    assert "Night staff<br>added " + "x" * 281 + "…" in acted
    assert "A service changed. We " + "y" * 196 + "…" in acted


def test_a_commissioner_sees_change_only_on_their_own(client, commissioner, lead, organisation):
    mine = add_entry(commissioner, organisation)
    theirs = add_entry(lead, organisation)
    client.force_login(commissioner)
    html = page(client.get(url("ledger", organisation), {"period": "2026/27"}))
    assert url("ledger-edit", organisation, mine) in html
    assert url("ledger-edit", organisation, theirs) not in html
    assert "/delete/" not in html


def test_user_text_is_escaped(client, lead, organisation):
    add_entry(lead, organisation, said="<script>alert(1)</script>", source="<b>board</b>")
    client.force_login(lead)
    html = page(client.get(url("ledger", organisation), {"period": "2026/27"}))
    assert "<script>alert(1)" not in html and "&lt;script&gt;alert(1)" in html
    assert "<b>board</b>" not in html and "&lt;b&gt;board&lt;/b&gt;" in html


# --- adding --------------------------------------------------------------------------


def test_a_member_adds_an_entry(client, commissioner, organisation):
    client.force_login(commissioner)
    response = client.post(url("ledger-new", organisation), typed(people_count="8"))
    assert response.status_code == 302
    assert response["Location"] == url("ledger", organisation) + "?period=2026/27"
    entry = LedgerEntry.objects.get()
    assert (entry.created_by, entry.people_count, entry.heard_on) == (commissioner, 8, IN_2026)


def test_adding_prefills_the_activity(client, commissioner, organisation):
    activity = Activity.objects.active().first()
    client.force_login(commissioner)
    html = page(client.get(url("ledger-new", organisation), {"activity": activity.slug}))
    assert f'<option value="{activity.slug}" selected>' in html


def test_coming_from_the_questionnaire_links_back(client, lead, organisation):
    assessment = make_assessment(organisation, lead)
    activity = Activity.objects.active().select_related("category").first()
    query = {"activity": activity.slug, "assessment": assessment.pk}
    section = reverse("assessments:section", args=[assessment.pk, activity.category.slug])
    client.force_login(lead)
    html = page(client.get(url("ledger-new", organisation), query))
    assert f'href="{section}#activity-{activity.slug}"' in html
    new = url("ledger-new", organisation) + f"?activity={activity.slug}&assessment={assessment.pk}"
    response = client.post(new, typed(activity=activity.slug))
    assert response["Location"] == f"{section}#activity-{activity.slug}"


def test_another_organisations_assessment_gives_no_back_link(client, lead, organisation, elsewhere):
    theirs = make_assessment(elsewhere["organisation"], elsewhere["lead"])
    activity = Activity.objects.active().first()
    client.force_login(lead)
    query = {"activity": activity.slug, "assessment": theirs.pk}
    html = page(client.get(url("ledger-new", organisation), query))
    assert "Back to the questionnaire" not in html


@pytest.mark.parametrize(
    "changes,message",
    [
        ({"said": "  "}, "Enter what people said"),
        ({"heard_on_0": "", "heard_on_1": "", "heard_on_2": ""}, "Enter when it was said"),
        ({"heard_on_0": "31", "heard_on_1": "2"}, "Enter a real date"),
        ({"heard_on_2": "2999"}, "The date it was said must be today or in the past"),
        ({"status": Status.ACTED_ON}, "Choose what changed: a decision or a service"),
        ({"status": Status.NOT_ACTED_ON}, "Enter why it was not acted on"),
        (
            {"status": Status.FED_BACK, "outcome": Outcome.SERVICE_CHANGED},
            "Enter when it was fed back",
        ),
        (
            {
                "status": Status.FED_BACK,
                "fed_back_on_0": "1",
                "fed_back_on_1": "9",
                "fed_back_on_2": "2026",
            },
            "Choose what changed",
        ),
        ({"outcome": Outcome.DECISION_CHANGED}, "Leave what changed empty while it is open"),
        ({"people_count": "lots"}, "Enter how many people said it as a number, like 12"),
        ({"evidence_url": "not a link"}, "Enter a link in the right format"),
        ({"activity": "no-such-activity"}, "Select an activity from the list"),
    ],
)
def test_a_failed_save_says_why_and_keeps_what_was_typed(
    client, commissioner, organisation, changes, message
):
    client.force_login(commissioner)
    response = client.post(
        url("ledger-new", organisation), typed(source="Partnership board & friends", **changes)
    )
    assert response.status_code == 200
    html = page(response)
    assert "There is a problem" in html
    assert message in html
    assert "<title>Error: " in html
    assert "Partnership board &amp; friends" in html
    assert not LedgerEntry.objects.exists()


def test_not_acted_on_means_nothing_changed(client, lead, organisation):
    client.force_login(lead)
    data = typed(status=Status.NOT_ACTED_ON, reason="Out of our hands")
    assert client.post(url("ledger-new", organisation), data).status_code == 302
    assert LedgerEntry.objects.get().outcome == Outcome.NOT_CHANGED


# --- changing ------------------------------------------------------------------------


def test_a_lead_changes_anyones_entry(client, lead, commissioner, organisation):
    entry = add_entry(commissioner, organisation)
    client.force_login(lead)
    assert client.get(url("ledger-edit", organisation, entry)).status_code == 200
    data = typed(
        version="0",
        status=Status.FED_BACK,
        outcome=Outcome.SERVICE_CHANGED,
        fed_back_on_0="1",
        fed_back_on_1="10",
        fed_back_on_2="2026",
    )
    assert client.post(url("ledger-edit", organisation, entry), data).status_code == 302
    entry.refresh_from_db()
    assert (entry.status, entry.version, entry.updated_by) == (Status.FED_BACK, 1, lead)


def test_a_commissioner_cannot_change_someone_elses(client, lead, commissioner, organisation):
    entry = add_entry(lead, organisation)
    client.force_login(commissioner)
    assert client.get(url("ledger-edit", organisation, entry)).status_code == 403
    response = client.post(url("ledger-edit", organisation, entry), typed(said="Mine now"))
    assert response.status_code == 403
    entry.refresh_from_db()
    assert entry.said != "Mine now"


def test_a_commissioner_changes_their_own(client, commissioner, organisation):
    entry = add_entry(commissioner, organisation)
    client.force_login(commissioner)
    response = client.post(
        url("ledger-edit", organisation, entry), typed(said="Better", version="0")
    )
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.said == "Better"


def test_a_stale_save_shows_the_change_and_keeps_the_typing(
    client, lead, commissioner, organisation
):
    entry = add_entry(commissioner, organisation)
    services.entry_update(membership_of(commissioner, organisation), entry, 0, said="Theirs <b>")
    client.force_login(lead)
    response = client.post(
        url("ledger-edit", organisation, entry), typed(said="Mine & only mine", version="0")
    )
    assert response.status_code == 200
    html = page(response)
    assert "Someone else changed this entry" in html
    assert "Theirs &lt;b&gt;" in html
    assert "Mine &amp; only mine" in html
    assert 'name="version" value="1"' in html
    entry.refresh_from_db()
    assert entry.said == "Theirs <b>"
    # Saving again applies over the version they were shown.
    again = client.post(
        url("ledger-edit", organisation, entry), typed(said="Mine & only mine", version="1")
    )
    assert again.status_code == 302
    entry.refresh_from_db()
    assert entry.said == "Mine & only mine"


# --- deleting ------------------------------------------------------------------------


def test_a_lead_deletes_after_confirming(client, lead, commissioner, organisation):
    entry = add_entry(commissioner, organisation, said="<i>Delete me</i>")
    client.force_login(lead)
    confirm = client.get(url("ledger-delete", organisation, entry))
    assert confirm.status_code == 200
    assert "&lt;i&gt;Delete me&lt;/i&gt;" in page(confirm)
    assert LedgerEntry.objects.filter(pk=entry.pk).exists()
    assert client.post(url("ledger-delete", organisation, entry)).status_code == 302
    assert not LedgerEntry.objects.filter(pk=entry.pk).exists()
    assert LedgerEntry.all_objects.filter(pk=entry.pk).exists()


def test_a_commissioner_cannot_delete_even_their_own(client, commissioner, organisation):
    entry = add_entry(commissioner, organisation)
    client.force_login(commissioner)
    assert client.get(url("ledger-delete", organisation, entry)).status_code == 403
    assert client.post(url("ledger-delete", organisation, entry)).status_code == 403
    assert LedgerEntry.objects.filter(pk=entry.pk).exists()


# --- isolation -----------------------------------------------------------------------


def test_every_url_of_another_organisation_answers_404(client, lead, organisation, elsewhere):
    theirs, their_entry = elsewhere["organisation"], elsewhere["entry"]
    client.force_login(lead)
    # The list accepts only GET: a POST is refused (405) before any lookup.
    assert client.get(url("ledger", theirs)).status_code == 404
    assert client.post(url("ledger", theirs)).status_code == 405
    urls = [
        url("ledger-new", theirs),
        url("ledger-edit", theirs, their_entry),
        url("ledger-delete", theirs, their_entry),
        # My organisation, their entry.
        url("ledger-edit", organisation, their_entry),
        url("ledger-delete", organisation, their_entry),
    ]
    for address in urls:
        for method in (client.get, client.post):
            assert method(address, typed()).status_code == 404, address
    their_entry.refresh_from_db()
    assert their_entry.said == "The crisis line takes too long to answer"
    assert their_entry.deleted_at is None
    assert not LedgerEntry.objects.filter(organisation=theirs).exclude(pk=their_entry.pk).exists()


def test_a_deleted_or_missing_entry_answers_404(client, lead, organisation):
    entry = add_entry(lead, organisation)
    services.entry_delete(membership_of(lead, organisation), entry)
    client.force_login(lead)
    for entry_id in (entry.pk, 987_654_321, 10**20):
        for name in ("ledger-edit", "ledger-delete"):
            address = reverse(f"assessments:{name}", args=[organisation.pk, entry_id])
            assert client.get(address).status_code == 404, address
            assert client.post(address).status_code == 404, address


def test_signed_out_people_are_sent_to_sign_in(client, organisation):
    response = client.get(url("ledger", organisation))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


# --- queries -------------------------------------------------------------------------


def fill(user, organisation, count: int) -> list[LedgerEntry]:
    activity = Activity.objects.active().first()
    return [
        add_entry(user, organisation, said=f"Said {number}", activity=activity, source="Board")
        for number in range(count)
    ]


@pytest.mark.parametrize("count", [1, 30])
def test_the_ledger_page_queries_do_not_grow(
    client, lead, organisation, count, django_assert_max_num_queries
):
    fill(lead, organisation, count)
    client.force_login(lead)
    address = url("ledger", organisation)
    client.get(address)  # the catalogue's memo, the session
    with django_assert_max_num_queries(9):
        assert client.get(address, {"period": "2026/27"}).status_code == 200


@pytest.mark.parametrize("count", [1, 30])
def test_the_form_pages_queries_do_not_grow(
    client, lead, organisation, count, django_assert_max_num_queries
):
    entry = fill(lead, organisation, count)[0]
    client.force_login(lead)
    client.get(url("ledger-new", organisation))
    with django_assert_max_num_queries(8):
        assert client.get(url("ledger-new", organisation)).status_code == 200
    with django_assert_max_num_queries(8):
        assert client.get(url("ledger-edit", organisation, entry)).status_code == 200
    with django_assert_max_num_queries(5):
        assert client.get(url("ledger-delete", organisation, entry)).status_code == 200


def test_the_saves_queries_are_bounded(client, lead, organisation, django_assert_max_num_queries):
    entry = fill(lead, organisation, 5)[0]
    client.force_login(lead)
    client.get(url("ledger-new", organisation))
    with django_assert_max_num_queries(12):
        assert client.post(url("ledger-new", organisation), typed()).status_code == 302
    with django_assert_max_num_queries(14):
        edit = client.post(url("ledger-edit", organisation, entry), typed(version="0"))
        assert edit.status_code == 302
    with django_assert_max_num_queries(11):
        assert client.post(url("ledger-delete", organisation, entry)).status_code == 302
