"""AWS DMS collector: replication instances, replication tasks (with their logging settings)
and endpoints, each from one paginated bulk listing; no per-resource read.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

from ...snapshot import Resource
from ...snapshot.dms import DmsEndpoint, ReplicationInstance, ReplicationTask
from ..registry import collector
from ..unit import Unit


@collector(
    service="dms",
    scope="regional",
    operations=(
        "dms:DescribeReplicationInstances",
        "dms:DescribeReplicationTasks",
        "dms:DescribeEndpoints",
    ),
)
def collect_dms(unit: Unit) -> Iterator[Resource]:
    """Every replication instance, replication task and endpoint in the region."""
    yield from unit.gather(
        lambda: _instances(unit),
        lambda: _tasks(unit),
        lambda: _endpoints(unit),
    )


def _common(unit: Unit, arn: str, name: str) -> dict[str, str]:
    return {"arn": arn, "name": name, "account_id": unit.account_id, "region": unit.region}


def _instances(unit: Unit) -> list[ReplicationInstance]:
    # ARNs and identifiers are optional in botocore's model but name what they identify: a
    # malformed answer without them is a KeyError, a CollectorError gap.
    found = []
    for raw in unit.pages("describe_replication_instances", "ReplicationInstances"):
        subnet_group = raw.get("ReplicationSubnetGroup") or {}
        found.append(
            ReplicationInstance(
                **_common(
                    unit, raw["ReplicationInstanceArn"], raw["ReplicationInstanceIdentifier"]
                ),
                instance_class=raw.get("ReplicationInstanceClass", ""),
                engine_version=raw.get("EngineVersion", ""),
                publicly_accessible=raw.get("PubliclyAccessible"),
                auto_minor_version_upgrade=raw.get("AutoMinorVersionUpgrade"),
                multi_az=raw.get("MultiAZ"),
                vpc_id=subnet_group.get("VpcId") or None,
                security_group_ids=tuple(
                    g["VpcSecurityGroupId"] for g in raw.get("VpcSecurityGroups", [])
                ),
                subnet_ids=tuple(s["SubnetIdentifier"] for s in subnet_group.get("Subnets", [])),
            )
        )
    return found


def _tasks(unit: Unit) -> list[ReplicationTask]:
    found = []
    for raw in unit.pages("describe_replication_tasks", "ReplicationTasks"):
        arn = raw["ReplicationTaskArn"]
        enabled, severity = _logging(unit, raw.get("ReplicationTaskSettings"), arn)
        found.append(
            ReplicationTask(
                **_common(unit, arn, raw["ReplicationTaskIdentifier"]),
                migration_type=raw.get("MigrationType", ""),
                replication_instance_arn=raw.get("ReplicationInstanceArn", ""),
                source_endpoint_arn=raw.get("SourceEndpointArn", ""),
                target_endpoint_arn=raw.get("TargetEndpointArn", ""),
                status=raw.get("Status", ""),
                logging_enabled=enabled,
                log_severity=severity,
            )
        )
    return found


def _logging(unit: Unit, text: str | None, arn: str) -> tuple[bool | None, dict[str, str]]:
    """``Logging.EnableLogging`` and each component's severity from the task settings (a JSON
    string). Missing or unreadable settings are a gap on the task (logging unknown, never off
    or on by default).
    """
    try:
        settings = json.loads(text) if text else None
    except ValueError:
        settings = None
    logging = settings.get("Logging") if isinstance(settings, dict) else None
    if not isinstance(logging, dict) or not isinstance(logging.get("EnableLogging"), bool):
        unit.malformed(
            "describe_replication_tasks",
            "ReplicationTaskSettings carries no readable Logging.EnableLogging",
            resource_arn=arn,
        )
        return None, {}
    severity: dict[str, str] = {}
    for component in logging.get("LogComponents") or []:
        if isinstance(component, dict) and isinstance(component.get("Id"), str):
            severity[component["Id"]] = str(component.get("Severity", ""))
    return logging["EnableLogging"], severity


def _endpoints(unit: Unit) -> list[DmsEndpoint]:
    return [
        DmsEndpoint(
            **_common(unit, raw["EndpointArn"], raw["EndpointIdentifier"]),
            endpoint_type=str(raw.get("EndpointType", "")).upper(),
            engine_name=raw.get("EngineName", ""),
            ssl_mode=raw.get("SslMode"),
        )
        for raw in unit.pages("describe_endpoints", "Endpoints")
    ]
