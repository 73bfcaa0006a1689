"""The distribution is binned: cells, quadrant counts and stage shares; never a row."""

from assessments.peers.distribution import (
    PEER_THRESHOLD,
    PeerRow,
    cell_of,
    distribution_of,
    distributions_of,
    latest_per_organisation,
)


def row(org, x, y, kind="icb", levels=None, quadrant="active-embedded", coverage=0.5):
    return PeerRow(org, kind, x, y, quadrant, levels or {}, coverage)


def test_positions_fall_into_tenths_and_the_top_edge_into_the_last_cell():
    assert [cell_of(v) for v in (0.0, 0.0999, 0.1, 0.55, 0.9999, 1.0)] == [0, 0, 1, 5, 9, 9]


def test_it_counts_cells_quadrants_and_stages():
    rows = [
        row(1, 0.55, 0.55, levels={"plan": "routine"}),
        row(2, 0.56, 0.58, levels={"plan": "occasional"}),
        row(3, 0.1, 0.9, quadrant="passive-embedded", coverage=1.0),
        row(4, None, None, quadrant="", coverage=None),
    ]
    found = distribution_of(rows, ["plan", "review"])
    assert found.organisations == 4
    assert found.cells == ((1, 9, 1), (5, 5, 2))
    assert found.quadrant_count("active-embedded") == 2
    assert found.quadrant_count("passive-isolated") == 0
    plan, review = found.stages
    assert (plan.involved, plan.routine, plan.median) == (2, 1, 0.25)
    assert (review.involved, review.median) == (0, 0.0)
    assert found.median_stage_coverage == 0.5


def test_it_is_shown_from_the_threshold():
    nine = distribution_of([row(n, 0.5, 0.5) for n in range(PEER_THRESHOLD - 1)], [])
    ten = distribution_of([row(n, 0.5, 0.5) for n in range(PEER_THRESHOLD)], [])
    assert (nine.shown, nine.needed) == (False, 1)
    assert (ten.shown, ten.needed) == (True, 0)


def test_ccgs_count_with_other_commissioners():
    rows = [row(1, 0.5, 0.5, "icb"), row(2, 0.5, 0.5, "ccg"), row(3, 0.5, 0.5, "other")]
    found = distributions_of(rows, [])
    assert {g: d.organisations for g, d in found.items()} == {"all": 3, "icb": 1, "other": 2}


def test_only_each_organisations_latest_row_counts():
    rows = [(2, row(1, 0.9, 0.9)), (1, row(1, 0.1, 0.1)), (1, row(2, 0.5, 0.5))]
    latest = latest_per_organisation(rows)
    assert sorted((r.organisation_id, r.activeness) for r in latest) == [(1, 0.9), (2, 0.5)]
