"""Malformed policy documents: a PolicyError naming the statement and the field, and one error
line (exit code 2) from ``incloud iam simulate``.

IAM User Guide, "IAM JSON policy elements reference" and "Grammar of the IAM JSON policy
language".
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from incloud.cli import main
from incloud.errors import InputError
from incloud.evaluate.iam import PolicyError, parse_policy
from incloud.evaluate.iam.simulate import simulate

V = "2012-10-17"
GOOD: dict[str, Any] = {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}


def _policy(*statements: Any, version: str = V) -> dict[str, Any]:
    return {"Version": version, "Statement": list(statements)}


MALFORMED: list[tuple[str, dict[str, Any], str, tuple[str, ...]]] = [
    (
        "missing-effect",
        _policy(GOOD, {"Action": "s3:GetObject", "Resource": "*"}),
        "identity",
        ("statement 2", "Effect"),
    ),
    (
        "bad-effect",
        _policy({**GOOD, "Effect": "allow"}),
        "identity",
        ("statement 1", "Effect", "'allow'"),
    ),
    (
        "action-and-notaction",
        _policy({**GOOD, "NotAction": "iam:*"}),
        "identity",
        ("statement 1", "Action", "NotAction"),
    ),
    (
        "resource-and-notresource",
        _policy({**GOOD, "NotResource": "arn:aws:s3:::b/*"}),
        "identity",
        ("statement 1", "Resource", "NotResource"),
    ),
    (
        "no-action",
        _policy({"Effect": "Allow", "Resource": "*"}),
        "identity",
        ("statement 1", "Action"),
    ),
    (
        # IAM JSON policy grammar: identity-based statements must name their resources
        "identity-without-resource",
        _policy({"Effect": "Allow", "Action": "s3:GetObject"}),
        "identity",
        ("statement 1", "Resource", "NotResource"),
    ),
    (
        "principal-in-identity-policy",
        _policy({**GOOD, "Principal": "*"}),
        "identity",
        ("statement 1", "Principal", "identity-based"),
    ),
    (
        "notprincipal-in-identity-policy",
        _policy({**GOOD, "NotPrincipal": {"AWS": "111122223333"}}),
        "identity",
        ("statement 1", "Principal"),
    ),
    (
        "no-principal-in-resource-policy",
        _policy(GOOD),
        "resource",
        ("statement 1", "Principal"),
    ),
    (
        "unknown-operator",
        _policy({**GOOD, "Condition": {"StringMatches": {"aws:PrincipalTag/team": "blue"}}}),
        "identity",
        ("statement 1", "Condition", "StringMatches"),
    ),
    (
        "unknown-qualifier",
        _policy({**GOOD, "Condition": {"ForSomeValues:StringLike": {"aws:TagKeys": "a*"}}}),
        "identity",
        ("statement 1", "Condition", "ForSomeValues"),
    ),
    (
        "null-with-ifexists",
        _policy({**GOOD, "Condition": {"NullIfExists": {"aws:TokenIssueTime": "true"}}}),
        "identity",
        ("statement 1", "Condition", "Null", "IfExists"),
    ),
    (
        "condition-not-object",
        _policy({**GOOD, "Condition": ["Bool"]}),
        "identity",
        ("statement 1", "Condition"),
    ),
    (
        "non-string-action",
        _policy({**GOOD, "Action": ["s3:GetObject", 42]}),
        "identity",
        ("statement 1", "Action", "string"),
    ),
    (
        "action-without-service",
        _policy({**GOOD, "Action": "GetObject"}),
        "identity",
        ("statement 1", "Action", "service:action"),
    ),
    (
        "empty-resource-list",
        _policy({**GOOD, "Resource": []}),
        "identity",
        ("statement 1", "Resource"),
    ),
    (
        "unknown-statement-element",
        _policy({**GOOD, "Actions": "s3:*"}),
        "identity",
        ("statement 1", "Actions"),
    ),
    (
        "unknown-principal-type",
        _policy({**GOOD, "Principal": {"Group": "admins"}}),
        "resource",
        ("statement 1", "Principal", "Group"),
    ),
    (
        "bad-version",
        _policy(GOOD, version="2012-10-18"),
        "identity",
        ("Version", "2012-10-18"),
    ),
    (
        "statement-not-object",
        _policy(GOOD, "s3:GetObject"),
        "identity",
        ("statement 2", "JSON object"),
    ),
    (
        "statement-missing",
        {"Version": V},
        "identity",
        ("Statement",),
    ),
]


@pytest.mark.parametrize(
    ("document", "kind", "wanted"),
    [pytest.param(doc, kind, wanted, id=name) for name, doc, kind, wanted in MALFORMED],
)
def test_malformed_policy_raises_policy_error(
    document: dict[str, Any], kind: str, wanted: tuple[str, ...]
) -> None:
    with pytest.raises(PolicyError) as raised:
        parse_policy(document, kind="resource" if kind == "resource" else "identity", name="p")
    message = str(raised.value)
    assert message.startswith("p: "), message
    for text in wanted:
        assert text in message, (text, message)


def test_statement_sid_is_named() -> None:
    document = _policy(GOOD, {"Sid": "DenyLogs", "Action": "s3:*", "Resource": "*"})
    with pytest.raises(PolicyError, match=r"statement 2 \(DenyLogs\): Effect"):
        parse_policy(document, name="p")


def test_valid_policy_parses() -> None:
    policy = parse_policy(
        _policy({**GOOD, "Condition": {"ForAllValues:StringLikeIfExists": {"aws:TagKeys": "a*"}}})
    )
    (condition,) = policy.statements[0].conditions
    assert (condition.qualifier, condition.operator, condition.if_exists) == (
        "ForAllValues",
        "StringLike",
        True,
    )


def test_simulate_reports_the_policy_slot() -> None:
    """The simulator turns a PolicyError into an InputError naming the policy's place."""
    case = {
        "request": {
            "principal": "arn:aws:iam::111122223333:user/a",
            "action": "s3:X",
            "resource": "*",
        },
        "identity_policies": [_policy(GOOD), _policy({"Action": "s3:*", "Resource": "*"})],
    }
    with pytest.raises(InputError, match=r"identity_policies\[1\]: statement 1: Effect"):
        simulate(case)


def test_cli_prints_one_error_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "sim.json"
    path.write_text(
        json.dumps(
            {
                "request": {
                    "principal": "arn:aws:iam::111122223333:user/alice",
                    "action": "s3:GetObject",
                    "resource": "arn:aws:s3:::b/k",
                },
                "resource_policy": _policy(
                    {**GOOD, "Principal": "*", "Condition": {"NullIfExists": {"k": "true"}}}
                ),
            }
        )
    )
    code = main(["iam", "simulate", str(path)])
    out, err = capsys.readouterr()
    assert code == 2
    assert out == ""
    lines = err.splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("incloud: error: resource_policy: statement 1: Condition"), err
    assert "Null" in lines[0]


def test_cli_simulates_a_valid_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "sim.json"
    request = {
        "principal": "arn:aws:iam::111122223333:user/alice",
        "action": "s3:GetObject",
        "resource": "arn:aws:s3:::b/k",
    }
    path.write_text(json.dumps([{"request": request, "identity_policies": [_policy(GOOD)]}]))
    assert main(["iam", "simulate", str(path)]) == 0
    out, err = capsys.readouterr()
    assert err == ""
    (result,) = json.loads(out)
    assert result["decision"] == "Allowed"
