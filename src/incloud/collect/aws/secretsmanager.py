"""Secrets Manager collector: secret metadata from ``ListSecrets``, one paginated call.

``ListSecrets`` carries rotation settings and dates; ``GetResourcePolicy`` (per secret) the
policy that says who else may read it. Secret values are never read: ``GetSecretValue`` is
refused by the read-only guard in any case.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ...snapshot import Resource
from ...snapshot.secretsmanager import Secret
from ..registry import collector
from ..unit import Unit


@collector(
    service="secretsmanager",
    scope="regional",
    operations=("secretsmanager:ListSecrets", "secretsmanager:GetResourcePolicy"),
)
def collect_secretsmanager(unit: Unit) -> Iterator[Resource]:
    """Every secret in the region (those scheduled for deletion are not listed), with its
    resource policy.
    """
    secrets = unit.pages("list_secrets", "SecretList")
    yield from unit.fan_out(lambda raw: _secret(unit, raw), secrets)


def _secret(unit: Unit, raw: dict[str, Any]) -> Secret:
    # ARN is optional in botocore's model but identifies the secret: AWS omits it only in a
    # malformed answer, whose KeyError is a CollectorError gap.
    rules = raw.get("RotationRules") or {}
    answer = unit.call("get_resource_policy", resource_arn=raw["ARN"], SecretId=raw["ARN"])
    policy = (answer or {}).get("ResourcePolicy")
    return Secret(
        arn=raw["ARN"],
        name=raw.get("Name", raw["ARN"]),
        account_id=unit.account_id,
        region=unit.region,
        rotation_enabled=bool(raw.get("RotationEnabled")),
        rotation_days=rules.get("AutomaticallyAfterDays"),
        rotation_schedule=rules.get("ScheduleExpression"),
        rotation_lambda_arn=raw.get("RotationLambdaARN"),
        last_rotated=raw.get("LastRotatedDate"),
        last_changed=raw.get("LastChangedDate"),
        last_accessed=raw.get("LastAccessedDate"),
        next_rotation=raw.get("NextRotationDate"),
        created=raw.get("CreatedDate"),
        kms_key_id=raw.get("KmsKeyId"),
        owning_service=raw.get("OwningService"),
        primary_region=raw.get("PrimaryRegion"),
        policy=unit.document(policy, "get_resource_policy", resource_arn=raw["ARN"]),
    )
