"""The rules every snapshot obeys, however it is built: read from a file, collected, or
assembled by hand.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from incloud.errors import InputError
from incloud.jsondoc import MAX_DEPTH
from incloud.snapshot import Account, Snapshot, io, load_snapshot, save_snapshot
from incloud.snapshot.iam import IamUser
from incloud.snapshot.s3 import S3Bucket

from .samples import assert_clear_line, saved_document, write

ACCOUNT = "123456789012"
STRANGER = "999999999999"
WHEN = datetime(2026, 11, 1, tzinfo=UTC)


def _load(tmp_path: Path, document: dict[str, Any]) -> str:
    """The one-line error that loading ``document`` gives."""
    with pytest.raises(InputError) as caught:
        load_snapshot(write(tmp_path, json.dumps(document).encode()))
    return assert_clear_line(caught)


def _bucket(name: str, account: str = ACCOUNT) -> S3Bucket:
    return S3Bucket(arn=f"arn:aws:s3:::{name}", name=name, account_id=account, region="us-east-1")


def test_a_snapshot_needs_an_account(tmp_path: Path) -> None:
    document = saved_document(tmp_path) | {"accounts": [], "resources": [], "gaps": []}
    assert _load(tmp_path, document).endswith("is not a valid snapshot: it lists no accounts")


def test_resources_belong_to_a_listed_account(tmp_path: Path) -> None:
    document = saved_document(tmp_path)
    document["resources"][0]["account_id"] = STRANGER
    arn = document["resources"][0]["arn"]
    assert _load(tmp_path, document).endswith(
        f"is not a valid snapshot: resource {arn!r} belongs to account {STRANGER!r}, "
        "which is not one of the snapshot's accounts"
    )


def test_gaps_belong_to_a_listed_account(tmp_path: Path) -> None:
    document = saved_document(tmp_path)
    document["gaps"][0]["account_id"] = STRANGER
    assert _load(tmp_path, document).endswith(
        f"is not a valid snapshot: gap 'kms:ListKeys' belongs to account {STRANGER!r}, "
        "which is not one of the snapshot's accounts"
    )


def test_a_resource_appears_once(tmp_path: Path) -> None:
    document = saved_document(tmp_path)
    twin = document["resources"][0] | {"versioning": "Enabled"}
    document["resources"].append(twin)
    assert _load(tmp_path, document).endswith(
        f"is not a valid snapshot: resource {twin['arn']!r} of kind 's3.bucket' appears twice"
    )


def test_an_account_appears_once(tmp_path: Path) -> None:
    document = saved_document(tmp_path)
    document["accounts"].append(document["accounts"][0] | {"regions": []})
    assert _load(tmp_path, document).endswith(
        f"is not a valid snapshot: account {ACCOUNT!r} is listed twice"
    )


def test_rule_messages_are_clipped(tmp_path: Path) -> None:
    document = saved_document(tmp_path)
    document["resources"][0]["account_id"] = "7\n" * 50_000
    document["resources"][0]["arn"] = "arn\x00" * 50_000
    assert "not one of the snapshot's accounts" in _load(tmp_path, document)


def test_rules_hold_for_snapshots_built_in_code() -> None:
    account = Account(account_id=ACCOUNT)
    with pytest.raises(ValidationError, match="lists no accounts"):
        Snapshot(collected_at=WHEN, accounts=())
    with pytest.raises(ValidationError, match="not one of the snapshot's accounts"):
        Snapshot(collected_at=WHEN, accounts=(account,), resources=(_bucket("a", STRANGER),))
    with pytest.raises(ValidationError, match="appears twice"):
        Snapshot(collected_at=WHEN, accounts=(account,), resources=(_bucket("a"), _bucket("a")))
    with pytest.raises(ValidationError, match="schema_version"):
        Snapshot(collected_at=WHEN, accounts=(account,), schema_version=True)
    two = Snapshot(
        collected_at=WHEN,
        accounts=(account, Account(account_id=STRANGER)),
        resources=(_bucket("a"), _bucket("b", STRANGER)),
    )
    assert [r.account_id for r in two.resources] == [ACCOUNT, STRANGER]


@pytest.mark.parametrize("version", [True, 1.0, "1"])
def test_schema_version_is_strict_in_the_model(version: object) -> None:
    with pytest.raises(ValidationError, match="schema_version"):
        Snapshot.model_validate(
            {"schema_version": version, "collected_at": WHEN, "accounts": [{"account_id": "1"}]}
        )


def _nested(depth: int) -> dict[str, Any]:
    """A policy-like object that nests exactly ``depth`` levels."""
    document: dict[str, Any] = {"Effect": "Allow"}
    for _ in range(depth - 1):
        document = {"Statement": document}
    return document


def test_json_documents_are_bounded() -> None:
    deepest = S3Bucket.model_validate(_bucket("a").model_dump() | {"policy": _nested(MAX_DEPTH)})
    assert deepest.policy == _nested(MAX_DEPTH)
    for depth in (MAX_DEPTH + 1, 300):
        with pytest.raises(ValidationError, match=f"nested deeper than {MAX_DEPTH} levels"):
            S3Bucket.model_validate(_bucket("a").model_dump() | {"policy": _nested(depth)})
    with pytest.raises(ValidationError, match="nested deeper than"):
        IamUser(
            arn="arn:aws:iam::1:user/u",
            name="u",
            account_id="1",
            region="global",
            inline_policies={"ok": _nested(2), "deep": _nested(MAX_DEPTH + 1)},
        )


def test_a_deep_document_in_a_file_is_refused(tmp_path: Path) -> None:
    document = saved_document(tmp_path)
    document["resources"][0]["policy"] = _nested(MAX_DEPTH + 1)
    assert _load(tmp_path, document).endswith(
        "is not a valid snapshot: resources.0.s3.bucket.policy: "
        f"JSON document nested deeper than {MAX_DEPTH} levels"
    )


@pytest.mark.parametrize("name", ["deep.json", "deep.json.gz"])
def test_the_deepest_valid_documents_save_and_load_back(tmp_path: Path, name: str) -> None:
    """Every snapshot that validates can be saved and read back, however deep its policies."""
    user = IamUser(
        arn="arn:aws:iam::1:user/u",
        name="u",
        account_id="1",
        region="global",
        inline_policies={"deep": _nested(MAX_DEPTH)},
    )
    snapshot = Snapshot(
        collected_at=WHEN,
        accounts=(Account(account_id="1"),),
        resources=(user, _bucket("b", "1").model_copy(update={"policy": _nested(MAX_DEPTH)})),
    )
    save_snapshot(snapshot, tmp_path / name)
    assert load_snapshot(tmp_path / name) == snapshot


def _schema_depth(schema: dict[str, Any], definitions: dict[str, Any]) -> int:
    """How deeply a document of ``schema`` can nest; a free-form object is a JSON document."""
    if "$ref" in schema:
        return _schema_depth(definitions[schema["$ref"].rsplit("/", 1)[1]], definitions)
    choices = schema.get("anyOf", []) + schema.get("oneOf", [])
    if choices:
        return max(_schema_depth(choice, definitions) for choice in choices)
    if schema.get("type") == "array":
        return 1 + _schema_depth(schema.get("items", {}), definitions)
    if schema.get("type") != "object":
        return 0
    extra = schema.get("additionalProperties")
    if extra is True:
        return MAX_DEPTH
    children = [*schema.get("properties", {}).values()]
    if isinstance(extra, dict):
        children.append(extra)
    return 1 + max((_schema_depth(child, definitions) for child in children), default=0)


def test_the_file_depth_limit_admits_every_valid_snapshot() -> None:
    schema = Snapshot.model_json_schema()
    deepest = _schema_depth(schema, schema["$defs"])
    assert deepest > MAX_DEPTH  # the walk reached the JSON documents
    assert deepest <= io.MAX_FILE_DEPTH


@pytest.mark.parametrize(
    ("where", "value"),
    [("name", "\ud800"), ("policy Sid", "x\udfff"), ("condition key", "\udbff")],
)
def test_a_string_that_is_not_text_is_refused_as_one_line(
    tmp_path: Path, where: str, value: str
) -> None:
    # json.loads accepts "\ud800"; before, the snapshot loaded and every JSON report (and
    # saving it again) raised PydanticSerializationError: 'utf-8' codec can't encode.
    document = saved_document(tmp_path)
    bucket = document["resources"][0]
    if where == "name":
        bucket["name"] = value
    elif where == "policy Sid":
        bucket["policy"]["Statement"][0]["Sid"] = value
    else:
        bucket["policy"]["Statement"][0]["Condition"] = {"StringEquals": {value: "v"}}
    message = _load(tmp_path, document)
    assert message.endswith("unpaired UTF-16 surrogate (U+D800-U+DFFF), which is not text)")


def test_a_surrogate_pair_is_one_character_and_loads(tmp_path: Path) -> None:
    document = saved_document(tmp_path)
    document["resources"][0]["policy"]["Statement"][0]["Sid"] = "\U0001f600"
    text = json.dumps(document)
    assert "\\ud83d\\ude00" in text  # the pair, as JSON writes it
    bucket = load_snapshot(write(tmp_path, text.encode())).resources[0]
    assert isinstance(bucket, S3Bucket)
    assert bucket.policy is not None
    assert bucket.policy["Statement"][0]["Sid"] == "\U0001f600"


NETWORK: dict[str, dict[str, Any]] = {
    "ec2.subnet": {"subnet_id": "subnet-1", "vpc_id": "vpc-1", "cidr_block": "10.0.0.0/24"},
    "ec2.vpc": {"vpc_id": "vpc-1", "cidr_block": "10.0.0.0/16"},
    "ec2.network-interface": {"interface_id": "eni-1", "private_ips": ["10.0.0.5"]},
    "ec2.elastic-ip": {"allocation_id": "eipalloc-1", "public_ip": "203.0.113.7"},
    "ec2.prefix-list": {"prefix_list_id": "pl-1", "entries": ["10.1.0.0/16", "2001:db8::/32"]},
    "ec2.security-group": {
        "group_id": "sg-1",
        "ingress": [{"protocol": "tcp", "from_port": 22, "to_port": 22, "cidr_ipv4": "0.0.0.0/0"}],
    },
    "eks.cluster": {"public_access_cidrs": ["0.0.0.0/0", "2001:db8::/32"]},
}
"""One resource of each EC2 kind whose addresses or blocks the reachability engine reads."""


@pytest.mark.parametrize(
    ("kind", "field", "value"),
    [
        ("ec2.subnet", "cidr_block", "999.1.1.1"),
        ("ec2.subnet", "ipv6_cidr_blocks", ["10.0.0.0/8"]),
        ("ec2.vpc", "cidr_block", "arn:"),
        ("ec2.network-interface", "private_ips", ["10.0.0.0/33"]),
        ("ec2.network-interface", "public_ips", ["\x1b[2J"]),
        ("ec2.elastic-ip", "public_ip", "203.0.113"),
        ("ec2.prefix-list", "entries", ["10.1.0.0/99"]),
        ("ec2.security-group", "ingress", [{"protocol": "tcp", "cidr_ipv4": "arn:"}]),
        ("ec2.security-group", "ingress", [{"protocol": "tcp", "cidr_ipv6": "0.0.0.0/0"}]),
        ("eks.cluster", "public_access_cidrs", ["arn:aws:iam::123456789012:role/*"]),
    ],
)
def test_addresses_and_blocks_are_checked_on_load(
    tmp_path: Path, kind: str, field: str, value: object
) -> None:
    # Before: the snapshot loaded and the reachability engine's ipaddress.ip_network raised a
    # ValueError traceback in the middle of `incloud evaluate` (found by fuzzing evaluation).
    document = saved_document(tmp_path)
    resource = {
        "kind": kind,
        "arn": f"arn:aws:ec2:us-east-1:{ACCOUNT}:{kind}/x",
        "name": "x",
        "account_id": ACCOUNT,
        "region": "us-east-1",
        **NETWORK[kind],
        field: value,
    }
    document["resources"].append(resource)
    message = _load(tmp_path, document)
    assert f"{kind}.{field}" in message
    assert "not a" in message


def test_valid_addresses_and_blocks_load(tmp_path: Path) -> None:
    document = saved_document(tmp_path)
    for kind, fields in NETWORK.items():
        document["resources"].append(
            {
                "kind": kind,
                "arn": f"arn:aws:ec2:us-east-1:{ACCOUNT}:{kind}/x",
                "name": "x",
                "account_id": ACCOUNT,
                "region": "us-east-1",
                **fields,
            }
        )
    loaded = load_snapshot(write(tmp_path, json.dumps(document).encode()))
    assert {r.kind for r in loaded.resources} >= set(NETWORK)
