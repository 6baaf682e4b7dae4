"""Compute and audit of the demo account: EC2 instances and launch templates, Lambda, CloudTrail.

Deliberate misconfigurations: the incloud check each should fail, then the Security Hub
control(s) it corresponds to; "(no check yet)" marks findings no incloud check covers today.

EC2
  - ``web-legacy``: IMDSv1 allowed -> ec2.instance-imdsv2; EC2.8. Elastic IP (EC2.9).
  - ``web-lt`` launch template: IMDSv1 allowed -> ec2.launch-template-imdsv2; EC2.170
  - The three instances' root volumes are unencrypted -> ec2.volume-encrypted; EC2.3
  Fine: ``app-1`` (private subnet, IMDSv2, instance profile), ``bastion`` (IMDSv2, but a public
  IP), ``app-lt``.
Lambda
  - ``legacy-report-export``: runtime python3.7 -> lambda.runtime-supported; Lambda.2.
    Function URL with AuthType NONE and a public resource policy -> lambda.function-url-auth;
    Lambda.1. ``DB_PASSWORD`` in its environment -> lambda.no-secrets-in-environment. Never
    print the value.
  Fine: ``thumbnailer`` (python3.12), ``eu-gdpr-export`` (nodejs24.x, eu-west-1; not 20.x,
  which AWS deprecated on 2026-04-30).
CloudTrail
  - ``northwind-trail``: single-region -> cloudtrail.multi-region-logging (CloudTrail.1); no
    log file validation -> cloudtrail.log-file-validation (CloudTrail.4); no KMS, no CloudWatch
    Logs (CloudTrail.2, CloudTrail.5), (no check yet)
"""

from __future__ import annotations

import io
import zipfile
from typing import Any

from ._common import (
    ACCOUNT_ID,
    EU_REGION,
    FAKE_DB_PASSWORD,
    LOG_BUCKET,
    _Seeder,
    _spec,
)

# --- EC2 -----------------------------------------------------------------------------------


def _instance(ec2: Any, image: str, name: str, subnet: str, group: str, **options: Any) -> str:
    """Run one t3.micro; return its id."""
    reservation = ec2.run_instances(
        ImageId=image,
        InstanceType="t3.micro",
        MinCount=1,
        MaxCount=1,
        SubnetId=subnet,
        SecurityGroupIds=[group],
        TagSpecifications=_spec("instance", name),
        **options,
    )
    return str(reservation["Instances"][0]["InstanceId"])


def _imds(tokens: str) -> dict[str, str]:
    """Return ``MetadataOptions``; ``optional`` tokens means IMDSv1 is still allowed."""
    return {"HttpTokens": tokens, "HttpEndpoint": "enabled"}


def seed_ec2(s: _Seeder) -> None:
    """Register an AMI; run three instances; attach an Elastic IP; create two launch templates."""
    ec2 = s("ec2")
    # moto's RegisterImage keeps only Name and Description (root device /dev/sda1, a 15 GiB
    # snapshot); with MOTO_EC2_LOAD_DEFAULT_AMIS=false there is no other image to run.
    image = ec2.register_image(
        Name="northwind-base-al2023",
        Description="Northwind base image (Amazon Linux 2023)",
        Architecture="x86_64",
        RootDeviceName="/dev/xvda",
        VirtualizationType="hvm",
    )["ImageId"]
    public, private = s.public_subnets, s.private_subnets
    web = _instance(
        ec2, image, "web-legacy", public[0], s.sg["web-sg"], MetadataOptions=_imds("optional")
    )
    _instance(
        ec2,
        image,
        "app-1",
        private[0],
        s.sg["app-sg"],
        MetadataOptions=_imds("required"),
        IamInstanceProfile={"Name": "app-instance-profile"},
    )
    _instance(
        ec2, image, "bastion", public[1], s.sg["bastion-sg"], MetadataOptions=_imds("required")
    )
    eip = ec2.allocate_address(Domain="vpc", TagSpecifications=_spec("elastic-ip", "web-eip"))
    ec2.associate_address(InstanceId=web, AllocationId=eip["AllocationId"])

    for name, tokens in (("web-lt", "optional"), ("app-lt", "required")):
        ec2.create_launch_template(
            LaunchTemplateName=name,
            LaunchTemplateData={
                "ImageId": image,
                "InstanceType": "t3.micro",
                "MetadataOptions": _imds(tokens),
            },
            TagSpecifications=_spec("launch-template", name),
        )


# --- Lambda --------------------------------------------------------------------------------


_HANDLERS = {
    "python": ("handler.py", "handler.handler", "def handler(event, context):\n    return 'ok'\n"),
    "nodejs": ("index.js", "index.handler", "exports.handler = async () => 'ok';\n"),
}


def _function(lam: Any, name: str, runtime: str, description: str, **extra: Any) -> None:
    """Create a function with a tiny handler, zipped in memory, run by ``lambda-exec``."""
    filename, handler, source = _HANDLERS["python" if runtime.startswith("python") else "nodejs"]
    package = io.BytesIO()
    with zipfile.ZipFile(package, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(filename, source)
    lam.create_function(
        FunctionName=name,
        Runtime=runtime,
        Role=f"arn:aws:iam::{ACCOUNT_ID}:role/lambda-exec",
        Handler=handler,
        Code={"ZipFile": package.getvalue()},
        Description=description,
        Timeout=30,
        Tags={"company": "northwind-notes"},
        **extra,
    )


def seed_lambda(s: _Seeder) -> None:
    """Create three functions; the legacy one is on a dead runtime, public, and holds a secret."""
    lam, legacy = s("lambda"), "legacy-report-export"
    _function(lam, "thumbnailer", "python3.12", "Makes note thumbnails")
    variables = {"DB_HOST": "legacy-reporting-db", "DB_PASSWORD": FAKE_DB_PASSWORD}
    _function(lam, legacy, "python3.7", "Nightly CSV export", Environment={"Variables": variables})
    lam.create_function_url_config(FunctionName=legacy, AuthType="NONE")
    # The console adds this for an AuthType NONE URL, with a lambda:FunctionUrlAuthType
    # condition; moto writes that condition as a bare statement field, which is not IAM policy
    # grammar (incloud would rightly say "unknown"), so the demo leaves it out: the statement
    # is public either way (the condition confines nobody).
    lam.add_permission(
        FunctionName=legacy,
        StatementId="FunctionURLAllowPublicAccess",
        Action="lambda:InvokeFunctionUrl",
        Principal="*",
    )

    _function(
        s("lambda", EU_REGION), "eu-gdpr-export", "nodejs24.x", "Answers GDPR export requests"
    )


# --- CloudTrail ----------------------------------------------------------------------------


def seed_cloudtrail(s: _Seeder) -> None:
    """Create one single-region trail without log file validation, logging to the log bucket."""
    trail, name = s("cloudtrail"), "northwind-trail"
    trail.create_trail(
        Name=name,
        S3BucketName=LOG_BUCKET,
        S3KeyPrefix="cloudtrail",
        IsMultiRegionTrail=False,
        EnableLogFileValidation=False,
        IncludeGlobalServiceEvents=True,
        TagsList=[{"Key": "company", "Value": "northwind-notes"}],
    )
    # AWS gives a new trail a default selector (all management events, read and write); moto
    # answers an empty list, so set AWS's default explicitly.
    default = {"ReadWriteType": "All", "IncludeManagementEvents": True, "DataResources": []}
    trail.put_event_selectors(TrailName=name, EventSelectors=[default])
    trail.start_logging(Name=name)
