"""Security-group exposure and VPC flow logging."""

from __future__ import annotations

from ....snapshot.ec2 import FlowLog, IpPermission, SecurityGroup, Vpc
from ...check import Domain, Outcome, Severity, check, failed, not_applicable, passed
from ...context import Context

ADMIN_PORTS = {22: "SSH", 3389: "RDP"}
"""Remote administration ports that must never be open to the whole internet (CIS 5.2/5.3)."""

ANYWHERE = ("0.0.0.0/0", "::/0")


def _from_anywhere(rule: IpPermission) -> str | None:
    if rule.cidr_ipv4 == "0.0.0.0/0":
        return rule.cidr_ipv4
    if rule.cidr_ipv6 == "::/0":
        return rule.cidr_ipv6
    return None


@check(
    id="ec2.security-group-admin-ports",
    domain=Domain.NETWORK,
    severity=Severity.LOW,
    resource=SecurityGroup,
)
def security_group_admin_ports(group: SecurityGroup, ctx: Context) -> Outcome:
    """No security group admits SSH (22) or RDP (3389) from 0.0.0.0/0 or ::/0.

    Hygiene: a world-open administration rule is one attachment or route change away from
    exposure, even where nothing reaches it today. This check reads the group's rules only;
    whether a port is actually reachable (routes, NACLs, public addresses) is decided by
    ``ec2.admin-port-internet-reachable``, which carries the high severity.

    Remediation: remove the rule (`aws ec2 revoke-security-group-ingress`) and reach hosts
    through Systems Manager Session Manager, EC2 Instance Connect Endpoint, or a VPN with
    source ranges limited to it.
    """
    exposed = sorted(
        {
            f"{label} ({port}) from {source}"
            for rule in group.ingress
            if (source := _from_anywhere(rule))
            for port, label in ADMIN_PORTS.items()
            if rule.covers_port(port)
        }
    )
    if exposed:
        return failed(f"open to the internet: {', '.join(exposed)}", exposed=exposed)
    return passed("no administration port open to 0.0.0.0/0 or ::/0")


@check(
    id="ec2.default-security-group-closed",
    domain=Domain.NETWORK,
    severity=Severity.MEDIUM,
    resource=SecurityGroup,
)
def default_security_group_closed(group: SecurityGroup, ctx: Context) -> Outcome:
    """Every VPC's default security group has no inbound and no outbound rules.

    Resources launched without an explicit group land in the default one, whose stock
    rules let its members talk to each other and reach anywhere. Closing it forces a
    deliberate choice (CIS 5.4).

    Remediation: remove all rules from the default group
    (`aws ec2 revoke-security-group-ingress/-egress`) and assign purpose-made groups;
    Terraform `aws_default_security_group` with no rules.
    """
    if group.name != "default":
        return not_applicable("not a default security group")
    if group.ingress or group.egress:
        return failed(
            f"default group has {len(group.ingress)} inbound and "
            f"{len(group.egress)} outbound rule(s)"
        )
    return passed("default security group has no rules")


@check(
    id="ec2.vpc-flow-logs",
    domain=Domain.NETWORK,
    severity=Severity.MEDIUM,
    resource=Vpc,
    requires=("ec2:DescribeFlowLogs",),
)
def vpc_flow_logs(vpc: Vpc, ctx: Context) -> Outcome:
    """Every VPC has an active flow log.

    Flow logs are the only record of which addresses talked to what; without them an
    intrusion or exfiltration cannot be traced (CIS 3.7).

    Remediation: `aws ec2 create-flow-logs --resource-type VPC --resource-ids VPC_ID
    --traffic-type REJECT --log-destination-type s3 --log-destination BUCKET_ARN`;
    Terraform `aws_flow_log`.
    """
    logs = [
        log.flow_log_id
        for log in ctx.resources(FlowLog, vpc.account_id, vpc.region)
        if log.resource_id == vpc.vpc_id and log.status == "ACTIVE"
    ]
    if logs:
        return passed("flow logs active", flow_logs=logs)
    return failed("no active flow log on this VPC")
