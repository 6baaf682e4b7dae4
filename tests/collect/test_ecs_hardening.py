"""ECS hardening reads on moto: container definitions, cluster settings, service network and
platform, and the verdicts of the FSBP ECS checks on what is collected.
"""

from __future__ import annotations

import pytest
from moto.core.models import MockAWS

from incloud.collect.runner import collect
from incloud.collect.session import AwsSession
from incloud.evaluate import Verdict, evaluate, select_checks
from incloud.snapshot import Snapshot
from incloud.snapshot.ecs import EcsCluster, EcsContainer, EcsService, EcsTaskDefinition
from tests.collect.moto_account import raw_client

CHECKS = (
    "ecs.containers-not-privileged",
    "ecs.containers-read-only-root",
    "ecs.host-network-user",
    "ecs.no-host-pid-namespace",
    "ecs.task-definition-logging",
    "ecs.cluster-container-insights",
    "ecs.service-no-public-ip",
    "ecs.fargate-latest-platform",
)


@pytest.fixture(scope="module")
def snapshot(moto_module: tuple[MockAWS, AwsSession]) -> Snapshot:
    mock, session = moto_module
    mock.reset()
    ecs = raw_client("ecs")
    base = {"image": "app:1", "memory": 256}
    ecs.register_task_definition(
        family="legacy",
        networkMode="host",
        pidMode="host",
        containerDefinitions=[
            {**base, "name": "app", "privileged": True},
            {**base, "name": "side"},
        ],
    )
    ecs.register_task_definition(
        family="hardened",
        networkMode="awsvpc",
        requiresCompatibilities=["FARGATE"],
        cpu="256",
        memory="512",
        containerDefinitions=[
            {
                **base,
                "name": "app",
                "user": "1000",
                "readonlyRootFilesystem": True,
                "logConfiguration": {"logDriver": "awslogs", "options": {"awslogs-group": "/a"}},
            }
        ],
    )
    ecs.create_cluster(
        clusterName="watched", settings=[{"name": "containerInsights", "value": "enabled"}]
    )
    ecs.create_cluster(clusterName="dark")
    ec2 = raw_client("ec2")
    vpc = ec2.create_vpc(CidrBlock="10.9.0.0/16")["Vpc"]["VpcId"]
    subnet = ec2.create_subnet(VpcId=vpc, CidrBlock="10.9.1.0/24")["Subnet"]["SubnetId"]
    group = ec2.create_security_group(GroupName="tasks", Description="tasks", VpcId=vpc)["GroupId"]
    private = {"subnets": [subnet], "securityGroups": [group]}
    network = {"awsvpcConfiguration": {**private, "assignPublicIp": "ENABLED"}}
    ecs.create_service(
        cluster="watched",
        serviceName="public",
        taskDefinition="hardened",
        desiredCount=0,
        launchType="FARGATE",
        platformVersion="1.3.0",
        networkConfiguration=network,
    )
    ecs.create_service(
        cluster="watched",
        serviceName="private",
        taskDefinition="hardened",
        desiredCount=0,
        launchType="FARGATE",
        platformVersion="LATEST",
        networkConfiguration={"awsvpcConfiguration": private},
    )
    return collect(session, services=["ecs"])


def test_task_definitions_carry_container_hardening(snapshot: Snapshot) -> None:
    assert snapshot.gaps == ()
    tasks = {t.family: t for t in snapshot.of_type(EcsTaskDefinition)}
    legacy, hardened = tasks["legacy"], tasks["hardened"]
    assert (legacy.network_mode, legacy.pid_mode) == ("host", "host")
    assert legacy.containers == (
        EcsContainer(name="app", privileged=True),
        EcsContainer(name="side"),
    )
    assert (hardened.network_mode, hardened.pid_mode) == ("awsvpc", None)
    assert hardened.containers == (
        EcsContainer(name="app", readonly_root_filesystem=True, user="1000", log_driver="awslogs"),
    )


def test_clusters_and_services_carry_settings_and_network(snapshot: Snapshot) -> None:
    clusters = {c.name: c.container_insights for c in snapshot.of_type(EcsCluster)}
    assert clusters == {"watched": "enabled", "dark": "disabled"}
    services = {s.name: s for s in snapshot.of_type(EcsService)}
    public, private = services["public"], services["private"]
    assert public.described and public.on_fargate
    assert (public.assign_public_ip, public.platform_version) == (True, "1.3.0")
    assert (private.assign_public_ip, private.platform_version) == (False, "LATEST")


def test_verdicts_on_what_is_collected(snapshot: Snapshot) -> None:
    found = {
        (f.check_id, f.resource_name): f.verdict
        for f in evaluate(snapshot, select_checks(ids=CHECKS)).findings
    }
    assert found == {
        ("ecs.containers-not-privileged", "legacy:1"): Verdict.FAIL,
        ("ecs.containers-not-privileged", "hardened:1"): Verdict.PASS,
        ("ecs.containers-read-only-root", "legacy:1"): Verdict.FAIL,
        ("ecs.containers-read-only-root", "hardened:1"): Verdict.PASS,
        ("ecs.host-network-user", "legacy:1"): Verdict.FAIL,
        ("ecs.host-network-user", "hardened:1"): Verdict.NOT_APPLICABLE,
        ("ecs.no-host-pid-namespace", "legacy:1"): Verdict.FAIL,
        ("ecs.no-host-pid-namespace", "hardened:1"): Verdict.PASS,
        ("ecs.task-definition-logging", "legacy:1"): Verdict.FAIL,
        ("ecs.task-definition-logging", "hardened:1"): Verdict.PASS,
        ("ecs.cluster-container-insights", "watched"): Verdict.PASS,
        ("ecs.cluster-container-insights", "dark"): Verdict.FAIL,
        ("ecs.service-no-public-ip", "public"): Verdict.FAIL,
        ("ecs.service-no-public-ip", "private"): Verdict.PASS,
        ("ecs.fargate-latest-platform", "public"): Verdict.FAIL,
        ("ecs.fargate-latest-platform", "private"): Verdict.PASS,
    }
