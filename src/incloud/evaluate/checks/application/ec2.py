"""Instance metadata service hardening (IMDSv2)."""

from __future__ import annotations

from ....snapshot.ec2 import Ec2Instance, LaunchTemplate
from ...check import Domain, Outcome, Severity, check, failed, passed
from ...context import Context


@check(
    id="ec2.instance-imdsv2",
    domain=Domain.APPLICATION,
    severity=Severity.HIGH,
    resource=Ec2Instance,
)
def instance_imdsv2(instance: Ec2Instance, ctx: Context) -> Outcome:
    """Instances require IMDSv2 session tokens for the instance metadata service.

    With IMDSv1 a server-side request forgery in any application on the instance can read
    the instance role's credentials from 169.254.169.254 (the Capital One breach).

    Remediation: `aws ec2 modify-instance-metadata-options --instance-id ID
    --http-tokens required --http-endpoint enabled`; Terraform
    `metadata_options { http_tokens = "required" }`.
    """
    if instance.metadata.imdsv2_required:
        return passed("IMDSv2 required (or metadata endpoint disabled)")
    return failed(
        "IMDSv1 allowed: metadata tokens optional", http_tokens=instance.metadata.http_tokens
    )


@check(
    id="ec2.launch-template-imdsv2",
    domain=Domain.APPLICATION,
    severity=Severity.MEDIUM,
    resource=LaunchTemplate,
    requires=("ec2:DescribeLaunchTemplateVersions",),
)
def launch_template_imdsv2(template: LaunchTemplate, ctx: Context) -> Outcome:
    """Launch templates' default versions require IMDSv2.

    Every instance an Auto Scaling group launches inherits the template's metadata options;
    a template that leaves tokens optional recreates IMDSv1 instances forever.

    Remediation: create a new template version with `MetadataOptions.HttpTokens=required`
    and make it the default (`aws ec2 modify-launch-template --default-version N`).
    """
    if template.metadata is None:
        return failed(
            "default version sets no metadata options: IMDSv1 follows the AMI and account defaults"
        )
    if template.metadata.imdsv2_required:
        return passed("IMDSv2 required")
    return failed("IMDSv1 allowed: metadata tokens optional")
