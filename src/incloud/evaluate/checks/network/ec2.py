"""Security-group and network-ACL rules and their use, public addressing (instances, launch
templates, subnets, Elastic IPs), interfaces per instance, and VPC flow logging.
"""

from __future__ import annotations

from ....snapshot.ec2 import (
    Ec2Instance,
    ElasticIp,
    FlowLog,
    IpPermission,
    LaunchTemplate,
    NetworkAcl,
    NetworkInterface,
    SecurityGroup,
    Subnet,
    Vpc,
    protocol_number,
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
    internet client, over TCP or UDP (RDP also runs over UDP 3389; AWS Config's
    ``nacl-no-unrestricted-ssh-rdp`` judges both protocols), evaluated as AWS does
    (``evaluate.network.nacl``: ascending rule number, first match wins, so an earlier deny
    shadows the entry for the clients it covers).
    """
    rules = Acl(acl)
    inbound = {(e.version, e.rule_number): e for e in map(AclEntry.of, acl.entries) if not e.egress}
    wanted = IntervalSet.of((port, port) for port in ADMIN_PORTS)
    found: set[tuple[int, str, str]] = set()
    for version in (4, 6):
        cuts = [span for v, span in rules.cuts if v == version]
        for client, _ in atoms(internet_space(version), cuts):
            for protocol in ("tcp", "udp"):
                for decision in rules.decide(False, protocol, version, client, wanted):
                    if not decision.allow or decision.rule is None:
                        continue
                    entry = inbound[(version, decision.rule)]
                    if prefix_length(entry.cidr) != 0:
                        continue
                    found.update(
                        (
                            port,
                            protocol,
                            f"{label} ({protocol.upper()} {port}) from {entry.cidr} "
                            f"by rule {entry.rule_number}",
                        )
                        for port, label in ADMIN_PORTS.items()
                        if port in decision.ports
                    )
    return [text for _, _, text in sorted(found)]


@check(
    id="ec2.nacl-admin-ports",
    domain=Domain.NETWORK,
    severity=Severity.LOW,
    resource=NetworkAcl,
)
def nacl_admin_ports(acl: NetworkAcl, ctx: Context) -> Outcome:
    """No network ACL admits SSH (22) or RDP (3389), over TCP or UDP, from 0.0.0.0/0 or ::/0.

    Network ACLs are the subnet-wide second layer behind security groups: one that admits
    administration ports from the whole internet leaves a single security-group rule between
    every host in its subnets and the world (CIS 3.0.0 5.1, Security Hub EC2.21). Entries are read
    in rule order, first match wins, as AWS evaluates them, so a deny placed before an
    allow-all entry passes. Every ACL is judged, associated or not (as CIS does), including
    each VPC's default ACL, whose stock allow-all entry fails. Hygiene: whether a port is
    actually reachable is decided by ``ec2.admin-port-internet-reachable``.

    Remediation: add inbound deny entries for 22 and 3389 (TCP and UDP, or all protocols)
    from 0.0.0.0/0 and ::/0 with rule numbers below the allow entries
    (`aws ec2 create-network-acl-entry --ingress
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


@check(
    id="ec2.instance-no-public-ip",
    domain=Domain.NETWORK,
    severity=Severity.HIGH,
    resource=Ec2Instance,
)
def instance_no_public_ip(instance: Ec2Instance, ctx: Context) -> Outcome:
    """Instances have no public IPv4 address.

    A public IPv4 address (assigned at launch or an Elastic IP) makes the instance addressable
    from the whole internet: one security-group or network ACL change away from exposure,
    and scanned from the moment it exists (Security Hub EC2.9; EC2 User Guide, "Amazon EC2
    instance IP addressing"). Put instances in private subnets behind a load balancer, NAT
    gateway or Session Manager. Whether a port is actually reachable is decided by the
    ``*-internet-reachable`` checks.

    Remediation: launch replacements without one (`aws ec2 run-instances
    --network-interfaces DeviceIndex=0,AssociatePublicIpAddress=false,...`), or release the
    Elastic IP (`aws ec2 disassociate-address`); Terraform `associate_public_ip_address =
    false` on `aws_instance`, and no `aws_eip` for it.
    """
    if instance.public_ip:
        return failed(f"public IPv4 address {instance.public_ip}", public_ip=instance.public_ip)
    return passed("no public IPv4 address")


@check(
    id="ec2.instance-single-eni",
    domain=Domain.NETWORK,
    severity=Severity.LOW,
    resource=Ec2Instance,
)
def instance_single_eni(instance: Ec2Instance, ctx: Context) -> Outcome:
    """Instances use one network interface.

    An instance with interfaces in several subnets is dual-homed: it bridges network tiers
    and security groups that were meant to be separate, and traffic can leave through an
    interface whose controls nobody reviewed (Security Hub EC2.17). Container hosts using
    ENI trunking or appliances that need several interfaces are deliberate exceptions to
    record.

    Remediation: detach the extra interfaces (`aws ec2 detach-network-interface
    --attachment-id ATTACHMENT_ID`); Terraform: one `network_interface` block (or none) on
    `aws_instance`, no `aws_network_interface_attachment`.
    """
    count = len(instance.network_interface_ids)
    if count > 1:
        return failed(
            f"{count} network interfaces: {', '.join(instance.network_interface_ids)}",
            interfaces=list(instance.network_interface_ids),
        )
    return passed("one network interface" if count else "no network interface reported")


@check(
    id="ec2.launch-template-no-public-ip",
    domain=Domain.NETWORK,
    severity=Severity.HIGH,
    resource=LaunchTemplate,
    requires=("ec2:DescribeLaunchTemplateVersions",),
)
def launch_template_no_public_ip(template: LaunchTemplate, ctx: Context) -> Outcome:
    """Launch templates' default versions do not give interfaces public IPv4 addresses.

    ``AssociatePublicIpAddress`` on a template's network interface gives every instance an
    Auto Scaling group or a user launches from it a public address, whatever the subnet's
    setting (Security Hub EC2.25; EC2 User Guide, "Launch templates"). Only the default
    version is judged.

    Remediation: create a template version whose network interfaces set
    `AssociatePublicIpAddress=false` and make it the default (`aws ec2
    create-launch-template-version` then `aws ec2 modify-launch-template --default-version
    N`); Terraform `network_interfaces { associate_public_ip_address = false }` on
    `aws_launch_template`.
    """
    if template.public_ip_interfaces:
        devices = ", ".join(str(i) for i in template.public_ip_interfaces)
        return failed(
            f"default version {template.default_version} assigns a public IPv4 address on "
            f"device index {devices}",
            device_indexes=list(template.public_ip_interfaces),
        )
    return passed("default version assigns no public IPv4 address")


@check(
    id="ec2.nacl-unused",
    domain=Domain.NETWORK,
    severity=Severity.LOW,
    resource=NetworkAcl,
)
def nacl_unused(acl: NetworkAcl, ctx: Context) -> Outcome:
    """Network ACLs are associated with a subnet.

    An ACL associated with no subnet filters nothing; left behind, it invites a mistaken
    association later and clutters the review of the ones that matter (Security Hub EC2.16).
    A VPC's default ACL cannot be deleted and is not judged.

    Remediation: `aws ec2 delete-network-acl --network-acl-id ACL_ID`; remove the
    `aws_network_acl` from Terraform (or give it `subnet_ids`).
    """
    if acl.is_default:
        return not_applicable("the VPC's default ACL cannot be deleted")
    if acl.subnet_ids:
        return passed(f"associated with {len(acl.subnet_ids)} subnet(s)")
    return failed("associated with no subnet")


def _unauthorised(rule: IpPermission, authorised: tuple[int, ...]) -> str | None:
    """What a world-open inbound rule opens beyond the authorised TCP ports, or None."""
    protocol = protocol_number(rule.protocol)
    if protocol == "-1":
        return "all traffic"
    if protocol not in ("6", "17"):
        return None  # ICMP and other protocols have no ports
    name = "TCP" if protocol == "6" else "UDP"
    low = rule.from_port if rule.from_port is not None else 0
    high = rule.to_port if rule.to_port is not None else 65535
    if low < 0 or high < 0:
        low, high = 0, 65535
    if protocol == "6" and all(port in authorised for port in range(low, high + 1)):
        return None
    return f"{name} {low}" if low == high else f"{name} {low}-{high}"


@check(
    id="ec2.security-group-authorized-ports",
    domain=Domain.NETWORK,
    severity=Severity.HIGH,
    resource=SecurityGroup,
)
def security_group_authorized_ports(group: SecurityGroup, ctx: Context) -> Outcome:
    """Security groups open only authorised TCP ports to 0.0.0.0/0 and ::/0.

    A world-open rule should be a decision: web ports on a load balancer, not a database or
    an administration port left open (Security Hub EC2.18, whose default authorised TCP
    ports are 80 and 443; UDP and all-traffic rules are never authorised). The authorised
    ports are ``Settings.authorized_public_ports``. This reads the rules only; whether a
    port is actually reachable is decided by the ``*-internet-reachable`` checks.

    Remediation: narrow the rule's source (`aws ec2 revoke-security-group-ingress --group-id
    ID --ip-permissions ...` then `authorize-security-group-ingress` with the ranges that
    need it); Terraform `cidr_blocks` on the `aws_security_group_rule` (or
    `aws_vpc_security_group_ingress_rule`).
    """
    authorised = tuple(ctx.settings.authorized_public_ports)
    opened = sorted(
        {
            f"{what} from {source}"
            for rule in group.ingress
            if (source := _from_anywhere(rule)) and (what := _unauthorised(rule, authorised))
        }
    )
    if opened:
        return failed(
            f"open to the internet beyond authorised ports: {', '.join(opened)}", opened=opened
        )
    return passed(
        "no inbound rule opens an unauthorised port to 0.0.0.0/0 or ::/0",
        authorised=list(authorised),
    )


@check(
    id="ec2.security-group-unused",
    domain=Domain.NETWORK,
    severity=Severity.LOW,
    resource=SecurityGroup,
    requires=("ec2:DescribeNetworkInterfaces",),
)
def security_group_unused(group: SecurityGroup, ctx: Context) -> Outcome:
    """Security groups are attached to a network interface.

    A group attached to nothing protects nothing; left behind, its rules (often broad,
    written for a workload long gone) are one attachment away from applying again (Security
    Hub EC2.22, AWS Config ``ec2-security-group-attached-to-eni-periodic``). Every
    interface counts: instances, load balancers, databases, functions, endpoints. A VPC's
    default group cannot be deleted and is not judged.

    Remediation: `aws ec2 delete-security-group --group-id ID` (after checking no launch
    template or other group references it); remove the `aws_security_group` from
    Terraform.
    """
    if group.name == "default":
        return not_applicable("the VPC's default group cannot be deleted")
    users = sorted(
        eni.interface_id
        for eni in ctx.resources(NetworkInterface, group.account_id, group.region)
        if group.group_id in eni.security_group_ids
    )
    if users:
        return passed(f"attached to {len(users)} interface(s), e.g. {users[0]}", interfaces=users)
    return failed("attached to no network interface")
