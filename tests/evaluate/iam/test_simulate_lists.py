"""``incloud iam simulate`` on a list answers per item, and ``--lenient`` accepts what AWS does.

A refused list item becomes ``{"error": reason}`` in its place; the others are answered. The
lenient grammar reads a plain ARN string as ``{"AWS": ARN}`` in a resource-based policy and a
VPC endpoint policy statement without ``Principal`` as covering everyone, each with a warning.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from incloud.errors import InputError
from incloud.evaluate.iam.simulate import simulate, simulate_document
from tests.cli_helpers import run

ALICE = "arn:aws:iam::111122223333:user/alice"
BOB = "arn:aws:iam::444455556666:user/bob"
OBJECT = "arn:aws:s3:::doc-bucket/report.txt"
S3_STATEMENT = {"Effect": "Allow", "Action": "s3:*", "Resource": "*"}
ALLOW_S3 = {"Version": "2012-10-17", "Statement": [S3_STATEMENT]}


def _case(**fields: Any) -> dict[str, Any]:
    request = {"principal": ALICE, "action": "s3:GetObject", "resource": OBJECT}
    return {"request": request, "identity_policies": [ALLOW_S3], **fields}


def _bucket(principal: object, effect: str = "Allow") -> dict[str, Any]:
    statement = {
        "Effect": effect,
        "Principal": principal,
        "Action": "s3:GetObject",
        "Resource": "*",
    }
    return {"Version": "2012-10-17", "Statement": [statement]}


def _endpoint(effect: str = "Allow", **extra: Any) -> dict[str, Any]:
    statement = {"Effect": effect, "Action": "s3:*", "Resource": "*", **extra}
    return {"Version": "2012-10-17", "Statement": [statement]}


BAD_EFFECT = _case(
    identity_policies=[{"Statement": {"Effect": "Maybe", "Action": "*", "Resource": "*"}}]
)


def test_a_malformed_item_is_an_error_in_its_place() -> None:
    results = simulate_document([_case(), BAD_EFFECT, "not an object", _case()])
    assert isinstance(results, list) and len(results) == 4
    assert results[0] == results[3] == {"decision": "Allowed", "reasons": results[0]["reasons"]}
    assert set(results[1]) == {"error"} and "Effect must be" in results[1]["error"]
    assert results[2] == {"error": "each simulation must be a JSON object"}


def test_every_item_refused_is_still_a_list() -> None:
    results = simulate_document([BAD_EFFECT, {"request": {}}])
    assert isinstance(results, list)
    assert [set(r) for r in results] == [{"error"}, {"error"}]


def test_a_single_malformed_object_is_still_refused() -> None:
    with pytest.raises(InputError, match="Effect must be"):
        simulate_document(BAD_EFFECT)


def test_too_deep_a_list_is_refused_whole() -> None:
    deep: Any = "x"
    for _ in range(40):
        deep = [deep]
    with pytest.raises(InputError, match="deeper than"):
        simulate_document([_case(), deep])


# -- --lenient -------------------------------------------------------------------------------


def _cross_account(resource_policy: dict[str, Any]) -> dict[str, Any]:
    request = {
        "principal": BOB,
        "action": "s3:GetObject",
        "resource": OBJECT,
        "resource_account": "111122223333",
    }
    return {"request": request, "identity_policies": [ALLOW_S3], "resource_policy": resource_policy}


def test_plain_arn_principal_is_refused_strictly_and_read_leniently() -> None:
    case = _cross_account(_bucket(BOB))
    with pytest.raises(InputError, match="Principal"):
        simulate(case)
    result = simulate(case, lenient=True)
    assert result["decision"] == "Allowed"
    assert result["warnings"] == [
        f'resource_policy: statement 1: Principal {BOB!r} read as {{"AWS": {BOB!r}}}'
    ]
    other = simulate(_cross_account(_bucket("arn:aws:iam::444455556666:user/carol")), lenient=True)
    assert other["decision"] == "ImplicitlyDenied"


def test_lenient_plain_principal_in_a_deny() -> None:
    case = _case(resource_policy=_bucket(ALICE, "Deny"))
    assert simulate(case, lenient=True)["decision"] == "ExplicitlyDenied"


def test_vpc_endpoint_policy_without_principal_covers_everyone() -> None:
    allow = _case(vpc_endpoint_policy=_endpoint())
    with pytest.raises(InputError, match="needs Principal"):
        simulate(allow)
    result = simulate(allow, lenient=True)
    assert result["decision"] == "Allowed"
    assert result["warnings"] == [
        'vpc_endpoint_policy: statement 1: no Principal, read as "*" (every principal)'
    ]
    denied = simulate(_case(vpc_endpoint_policy=_endpoint("Deny")), lenient=True)
    assert denied["decision"] == "ExplicitlyDenied"


def test_lenient_does_not_lift_other_rules() -> None:
    """A bucket policy still needs a Principal, an identity policy still may not have one, and
    strict input gives no warnings.
    """
    with pytest.raises(InputError, match="needs Principal"):
        simulate(_case(resource_policy=_endpoint()), lenient=True)
    identity = {
        "Version": "2012-10-17",
        "Statement": [{**S3_STATEMENT, "Principal": "*"}],
    }
    with pytest.raises(InputError, match="not allowed in an identity-based policy"):
        simulate(_case(identity_policies=[identity]), lenient=True)
    assert "warnings" not in simulate(_case(), lenient=True)


def test_cli_lenient_and_per_item_errors(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "cases.json"
    path.write_text(json.dumps([_cross_account(_bucket(BOB)), BAD_EFFECT]))
    code, out, _ = run(capsys, "iam", "simulate", str(path))
    assert code == 0
    strict = json.loads(out)
    assert [set(r) for r in strict] == [{"error"}, {"error"}]
    code, out, _ = run(capsys, "iam", "simulate", "--lenient", str(path))
    assert code == 0
    lenient = json.loads(out)
    assert lenient[0]["decision"] == "Allowed" and lenient[0]["warnings"]
    assert set(lenient[1]) == {"error"}
