"""``iam.role-service-trust-scoped``: the engine decides whether a service statement's
conditions keep a stranger's resource out, not the operator's name.
"""

from __future__ import annotations

from typing import Any

import pytest

from incloud.evaluate import Verdict, all_checks, evaluate
from incloud.evaluate.finding import Finding
from tests.fixtures import ACCOUNT, build_snapshot

OTHER = "210987654321"
ORG = "o-abc123def4"


def _judge(*statements: dict[str, Any], path: str = "/") -> Finding:
    role = {
        "kind": "iam.role",
        "name": "service-role",
        "arn": f"arn:aws:iam::{ACCOUNT}:role{path}service-role",
        "region": "global",
        "path": path,
        "trust_policy": {"Version": "2012-10-17", "Statement": list(statements)},
    }
    snapshot = build_snapshot({"resources": [role]})
    (finding,) = evaluate(snapshot, [all_checks()["iam.role-service-trust-scoped"]]).findings
    return finding


def _service(condition: dict[str, Any] | None = None, **fields: Any) -> dict[str, Any]:
    statement: dict[str, Any] = {
        "Effect": "Allow",
        "Principal": {"Service": "transfer.amazonaws.com"},
        "Action": "sts:AssumeRole",
        **fields,
    }
    if condition is not None:
        statement["Condition"] = condition
    return statement


def _arn(account: str, resource: str = "server/*", region: str = "*") -> str:
    return f"arn:aws:transfer:{region}:{account}:{resource}"


CASES = [
    # -- confined: every stranger's request refused
    pytest.param({"StringEquals": {"aws:SourceAccount": ACCOUNT}}, Verdict.PASS, id="account"),
    pytest.param(
        {"StringEquals": {"aws:SourceAccount": [ACCOUNT, OTHER]}}, Verdict.PASS, id="two-accounts"
    ),
    pytest.param({"ArnLike": {"aws:SourceArn": _arn(ACCOUNT)}}, Verdict.PASS, id="arnlike-own"),
    pytest.param({"StringLike": {"aws:SourceArn": _arn(ACCOUNT)}}, Verdict.PASS, id="strlike-own"),
    pytest.param(
        {"ArnEquals": {"aws:SourceArn": _arn(ACCOUNT, "server/s-1", "eu-west-1")}},
        Verdict.PASS,
        id="arnequals-exact",
    ),
    pytest.param({"StringEquals": {"aws:SourceOrgID": ORG}}, Verdict.PASS, id="org-id"),
    pytest.param(
        {"ForAnyValue:StringLike": {"aws:SourceOrgPaths": f"{ORG}/r-ab12/ou-ab12-1111/*"}},
        Verdict.PASS,
        id="org-paths",
    ),
    pytest.param(
        {
            "StringEquals": {"aws:SourceAccount": ACCOUNT},
            "StringLike": {"aws:SourceArn": "*"},
        },
        Verdict.PASS,
        id="account-anded-with-any-arn",
    ),
    pytest.param(
        {"StringLike": {"aws:SourceAccount": "12345678901?"}},
        Verdict.FAIL,
        id="account-wildcard-admits-strangers",
    ),
    # -- open: some stranger's request allowed
    pytest.param(None, Verdict.FAIL, id="no-condition"),
    pytest.param({"StringLike": {"aws:SourceArn": "*"}}, Verdict.FAIL, id="arn-star"),
    pytest.param(
        {"ArnLike": {"aws:SourceArn": "arn:aws:transfer:*:*:server/*"}},
        Verdict.FAIL,
        id="arn-any-account",
    ),
    pytest.param(
        {"StringLike": {"aws:SourceArn": "arn:aws:transfer:*"}}, Verdict.FAIL, id="arn-prefix"
    ),
    pytest.param(
        {"ArnLike": {"aws:SourceArn": "arn:aws:s3:::shared-bucket"}},
        Verdict.FAIL,
        id="arn-without-account-field",
    ),
    pytest.param({"StringLike": {"aws:SourceAccount": "*"}}, Verdict.FAIL, id="account-star"),
    pytest.param(
        {"StringNotEquals": {"aws:SourceAccount": OTHER}}, Verdict.FAIL, id="negated-operator"
    ),
    pytest.param(
        {"StringEqualsIfExists": {"aws:SourceAccount": ACCOUNT}}, Verdict.FAIL, id="if-exists"
    ),
    pytest.param(
        {"ForAllValues:StringEquals": {"aws:SourceOrgPaths": f"{ORG}/r-ab12/"}},
        Verdict.FAIL,
        id="for-all-values-vacuous",
    ),
    pytest.param(
        {"Null": {"aws:SourceAccount": "false"}}, Verdict.FAIL, id="present-is-not-pinned"
    ),
    pytest.param(
        {"StringLike": {"aws:SourceOrgPaths": "*/r-ab12/*"}}, Verdict.FAIL, id="any-org-path"
    ),
    pytest.param(
        {"StringEquals": {"sts:ExternalId": "abc"}},
        Verdict.FAIL,
        id="other-key-is-not-a-source",
    ),
]


@pytest.mark.parametrize(("condition", "verdict"), CASES)
def test_conditions_are_judged_by_the_engine(
    condition: dict[str, Any] | None, verdict: Verdict
) -> None:
    finding = _judge(_service(condition))
    assert finding.verdict is verdict, finding.reason


def test_an_unconfined_statement_among_confined_ones_fails_and_is_named() -> None:
    confined = _service({"StringEquals": {"aws:SourceAccount": ACCOUNT}}, Sid="Good")
    loose = _service(
        Sid="Loose", Principal={"Service": ["ec2.amazonaws.com", "logs.amazonaws.com"]}
    )
    finding = _judge(confined, loose)
    assert finding.verdict is Verdict.FAIL
    assert finding.evidence["statements"] == ["statement 2 (Loose)"]
    assert finding.evidence["services"] == ["logs.amazonaws.com"]


def test_a_residual_on_another_key_is_said() -> None:
    finding = _judge(_service({"IpAddress": {"aws:SourceIp": "10.0.0.0/8"}}))
    assert finding.verdict is Verdict.FAIL
    assert "only if" in finding.reason and "aws:SourceIp" in finding.reason


@pytest.mark.parametrize(
    ("statement", "verdict"),
    [
        (_service(Effect="Deny"), Verdict.NOT_APPLICABLE),
        (_service(Action="sts:TagSession"), Verdict.PASS),
        (_service(Principal={"AWS": f"arn:aws:iam::{OTHER}:root"}), Verdict.NOT_APPLICABLE),
    ],
    ids=["deny", "not-assume-role", "not-a-service"],
)
def test_statements_that_do_not_let_a_judged_service_assume_the_role(
    statement: dict[str, Any], verdict: Verdict
) -> None:
    assert _judge(statement).verdict is verdict


def test_not_action_that_leaves_assume_role_is_judged() -> None:
    statement = {k: v for k, v in _service().items() if k != "Action"}
    assert _judge(statement | {"NotAction": "iam:*"}).verdict is Verdict.FAIL
    assert _judge(statement | {"NotAction": "sts:*"}).verdict is Verdict.PASS


def test_wildcard_actions_count() -> None:
    assert _judge(_service(Action="sts:*")).verdict is Verdict.FAIL


def test_unjudged_services_are_not_applicable_and_named() -> None:
    finding = _judge(_service(Principal={"Service": "lambda.amazonaws.com"}))
    assert finding.verdict is Verdict.NOT_APPLICABLE
    assert "lambda.amazonaws.com" in finding.reason


def test_service_linked_roles_are_not_applicable() -> None:
    finding = _judge(_service(), path="/aws-service-role/transfer.amazonaws.com/")
    assert finding.verdict is Verdict.NOT_APPLICABLE


def test_china_partition_principals_are_judged() -> None:
    statement = _service(Principal={"Service": "vpc-flow-logs.amazonaws.com.cn"})
    assert _judge(statement).verdict is Verdict.FAIL
