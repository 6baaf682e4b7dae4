"""KMS collector: keys, their rotation status, key policies and aliases."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from functools import partial
from typing import Any

from ...snapshot import Resource
from ...snapshot.kms import KmsKey
from ..registry import collector
from ..unit import Unit


@collector(
    service="kms",
    scope="regional",
    operations=(
        "kms:ListKeys",
        "kms:ListAliases",
        "kms:DescribeKey",
        "kms:GetKeyRotationStatus",
        "kms:GetKeyPolicy",
    ),
)
def collect_kms(unit: Unit) -> Iterator[Resource]:
    """Every key in the region; rotation and policy are read for customer-managed keys."""
    # AliasName, KeyId, KeyArn and DescribeKey's KeyMetadata are optional in botocore's
    # model but identify the alias or key: AWS omits them only in a malformed answer, whose
    # KeyError is a CollectorError gap (a key silently left out would pass for none).
    listed_aliases, keys = unit.both(
        partial(unit.pages, "list_aliases", "Aliases"), partial(unit.pages, "list_keys", "Keys")
    )
    aliases: dict[str, list[str]] = defaultdict(list)
    for alias in listed_aliases:
        if alias.get("TargetKeyId"):
            aliases[alias["TargetKeyId"]].append(alias["AliasName"])
    found = unit.fan_out(lambda listed: _key(unit, listed, aliases.get(listed["KeyId"], [])), keys)
    yield from (key for key in found if key is not None)


def _key(unit: Unit, listed: dict[str, Any], aliases: list[str]) -> KmsKey | None:
    key_id, arn = listed["KeyId"], listed["KeyArn"]
    described = unit.call("describe_key", resource_arn=arn, KeyId=key_id)
    if described is None:
        return None  # the gap on DescribeKey marks the inventory incomplete
    meta = described["KeyMetadata"]
    customer = meta.get("KeyManager") == "CUSTOMER"
    rotation = None
    policy = None
    if customer and meta.get("KeyState") != "PendingDeletion":
        rotation_answer = unit.call("get_key_rotation_status", resource_arn=arn, KeyId=key_id)
        if rotation_answer is not None:
            rotation = bool(rotation_answer.get("KeyRotationEnabled"))
    if customer:
        policy_answer = unit.call(
            "get_key_policy", resource_arn=arn, KeyId=key_id, PolicyName="default"
        )
        policy = unit.document(
            (policy_answer or {}).get("Policy"), "get_key_policy", resource_arn=arn
        )
    return KmsKey(
        arn=arn,
        name=aliases[0] if aliases else key_id,
        account_id=unit.account_id,
        region=unit.region,
        key_id=key_id,
        manager=meta.get("KeyManager", "CUSTOMER"),
        state=meta.get("KeyState", "Enabled"),
        spec=meta.get("KeySpec", "SYMMETRIC_DEFAULT"),
        usage=meta.get("KeyUsage", "ENCRYPT_DECRYPT"),
        origin=meta.get("Origin", "AWS_KMS"),
        rotation_enabled=rotation,
        deletion_date=meta.get("DeletionDate"),
        policy=policy,
        aliases=tuple(sorted(aliases)),
    )
