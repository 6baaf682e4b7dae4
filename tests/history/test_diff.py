"""Diff cases on SQLite and PostgreSQL: new, resolved, regressed (fixed, then failing again),
still failing, muted, and unknown now (the account not read, or the read that would have found
the finding failed): never resolved when the later scan could not tell.
"""

from __future__ import annotations

import pytest

from incloud.errors import InputError
from incloud.evaluate.check import Severity
from incloud.history.diff import diff, pick_scans
from incloud.store import PostureStore
from incloud.store.posture import CellRow, FrameworkRow, GapRow, RequirementRow, ServiceRow
from tests.posture_helpers import ACCOUNT, OTHER, finding, posture, scan

__all__ = ["posture"]


def _names(items: tuple[object, ...]) -> list[str]:
    return sorted(f.resource_name for f in items)  # type: ignore[attr-defined]


def test_new_resolved_and_still_failing(posture: PostureStore) -> None:
    posture.record(scan(1, [finding("fixed"), finding("stays"), finding("fine", "pass")]))
    posture.record(scan(2, [finding("fixed", "pass"), finding("stays"), finding("fine")]))
    changes = diff(posture, *pick_scans(posture))
    assert _names(changes.new) == ["fine"]
    assert _names(changes.resolved) == ["fixed"]
    assert _names(changes.still_failing) == ["stays"]
    assert changes.regressed == changes.unknown_now == ()
    (new,) = changes.new
    assert (new.before, new.after) == ("pass", "fail")


def test_a_finding_fixed_then_failing_again_is_regressed_not_new(posture: PostureStore) -> None:
    posture.record(scan(1, [finding("flaky")]))
    posture.record(scan(2, [finding("flaky", "pass")]))
    posture.record(scan(3, [finding("flaky", "pass"), finding("brand-new", severity="low")]))
    posture.record(scan(4, [finding("flaky"), finding("brand-new", severity="low")]))
    changes = diff(posture, *pick_scans(posture))
    assert _names(changes.regressed) == ["flaky"]
    assert changes.new == ()
    assert _names(changes.still_failing) == ["brand-new"]
    assert [f.resource_name for f in changes.new_failures(Severity.HIGH)] == ["flaky"]
    three = diff(posture, posture.scans()[1], posture.scans()[2])
    assert _names(three.new) == ["brand-new"]  # it never failed before


def test_a_failure_the_earlier_scan_could_not_see_is_still_failing_not_regressed(
    posture: PostureStore,
) -> None:
    posture.record(scan(1, [finding("queue", service="sqs")]))
    gap = GapRow(ACCOUNT, "global", "sqs", "ListQueues", "AccessDenied", "denied")
    posture.record(scan(2, [], gaps=[gap]))  # unreadable: unknown now
    posture.record(scan(3, [finding("queue", service="sqs")]))
    changes = diff(posture, *pick_scans(posture))
    assert _names(changes.still_failing) == ["queue"]
    assert changes.regressed == changes.new == ()
    assert changes.new_failures(Severity.INFO) == []


def test_muted_failures_are_reported_but_not_counted_for_the_gate(posture: PostureStore) -> None:
    posture.record(scan(1, [finding("accepted"), finding("other", "pass")]))
    posture.record(scan(2, [finding("accepted", muted=True), finding("other", muted=True)]))
    changes = diff(posture, *pick_scans(posture))
    assert _names(changes.muted_now) == ["accepted"]
    assert _names(changes.new) == ["other"]
    assert changes.new[0].muted
    assert changes.new_failures(Severity.INFO) == []
    assert changes.resolved == ()  # muting resolves nothing


def test_an_account_not_read_never_makes_a_finding_resolved(posture: PostureStore) -> None:
    posture.record(
        scan(
            1,
            [finding("a"), finding("b", account=OTHER)],
            accounts={ACCOUNT: "read", OTHER: "read"},
        )
    )
    posture.record(scan(2, [], accounts={ACCOUNT: "not_read", OTHER: "read"}))
    before, after = posture.scans()
    changes = diff(posture, before, after)
    assert _names(changes.unknown_now) == ["a"]
    assert "not read" in changes.unknown_now[0].reason
    assert _names(changes.resolved) == ["b"]  # the other account was read: b is gone
    assert changes.not_read == (ACCOUNT,)
    dropped = scan(3, [], accounts={OTHER: "read"})  # the account left the scan
    posture.record(dropped)
    assert _names(diff(posture, before, posture.scan(dropped.scan_id)).unknown_now) == ["a"]


def test_a_finding_missing_because_its_read_failed_is_unknown_now(posture: PostureStore) -> None:
    posture.record(
        scan(
            1,
            [
                finding("hidden", region="us-east-1"),
                finding("judged"),
                finding("gone", service="ec2", region="eu-west-1"),
            ],
        )
    )
    gap = GapRow(ACCOUNT, "global", "s3", "ListBuckets", "AccessDenied", "denied")
    posture.record(scan(2, [finding("judged", "unknown")], gaps=[gap]))
    changes = diff(posture, *pick_scans(posture))
    assert _names(changes.unknown_now) == ["hidden", "judged"]
    assert "s3:ListBuckets failed (AccessDenied)" in next(
        f.reason for f in changes.unknown_now if f.resource_name == "hidden"
    )
    assert _names(changes.resolved) == ["gone"]  # no gap explains it: read whole, not there
    assert [(g.service, g.operation) for g in changes.new_gaps] == [("s3", "ListBuckets")]


def test_an_incomplete_account_resolves_nothing_that_disappeared(posture: PostureStore) -> None:
    posture.record(scan(1, [finding("a")]))
    posture.record(scan(2, [], accounts={ACCOUNT: "incomplete"}))
    changes = diff(posture, *pick_scans(posture))
    assert _names(changes.unknown_now) == ["a"]
    assert changes.resolved == ()


def test_matrix_frameworks_and_services_changes(posture: PostureStore) -> None:
    cis = FrameworkRow("cis-5.0", "CIS", 50.0, {})
    posture.record(
        scan(
            1,
            [],
            cells=[CellRow(ACCOUNT, "s3", "encryption", None, "shared", "met", "")],
            services=[ServiceRow(ACCOUNT, "s3", 3, False), ServiceRow(ACCOUNT, "sqs", 1, False)],
            requirements=[RequirementRow("cis-5.0", "2.1.1", "customer", "met")],
            frameworks=[cis],
        )
    )
    posture.record(
        scan(
            2,
            [],
            cells=[CellRow(ACCOUNT, "s3", "encryption", None, "shared", "not_met", "")],
            services=[ServiceRow(ACCOUNT, "s3", 3, False), ServiceRow(ACCOUNT, "ec2", 2, False)],
            requirements=[
                RequirementRow("cis-5.0", "2.1.1", "customer", "not_met"),
                RequirementRow("pci-4.0", "1.1", "customer", "met"),  # not recorded before
            ],
            frameworks=[cis, FrameworkRow("pci-4.0", "PCI", 90.0, {})],
        )
    )
    changes = diff(posture, *pick_scans(posture))
    assert [(c.service, c.before, c.after) for c in changes.cells] == [("s3", "met", "not_met")]
    assert [(r.requirement, r.before, r.after) for r in changes.requirements] == [
        ("2.1.1", "met", "not_met")
    ]
    assert changes.frameworks_compared == ("cis-5.0",)
    assert [s.service for s in changes.new_services] == ["ec2"]
    assert [s.service for s in changes.removed_services] == ["sqs"]


def test_picking_scans(posture: PostureStore) -> None:
    with pytest.raises(InputError, match="no scan is recorded"):
        pick_scans(posture)
    first = scan(1, [])
    posture.record(first)
    with pytest.raises(InputError, match="has 1 recorded scan"):
        pick_scans(posture)
    posture.record(scan(2, [], accounts={OTHER: "read"}))
    with pytest.raises(InputError, match="has 1 recorded scan"):
        pick_scans(posture)  # the latest is another account's: not compared across accounts
    second = scan(3, [])
    posture.record(second)
    before, after = pick_scans(posture, account=ACCOUNT)
    assert (before.scan_id, after.scan_id) == (first.scan_id, second.scan_id)
    assert pick_scans(posture, first.scan_id)[1].scan_id == second.scan_id
    with pytest.raises(InputError, match="no scan of its account was recorded after"):
        pick_scans(posture, second.scan_id)
    with pytest.raises(InputError, match="two different scans"):
        diff(posture, after, after)
