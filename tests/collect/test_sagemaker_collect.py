"""SageMaker notebook instances, endpoint configurations and models collected from moto (a
listing each, then one ``Describe*`` per item), the FSBP SageMaker checks on them, and a
denied describe as a gap on that item only. moto ignores ``EnableNetworkIsolation`` on
``CreateModel`` (its models always report false): the passing case is in the check's fixture.
"""

from __future__ import annotations

from incloud.collect.runner import collect
from incloud.collect.session import AwsSession
from incloud.evaluate import Verdict
from incloud.snapshot.sagemaker import SageMakerEndpointConfig, SageMakerNotebook
from tests.collect.moto_account import ACCOUNT, raw_client
from tests.collect.test_data_protection import deny, verdicts

ROLE = f"arn:aws:iam::{ACCOUNT}:role/research"


def seed_sagemaker() -> None:
    """Notebook ``open-lab`` (AWS's defaults: direct internet, root, no VPC), ``locked-lab``
    (in a subnet, no direct internet, no root); model ``scorer``; endpoint configurations
    ``single`` (one instance) and ``pair`` (two)."""
    ec2 = raw_client("ec2")
    sagemaker = raw_client("sagemaker")
    vpc = ec2.create_vpc(CidrBlock="10.7.0.0/16")["Vpc"]["VpcId"]
    subnet = ec2.create_subnet(VpcId=vpc, CidrBlock="10.7.1.0/24")["Subnet"]["SubnetId"]
    group = ec2.create_security_group(GroupName="lab", Description="lab", VpcId=vpc)["GroupId"]
    sagemaker.create_notebook_instance(
        NotebookInstanceName="open-lab", InstanceType="ml.t3.medium", RoleArn=ROLE
    )
    sagemaker.create_notebook_instance(
        NotebookInstanceName="locked-lab",
        InstanceType="ml.t3.medium",
        RoleArn=ROLE,
        SubnetId=subnet,
        SecurityGroupIds=[group],
        DirectInternetAccess="Disabled",
        RootAccess="Disabled",
    )
    sagemaker.create_model(
        ModelName="scorer",
        ExecutionRoleArn=ROLE,
        PrimaryContainer={"Image": f"{ACCOUNT}.dkr.ecr.us-east-1.amazonaws.com/scorer:1"},
    )
    for name, count in (("single", 1), ("pair", 2)):
        sagemaker.create_endpoint_config(
            EndpointConfigName=name,
            ProductionVariants=[
                {
                    "VariantName": "main",
                    "ModelName": "scorer",
                    "InitialInstanceCount": count,
                    "InstanceType": "ml.m5.large",
                }
            ],
        )


def test_notebooks_endpoint_configs_and_models(session: AwsSession) -> None:
    seed_sagemaker()

    snapshot = collect(session, services=["sagemaker"])

    notebooks = {n.name: n for n in snapshot.resources if isinstance(n, SageMakerNotebook)}
    assert notebooks["open-lab"].role_arn == ROLE  # what the escalation search reads
    configs = {c.name: c for c in snapshot.resources if isinstance(c, SageMakerEndpointConfig)}
    assert configs["pair"].variants is not None
    assert configs["pair"].variants[0].initial_instance_count == 2
    expected = {
        "sagemaker.notebook-no-direct-internet": {"open-lab": "fail", "locked-lab": "pass"},
        "sagemaker.notebook-in-vpc": {"open-lab": "fail", "locked-lab": "pass"},
        "sagemaker.notebook-no-root-access": {"open-lab": "fail", "locked-lab": "pass"},
        "sagemaker.endpoint-config-instance-count": {"single": "fail", "pair": "pass"},
        "sagemaker.model-network-isolation": {"scorer": "fail"},
    }
    for check_id, wanted in expected.items():
        assert verdicts(snapshot, check_id) == {
            name: Verdict(verdict) for name, verdict in wanted.items()
        }, check_id
    assert not snapshot.gaps


def test_denied_describes_are_gaps_on_each_item(session: AwsSession) -> None:
    seed_sagemaker()
    for operation in ("DescribeNotebookInstance", "DescribeEndpointConfig", "DescribeModel"):
        deny(session, "sagemaker", operation)

    snapshot = collect(session, services=["sagemaker"])

    described = {
        (g.operation, g.resource_arn.rpartition("/")[2]) for g in snapshot.gaps if g.resource_arn
    }
    assert described == {
        ("DescribeNotebookInstance", "open-lab"),
        ("DescribeNotebookInstance", "locked-lab"),
        ("DescribeEndpointConfig", "single"),
        ("DescribeEndpointConfig", "pair"),
        ("DescribeModel", "scorer"),
    }
    for check_id in (
        "sagemaker.notebook-no-direct-internet",
        "sagemaker.notebook-in-vpc",
        "sagemaker.notebook-no-root-access",
        "sagemaker.endpoint-config-instance-count",
        "sagemaker.model-network-isolation",
    ):
        assert set(verdicts(snapshot, check_id).values()) == {Verdict.UNKNOWN}, check_id
