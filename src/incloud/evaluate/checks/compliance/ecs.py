"""ECS logging and monitoring: container logs, cluster Container Insights."""

from __future__ import annotations

from ....snapshot.ecs import EcsCluster
from ...check import Domain, Outcome, Severity, check, failed, passed, unknown
from ...context import Context
from ..application.ecs import container_check

ecs_task_definition_logging = container_check(
    id="ecs.task-definition-logging",
    domain=Domain.COMPLIANCE,
    severity=Severity.HIGH,
    is_ok=lambda c: c.log_driver is not None,
    fault="have no log configuration",
    ok="send their output to a log driver",
    latest_only=True,
    doc="""\
    The latest revision of each task definition gives every container a log configuration.

    Without `logConfiguration` a container's standard output and error stay on the host
    (EC2) or are lost (Fargate): what the application printed before a crash or during an
    intrusion cannot be read afterwards (Security Hub ECS.9, which judges each family's
    latest active revision; older revisions are not applicable here either).

    Remediation: add a log configuration to each container definition, e.g.
    `"logConfiguration": {"logDriver": "awslogs", "options": {"awslogs-group": "/ecs/app",
    "awslogs-region": "REGION", "awslogs-stream-prefix": "app"}}`, and register a new
    revision with `aws ecs register-task-definition`; Terraform `logConfiguration` in
    `container_definitions` of `aws_ecs_task_definition`.
    """,
)


@check(
    id="ecs.cluster-container-insights",
    domain=Domain.COMPLIANCE,
    severity=Severity.MEDIUM,
    resource=EcsCluster,
    requires=("ecs:DescribeClusters",),
)
def cluster_container_insights(cluster: EcsCluster, ctx: Context) -> Outcome:
    """ECS clusters have Container Insights turned on.

    Container Insights collects each cluster's, service's and task's CPU, memory, network
    and restart metrics and events into CloudWatch: the record that shows a task crash-
    looping, a resource being exhausted or a container behaving unlike its peers (Security
    Hub ECS.12; ECS Developer Guide, "Monitor Amazon ECS containers using Container
    Insights"). `enabled` and `enhanced` (with enhanced observability) pass.

    Remediation: `aws ecs update-cluster-settings --cluster CLUSTER --settings
    name=containerInsights,value=enabled` (set the account default with `aws ecs
    put-account-setting --name containerInsights --value enabled`); Terraform `setting {
    name = "containerInsights" value = "enabled" }` on `aws_ecs_cluster`.
    """
    setting = cluster.container_insights
    if setting is None:
        return unknown("the cluster's settings were not read")
    if setting in ("enabled", "enhanced"):
        return passed(f"Container Insights {setting}")
    return failed(f"Container Insights {setting}", container_insights=setting)
