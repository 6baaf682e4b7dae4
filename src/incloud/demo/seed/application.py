"""Application security of the demo account: secrets in configuration, container images,
task definitions and Kubernetes.

Deliberate misconfigurations: the incloud check each should fail, then the Security Hub
control(s) it corresponds to.

EC2
  - ``batch-legacy``: an access key pair in its user data -> ec2.no-secrets-in-user-data (no
    Security Hub control); hop limit 3 on a host that runs no containers ->
    ec2.instance-metadata-hop-limit (strict)
  - ``batch-lt`` launch template: a database password in its user data ->
    ec2.no-secrets-in-launch-template
Lambda (seeded in :mod:`.compute`)
  - ``legacy-report-export``: ``DB_PASSWORD`` in its environment ->
    lambda.no-secrets-in-environment
ECR
  - ``legacy/report-builder``: no scan on push -> ecr.scan-on-push (ECR.1); mutable tags ->
    ecr.tag-immutability (ECR.2)
  Fine: ``northwind/web`` (scan on push, immutable tags).
ECS
  - ``report-builder`` task definition: a GitHub token in a container's environment ->
    ecs.no-secrets-in-task-definition (ECS.8)
  Fine: ``orders-api`` (its database password comes from Secrets Manager).
EKS
  - ``legacy-k8s``: Kubernetes 1.27, past the end of extended support ->
    eks.cluster-version-supported (EKS.2); its API endpoint public from 0.0.0.0/0 (AWS's
    default) -> eks.endpoint-not-public (EKS.1)
  ``northwind-k8s`` runs 1.34 (standard support until 2026-12-02), private endpoint only.

moto notes: Systems Manager's DescribeInstanceInformation and ListResourceComplianceSummaries
and Inspector's ListFindingAggregations are not implemented, and Inspector's
BatchGetAccountStatus answers without the account: ssm.* and inspector2.* say unknown.
moto stamps registered images with the seeding time, so ec2.instance-ami-age passes.

The fake secrets are assembled from parts at run time; none is a real credential.
"""

from __future__ import annotations

import base64

from ._common import ACCOUNT_ID, _Seeder, _spec

FAKE_ACCESS_KEY_ID = "AKIA" + "NWND7Q4RZ2K8XM3V"
"""Planted in ``batch-legacy``'s user data. Never print it."""
FAKE_SECRET_ACCESS_KEY = "w9Hc2+TqLs7Vb4Nx" + "R1mZ8kPd3Yf6Gj0Ua5Ee/Ko7"
FAKE_BATCH_DB_PASSWORD = "Nw4!" + "rT8qLz2Vx6Kp9"
FAKE_GITHUB_TOKEN = "ghp_" + "N0rthw1ndR3p0rtB0tT0k3nXq7Lm2Zp9Vc4w"

PLANTED_SECRETS = (
    FAKE_ACCESS_KEY_ID,
    FAKE_SECRET_ACCESS_KEY,
    FAKE_BATCH_DB_PASSWORD,
    FAKE_GITHUB_TOKEN,
)
"""Every raw value this module plants: none may reach a snapshot or a report."""

_USER_DATA = "\n".join(
    (
        "#!/bin/bash",
        "# nightly report batch (legacy)",
        f"export AWS_ACCESS_KEY_ID={FAKE_ACCESS_KEY_ID}",
        f"export AWS_SECRET_ACCESS_KEY={FAKE_SECRET_ACCESS_KEY}",
        "export REPORT_BUCKET=northwind-reports",
        "/opt/batch/run.sh",
    )
)

_TEMPLATE_USER_DATA = "\n".join(
    (
        "#!/bin/bash",
        f"echo 'db_password={FAKE_BATCH_DB_PASSWORD}' >> /etc/batch.conf",
        "systemctl start batch",
    )
)


def _b64(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


def _base_image(s: _Seeder) -> str:
    """The company image :mod:`.compute` registered, or a new one when seeded alone."""
    ec2 = s("ec2")
    images = ec2.describe_images(
        Owners=["self"], Filters=[{"Name": "name", "Values": ["northwind-base-al2023"]}]
    )["Images"]
    if images:
        return str(images[0]["ImageId"])
    return str(
        ec2.register_image(
            Name="northwind-base-al2023", RootDeviceName="/dev/xvda", VirtualizationType="hvm"
        )["ImageId"]
    )


def seed_application(s: _Seeder) -> None:
    """Plant secrets in EC2 user data and a task definition; create repositories and clusters."""
    _seed_batch(s)
    _seed_ecr(s)
    _seed_ecs(s)
    _seed_eks(s)


def _seed_batch(s: _Seeder) -> None:
    ec2, image = s("ec2"), _base_image(s)
    placement = {"SubnetId": s.private_subnets[0]} if s.private_subnets else {}
    ec2.run_instances(
        ImageId=image,
        InstanceType="t3.small",
        MinCount=1,
        MaxCount=1,
        UserData=_USER_DATA,
        MetadataOptions={
            "HttpTokens": "required",
            "HttpEndpoint": "enabled",
            "HttpPutResponseHopLimit": 3,
        },
        TagSpecifications=_spec("instance", "batch-legacy"),
        **placement,
    )
    ec2.create_launch_template(
        LaunchTemplateName="batch-lt",
        LaunchTemplateData={
            "ImageId": image,
            "InstanceType": "t3.small",
            "MetadataOptions": {"HttpTokens": "required", "HttpEndpoint": "enabled"},
            "UserData": _b64(_TEMPLATE_USER_DATA),
        },
        TagSpecifications=_spec("launch-template", "batch-lt"),
    )


_TAGS = [{"Key": "company", "Value": "northwind-notes"}]


def _seed_ecr(s: _Seeder) -> None:
    ecr = s("ecr")
    ecr.create_repository(
        repositoryName="northwind/web",
        imageScanningConfiguration={"scanOnPush": True},
        imageTagMutability="IMMUTABLE",
        tags=_TAGS,
    )
    ecr.create_repository(repositoryName="legacy/report-builder", tags=_TAGS)


_ORDERS_DB_SECRET = f"arn:aws:secretsmanager:us-east-1:{ACCOUNT_ID}:secret:orders-db"


def _seed_ecs(s: _Seeder) -> None:
    ecs = s("ecs")
    registry = f"{ACCOUNT_ID}.dkr.ecr.us-east-1.amazonaws.com"
    ecs.register_task_definition(
        family="report-builder",
        containerDefinitions=[
            {
                "name": "builder",
                "image": f"{registry}/legacy/report-builder:latest",
                "memory": 512,
                "environment": [
                    {"name": "GITHUB_TOKEN", "value": FAKE_GITHUB_TOKEN},
                    {"name": "REPORT_BUCKET", "value": "northwind-reports"},
                ],
            }
        ],
        tags=[{"key": "company", "value": "northwind-notes"}],
    )
    ecs.register_task_definition(
        family="orders-api",
        containerDefinitions=[
            {
                "name": "api",
                "image": f"{registry}/northwind/web:1.4.2",
                "memory": 512,
                "environment": [{"name": "STAGE", "value": "prod"}],
                "secrets": [
                    {
                        "name": "DB_PASSWORD",
                        "valueFrom": _ORDERS_DB_SECRET,
                    }
                ],
            }
        ],
        tags=[{"key": "company", "value": "northwind-notes"}],
    )


def _seed_eks(s: _Seeder) -> None:
    eks = s("eks")
    subnets = s.private_subnets[:2]
    private = {"endpointPublicAccess": False, "endpointPrivateAccess": True}
    for name, version, access in (
        ("legacy-k8s", "1.27", {}),
        ("northwind-k8s", "1.34", private),
    ):
        eks.create_cluster(
            name=name,
            version=version,
            roleArn=f"arn:aws:iam::{ACCOUNT_ID}:role/eks-cluster",
            resourcesVpcConfig={"subnetIds": subnets, **access},
            tags={"company": "northwind-notes"},
        )
