"""EC2 workloads: metadata service hardening, image age, and secrets in user data."""

from __future__ import annotations

from datetime import timedelta

from ....snapshot.ec2 import Ec2Instance, LaunchTemplate
from ...check import (
    Domain,
    Level,
    Outcome,
    Severity,
    check,
    failed,
    not_applicable,
    passed,
    unknown,
)
from ...context import Context
from ._secrets import secrets_outcome

CONTAINER_HOST_HOP_LIMIT = 2
"""The hop limit AWS documents for containers that need IMDSv2 on their host."""

_CONTAINER_HOST_TAGS = ("eks:", "aws:eks:", "kubernetes.io/cluster/", "aws:ecs:")
"""Tag key prefixes that EKS node groups, Kubernetes and ECS put on their hosts."""


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


def _container_host(instance: Ec2Instance) -> bool:
    """True when tags show an EKS, Kubernetes or ECS container host."""
    return "AmazonECSManaged" in instance.tags or any(
        key.startswith(_CONTAINER_HOST_TAGS) for key in instance.tags
    )


@check(
    id="ec2.instance-metadata-hop-limit",
    domain=Domain.APPLICATION,
    severity=Severity.LOW,
    resource=Ec2Instance,
    level=Level.STRICT,
)
def instance_metadata_hop_limit(instance: Ec2Instance, ctx: Context) -> Outcome:
    """Instance metadata responses do not travel further than the instance needs.

    The hop limit (``HttpPutResponseHopLimit``) is the IP TTL of IMDSv2 token responses. At
    1 only processes on the instance itself get a token; every extra hop lets something
    behind the instance (a container, a forwarding proxy) fetch the instance role's
    credentials too. AWS documents 2 for container hosts whose containers need the metadata
    service, so container hosts (recognised by their EKS, Kubernetes or ECS tags) may use 2;
    everything else must use 1. Strict, because only the owner knows whether a host runs
    containers untagged. An instance with the metadata endpoint off passes.
    See https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/configuring-IMDS-existing-instances.html

    Remediation: `aws ec2 modify-instance-metadata-options --instance-id ID
    --http-put-response-hop-limit 1`; Terraform
    `metadata_options { http_put_response_hop_limit = 1 }`. On EKS nodes whose pods need no
    instance credentials, 1 also blocks pods from the node role (use IRSA or Pod Identity).
    """
    options = instance.metadata
    if options.http_endpoint == "disabled":
        return passed("metadata endpoint disabled")
    allowed = CONTAINER_HOST_HOP_LIMIT if _container_host(instance) else 1
    if options.hop_limit <= allowed:
        return passed(f"hop limit {options.hop_limit} (allowed {allowed})")
    return failed(
        f"hop limit {options.hop_limit}: metadata reachable {options.hop_limit - 1} hop(s) "
        f"beyond the instance (allowed {allowed})",
        hop_limit=options.hop_limit,
        container_host=allowed > 1,
    )


@check(
    id="ec2.instance-ami-age",
    domain=Domain.APPLICATION,
    severity=Severity.MEDIUM,
    resource=Ec2Instance,
    level=Level.STRICT,
    requires=("ec2:DescribeImages",),
)
def instance_ami_age(instance: Ec2Instance, ctx: Context) -> Outcome:
    """Running instances were launched from an image at most {ami_max_age_days} days old.

    An old image means the instance started with old packages; unless something patches it
    in place (see ssm.patch-compliance), it still has them. Rebuilding from a recent image is
    the reliable way to roll patches out to immutable fleets. Strict, because an instance
    patched in place is fine on an old image. The age is the image's creation date from
    ``DescribeImages`` against the collection time; the limit, 180 days by default, is the
    evaluation setting ``ami_max_age_days``.

    Remediation: build images regularly (EC2 Image Builder pipelines) and replace instances
    from them: update the launch template's `ImageId` and start an Auto Scaling instance
    refresh (`aws autoscaling start-instance-refresh`).
    """
    if not instance.running:
        return not_applicable(f"instance is {instance.state}")
    if instance.image_created is None:
        return unknown(
            f"image {instance.image_id} not found: deregistered or no longer shared, "
            "so its age is unknown",
            image_id=instance.image_id,
        )
    limit = timedelta(days=ctx.settings.ami_max_age_days)
    age = ctx.now - instance.image_created
    evidence = {
        "image_id": instance.image_id,
        "image_created": instance.image_created.isoformat(),
        "age_days": age.days,
    }
    if age > limit:
        return failed(
            f"image {instance.image_id} is {age.days} days old (limit {limit.days})",
            **evidence,
        )
    return passed(f"image {instance.image_id} is {age.days} days old", **evidence)


@check(
    id="ec2.no-secrets-in-user-data",
    domain=Domain.APPLICATION,
    severity=Severity.HIGH,
    resource=Ec2Instance,
    requires=("ec2:DescribeInstanceAttribute",),
)
def no_secrets_in_user_data(instance: Ec2Instance, ctx: Context) -> Outcome:
    """Instance user data holds no secrets.

    User data is not secret: anyone allowed `ec2:DescribeInstanceAttribute` reads it, and
    every process on the instance can fetch it from the metadata service. Keys, tokens and
    passwords in it leak to both. incloud scans it with detect-secrets while collecting and
    keeps only masked findings.

    Remediation: move the secret to Secrets Manager or Parameter Store (SecureString), read
    it at boot with the instance role (`aws secretsmanager get-secret-value`), rotate the
    exposed secret, and replace the user data (stop the instance, then
    `aws ec2 modify-instance-attribute --attribute userData`).
    """
    return secrets_outcome(instance.user_data_secrets, "user data")


@check(
    id="ec2.no-secrets-in-launch-template",
    domain=Domain.APPLICATION,
    severity=Severity.HIGH,
    resource=LaunchTemplate,
    requires=("ec2:DescribeLaunchTemplateVersions",),
)
def no_secrets_in_launch_template(template: LaunchTemplate, ctx: Context) -> Outcome:
    """Launch templates' default versions hold no secrets in their user data.

    A launch template's user data is readable by anyone allowed
    `ec2:DescribeLaunchTemplateVersions` and is copied to every instance launched from it.
    Only the default version is judged; older versions keep their user data too.

    Remediation: create a template version whose user data fetches the secret from Secrets
    Manager or Parameter Store at boot, make it the default, delete the versions holding the
    secret (`aws ec2 delete-launch-template-versions`), and rotate the secret.
    """
    return secrets_outcome(template.user_data_secrets, "default version's user data")


@check(
    id="ec2.stopped-instance-removed",
    domain=Domain.APPLICATION,
    severity=Severity.MEDIUM,
    resource=Ec2Instance,
)
def stopped_instance_removed(instance: Ec2Instance, ctx: Context) -> Outcome:
    """Instances stopped longer than {stopped_instance_max_days} days are terminated.

    A long-stopped instance misses every patch while it sleeps, keeps its volumes, Elastic
    IP and instance role, and comes back exactly as vulnerable as it left when someone
    starts it (Security Hub EC2.4, AWS Config ``ec2-stopped-instance``). The stop time is
    the one EC2 records in the instance's state transition reason; the limit is the
    evaluation setting ``stopped_instance_max_days``.

    Remediation: snapshot what must be kept, then `aws ec2 terminate-instances
    --instance-ids ID` (or start and patch it if it is still needed); remove the
    `aws_instance` from Terraform (`instance_state = "stopped"` on `aws_ec2_instance_state`
    is what keeps it stopped).
    """
    if instance.state not in ("stopped", "stopping"):
        return not_applicable(f"instance is {instance.state}")
    if instance.stopped_since is None:
        return unknown("the stop time is not in the instance's state transition reason")
    days = (ctx.now - instance.stopped_since).days
    evidence = {"stopped_since": instance.stopped_since.isoformat(), "stopped_days": days}
    if days > ctx.settings.stopped_instance_max_days:
        return failed(
            f"stopped for {days} days (limit {ctx.settings.stopped_instance_max_days})",
            **evidence,
        )
    return passed(f"stopped for {days} days", **evidence)


@check(
    id="ec2.instance-hvm",
    domain=Domain.APPLICATION,
    severity=Severity.MEDIUM,
    resource=Ec2Instance,
)
def instance_hvm(instance: Ec2Instance, ctx: Context) -> Outcome:
    """Instances use hardware virtual machine (HVM) virtualization, not paravirtual.

    Paravirtual (PV) instances run on the previous-generation Xen hypervisor interface: no
    Nitro isolation, no enhanced networking, and only old instance types, which AWS is
    retiring (Security Hub EC2.24; EC2 User Guide, "Virtualization types").

    Remediation: rebuild the workload on an HVM image and a current instance type (`aws ec2
    run-instances --image-id HVM_AMI --instance-type m7i.large ...`), then terminate the PV
    instance; Terraform: an HVM `ami` and a current `instance_type` on `aws_instance`.
    """
    kind = instance.virtualization_type
    if kind is None:
        return unknown("the virtualization type was not reported")
    if kind == "paravirtual":
        return failed(f"paravirtual instance ({instance.instance_type or 'type unknown'})")
    return passed(f"{kind} virtualization")
