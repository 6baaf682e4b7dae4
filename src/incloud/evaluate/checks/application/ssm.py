"""Patching evidence from Systems Manager for EC2 instances."""

from __future__ import annotations

from ....snapshot.ec2 import Ec2Instance
from ....snapshot.ssm import SsmManagedInstance
from ...check import Domain, Outcome, Severity, check, failed, not_applicable, passed
from ...context import Context


def _managed(instance: Ec2Instance, ctx: Context) -> SsmManagedInstance | None:
    for node in ctx.resources(SsmManagedInstance, instance.account_id, instance.region):
        if node.instance_id == instance.instance_id:
            return node
    return None


@check(
    id="ssm.instance-managed",
    domain=Domain.APPLICATION,
    severity=Severity.MEDIUM,
    resource=Ec2Instance,
    requires=("ssm:DescribeInstanceInformation",),
)
def instance_managed(instance: Ec2Instance, ctx: Context) -> Outcome:
    """Running instances are managed by Systems Manager.

    An instance Systems Manager does not manage cannot be patched by Patch Manager, reached
    by Session Manager without SSH, or inventoried: patching it depends on someone logging
    in. An instance is managed when it appears in ``DescribeInstanceInformation`` with ping
    status ``Online`` (``ConnectionLost`` and ``Inactive`` nodes are not).

    Remediation: install or start the SSM Agent (preinstalled on Amazon Linux, Ubuntu and
    Windows AMIs), give the instance a role with the `AmazonSSMManagedInstanceCore` policy
    (or turn on Default Host Management Configuration), and let it reach the SSM endpoints
    (internet or VPC endpoints for ssm, ssmmessages and ec2messages).
    """
    if not instance.running:
        return not_applicable(f"instance is {instance.state}")
    node = _managed(instance, ctx)
    if node is None:
        return failed("not registered with Systems Manager")
    if node.ping_status != "Online":
        return failed(
            f"registered with Systems Manager but {node.ping_status}",
            ping_status=node.ping_status,
        )
    return passed("managed by Systems Manager (Online)", agent_version=node.agent_version)


@check(
    id="ssm.patch-compliance",
    domain=Domain.APPLICATION,
    severity=Severity.HIGH,
    resource=Ec2Instance,
    requires=("ssm:DescribeInstanceInformation", "ssm:ListResourceComplianceSummaries"),
)
def patch_compliance(instance: Ec2Instance, ctx: Context) -> Outcome:
    """Running instances are compliant with their patch baseline.

    Patch Manager scans each managed instance against its patch baseline and reports it
    ``COMPLIANT`` or ``NON_COMPLIANT`` with the missing patches by severity; missing
    critical or high patches are the vulnerabilities attackers use first. An instance with
    no patch scan at all (unmanaged, or no patching configured) has no evidence of patching
    and fails too. Read from ``ListResourceComplianceSummaries`` (compliance type Patch).

    Remediation: manage the instance with Systems Manager (see ssm.instance-managed), then
    set up patching with a Quick Setup patch policy or a maintenance window running
    `AWS-RunPatchBaseline` with `Operation=Install`, and reboot where patches need it.
    """
    if not instance.running:
        return not_applicable(f"instance is {instance.state}")
    node = _managed(instance, ctx)
    if node is None:
        return failed("no patch compliance data: the instance is not managed by Systems Manager")
    if node.patch_status is None:
        return failed("managed, but Patch Manager has never reported a patch scan for it")
    evidence = {
        "non_compliant": node.patch_non_compliant,
        "critical_missing": node.patch_critical_missing,
        "high_missing": node.patch_high_missing,
        "scanned": node.patch_scanned.isoformat() if node.patch_scanned else None,
    }
    if node.patch_status != "COMPLIANT":
        return failed(
            f"{node.patch_status}: {node.patch_non_compliant} patch(es) missing, "
            f"{node.patch_critical_missing} critical, {node.patch_high_missing} high",
            **evidence,
        )
    return passed("compliant with its patch baseline", **evidence)


@check(
    id="ssm.association-compliance",
    domain=Domain.APPLICATION,
    severity=Severity.LOW,
    resource=SsmManagedInstance,
    requires=("ssm:ListResourceComplianceSummaries",),
)
def association_compliance(node: SsmManagedInstance, ctx: Context) -> Outcome:
    """Managed nodes comply with their State Manager associations.

    A State Manager association keeps a node in a defined state (an agent installed, a
    configuration applied, inventory collected); a NON_COMPLIANT association means the last
    run failed and the node has drifted from it (Security Hub SSM.3; Systems Manager User
    Guide, "Working with associations"). Read from ``ListResourceComplianceSummaries``
    (compliance type Association); a node no association has run on is not judged.

    Remediation: find the failing association (`aws ssm list-compliance-items --resource-ids
    ID --resource-types ManagedInstance --filters Key=ComplianceType,Values=Association`),
    fix its cause from the command output, and run it again with `aws ssm
    start-associations-once --association-ids ID`; Terraform `aws_ssm_association`.
    """
    if node.association_status is None:
        return not_applicable("no State Manager association has reported for this node")
    if node.association_status != "COMPLIANT":
        return failed(
            f"association compliance {node.association_status}: "
            f"{node.association_non_compliant} association(s) failed",
            non_compliant=node.association_non_compliant,
        )
    return passed("compliant with its associations")
