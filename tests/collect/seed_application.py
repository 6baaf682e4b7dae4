"""Seed helpers for the application-security collectors (EC2 user data, Lambda environment,
ECR, ECS, EKS), with realistic but fake secrets.

The fake secrets are assembled at run time from parts, so this file itself does not look like
it leaks credentials to a scanner of the repository. None of them is a real credential, nor
AWS's documented example key pair.
"""

from __future__ import annotations

import base64
import io
import json
import zipfile

from tests.collect.moto_account import raw_client, trust_policy

FAKE_ACCESS_KEY_ID = "AKIA" + "4QW7ZK2MNB5XRT3P"
FAKE_SECRET_ACCESS_KEY = "q7Rj2+LmNvX9pT4w" + "K8sY1bZc6HfD3gA0eU5iO/Wx"
FAKE_GITHUB_TOKEN = "ghp_" + "8fK2mQ9xL4vR7tB1nZ6cW3yH5jD0sA2eP9uG"
FAKE_SLACK_TOKEN = "xoxb-" + "2748391056-4829103756284-Qm7tR2xK9pL4vN8wB3zH6cJ1"
FAKE_PASSWORD = "Zr8kQ2vL9m" + "X4pTw7Hn3s"
FAKE_KEY_BODY = "MIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gun" + "VTLw7onLRnrq0"
FAKE_PRIVATE_KEY = (
    "-----BEGIN RSA " + "PRIVATE KEY-----\n" + FAKE_KEY_BODY + "\n-----END RSA PRIVATE KEY-----"
)

RAW_SECRETS = (
    FAKE_ACCESS_KEY_ID,
    FAKE_SECRET_ACCESS_KEY,
    FAKE_GITHUB_TOKEN,
    FAKE_SLACK_TOKEN,
    FAKE_PASSWORD,
    FAKE_KEY_BODY,
)
"""Values that must appear in no snapshot or report."""

SECRET_ENVIRONMENT = {
    "AWS_ACCESS_KEY_ID": FAKE_ACCESS_KEY_ID,
    "AWS_SECRET_ACCESS_KEY": FAKE_SECRET_ACCESS_KEY,
    "GITHUB_TOKEN": FAKE_GITHUB_TOKEN,
    "SLACK_BOT_TOKEN": FAKE_SLACK_TOKEN,
    "SIGNING_KEY": FAKE_PRIVATE_KEY,
    "DB_PASSWORD": FAKE_PASSWORD,
}
CLEAN_ENVIRONMENT = {
    "API_URL": "https://api.example.com/v1/orders",
    "CONFIG_ID": "3f2b8c1e-9a4d-4e7f-b6c2-1d5e8f9a0b3c",
    "DEBUG": "true",
    "DB_PASSWORD_SECRET_ARN": "arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf",
}
"""Negatives: a URL, a UUID-looking id, a flag and a reference to a stored secret."""

USER_DATA = "\n".join(
    (
        "#!/bin/bash",
        f"export AWS_ACCESS_KEY_ID={FAKE_ACCESS_KEY_ID}",
        f"export AWS_SECRET_ACCESS_KEY={FAKE_SECRET_ACCESS_KEY}",
        "export DEBUG=true",
        "export API_URL=https://api.example.com/v1/orders",
        f"echo 'password={FAKE_PASSWORD}' > /etc/app.conf",
        "yum update -y",
    )
)
"""Secrets on lines 2, 3 and 6."""

TEMPLATE_USER_DATA = f"#cloud-config\nruncmd:\n  - export SLACK_TOKEN={FAKE_SLACK_TOKEN}\n"
"""A Slack token on line 3."""


def _b64(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


def codebuild_project(name: str, role_arn: str) -> None:
    """A CodeBuild project building from S3 as ``role_arn``."""
    raw_client("codebuild").create_project(
        name=name,
        source={"type": "S3", "location": f"artifacts/{name}.zip"},
        artifacts={"type": "NO_ARTIFACTS"},
        environment={
            "type": "LINUX_CONTAINER",
            "image": "aws/codebuild/standard:7.0",
            "computeType": "BUILD_GENERAL1_SMALL",
        },
        serviceRole=role_arn,
    )


def seed_application() -> dict[str, str]:
    """Seed EC2 (user data, images, launch templates), Lambda, ECR, ECS and EKS."""
    ec2 = raw_client("ec2")
    image_id = ec2.register_image(Name="app-base", RootDeviceName="/dev/xvda")["ImageId"]
    leaky = ec2.run_instances(ImageId=image_id, MinCount=1, MaxCount=1, UserData=USER_DATA)[
        "Instances"
    ][0]["InstanceId"]
    clean = ec2.run_instances(
        ImageId="ami-12345678", MinCount=1, MaxCount=1, UserData="#!/bin/bash\nyum update -y\n"
    )["Instances"][0]["InstanceId"]
    leaky_template = ec2.create_launch_template(
        LaunchTemplateName="leaky-lt",
        LaunchTemplateData={"UserData": _b64(TEMPLATE_USER_DATA), "ImageId": image_id},
    )["LaunchTemplate"]["LaunchTemplateId"]

    role_arn = raw_client("iam").create_role(
        RoleName="app-lambda",
        AssumeRolePolicyDocument=json.dumps(trust_policy("lambda.amazonaws.com")),
    )["Role"]["Arn"]
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("handler.py", "def handle(event, context):\n    return event\n")
    functions = raw_client("lambda")
    for name, variables in (
        ("leaky-fn", {**SECRET_ENVIRONMENT, **CLEAN_ENVIRONMENT}),
        ("clean-fn", CLEAN_ENVIRONMENT),
    ):
        functions.create_function(
            FunctionName=name,
            Runtime="python3.13",
            Role=role_arn,
            Handler="handler.handle",
            Code={"ZipFile": archive.getvalue()},
            Environment={"Variables": variables},
        )

    ecr = raw_client("ecr")
    ecr.create_repository(
        repositoryName="app/api",
        imageScanningConfiguration={"scanOnPush": True},
        imageTagMutability="IMMUTABLE",
    )
    ecr.create_repository(repositoryName="legacy/batch")

    ecs = raw_client("ecs")
    container = {"name": "worker", "image": "app/api:1", "memory": 256}
    ecs.register_task_definition(
        family="billing",
        containerDefinitions=[
            {
                **container,
                "environment": [
                    {"name": "GITHUB_TOKEN", "value": FAKE_GITHUB_TOKEN},
                    {"name": "DEBUG", "value": "true"},
                ],
                "secrets": [
                    {
                        "name": "DB_PASSWORD",
                        "valueFrom": CLEAN_ENVIRONMENT["DB_PASSWORD_SECRET_ARN"],
                    }
                ],
            }
        ],
    )
    ecs.register_task_definition(
        family="orders",
        containerDefinitions=[
            {
                **container,
                "environment": [{"name": "API_URL", "value": CLEAN_ENVIRONMENT["API_URL"]}],
            }
        ],
    )

    ecs.create_cluster(clusterName="apps")
    ecs.create_service(
        cluster="apps", serviceName="orders", taskDefinition="orders", desiredCount=1
    )

    codebuild_project("api-build", "arn:aws:iam::123456789012:role/api-build")

    cloudformation = raw_client("cloudformation")
    topic = {"Type": "AWS::SNS::Topic", "Properties": {"TopicName": "guardrails"}}
    template = json.dumps({"Resources": {"Topic": topic}})
    cloudformation.create_stack(
        StackName="network",
        TemplateBody=template,
        RoleARN="arn:aws:iam::123456789012:role/deployer",
    )
    cloudformation.create_stack_set(StackSetName="guardrails", TemplateBody=template)
    cloudformation.create_stack_instances(
        StackSetName="guardrails", Accounts=["123456789012"], Regions=["us-east-1"]
    )

    glue = raw_client("glue")
    command = {"Name": "glueetl", "ScriptLocation": "s3://scripts/nightly.py"}
    glue.create_job(Name="nightly", Role="arn:aws:iam::123456789012:role/etl", Command=command)
    glue.create_dev_endpoint(EndpointName="scratch", RoleArn="arn:aws:iam::123456789012:role/etl")
    raw_client("sagemaker").create_notebook_instance(
        NotebookInstanceName="research",
        InstanceType="ml.t3.medium",
        RoleArn="arn:aws:iam::123456789012:role/research",
    )

    template = raw_client("ec2").create_launch_template(
        LaunchTemplateName="workers",
        LaunchTemplateData={"ImageId": image_id, "InstanceType": "t3.micro"},
    )["LaunchTemplate"]
    raw_client("autoscaling").create_auto_scaling_group(
        AutoScalingGroupName="workers",
        LaunchTemplate={"LaunchTemplateId": template["LaunchTemplateId"], "Version": "$Default"},
        MinSize=0,
        MaxSize=2,
        AvailabilityZones=["us-east-1a"],
    )

    eks = raw_client("eks")
    for name, version in (("old-cluster", "1.27"), ("new-cluster", "1.34")):
        eks.create_cluster(
            name=name,
            version=version,
            roleArn=f"arn:aws:iam::123456789012:role/{name}",
            resourcesVpcConfig={"subnetIds": []},
        )
    return {
        "image_id": image_id,
        "leaky_instance": leaky,
        "clean_instance": clean,
        "leaky_template": leaky_template,
    }
