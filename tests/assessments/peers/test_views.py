"""The peer comparison page: nothing below ten sharing organisations, counts and shares
from ten, never a name, a code or an exact position; only leads opt in and out; every
member sees it; other organisations and panel members get 404; queries stay flat."""

import re

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assessments.models import Membership
from assessments.peers import services
from assessments.peers.comparison import peer_summary_for, peers_export
from assessments.peers.models import PeerSharing
from tests.factories import (
    LEAD,
    clear_caches,
    make_member,
    make_organisation,
    make_user,
    panel_member,
    submitted_assessment,
)

from .helpers import sharing_peers

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _empty_caches():
    clear_caches()


@pytest.fixture
def assessment(organisation, lead):
    return submitted_assessment(organisation, lead)


def share(organisation, user, shared=True):
    membership = Membership.objects.get(organisation=organisation, user=user)
    return services.peer_sharing_set(membership=membership, shared=shared)


def url(organisation, **query):
    base = reverse("assessments:peers", args=[organisation.pk])
    return base + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def page(client, user, organisation, **query) -> str:
    client.force_login(user)
    response = client.get(url(organisation, **query))
    assert response.status_code == 200
    return response.content.decode()


def test_it_shows_nothing_until_ten_share_counting_the_organisation_itself(
    client, organisation, lead, assessment
):
    share(organisation, lead)
    sharing_peers(8)
    html = page(client, lead, organisation)
    assert "1 more organisation needs to share their results for 2026/27" in html
    assert "data-peers-quadrants" not in html
    sharing_peers(1)
    html = page(client, lead, organisation)
    assert "data-peers-quadrants" in html and "data-peers-needed" not in html
    assert "sent results for 2026/27" in html


def test_it_says_how_many_more_are_needed(client, organisation, lead, assessment):
    share(organisation, lead)
    sharing_peers(6)
    assert "3 more organisations need to share their results for 2026/27" in page(
        client, lead, organisation
    )


def test_organisations_that_do_not_share_are_not_counted(client, organisation, lead, assessment):
    share(organisation, lead)
    sharing_peers(8)
    sharing_peers(5, shared=False)
    assert "1 more organisation needs" in page(client, lead, organisation)


def test_an_organisation_that_does_not_share_sees_no_comparison(
    client, organisation, lead, assessment
):
    sharing_peers(20)
    html = page(client, lead, organisation)
    assert "Share your results to see how you compare" in html
    assert "data-peers-quadrants" not in html
    assert peers_export(assessment) is None


def test_nobody_else_is_named_coded_or_placed(client, organisation, lead, assessment):
    share(organisation, lead)
    others, results = sharing_peers(15)
    html = page(client, lead, organisation)
    assert "data-peers-quadrants" in html
    assert "Secret Peer" not in html
    for other in others:
        assert other.ods_code not in html
    # Their positions are odd to the fifth place: none appears, however written.
    for result in results:
        for value in (result.activeness, result.embeddedness):
            assert str(value) not in html
            assert f"{value:.4f}" not in html
            assert f"{round(value * 100, 2)}" not in html
    export = str(peers_export(assessment))
    assert "Secret Peer" not in export and not re.search(r"Q\d{5}", export)


def test_the_export_keeps_to_its_contract(organisation, lead, assessment):
    share(organisation, lead)
    sharing_peers(9)
    found = peers_export(assessment)
    assert set(found) == {"organisations", "quadrants", "stage_coverage"}
    assert found["organisations"] == 10
    assert set(found["quadrants"]) == {
        "active-embedded",
        "active-isolated",
        "passive-embedded",
        "passive-isolated",
    }
    assert sum(found["quadrants"].values()) == 10
    assert found["stage_coverage"]
    assert all(value in (0, 0.25, 0.5, 0.75, 1) for value in found["stage_coverage"].values())


def test_the_export_is_empty_below_the_threshold(organisation, lead, assessment):
    share(organisation, lead)
    sharing_peers(8)
    assert peers_export(assessment) is None


def test_the_kind_filter_is_offered_only_for_a_group_of_ten(client, organisation, lead, assessment):
    share(organisation, lead)
    sharing_peers(10, kind="icb")
    sharing_peers(9, kind="ccg")
    html = page(client, lead, organisation)
    assert 'value="icb"' in html and 'value="other"' not in html
    # Asking for the small group shows everyone instead.
    html = page(client, lead, organisation, kind="other")
    assert "All commissioners that share their results: 20 sent" in html
    sharing_peers(1, kind="other")
    html = page(client, lead, organisation, kind="other")
    assert "Other commissioners that share their results: 10 sent" in html


def test_opting_out_takes_the_organisation_out_at_once(client, organisation, lead, assessment):
    share(organisation, lead)
    others, _ = sharing_peers(9)
    assert "data-peers-quadrants" in page(client, lead, organisation)
    PeerSharing.objects.filter(organisation=others[0]).delete()  # through admin, say
    assert "1 more organisation needs" in page(client, lead, organisation)
    share(organisation, lead, shared=False)
    html = page(client, lead, organisation)
    assert "Share your results to see how you compare" in html


def test_withdrawing_through_the_service_updates_the_cache(organisation, lead, assessment):
    share(organisation, lead)
    others, _ = sharing_peers(9)
    assert peers_export(assessment)["organisations"] == 10
    someone = make_member(others[1], LEAD)
    share(others[1], someone, shared=False)
    assert peers_export(assessment) is None


def test_a_lead_opts_in_and_out_and_it_is_recorded(client, organisation, lead):
    client.force_login(lead)
    sharing = reverse("assessments:peers-sharing", args=[organisation.pk])
    response = client.post(sharing, {"shared": "yes"})
    assert response.status_code == 302
    row = PeerSharing.objects.get(organisation=organisation)
    assert row.shared and row.updated_by == lead
    html = page(client, lead, organisation)
    assert f"Shared since {row.changed_at:%-d %B %Y} by {lead.get_full_name()}" in html
    client.post(sharing, {"shared": "no"})
    history = list(
        PeerSharing.history.filter(organisation_id=organisation.pk).order_by("history_date")
    )
    assert [(h.shared, h.history_user) for h in history] == [(True, lead), (False, lead)]
    html = page(client, lead, organisation)
    assert "Stopped sharing on" in html and "data-peers-not-shared" in html


def test_a_commissioner_sees_but_cannot_opt_in(
    client, organisation, lead, commissioner, assessment
):
    share(organisation, lead)
    sharing_peers(9)
    html = page(client, commissioner, organisation)
    assert "data-peers-quadrants" in html and "Stop sharing our results" not in html
    response = client.post(
        reverse("assessments:peers-sharing", args=[organisation.pk]), {"shared": "no"}
    )
    assert response.status_code == 403
    assert PeerSharing.objects.get(organisation=organisation).shared


def test_other_organisations_and_panel_members_get_404(client, organisation, assessment):
    stranger = make_member(make_organisation(), LEAD)
    client.force_login(stranger)
    assert client.get(url(organisation)).status_code == 404
    post = reverse("assessments:peers-sharing", args=[organisation.pk])
    assert client.post(post, {"shared": "yes"}).status_code == 404
    member = panel_member(assessment, user=make_user())
    client.force_login(member.user)
    assert client.get(url(organisation)).status_code == 404
    assert client.get(reverse("assessments:peers", args=[10**12])).status_code == 404
    assert not PeerSharing.objects.exists()


def test_a_bad_sharing_value_is_refused(client, organisation, lead):
    client.force_login(lead)
    response = client.post(reverse("assessments:peers-sharing", args=[organisation.pk]), {})
    assert response.status_code == 200
    assert "Select whether to share your results" in response.content.decode()
    assert not PeerSharing.objects.exists()


def queries_of_page(client, lead, organisation) -> int:
    clear_caches()
    client.force_login(lead)
    client.get(url(organisation))  # the session's first request; caches warm
    clear_caches()
    with CaptureQueriesContext(connection) as cold:
        assert client.get(url(organisation)).status_code == 200
    return len(cold)


def test_queries_stay_flat_from_ten_to_a_thousand_organisations(
    client, organisation, lead, assessment, django_assert_max_num_queries
):
    share(organisation, lead)
    sharing_peers(9)
    ten = queries_of_page(client, lead, organisation)
    sharing_peers(240, seed=2)
    many = queries_of_page(client, lead, organisation)
    assert many == ten
    sharing_peers(750, seed=3)
    clear_caches()
    with django_assert_max_num_queries(ten):
        assert "1000 sent" in client.get(url(organisation)).content.decode()


def test_a_cached_page_reads_no_results(client, organisation, lead, assessment):
    share(organisation, lead)
    sharing_peers(30)
    client.force_login(lead)
    client.get(url(organisation))
    with CaptureQueriesContext(connection) as warm:
        client.get(url(organisation))
    sharing_reads = [
        q for q in warm if "peers_peersharing" in q["sql"] and "activeness" in q["sql"]
    ]
    assert not sharing_reads


def test_the_summary_for_the_results_page(organisation, lead, assessment):
    def summary():
        return render_to_string("peers/_summary.html", peer_summary_for(assessment))

    sharing_peers(9)
    assert "Share your results to see how you compare" in summary()
    share(organisation, lead)
    assert "Where the 10 organisations are on the Grid" in summary()
    PeerSharing.objects.exclude(organisation=organisation).first().delete()
    assert "1 more organisation needs to share" in summary()
