"""Above the principal limit the escalation search is skipped, and the checks say unknown."""

from __future__ import annotations

from incloud.evaluate import Verdict, all_checks, evaluate
from incloud.evaluate.checks.identity.iam_escalation import MAX_PRINCIPALS
from tests.fixtures import build_snapshot


def test_large_accounts_are_unknown_not_pass() -> None:
    roles = [
        {
            "kind": "iam.role",
            "name": f"r{n}",
            "region": "global",
            "arn": f"arn:aws:iam::123456789012:role/r{n}",
        }
        for n in range(MAX_PRINCIPALS + 1)
    ]
    snapshot = build_snapshot({"resources": roles})
    findings = evaluate(snapshot, [all_checks()["iam.role-privilege-escalation"]]).findings
    assert findings
    assert {f.verdict for f in findings} == {Verdict.UNKNOWN}
    assert "skipped" in findings[0].reason
