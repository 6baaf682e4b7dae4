"""The engine: which gaps make a verdict unknown, selection, ordering, and purity."""

from __future__ import annotations

import subprocess
import sys
from typing import Any

import pytest

from incloud.evaluate import Level, Verdict, all_checks, evaluate, select_checks
from tests.fixtures import ACCOUNT, build_snapshot

OTHER_ACCOUNT = "210987654321"


def _volumes_and_gap(gap: dict[str, Any]) -> dict[str, Any]:
    return {
        "resources": [
            {"kind": "ec2.snapshot", "name": "east-a", "snapshot_id": "snap-a", "public": False},
            {"kind": "ec2.snapshot", "name": "east-b", "snapshot_id": "snap-b", "public": False},
            {
                "kind": "ec2.snapshot",
                "name": "west",
                "snapshot_id": "snap-c",
                "public": False,
                "region": "eu-west-1",
            },
            {
                "kind": "ec2.snapshot",
                "name": "other",
                "snapshot_id": "snap-d",
                "public": False,
                "account_id": OTHER_ACCOUNT,
            },
        ],
        "gaps": [
            {
                "service": "ec2",
                "operation": "DescribeSnapshotAttribute",
                "error_code": "AccessDenied",
                **gap,
            }
        ],
    }


def _verdicts(document: dict[str, Any]) -> dict[str, Verdict]:
    snapshot = build_snapshot(document)
    check = all_checks()["ec2.snapshot-not-public"]
    return {
        f.resource_name: f.verdict
        for f in evaluate(snapshot, [check]).findings
        if f.resource in snapshot.by_arn
    }


def test_resource_gap_blocks_only_that_resource() -> None:
    arn = f"arn:aws:test:us-east-1:{ACCOUNT}:ec2.snapshot/east-a"
    verdicts = _verdicts(_volumes_and_gap({"resource_arn": arn}))
    assert verdicts == {
        "east-a": Verdict.UNKNOWN,
        "east-b": Verdict.PASS,
        "west": Verdict.PASS,
        "other": Verdict.PASS,
    }


def test_operation_gap_blocks_its_region_and_account_only() -> None:
    verdicts = _verdicts(_volumes_and_gap({}))
    assert verdicts["east-a"] is verdicts["east-b"] is Verdict.UNKNOWN
    assert verdicts["west"] is Verdict.PASS
    assert verdicts["other"] is Verdict.PASS


def test_global_gap_blocks_every_region_of_its_account() -> None:
    verdicts = _verdicts(_volumes_and_gap({"region": "global"}))
    assert verdicts["west"] is Verdict.UNKNOWN
    assert verdicts["other"] is Verdict.PASS


def test_listing_gap_gives_an_unknown_scope_finding() -> None:
    snapshot = build_snapshot(
        {
            "resources": [{"kind": "ec2.volume", "name": "v", "volume_id": "vol-1"}],
            "gaps": [
                {
                    "service": "ec2",
                    "operation": "DescribeVolumes",
                    "error_code": "Throttling",
                    "region": "eu-west-1",
                }
            ],
        }
    )
    findings = evaluate(snapshot, [all_checks()["ec2.volume-encrypted"]]).findings
    scope = [f for f in findings if f.resource == f"{ACCOUNT}/eu-west-1"]
    assert len(scope) == 1
    assert scope[0].verdict is Verdict.UNKNOWN
    assert "Throttling" in scope[0].reason
    assert [f.verdict for f in findings if f.resource_name == "v"] == [Verdict.FAIL]


def test_strict_checks_only_on_request() -> None:
    default = select_checks()
    assert default and all(c.level is Level.BASELINE for c in default)
    strict = [c for c in select_checks(include_strict=True) if c.level is Level.STRICT]
    assert strict


def test_results_are_deterministic() -> None:
    document = _volumes_and_gap({})
    first = evaluate(build_snapshot(document))
    document["resources"].reverse()
    second = evaluate(build_snapshot(document))
    assert first.findings == second.findings


def test_evaluate_and_report_never_import_boto3() -> None:
    code = (
        "import sys, incloud.evaluate, incloud.report, incloud.snapshot;"
        "incloud.evaluate.all_checks();"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('boto3', 'botocore')))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "[]"


def test_analyses_are_built_once_and_shared_by_their_builder() -> None:
    from incloud.evaluate.checks.analyses import reachability, topology
    from incloud.evaluate.context import Context

    ctx = Context(build_snapshot({}))
    built = ctx.analysis(reachability)
    assert ctx.analysis(reachability) is built
    assert built.network is ctx.analysis(topology)  # one network index per evaluation

    def closure(_: Context) -> int:
        return 1

    with pytest.raises(TypeError, match="module-level"):
        ctx.analysis(closure)


def test_a_finding_uid_is_stable_across_scans_and_verdicts() -> None:
    check = all_checks()["ec2.volume-encrypted"]

    def uids(encrypted: bool) -> dict[str, str]:
        volume = {
            "kind": "ec2.volume",
            "name": "data",
            "volume_id": "vol-1",
            "encrypted": encrypted,
        }
        other = {"kind": "ec2.volume", "name": "logs", "volume_id": "vol-2", "encrypted": True}
        return {
            f.resource_name: f.uid
            for f in evaluate(build_snapshot({"resources": [volume, other]}), [check]).findings
        }

    passing, failing = uids(True), uids(False)
    assert passing == failing  # the verdict changed, the finding did not
    assert passing["data"] != passing["logs"]
    assert all(uid.startswith("incloud-") and len(uid) == 40 for uid in passing.values())
