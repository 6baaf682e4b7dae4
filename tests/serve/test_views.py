"""What the dashboard reads from the store: per-account figures from a scan of several
accounts, the findings filters and sorts, one finding's history, trends, and charts' geometry.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from incloud.errors import InputError
from incloud.serve import charts, views
from incloud.store import PostureStore, open_posture_store
from incloud.store.posture import FrameworkRow
from tests.posture_helpers import ACCOUNT, OTHER, finding, scan


@pytest.fixture
def store(tmp_path: Path) -> PostureStore:
    store = open_posture_store(str(tmp_path / "history.db"))
    both = {ACCOUNT: "read", OTHER: "incomplete"}
    store.record(
        scan(
            1,
            [finding("a"), finding("b", "pass"), finding("c", account=OTHER)],
            accounts=both,
            frameworks=[FrameworkRow("cis-5.0", "CIS", 50.0, {})],
        )
    )
    store.record(
        scan(
            2,
            [
                finding("a", "pass"),
                finding("b", muted=True, severity="low"),
                finding("z", "unknown"),
            ],
            frameworks=[FrameworkRow("cis-5.0", "CIS", 75.0, {})],
        )
    )
    return store


def test_each_account_is_summed_from_its_own_latest_scan(store: PostureStore) -> None:
    overview = views.overview(store)
    assert overview.scans == 2
    mine, other = overview.accounts
    assert (mine.account_id, mine.failing, mine.passed, mine.unknown) == (ACCOUNT, 1, 1, 1)
    assert mine.muted == 1
    assert (other.account_id, other.failing, other.passed, other.state) == (
        OTHER,
        1,
        0,
        "incomplete",
    )
    assert overview.not_read == [OTHER]
    assert [f.score for f in mine.frameworks] == [75.0]


def test_findings_filters_search_and_sort(store: PostureStore) -> None:
    every = views.findings(store)
    assert every.total == 4  # three of the account's latest scan, one of the other's
    assert [f.resource_name for f in views.findings(store, muted=True).findings] == ["b"]
    assert [f.resource_name for f in views.findings(store, account=OTHER).findings] == ["c"]
    assert views.findings(store, verdict="unknown").total == 1
    assert views.findings(store, q="Z IS UNK").total == 1  # case-insensitive, over the reason
    names = [f.resource_name for f in views.findings(store, sort="resource").findings]
    assert names == sorted(names)
    first = views.findings(store, sort="severity").findings[0]
    assert first.severity == "high" and first.verdict == "fail"
    assert len(views.findings(store, limit=2, offset=3).findings) == 1


def test_one_findings_history_and_the_trend(store: PostureStore) -> None:
    record = views.finding_history(store, finding("a").uid)
    assert [h.verdict for h in record.history] == ["fail", "pass"]
    with pytest.raises(InputError, match="no recorded finding"):
        views.finding_history(store, "incloud-nothing")
    trend = views.trend(store, ACCOUNT)
    assert [p.frameworks for p in trend] == [{"cis-5.0": 50.0}, {"cis-5.0": 75.0}]
    assert [p.failing for p in trend] == [{"data_protection": 1}, {"data_protection": 1}]  # own
    with pytest.raises(InputError, match="no scan of account"):
        views.trend(store, "999999999999")
    with pytest.raises(InputError, match="no scan of account"):
        views.matrix(store, "999999999999")


def test_chart_geometry() -> None:
    start = datetime(2026, 1, 1, tzinfo=UTC)
    times = [start + timedelta(days=d) for d in range(3)]
    chart = charts.line_chart("t", times, {"x": [0.0, 5.0, None], "y": [10.0, None, 10.0]}, {})
    x, y = chart.series
    assert [p.y for p in y.points] == [charts.PAD_TOP, charts.PAD_TOP]  # the maximum: the top
    assert x.points[0].y == charts.HEIGHT - charts.PAD_BOTTOM  # zero: the bottom
    assert len(x.points) == 2  # None is no point
    assert x.points[0].x == charts.PAD_LEFT and y.points[-1].x == charts.WIDTH - charts.PAD_RIGHT
    single = charts.line_chart("t", times[:1], {"x": [1.0]}, {}, unit="%", top=100.0)
    assert (
        single.series[0].points[0].x
        == charts.PAD_LEFT + (charts.WIDTH - charts.PAD_LEFT - charts.PAD_RIGHT) / 2
    )
    assert single.y_ticks[-1][1] == "100%"
    assert charts.line_chart("t", [], {}, {}).empty


def test_the_organisation_trend_sums_each_accounts_own_latest_counts(
    store: PostureStore,
) -> None:
    points = views.organisation_trend(store)
    # day 1: one scan of both accounts (a and c fail); day 2: the account's own scan (b fails)
    # beside the other account's part of day 1 (c): its old "a" is not counted again
    assert [p.failing for p in points] == [{"data_protection": 2}, {"data_protection": 2}]
