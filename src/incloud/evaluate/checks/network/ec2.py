"""Security-group and network-ACL rules, public addressing, and VPC flow logging."""

from __future__ import annotations

from ....snapshot.ec2 import (
    ElasticIp,
    FlowLog,
    IpPermission,
    NetworkAcl,
    SecurityGroup,
    Subnet,
    Vpc,
)
from ...check import Domain, Outcome, Severity, check, failed, not_applicable, passed
from ...context import Context
from ...network.intervals import IntervalSet, atoms, internet_space, prefix_length
from ...network.nacl import Acl, AclEntry

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


def _world_open_admin_ports(acl: NetworkAcl) -> list[str]:
    """Administration ports an inbound ``0.0.0.0/0`` or ``::/0`` allow entry decides for some
    internet client, evaluated as AWS does (``evaluate.network.nacl``: ascending rule number,
    first match wins, so an earlier deny shadows the entry for the clients it covers).
    """
    rules = Acl(acl)
    inbound = {(e.version, e.rule_number): e for e in map(AclEntry.of, acl.entries) if not e.egress}
    wanted = IntervalSet.of((port, port) for port in ADMIN_PORTS)
    found: set[tuple[int, str]] = set()
    for version in (4, 6):
        cuts = [span for v, span in rules.cuts if v == version]
        for client, _ in atoms(internet_space(version), cuts):
            for decision in rules.decide(False, "tcp", version, client, wanted):
                if not decision.allow or decision.rule is None:
                    continue
                entry = inbound[(version, decision.rule)]
                if prefix_length(entry.cidr) != 0:
                    continue
                found.update(
                    (port, f"{label} ({port}) from {entry.cidr} by rule {entry.rule_number}")
                    for port, label in ADMIN_PORTS.items()
                    if port in decision.ports
                )
    return [text for _, text in sorted(found)]


@check(
    id="ec2.nacl-admin-ports",
    domain=Domain.NETWORK,
    severity=Severity.LOW,
    resource=NetworkAcl,
)
def nacl_admin_ports(acl: NetworkAcl, ctx: Context) -> Outcome:
    """No network ACL admits SSH (22) or RDP (3389) from 0.0.0.0/0 or ::/0.

    Network ACLs are the subnet-wide second layer behind security groups: one that admits
    administration ports from the whole internet leaves a single security-group rule between
    every host in its subnets and the world (CIS 3.0.0 5.1, Security Hub EC2.21). Entries are read
    in rule order, first match wins, as AWS evaluates them, so a deny placed before an
    allow-all entry passes. Every ACL is judged, associated or not (as CIS does), including
    each VPC's default ACL, whose stock allow-all entry fails. Hygiene: whether a port is
    actually reachable is decided by ``ec2.admin-port-internet-reachable``.

    Remediation: add inbound deny entries for TCP 22 and 3389 from 0.0.0.0/0 and ::/0 with
    rule numbers below the allow entries (`aws ec2 create-network-acl-entry --ingress
    --rule-number 50 --protocol tcp --port-range From=22,To=22 --cidr-block 0.0.0.0/0
    --rule-action deny`), or narrow the allow entries to the ranges that need them;
    Terraform `aws_network_acl_rule`.
    """
    exposed = _world_open_admin_ports(acl)
    if exposed:
        return failed(f"inbound from the internet: {'; '.join(exposed)}", exposed=exposed)
    return passed("no inbound entry admits SSH or RDP from 0.0.0.0/0 or ::/0")


@check(
    id="ec2.subnet-auto-assign-public-ip",
    domain=Domain.NETWORK,
    severity=Severity.INFO,
    resource=Subnet,
)
def subnet_auto_assign_public_ip(subnet: Subnet, ctx: Context) -> Outcome:
    """Subnets do not give new instances public addresses automatically.

    With ``MapPublicIpOnLaunch`` every instance launched into the subnet gets a public IPv4
    address unless its launch says otherwise, so a workload meant to be private becomes
    addressable from the internet by default (Security Hub EC2.15);
    ``AssignIpv6AddressOnCreation`` does the same with a global IPv6 address. Public
    addresses should be a deliberate choice per instance, or belong to load balancers.
    Default VPCs' subnets map public IPv4 addresses and fail.

    Remediation: `aws ec2 modify-subnet-attribute --subnet-id ID --no-map-public-ip-on-launch`
    (and `--no-assign-ipv6-address-on-creation`); Terraform `map_public_ip_on_launch = false`
    and `assign_ipv6_address_on_creation = false` on `aws_subnet`.
    """
    automatic = [
        name
        for name, on in (
            ("public IPv4 (MapPublicIpOnLaunch)", subnet.map_public_ip_on_launch),
            ("IPv6 (AssignIpv6AddressOnCreation)", subnet.assign_ipv6_address_on_creation),
        )
        if on
    ]
    if automatic:
        return failed(f"assigns {' and '.join(automatic)} on launch", automatic=automatic)
    return passed("assigns no public address automatically")


@check(
    id="ec2.unused-elastic-ip",
    domain=Domain.NETWORK,
    severity=Severity.LOW,
    resource=ElasticIp,
)
def unused_elastic_ip(address: ElasticIp, ctx: Context) -> Outcome:
    """Every Elastic IP address is associated with something.

    An unassociated Elastic IP costs money every hour (AWS charges for all public IPv4
    addresses) and is latent exposure: whatever it is attached to next is reachable at an
    address that may still be in DNS records, allow-lists or scanners' lists. Addresses
    parked for a reason should be tagged and reviewed (Security Hub EC2.12).

    Remediation: `aws ec2 release-address --allocation-id ALLOC_ID`, or associate it
    (`aws ec2 associate-address`); remove the `aws_eip` from Terraform when it is no longer
    needed.
    """
    target = address.association_id or address.instance_id or address.network_interface_id
    if target:
        return passed(
            f"associated ({address.instance_id or address.network_interface_id or target})"
        )
    return failed(f"{address.public_ip} is allocated but not associated")
