"""A gap on the operation that lists a resource's type, naming that resource, leaves every
check of it unknown (its own entry could not be read whole), and only it."""

from __future__ import annotations

from incloud.evaluate.check import Verdict
from incloud.evaluate.engine import evaluate, select_checks
from incloud.snapshot import Snapshot

from ..fixtures import ACCOUNT, build_snapshot

_ARN = f"arn:aws:ec2:us-east-1:{ACCOUNT}:instance/i-1"


def _snapshot(gap_arn: str | None, operation: str = "DescribeInstances") -> Snapshot:
    tokens = {"http_tokens": "optional"}
    gaps = (
        [
            {
                "service": "ec2",
                "operation": operation,
                "error_code": "NotKnownBeforeDeploy",
                "resource_arn": gap_arn,
            }
        ]
        if gap_arn is not None
        else []
    )
    return build_snapshot(
        {
            "resources": [
                {
                    "kind": "ec2.instance",
                    "name": "one",
                    "arn": _ARN,
                    "instance_id": "i-1",
                    "metadata": tokens,
                },
                {"kind": "ec2.instance", "name": "two", "instance_id": "i-2", "metadata": tokens},
            ],
            "gaps": gaps,
            "api_calls": [{"service": "ec2", "operation": "DescribeInstances", "count": 1}],
        }
    )


def _verdicts(snapshot: Snapshot) -> dict[str, Verdict]:
    found = evaluate(snapshot, select_checks(ids=["ec2.instance-imdsv2"]))
    return {f.resource_name: f.verdict for f in found.findings}


def test_an_entry_gap_blocks_every_check_of_its_resource_only() -> None:
    assert _verdicts(_snapshot(None)) == {"one": Verdict.FAIL, "two": Verdict.FAIL}
    # ec2.instance-imdsv2 requires nothing; the entry gap still decides it
    assert _verdicts(_snapshot(_ARN)) == {"one": Verdict.UNKNOWN, "two": Verdict.FAIL}


def test_a_gap_on_another_operation_naming_it_does_not() -> None:
    assert _verdicts(_snapshot(_ARN, "DescribeImages")) == {
        "one": Verdict.FAIL,
        "two": Verdict.FAIL,
    }
