"""AWS CodeDeploy collector: applications, then each application's deployment groups,
described a hundred at a time (``ListApplications`` per region, then ``ListDeploymentGroups``
and one ``BatchGetDeploymentGroups`` per hundred groups for each application).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ...snapshot import Resource
from ...snapshot.codedeploy import CodeDeployDeploymentGroup, Ec2TagFilter
from ..registry import collector
from ..unit import Unit

BATCH_GET_DEPLOYMENT_GROUPS = 100
"""The most names ``BatchGetDeploymentGroups`` takes at once (CodeDeploy API Reference)."""


@collector(
    service="codedeploy",
    scope="regional",
    operations=(
        "codedeploy:ListApplications",
        "codedeploy:ListDeploymentGroups",
        "codedeploy:BatchGetDeploymentGroups",
    ),
)
def collect_codedeploy(unit: Unit) -> Iterator[Resource]:
    """Every deployment group of every application in the region."""
    applications: list[str] = unit.pages("list_applications", "applications")
    for groups in unit.fan_out(lambda name: _groups(unit, name), applications):
        yield from groups


def _groups(unit: Unit, application: str) -> list[CodeDeployDeploymentGroup]:
    names: list[str] = unit.pages(
        "list_deployment_groups", "deploymentGroups", applicationName=application
    )
    described: dict[str, dict[str, Any]] = {}
    for start in range(0, len(names), BATCH_GET_DEPLOYMENT_GROUPS):
        answer = unit.call(
            "batch_get_deployment_groups",
            resource_arn=unit.arn(f"application:{application}"),
            applicationName=application,
            deploymentGroupNames=names[start : start + BATCH_GET_DEPLOYMENT_GROUPS],
        )
        for raw in (answer or {}).get("deploymentGroupsInfo", []):
            described[raw.get("deploymentGroupName", "")] = raw
    out = []
    for name in names:
        raw = described.get(name)
        if raw is None:
            continue  # not described (a gap): its targets are unknown, so it is no workload
        tag_set = (raw.get("ec2TagSet") or {}).get("ec2TagSetList") or []
        out.append(
            CodeDeployDeploymentGroup(
                arn=unit.arn(f"deploymentgroup:{application}/{name}"),
                name=f"{application}/{name}",
                account_id=unit.account_id,
                region=unit.region,
                application_name=application,
                compute_platform=raw.get("computePlatform") or "Server",
                ec2_tag_filters=_filters(raw.get("ec2TagFilters")),
                ec2_tag_set=tuple(_filters(group) for group in tag_set),
                auto_scaling_groups=tuple(
                    g["name"] for g in raw.get("autoScalingGroups") or [] if g.get("name")
                ),
            )
        )
    return out


def _filters(raw: list[dict[str, Any]] | None) -> tuple[Ec2TagFilter, ...]:
    return tuple(
        Ec2TagFilter(key=f.get("Key"), value=f.get("Value"), type=f.get("Type") or "KEY_AND_VALUE")
        for f in raw or []
    )
