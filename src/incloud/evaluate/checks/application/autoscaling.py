"""What Auto Scaling groups launch: launch templates rather than launch configurations, and
launch configurations' metadata service settings and user data.
"""

from __future__ import annotations

from ....snapshot.autoscaling import AutoScalingGroup, LaunchConfiguration
from ...check import Domain, Outcome, Severity, check, failed, passed
from ...context import Context
from ._secrets import secrets_outcome


@check(
    id="autoscaling.group-launch-template",
    domain=Domain.APPLICATION,
    severity=Severity.MEDIUM,
    resource=AutoScalingGroup,
)
def group_launch_template(group: AutoScalingGroup, ctx: Context) -> Outcome:
    """Auto Scaling groups launch from launch templates, not launch configurations.

    Launch configurations cannot be versioned and AWS adds no new instance types or EC2
    features to them; the newest settings (such as some metadata service and network
    options) exist only in launch templates (Security Hub AutoScaling.9; EC2 Auto Scaling
    guide, "Migrate your Auto Scaling groups to launch templates").

    Remediation: copy the configuration to a template (console: Launch configurations, Copy
    to launch template) and point the group at it: `aws autoscaling update-auto-scaling-group
    --auto-scaling-group-name NAME --launch-template LaunchTemplateId=LT_ID,Version='$Default'`;
    Terraform `launch_template { id = aws_launch_template.x.id, version = "$Default" }`
    instead of `launch_configuration` on `aws_autoscaling_group`.
    """
    if group.launch_configuration_name is not None:
        return failed(
            f"launches from launch configuration {group.launch_configuration_name}",
            launch_configuration=group.launch_configuration_name,
        )
    if group.launch_template_id is not None:
        return passed(f"launches from launch template {group.launch_template_id}")
    return passed("launches from neither a launch configuration nor a template it names")


@check(
    id="autoscaling.launch-configuration-imdsv2",
    domain=Domain.APPLICATION,
    severity=Severity.HIGH,
    resource=LaunchConfiguration,
)
def launch_configuration_imdsv2(configuration: LaunchConfiguration, ctx: Context) -> Outcome:
    """Launch configurations make their instances require IMDSv2.

    Every instance a group launches from the configuration takes its metadata options; with
    IMDSv1 allowed, a server-side request forgery in any application on those instances can
    read the instance role's credentials (Security Hub AutoScaling.3; EC2 user guide, "Use
    IMDSv2"). A configuration that sets no metadata options leaves IMDSv1 to the AMI and
    account defaults, and fails.

    Remediation: launch configurations cannot be changed: create one with `aws autoscaling
    create-launch-configuration ... --metadata-options HttpTokens=required,HttpEndpoint=enabled`
    (better, a launch template with `MetadataOptions.HttpTokens=required`) and switch the group
    to it; Terraform `metadata_options { http_tokens = "required" }` on
    `aws_launch_configuration` (or `aws_launch_template`).
    """
    if configuration.metadata is None:
        return failed("sets no metadata options: IMDSv1 follows the AMI and account defaults")
    if configuration.metadata.imdsv2_required:
        return passed("IMDSv2 required (or metadata endpoint disabled)")
    return failed(
        "IMDSv1 allowed: metadata tokens optional",
        http_tokens=configuration.metadata.http_tokens,
    )


@check(
    id="autoscaling.launch-configuration-hop-limit",
    domain=Domain.APPLICATION,
    severity=Severity.HIGH,
    resource=LaunchConfiguration,
)
def launch_configuration_hop_limit(configuration: LaunchConfiguration, ctx: Context) -> Outcome:
    """Launch configurations keep metadata responses on the instance (hop limit 1).

    The hop limit (``HttpPutResponseHopLimit``) is the IP TTL of IMDSv2 token responses: above
    1, something behind the instance (a container, a forwarding proxy) can fetch a token and
    the instance role's credentials (Security Hub AutoScaling.4; EC2 user guide, "Configure
    the instance metadata options"). A configuration with the metadata endpoint off passes;
    one that sets no options gets AWS's default, 1.

    Remediation: create a launch configuration (or, better, a launch template) with
    `--metadata-options HttpPutResponseHopLimit=1,HttpTokens=required` and switch the group
    to it; Terraform `metadata_options { http_put_response_hop_limit = 1 }` on
    `aws_launch_configuration` (or `aws_launch_template`).
    """
    options = configuration.metadata
    if options is None:
        return passed("sets no metadata options: the hop limit is AWS's default, 1")
    if options.http_endpoint == "disabled":
        return passed("metadata endpoint disabled")
    if options.hop_limit <= 1:
        return passed(f"hop limit {options.hop_limit}")
    return failed(
        f"hop limit {options.hop_limit}: metadata reachable {options.hop_limit - 1} hop(s) "
        "beyond the instance",
        hop_limit=options.hop_limit,
    )


@check(
    id="autoscaling.no-secrets-in-launch-configuration",
    domain=Domain.APPLICATION,
    severity=Severity.HIGH,
    resource=LaunchConfiguration,
)
def no_secrets_in_launch_configuration(configuration: LaunchConfiguration, ctx: Context) -> Outcome:
    """Launch configurations' user data holds no secrets.

    Anyone allowed `autoscaling:DescribeLaunchConfigurations` reads the user data, and every
    instance launched from it serves it to its processes from the metadata service (EC2 user
    guide, "Run commands when you launch an EC2 instance with user data input"). incloud
    scans it with detect-secrets while collecting and keeps only masked findings.

    Remediation: launch configurations cannot be changed: create one without the secret
    (`aws autoscaling create-launch-configuration ...`, or a launch template) reading it from
    Secrets Manager or Parameter Store at boot, switch the group to it, delete the old one
    (`aws autoscaling delete-launch-configuration --launch-configuration-name NAME`), and
    rotate the secret; Terraform `user_data` without the secret on `aws_launch_template`.
    """
    return secrets_outcome(configuration.user_data_secrets, "user data")
