"""Systems Manager collector: managed nodes with their patch and association compliance
summaries, and the account's own documents with their sharing.

``ListResourceComplianceSummaries`` (compliance types ``Patch`` and ``Association``) is one
regional listing that covers every node Patch Manager has scanned and every node a State
Manager association has run on; a node it does not list for a type has no such summary.
Documents: ``ListDocuments`` (owner ``Self``), then ``DescribeDocumentPermission`` per
document, the only read that says whom a document is shared with.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ...snapshot import Resource
from ...snapshot.ssm import SsmDocument, SsmManagedInstance
from ..registry import collector
from ..unit import Unit

_SUMMARIES = [{"Key": "ComplianceType", "Values": ["Patch", "Association"], "Type": "EQUAL"}]
_OWN = [{"Key": "Owner", "Values": ["Self"]}]


@collector(
    service="ssm",
    scope="regional",
    operations=(
        "ssm:DescribeInstanceInformation",
        "ssm:ListResourceComplianceSummaries",
        "ssm:ListDocuments",
        "ssm:DescribeDocumentPermission",
    ),
)
def collect_ssm(unit: Unit) -> Iterator[Resource]:
    """Every managed node in the region, with its last patch and association compliance
    summaries, and every document the account owns.
    """
    nodes = unit.pages("describe_instance_information", "InstanceInformationList")
    summaries = {
        (item.get("ComplianceType", ""), item["ResourceId"]): item
        for item in unit.pages(
            "list_resource_compliance_summaries",
            "ResourceComplianceSummaryItems",
            Filters=_SUMMARIES,
        )
        if item.get("ResourceId")
    }
    # InstanceId is optional in botocore's model but identifies the node: AWS omits it only
    # in a malformed answer, whose KeyError is a CollectorError gap.
    for raw in nodes:
        instance_id = raw["InstanceId"]
        yield _node(
            unit,
            raw,
            summaries.get(("Patch", instance_id)),
            summaries.get(("Association", instance_id)),
        )
    documents = unit.pages("list_documents", "DocumentIdentifiers", Filters=_OWN)
    yield from unit.fan_out(lambda raw: _document(unit, raw), documents)


def _document(unit: Unit, raw: dict[str, Any]) -> SsmDocument:
    # Name is optional in botocore's model but identifies the document: AWS omits it only in
    # a malformed answer, whose KeyError is a CollectorError gap.
    name = raw["Name"]
    arn = unit.arn(f"document/{name}")
    answer = unit.call(
        "describe_document_permission", resource_arn=arn, Name=name, PermissionType="Share"
    )
    return SsmDocument(
        arn=arn,
        name=name,
        account_id=unit.account_id,
        region=unit.region,
        document_type=raw.get("DocumentType", ""),
        shared_with=tuple((answer or {}).get("AccountIds") or ()),
    )


def _node(
    unit: Unit,
    raw: dict[str, Any],
    summary: dict[str, Any] | None,
    association: dict[str, Any] | None,
) -> SsmManagedInstance:
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
        association_status=association.get("Status") if association else None,
        association_non_compliant=((association or {}).get("NonCompliantSummary") or {}).get(
            "NonCompliantCount", 0
        ),
    )
