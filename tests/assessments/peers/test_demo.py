"""The demo shows a comparison: the demo organisation shares, with enough peers."""

import pytest

from assessments.peers.comparison import peers_export
from assessments.peers.demo import PEER_COUNT, demo_peers
from assessments.peers.models import PeerSharing
from tests.factories import clear_caches, submitted_assessment

pytestmark = pytest.mark.django_db


def test_the_demo_organisation_has_a_comparison_and_running_again_adds_nothing(organisation, lead):
    clear_caches()
    assessment = submitted_assessment(organisation, lead)
    demo_peers(organisation, lead, assessment.period)
    demo_peers(organisation, lead, assessment.period)
    found = peers_export(assessment)
    assert found["organisations"] == PEER_COUNT + 1
    assert PeerSharing.objects.filter(shared=True).count() == PEER_COUNT + 1
