"""FSBP on services incloud did not collect before (issue 18, part): EMR, MSK, AppSync,
Athena, CloudFormation notifications, Cognito, EventBridge, FSx, Kinesis, Macie, Private CA,
Route 53 and Step Functions collected from moto, and the checks that read them.

moto facts met here (moto 5.2): Elastic Beanstalk's ``DescribeConfigurationSettings`` is not
implemented (the environment's options are a gap and its checks unknown: see the Stubber
tests below for the answer AWS gives); ``GetMacieSession`` answers ``ResourceNotFoundException``
where AWS answers ``AccessDeniedException`` "Macie is not enabled" (both are an absence), and
starts with Macie enabled in every region. EMR's instance fleets and an MSK answer without its
settings are Stubber cases.
"""

from __future__ import annotations

import json
from typing import Any

from incloud.collect.registry import all_collectors
from incloud.collect.runner import collect
from incloud.collect.session import AwsSession
from incloud.collect.unit import Unit
from incloud.evaluate import Verdict, all_checks, evaluate
from incloud.snapshot import Resource, Snapshot
from incloud.snapshot.elasticbeanstalk import BeanstalkEnvironment
from incloud.snapshot.emr import EmrBlockPublicAccess, EmrCluster
from incloud.snapshot.kafka import MskCluster
from incloud.snapshot.macie2 import MacieRegion
from incloud.snapshot.route53 import HostedZone
from tests.collect.moto_account import ACCOUNT, raw_client
from tests.collect.stubs import OperationStubber

SERVICE_ARN_SHAPES: dict[str, tuple[str, str]] = {
    "elasticmapreduce.cluster": ("elasticmapreduce", r"cluster/j-[\w-]+"),
    "elasticmapreduce.block-public-access": (
        "elasticmapreduce",
        r"block-public-access-configuration",
    ),
    "kafka.cluster": ("kafka", r"cluster/[\w/-]+"),
    "appsync.graphql-api": ("appsync", r"apis/[\w-]+"),
    "elasticbeanstalk.environment": ("elasticbeanstalk", r"environment/[\w-]+/[\w-]+"),
    "athena.workgroup": ("athena", r"workgroup/[\w-]+"),
    "cognito-idp.user-pool": ("cognito-idp", r"userpool/[\w-]+_\w+"),
    "events.event-bus": ("events", r"event-bus/[\w./-]+"),
    "fsx.file-system": ("fsx", r"file-system/fs-[0-9a-f]+"),
    "kinesis.stream": ("kinesis", r"stream/[\w-]+"),
    "macie2.region": ("macie2", r"session"),
    "acm-pca.certificate-authority": ("acm-pca", r"certificate-authority/[0-9a-f-]+"),
    "route53.hosted-zone": ("route53", r"hostedzone/\w+"),
    "states.state-machine": ("states", r"stateMachine:[\w-]+"),
}
"""The ARN each new kind is collected under (``test_collectors`` checks region and account);
hosted zones name neither."""

SERVICES = [
    "emr",
    "kafka",
    "appsync",
    "elasticbeanstalk",
    "athena",
    "cloudformation",
    "cognito-idp",
    "events",
    "fsx",
    "kinesis",
    "macie2",
    "acm-pca",
    "route53",
    "stepfunctions",
]

TEMPLATE = json.dumps(
    {"Resources": {"Topic": {"Type": "AWS::SNS::Topic", "Properties": {"TopicName": "t"}}}}
)


def seed_service_breadth() -> dict[str, str]:
    """One resource that passes and one that fails each new check (us-east-1), and Macie
    disabled in eu-west-1."""
    ec2 = raw_client("ec2")
    subnet = ec2.describe_subnets()["Subnets"][0]["SubnetId"]
    emr = raw_client("emr")
    emr.put_block_public_access_configuration(
        BlockPublicAccessConfiguration={
            "BlockPublicSecurityGroupRules": True,
            "PermittedPublicSecurityGroupRuleRanges": [{"MinRange": 22, "MaxRange": 22}],
        }
    )
    cluster = emr.run_job_flow(
        Name="etl",
        ReleaseLabel="emr-7.1.0",
        Instances={
            "MasterInstanceType": "m5.xlarge",
            "SlaveInstanceType": "m5.xlarge",
            "InstanceCount": 2,
            "KeepJobFlowAliveWhenNoSteps": True,
            "Ec2SubnetId": subnet,
        },
        JobFlowRole="EMR_EC2_DefaultRole",
        ServiceRole="EMR_DefaultRole",
    )["JobFlowId"]

    kafka = raw_client("kafka")
    broker = {"InstanceType": "kafka.m5.large", "ClientSubnets": [subnet]}
    # moto's CreateClusterV2 drops the encryption and monitoring settings; CreateCluster keeps them.
    for name, in_cluster, monitoring in (
        ("orders", True, "PER_BROKER"),
        ("legacy", False, "DEFAULT"),
    ):
        kafka.create_cluster(
            ClusterName=name,
            BrokerNodeGroupInfo=broker,
            KafkaVersion="3.6.0",
            NumberOfBrokerNodes=1,
            EncryptionInfo={"EncryptionInTransit": {"InCluster": in_cluster}},
            EnhancedMonitoring=monitoring,
        )

    appsync = raw_client("appsync")
    cached = appsync.create_graphql_api(
        name="catalogue",
        authenticationType="AWS_IAM",
        logConfig={"fieldLogLevel": "ERROR", "cloudWatchLogsRoleArn": _role("appsync-logs")},
    )["graphqlApi"]["apiId"]
    appsync.create_api_cache(
        apiId=cached,
        ttl=300,
        apiCachingBehavior="FULL_REQUEST_CACHING",
        type="SMALL",
        atRestEncryptionEnabled=True,
    )
    appsync.create_graphql_api(name="profiles", authenticationType="API_KEY")

    beanstalk = raw_client("elasticbeanstalk")
    beanstalk.create_application(ApplicationName="shop")
    beanstalk.create_environment(ApplicationName="shop", EnvironmentName="shop-prod")

    _seed_stores(subnet)
    _seed_dns_and_workflows()
    return {"cluster": cluster}


def _seed_stores(subnet: str) -> None:
    athena = raw_client("athena")
    athena.create_work_group(
        Name="analysts",
        Configuration={
            "ResultConfiguration": {
                "OutputLocation": "s3://results/analysts/",
                "EncryptionConfiguration": {"EncryptionOption": "SSE_S3"},
            }
        },
    )
    athena.create_work_group(
        Name="adhoc", Configuration={"ResultConfiguration": {"OutputLocation": "s3://results/x/"}}
    )

    sns = raw_client("sns")
    topic = sns.create_topic(Name="stack-events")["TopicArn"]
    cfn = raw_client("cloudformation")
    cfn.create_stack(StackName="watched", TemplateBody=TEMPLATE, NotificationARNs=[topic])
    cfn.create_stack(StackName="unwatched", TemplateBody=TEMPLATE)

    cognito = raw_client("cognito-idp")
    cognito.create_user_pool(
        PoolName="customers", UserPoolAddOns={"AdvancedSecurityMode": "ENFORCED"}
    )
    cognito.create_user_pool(PoolName="staff")

    events = raw_client("events")
    events.create_event_bus(Name="orders-bus")
    events.put_permission(
        EventBusName="orders-bus",
        Action="events:PutEvents",
        Principal=ACCOUNT,
        StatementId="own-account",
    )
    events.create_event_bus(Name="audit-bus")

    fsx = raw_client("fsx")
    fsx.create_file_system(
        FileSystemType="OPENZFS",
        StorageCapacity=64,
        SubnetIds=[subnet],
        OpenZFSConfiguration={
            "DeploymentType": "SINGLE_AZ_1",
            "ThroughputCapacity": 64,
            "CopyTagsToBackups": True,
            "CopyTagsToVolumes": True,
        },
        Tags=[{"Key": "Name", "Value": "zfs-home"}],
    )

    kinesis = raw_client("kinesis")
    kinesis.create_stream(StreamName="clicks", ShardCount=1)
    kinesis.start_stream_encryption(
        StreamName="clicks", EncryptionType="KMS", KeyId="alias/aws/kinesis"
    )
    kinesis.create_stream(StreamName="audit-feed", ShardCount=1)

    raw_client("macie2", "eu-west-1").disable_macie()  # moto starts with Macie enabled

    pca = raw_client("acm-pca")
    root = pca.create_certificate_authority(
        CertificateAuthorityConfiguration={
            "KeyAlgorithm": "RSA_2048",
            "SigningAlgorithm": "SHA256WITHRSA",
            "Subject": {"CommonName": "corp-root"},
        },
        CertificateAuthorityType="ROOT",
    )["CertificateAuthorityArn"]
    pca.update_certificate_authority(CertificateAuthorityArn=root, Status="DISABLED")
    pca.create_certificate_authority(
        CertificateAuthorityConfiguration={
            "KeyAlgorithm": "RSA_2048",
            "SigningAlgorithm": "SHA256WITHRSA",
            "Subject": {"CommonName": "live-root"},
        },
        CertificateAuthorityType="ROOT",
    )


def _seed_dns_and_workflows() -> None:
    ec2 = raw_client("ec2")
    route53 = raw_client("route53")
    logged = route53.create_hosted_zone(Name="example.com", CallerReference="a")["HostedZone"]
    route53.create_hosted_zone(Name="shop.example.net", CallerReference="b")
    vpc = ec2.describe_vpcs()["Vpcs"][0]["VpcId"]
    route53.create_hosted_zone(
        Name="internal.corp",
        CallerReference="c",
        VPC={"VPCRegion": "us-east-1", "VPCId": vpc},
        HostedZoneConfig={"PrivateZone": True},
    )
    logs = raw_client("logs")
    logs.create_log_group(logGroupName="/aws/route53/example.com")
    group = logs.describe_log_groups(logGroupNamePrefix="/aws/route53/")["logGroups"][0]["arn"]
    route53.create_query_logging_config(HostedZoneId=logged["Id"], CloudWatchLogsLogGroupArn=group)

    states = raw_client("stepfunctions")
    definition = json.dumps({"StartAt": "Done", "States": {"Done": {"Type": "Succeed"}}})
    states.create_state_machine(
        name="order-flow",
        definition=definition,
        roleArn=_role("states"),
        loggingConfiguration={
            "level": "ERROR",
            "includeExecutionData": False,
            "destinations": [{"cloudWatchLogsLogGroup": {"logGroupArn": group}}],
        },
    )
    states.create_state_machine(name="nightly", definition=definition, roleArn=_role("states"))


def _role(name: str) -> str:
    return f"arn:aws:iam::{ACCOUNT}:role/{name}"


def verdicts(snapshot: Snapshot, check_id: str, region: str = "us-east-1") -> dict[str, Verdict]:
    assessment = evaluate(snapshot, [all_checks()[check_id]])
    return {
        f.resource_name: f.verdict for f in assessment.findings if f.region in (region, "global")
    }


def named(snapshot: Snapshot, kind: type[Resource]) -> dict[str, Any]:
    return {r.name: r for r in snapshot.resources if isinstance(r, kind)}


def test_new_services_and_their_checks(reset_session: AwsSession) -> None:
    seed_service_breadth()
    snapshot = collect(reset_session, services=SERVICES)

    # Elastic Beanstalk's configuration read is missing from moto, and moto's EMR setting of
    # a region never configured lacks the flag AWS always sends: gaps, nothing else.
    assert {(g.action, g.error_code, g.region) for g in snapshot.gaps} == {
        ("elasticbeanstalk:DescribeConfigurationSettings", "NotImplemented", "us-east-1"),
        ("emr:GetBlockPublicAccessConfiguration", "BadResponse", "eu-west-1"),
    }
    cluster = named(snapshot, EmrCluster)["etl"]
    assert cluster.primary_public_ips is not None
    expected_cluster = Verdict.FAIL if cluster.primary_public_ips else Verdict.PASS
    assert verdicts(snapshot, "elasticmapreduce.cluster-primary-no-public-ip") == {
        "etl": expected_cluster
    }
    settings = named(snapshot, EmrBlockPublicAccess)
    assert settings["us-east-1"].enabled is True
    assert verdicts(snapshot, "elasticmapreduce.block-public-access") == {"us-east-1": Verdict.PASS}
    assert verdicts(snapshot, "kafka.cluster-in-cluster-encryption") == {
        "orders": Verdict.PASS,
        "legacy": Verdict.FAIL,
    }
    assert verdicts(snapshot, "kafka.cluster-enhanced-monitoring") == {
        "orders": Verdict.PASS,
        "legacy": Verdict.FAIL,
    }
    assert verdicts(snapshot, "appsync.api-cache-encrypted") == {
        "catalogue": Verdict.PASS,
        "profiles": Verdict.NOT_APPLICABLE,
    }
    assert verdicts(snapshot, "appsync.api-field-logging") == {
        "catalogue": Verdict.PASS,
        "profiles": Verdict.FAIL,
    }
    assert verdicts(snapshot, "elasticbeanstalk.environment-cloudwatch-logs") == {
        "shop-prod": Verdict.UNKNOWN
    }
    groups = verdicts(snapshot, "athena.workgroup-results-encrypted")
    assert (groups["analysts"], groups["adhoc"]) == (Verdict.PASS, Verdict.FAIL)
    stacks = verdicts(snapshot, "cloudformation.stack-sns-notifications")
    assert stacks == {"watched": Verdict.PASS, "unwatched": Verdict.FAIL}
    assert verdicts(snapshot, "cognito-idp.user-pool-threat-protection") == {
        "customers": Verdict.PASS,
        "staff": Verdict.FAIL,
    }
    assert verdicts(snapshot, "events.event-bus-policy-attached") == {
        "default": Verdict.NOT_APPLICABLE,
        "orders-bus": Verdict.PASS,
        "audit-bus": Verdict.FAIL,
    }
    assert verdicts(snapshot, "events.event-bus-policy-not-public")["orders-bus"] is Verdict.PASS
    assert verdicts(snapshot, "fsx.openzfs-copy-tags") == {"zfs-home": Verdict.PASS}
    assert verdicts(snapshot, "kinesis.stream-encrypted") == {
        "clicks": Verdict.PASS,
        "audit-feed": Verdict.FAIL,
    }
    macie = named(snapshot, MacieRegion)
    assert (macie["us-east-1"].status, macie["eu-west-1"].status) == ("ENABLED", None)
    assert verdicts(snapshot, "macie2.enabled") == {"us-east-1": Verdict.PASS}
    assert verdicts(snapshot, "macie2.enabled", "eu-west-1") == {"eu-west-1": Verdict.FAIL}
    cas = verdicts(snapshot, "acm-pca.root-ca-disabled")
    assert cas == {"corp-root": Verdict.PASS, "live-root": Verdict.FAIL}
    zones = named(snapshot, HostedZone)
    assert zones["internal.corp."].private
    assert verdicts(snapshot, "route53.hosted-zone-query-logging") == {
        "example.com.": Verdict.PASS,
        "shop.example.net.": Verdict.FAIL,
        "internal.corp.": Verdict.NOT_APPLICABLE,
    }
    assert verdicts(snapshot, "states.state-machine-logging") == {
        "order-flow": Verdict.PASS,
        "nightly": Verdict.FAIL,
    }


# --- Elastic Beanstalk (not in moto): botocore's Stubber ------------------------------------


def _run(session: AwsSession, service: str) -> tuple[list[Resource], Unit]:
    unit = Unit(
        session=session, region="us-east-1", service=service, scanned_regions=("us-east-1",)
    )
    return list(all_collectors()[service].collect(unit)), unit


def _environment(name: str) -> dict[str, Any]:
    return {
        "EnvironmentName": name,
        "ApplicationName": "shop",
        "EnvironmentArn": f"arn:aws:elasticbeanstalk:us-east-1:{ACCOUNT}:environment/shop/{name}",
        "Status": "Ready",
    }


def _settings(name: str, **options: str) -> dict[str, Any]:
    namespaces = {
        "SystemType": "aws:elasticbeanstalk:healthreporting:system",
        "StreamLogs": "aws:elasticbeanstalk:cloudwatch:logs",
    }
    return {
        "ConfigurationSettings": [
            {
                "ApplicationName": "shop",
                "EnvironmentName": name,
                "OptionSettings": [
                    {"Namespace": namespaces[k], "OptionName": k, "Value": v}
                    for k, v in options.items()
                ],
            }
        ]
    }


def test_beanstalk_options_are_read_per_environment(session: AwsSession) -> None:
    with OperationStubber(session.client("elasticbeanstalk", "us-east-1")) as stubber:
        stubber.add_response(
            "describe_environments",
            {"Environments": [_environment(n) for n in ("prod", "staging", "quiet", "denied")]},
        )
        params = {"ApplicationName": "shop"}
        stubber.add_response(
            "describe_configuration_settings",
            _settings("prod", SystemType="enhanced", StreamLogs="true"),
            {**params, "EnvironmentName": "prod"},
        )
        stubber.add_response(
            "describe_configuration_settings",
            _settings("staging", SystemType="basic", StreamLogs="false"),
            {**params, "EnvironmentName": "staging"},
        )
        # An answer without the options: unknown, never "off".
        stubber.add_response(
            "describe_configuration_settings",
            _settings("quiet"),
            {**params, "EnvironmentName": "quiet"},
        )
        stubber.add_client_error(
            "describe_configuration_settings",
            "AccessDenied",
            expected_params={**params, "EnvironmentName": "denied"},
        )
        resources, unit = _run(session, "elasticbeanstalk")
        stubber.assert_no_pending_responses()

    found = {r.name: r for r in resources if isinstance(r, BeanstalkEnvironment)}
    assert (found["prod"].health_reporting, found["prod"].stream_logs) == ("enhanced", True)
    assert (found["staging"].health_reporting, found["staging"].stream_logs) == ("basic", False)
    assert (found["quiet"].health_reporting, found["quiet"].stream_logs) == (None, None)
    (gap,) = unit.gaps
    assert (gap.action, gap.resource_arn) == (
        "elasticbeanstalk:DescribeConfigurationSettings",
        found["denied"].arn,
    )
    snapshot = Snapshot.model_validate(
        {
            "collected_at": "2026-12-01T00:00:00Z",
            "accounts": [{"account_id": ACCOUNT, "regions": ["us-east-1"]}],
            "resources": [r.model_dump() for r in resources],
            "gaps": [gap.model_dump()],
        }
    )
    for check_id in (
        "elasticbeanstalk.environment-enhanced-health",
        "elasticbeanstalk.environment-cloudwatch-logs",
    ):
        assert verdicts(snapshot, check_id) == {
            "prod": Verdict.PASS,
            "staging": Verdict.FAIL,
            "quiet": Verdict.UNKNOWN,
            "denied": Verdict.UNKNOWN,
        }


def test_macie_not_enabled_is_an_absence_but_a_refusal_is_a_gap(session: AwsSession) -> None:
    with OperationStubber(session.client("macie2", "us-east-1")) as stubber:
        stubber.add_client_error(
            "get_macie_session", "AccessDeniedException", "Macie is not enabled.", 403
        )
        (disabled,), quiet = _run(session, "macie2")
        stubber.add_client_error(
            "get_macie_session", "AccessDeniedException", "User is not authorized", 403
        )
        _, denied = _run(session, "macie2")
        stubber.assert_no_pending_responses()
    assert isinstance(disabled, MacieRegion) and disabled.status is None
    assert quiet.gaps == []
    assert [g.action for g in denied.gaps] == ["macie2:GetMacieSession"]


# --- EMR instance fleets and MSK answers without their settings: botocore's Stubber ---------


def _emr_cluster(cluster_id: str) -> dict[str, Any]:
    return {
        "Id": cluster_id,
        "Name": cluster_id.lower(),
        "Status": {"State": "WAITING"},
        "ClusterArn": f"arn:aws:elasticmapreduce:us-east-1:{ACCOUNT}:cluster/{cluster_id}",
    }


def test_emr_primary_nodes_of_fleets_and_groups(session: AwsSession) -> None:
    with OperationStubber(session.client("emr", "us-east-1")) as stubber:
        stubber.add_response(
            "get_block_public_access_configuration",
            {
                "BlockPublicAccessConfiguration": {"BlockPublicSecurityGroupRules": False},
                "BlockPublicAccessConfigurationMetadata": {
                    "CreationDateTime": "2026-01-01T00:00:00Z",
                    "CreatedByArn": f"arn:aws:iam::{ACCOUNT}:root",
                },
            },
        )
        stubber.add_response(
            "list_clusters",
            {"Clusters": [_emr_cluster(c) for c in ("J-FLEET", "J-GROUP", "J-DENY")]},
        )
        for cluster_id, kind in (("J-FLEET", "INSTANCE_FLEET"), ("J-GROUP", "INSTANCE_GROUP")):
            stubber.add_response(
                "describe_cluster",
                {
                    "Cluster": {
                        "Id": cluster_id,
                        "Name": cluster_id,
                        "Status": {"State": "WAITING"},
                        "InstanceCollectionType": kind,
                    }
                },
                {"ClusterId": cluster_id},
            )
        live = ["AWAITING_FULFILLMENT", "PROVISIONING", "BOOTSTRAPPING", "RUNNING"]
        stubber.add_response(
            "list_instances",
            {"Instances": [{"Id": "ci-1", "PublicIpAddress": "54.1.2.3"}, {"Id": "ci-2"}]},
            {"ClusterId": "J-FLEET", "InstanceStates": live, "InstanceFleetType": "MASTER"},
        )
        stubber.add_response(
            "list_instances",
            {"Instances": [{"Id": "ci-3", "PrivateIpAddress": "10.0.0.5"}]},
            {"ClusterId": "J-GROUP", "InstanceStates": live, "InstanceGroupTypes": ["MASTER"]},
        )
        stubber.add_client_error(
            "describe_cluster", "AccessDeniedException", expected_params={"ClusterId": "J-DENY"}
        )
        resources, unit = _run(session, "emr")
        stubber.assert_no_pending_responses()
    clusters = {r.name: r for r in resources if isinstance(r, EmrCluster)}
    assert clusters["j-fleet"].primary_public_ips == ("54.1.2.3",)
    assert clusters["j-group"].primary_public_ips == ()
    assert clusters["j-deny"].primary_public_ips is None
    assert [(g.action, g.resource_arn) for g in unit.gaps] == [
        ("emr:DescribeCluster", clusters["j-deny"].arn)
    ]
    (setting,) = [r for r in resources if isinstance(r, EmrBlockPublicAccess)]
    assert setting.enabled is False and setting.permitted_ranges == ()


def test_an_msk_cluster_without_its_settings_is_unknown_not_plaintext(
    session: AwsSession,
) -> None:
    arn = f"arn:aws:kafka:us-east-1:{ACCOUNT}:cluster/bare/0000"
    with OperationStubber(session.client("kafka", "us-east-1")) as stubber:
        stubber.add_response(
            "list_clusters_v2",
            {
                "ClusterInfoList": [
                    {
                        "ClusterArn": arn,
                        "ClusterName": "bare",
                        "ClusterType": "PROVISIONED",
                        "Provisioned": {
                            "BrokerNodeGroupInfo": {
                                "ClientSubnets": ["s"],
                                "InstanceType": "kafka.m5.large",
                            },
                            "NumberOfBrokerNodes": 1,
                        },
                    }
                ]
            },
        )
        resources, unit = _run(session, "kafka")
        stubber.assert_no_pending_responses()
    (cluster,) = resources
    assert isinstance(cluster, MskCluster)
    assert (cluster.in_cluster_encryption, cluster.enhanced_monitoring) == (None, None)
    assert [(g.action, g.error_code, g.resource_arn) for g in unit.gaps] == [
        ("kafka:ListClustersV2", "BadResponse", arn)
    ]
