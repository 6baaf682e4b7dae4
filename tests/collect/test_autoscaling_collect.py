"""Auto Scaling groups and launch configurations collected from moto (one
``DescribeAutoScalingGroups`` and one ``DescribeLaunchConfigurations`` listing per region), the
FSBP AutoScaling checks on them, secrets in launch configuration user data kept masked, and
unknowns when the launch configurations cannot be read.
"""

from __future__ import annotations

from incloud.collect.runner import collect
from incloud.collect.session import AwsSession
from incloud.evaluate import Verdict
from incloud.snapshot.autoscaling import AutoScalingGroup, LaunchConfiguration
from tests.collect.moto_account import raw_client
from tests.collect.seed_application import FAKE_SLACK_TOKEN
from tests.collect.test_data_protection import deny, verdicts


def seed_groups() -> None:
    """Launch configuration ``legacy`` (IMDSv1, hop limit 2, public IPs, a Slack token in its
    user data) used by group ``legacy-group`` (one zone, a Classic Load Balancer, EC2 health
    checks); configuration ``hardened``; template-based group ``modern`` (two zones, two
    instance types, a target group with ELB health checks).
    """
    autoscaling = raw_client("autoscaling")
    ec2 = raw_client("ec2")
    user_data = f"#!/bin/bash\nexport SLACK_TOKEN={FAKE_SLACK_TOKEN}\n"
    autoscaling.create_launch_configuration(
        LaunchConfigurationName="legacy",
        ImageId="ami-12345678",
        InstanceType="t3.micro",
        UserData=user_data,  # botocore base64-encodes it, as AWS stores it
        AssociatePublicIpAddress=True,
        MetadataOptions={"HttpTokens": "optional", "HttpPutResponseHopLimit": 2},
    )
    autoscaling.create_launch_configuration(
        LaunchConfigurationName="hardened",
        ImageId="ami-12345678",
        InstanceType="t3.micro",
        AssociatePublicIpAddress=False,
        MetadataOptions={"HttpTokens": "required", "HttpPutResponseHopLimit": 1},
    )
    raw_client("elb").create_load_balancer(
        LoadBalancerName="legacy-clb",
        Listeners=[{"Protocol": "HTTP", "LoadBalancerPort": 80, "InstancePort": 80}],
        AvailabilityZones=["us-east-1a"],
    )
    autoscaling.create_auto_scaling_group(
        AutoScalingGroupName="legacy-group",
        LaunchConfigurationName="legacy",
        MinSize=0,
        MaxSize=2,
        AvailabilityZones=["us-east-1a"],
        LoadBalancerNames=["legacy-clb"],
    )
    vpc = ec2.create_vpc(CidrBlock="10.9.0.0/16")["Vpc"]["VpcId"]
    subnets = [
        ec2.create_subnet(VpcId=vpc, CidrBlock=f"10.9.{n}.0/24", AvailabilityZone=zone)["Subnet"][
            "SubnetId"
        ]
        for n, zone in ((1, "us-east-1a"), (2, "us-east-1b"))
    ]
    group = raw_client("elbv2").create_target_group(
        Name="modern", Protocol="HTTP", Port=80, VpcId=vpc
    )["TargetGroups"][0]["TargetGroupArn"]
    template = ec2.create_launch_template(
        LaunchTemplateName="modern",
        LaunchTemplateData={"ImageId": "ami-12345678", "InstanceType": "m5.large"},
    )["LaunchTemplate"]["LaunchTemplateId"]
    autoscaling.create_auto_scaling_group(
        AutoScalingGroupName="modern",
        MixedInstancesPolicy={
            "LaunchTemplate": {
                "LaunchTemplateSpecification": {"LaunchTemplateId": template},
                "Overrides": [{"InstanceType": "m5.large"}, {"InstanceType": "m6i.large"}],
            }
        },
        MinSize=0,
        MaxSize=2,
        VPCZoneIdentifier=",".join(subnets),
        TargetGroupARNs=[group],
        HealthCheckType="ELB",
    )


def test_groups_and_launch_configurations(session: AwsSession) -> None:
    seed_groups()

    snapshot = collect(session, services=["autoscaling", "ec2"])

    groups = {g.name: g for g in snapshot.resources if isinstance(g, AutoScalingGroup)}
    assert groups["legacy-group"].launch_configuration_name == "legacy"
    assert groups["legacy-group"].load_balancer_names == ("legacy-clb",)
    assert groups["modern"].instance_types == ("m5.large", "m6i.large")
    assert len(groups["modern"].subnet_ids) == 2
    configurations = {c.name: c for c in snapshot.resources if isinstance(c, LaunchConfiguration)}
    legacy = configurations["legacy"]
    assert legacy.metadata is not None and legacy.metadata.hop_limit == 2
    assert legacy.associate_public_ip is True
    assert [f.location for f in legacy.user_data_secrets] == ["line 2"]
    assert FAKE_SLACK_TOKEN not in snapshot.model_dump_json()  # kept masked only

    expected = {
        "autoscaling.group-elb-health-checks": {"legacy-group": "fail", "modern": "pass"},
        "autoscaling.group-multi-az": {"legacy-group": "fail", "modern": "pass"},
        "autoscaling.group-multiple-instance-types": {"legacy-group": "fail", "modern": "pass"},
        "autoscaling.group-launch-template": {"legacy-group": "fail", "modern": "pass"},
        "autoscaling.launch-configuration-imdsv2": {"legacy": "fail", "hardened": "pass"},
        "autoscaling.launch-configuration-hop-limit": {"legacy": "fail", "hardened": "pass"},
        "autoscaling.launch-configuration-no-public-ip": {"legacy": "fail", "hardened": "pass"},
        "autoscaling.no-secrets-in-launch-configuration": {"legacy": "fail", "hardened": "pass"},
    }
    for check_id, wanted in expected.items():
        assert verdicts(snapshot, check_id) == {
            name: Verdict(verdict) for name, verdict in wanted.items()
        }, check_id
    assert not [g for g in snapshot.gaps if g.service == "autoscaling"]


def test_unreadable_launch_configurations_are_a_gap_not_a_pass(session: AwsSession) -> None:
    seed_groups()
    deny(session, "autoscaling", "DescribeLaunchConfigurations")

    snapshot = collect(session, services=["autoscaling"])

    assert not [c for c in snapshot.resources if isinstance(c, LaunchConfiguration)]
    (gap,) = [g for g in snapshot.gaps if g.service == "autoscaling"]
    assert gap.operation == "DescribeLaunchConfigurations"
    assert {g.name for g in snapshot.resources if isinstance(g, AutoScalingGroup)} == {
        "legacy-group",
        "modern",
    }
