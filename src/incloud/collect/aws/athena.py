"""Amazon Athena collector: workgroups, one ``GetWorkGroup`` each for its configuration
(the listing carries none).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ...snapshot import Resource
from ...snapshot.athena import AthenaWorkGroup
from ..registry import collector
from ..unit import Unit
from ._tokens import token_pages


@collector(
    service="athena",
    scope="regional",
    operations=("athena:ListWorkGroups", "athena:GetWorkGroup"),
)
def collect_athena(unit: Unit) -> Iterator[Resource]:
    """Every workgroup in the region, with how it encrypts query results."""
    groups = token_pages(unit, "list_work_groups", "WorkGroups")
    yield from unit.fan_out(lambda raw: _work_group(unit, raw), groups)


def _work_group(unit: Unit, summary: dict[str, Any]) -> AthenaWorkGroup:
    name = summary["Name"]  # identifies the workgroup (optional in botocore's model)
    arn = unit.arn(f"workgroup/{name}")
    answer = unit.call("get_work_group", resource_arn=arn, WorkGroup=name)
    config: dict[str, Any] = (answer or {}).get("WorkGroup", {}).get("Configuration", {})
    return AthenaWorkGroup(
        arn=arn,
        name=name,
        account_id=unit.account_id,
        region=unit.region,
        state=summary.get("State", "ENABLED"),
        results_encryption=_results_encryption(config),
        enforced=bool(config.get("EnforceWorkGroupConfiguration")),
    )


def _results_encryption(config: dict[str, Any]) -> str | None:
    """How query results are encrypted: results Athena manages itself are always encrypted;
    otherwise the result location's encryption option, None when there is none.
    """
    if config.get("ManagedQueryResultsConfiguration", {}).get("Enabled"):
        return "MANAGED"
    result = config.get("ResultConfiguration", {})
    option = result.get("EncryptionConfiguration", {}).get("EncryptionOption")
    return str(option) if option else None
