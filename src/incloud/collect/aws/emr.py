"""Amazon EMR collector: active clusters with the public addresses of their primary nodes,
and the region's block public access setting.

``ListClusters`` names the active clusters; per cluster ``DescribeCluster`` says whether it
uses instance groups or instance fleets, and ``ListInstances`` (filtered to the primary group
or fleet, instances not ended) gives the primary nodes' public addresses.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ...snapshot import Resource
from ...snapshot.emr import EmrBlockPublicAccess, EmrCluster, PortRange
from ..registry import collector
from ..unit import Unit

ACTIVE = ["STARTING", "BOOTSTRAPPING", "RUNNING", "WAITING"]
LIVE_INSTANCES = ["AWAITING_FULFILLMENT", "PROVISIONING", "BOOTSTRAPPING", "RUNNING"]
ARN_SERVICE = "elasticmapreduce"
"""EMR's ARNs name the IAM prefix, not the ``emr`` client."""


@collector(
    service="emr",
    scope="regional",
    operations=(
        "emr:ListClusters",
        "emr:DescribeCluster",
        "emr:ListInstances",
        "emr:GetBlockPublicAccessConfiguration",
    ),
)
def collect_emr(unit: Unit) -> Iterator[Resource]:
    """Every active cluster in the region, and the region's block public access setting."""
    summaries, setting = unit.both(
        lambda: unit.pages("list_clusters", "Clusters", ClusterStates=ACTIVE),
        lambda: _block_public_access(unit),
    )
    yield setting
    yield from unit.fan_out(lambda raw: _cluster(unit, raw), summaries)


def _cluster(unit: Unit, summary: dict[str, Any]) -> EmrCluster:
    cluster_id = summary["Id"]  # identifies the cluster (optional in botocore's model)
    arn = summary.get("ClusterArn") or unit.arn(f"cluster/{cluster_id}", service=ARN_SERVICE)
    return EmrCluster(
        arn=arn,
        name=summary.get("Name") or cluster_id,
        account_id=unit.account_id,
        region=unit.region,
        cluster_id=cluster_id,
        state=summary.get("Status", {}).get("State", "RUNNING"),
        primary_public_ips=_primary_addresses(unit, cluster_id, arn),
    )


def _primary_addresses(unit: Unit, cluster_id: str, arn: str) -> tuple[str, ...] | None:
    """The public IPv4 addresses of the cluster's primary nodes; None when not read."""
    described = unit.call("describe_cluster", resource_arn=arn, ClusterId=cluster_id)
    if described is None:
        return None
    fleets = described.get("Cluster", {}).get("InstanceCollectionType") == "INSTANCE_FLEET"
    primary: dict[str, Any] = (
        {"InstanceFleetType": "MASTER"} if fleets else {"InstanceGroupTypes": ["MASTER"]}
    )
    instances: list[dict[str, Any]] = []
    token: dict[str, str] = {}
    while True:
        page = unit.call(
            "list_instances",
            resource_arn=arn,
            ClusterId=cluster_id,
            InstanceStates=LIVE_INSTANCES,
            **primary,
            **token,
        )
        if page is None:
            return None
        instances.extend(page.get("Instances", []))
        if not page.get("Marker"):
            break
        token = {"Marker": page["Marker"]}
    return tuple(sorted(i["PublicIpAddress"] for i in instances if i.get("PublicIpAddress")))


def _block_public_access(unit: Unit) -> EmrBlockPublicAccess:
    """The region's setting; ``enabled`` None when it was not read (a gap)."""
    answer = unit.call("get_block_public_access_configuration")
    # BlockPublicAccessConfiguration and its BlockPublicSecurityGroupRules are required in
    # botocore's model: an answer without them is malformed, and the setting unknown.
    raw = (answer or {}).get("BlockPublicAccessConfiguration", {})
    enabled = raw.get("BlockPublicSecurityGroupRules")
    if answer is not None and enabled is None:
        unit.malformed("get_block_public_access_configuration", "no BlockPublicSecurityGroupRules")
    return EmrBlockPublicAccess(
        arn=unit.arn("block-public-access-configuration", service=ARN_SERVICE),
        name=unit.region,
        account_id=unit.account_id,
        region=unit.region,
        enabled=enabled,
        permitted_ranges=tuple(
            PortRange(low=r["MinRange"], high=r.get("MaxRange", r["MinRange"]))
            for r in raw.get("PermittedPublicSecurityGroupRuleRanges", [])
        ),
    )
