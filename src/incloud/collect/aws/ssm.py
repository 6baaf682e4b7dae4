"""Systems Manager collector: managed nodes and their patch compliance summaries.

``ListResourceComplianceSummaries`` (compliance type ``Patch``) is one regional call that
covers every node Patch Manager has scanned; a node it does not list was never scanned.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ...snapshot import Resource
from ...snapshot.ssm import SsmManagedInstance
from ..registry import collector
from ..unit import Unit

_PATCH = [{"Key": "ComplianceType", "Values": ["Patch"], "Type": "EQUAL"}]


@collector(
    service="ssm",
    scope="regional",
    operations=("ssm:DescribeInstanceInformation", "ssm:ListResourceComplianceSummaries"),
)
def collect_ssm(unit: Unit) -> Iterator[Resource]:
    """Every managed node in the region, with its last patch compliance summary."""
    nodes = unit.pages("describe_instance_information", "InstanceInformationList")
    summaries = {
        item["ResourceId"]: item
        for item in unit.pages(
            "list_resource_compliance_summaries",
            "ResourceComplianceSummaryItems",
            Filters=_PATCH,
        )
        if item.get("ResourceId")
    }
    # InstanceId is optional in botocore's model but identifies the node: AWS omits it only
    # in a malformed answer, whose KeyError is a CollectorError gap.
    for raw in nodes:
        yield _node(unit, raw, summaries.get(raw["InstanceId"]))


def _node(unit: Unit, raw: dict[str, Any], summary: dict[str, Any] | None) -> SsmManagedInstance:
    instance_id = raw["InstanceId"]
    missing = ((summary or {}).get("NonCompliantSummary") or {}).get("SeveritySummary") or {}
    return SsmManagedInstance(
        arn=unit.arn(f"managed-instance/{instance_id}"),
        name=raw.get("ComputerName") or instance_id,
        account_id=unit.account_id,
        region=unit.region,
        instance_id=instance_id,
        resource_type=raw.get("ResourceType", "EC2Instance"),
        ping_status=raw.get("PingStatus", "Online"),
        last_ping=raw.get("LastPingDateTime"),
        platform_name=raw.get("PlatformName"),
        agent_version=raw.get("AgentVersion"),
        patch_status=summary.get("Status") if summary else None,
        patch_non_compliant=((summary or {}).get("NonCompliantSummary") or {}).get(
            "NonCompliantCount", 0
        ),
        patch_critical_missing=missing.get("CriticalCount", 0),
        patch_high_missing=missing.get("HighCount", 0),
        patch_scanned=((summary or {}).get("ExecutionSummary") or {}).get("ExecutionTime"),
    )
