"""EC2 and VPC: instances, launch templates, network objects, EBS and AMIs.

Field names follow the EC2 API (``Describe*``) in snake case. Routes and network ACL entries
are typed (:class:`RouteEntry`, :class:`NetworkAclEntry`) with what the reachability engine
reads; the collector converts the API's shape.
"""

from __future__ import annotations

import ipaddress
from datetime import datetime
from typing import Annotated, ClassVar, Literal, Self

from pydantic import AfterValidator, Field, model_validator

from .base import Frozen, Resource, brief
from .secrets import SecretFinding


def _cidr(version: int | None, *, empty: bool = False) -> AfterValidator:
    """A validator accepting a CIDR block (host bits may be set) of one IP version, or of
    either when ``version`` is None; with ``empty``, also ``""`` (not known).
    """

    def check(value: str) -> str:
        if empty and not value:
            return value
        try:
            network = ipaddress.ip_network(value, strict=False)
        except ValueError:
            raise ValueError(f"not a CIDR block: {brief(value)}") from None
        if version is not None and network.version != version:
            raise ValueError(f"not an IPv{version} CIDR block: {brief(value)}")
        return value

    return AfterValidator(check)


def _address(value: str) -> str:
    try:
        ipaddress.ip_address(value)
    except ValueError:
        raise ValueError(f"not an IP address: {brief(value)}") from None
    return value


Ipv4Cidr = Annotated[str, _cidr(4)]
"""An IPv4 CIDR block such as ``10.0.0.0/16``."""

Ipv6Cidr = Annotated[str, _cidr(6)]
"""An IPv6 CIDR block such as ``::/0``."""

Cidr = Annotated[str, _cidr(None)]
"""A CIDR block of either IP version (a prefix list's entries)."""

Ipv4CidrOrUnknown = Annotated[str, _cidr(4, empty=True)]
"""An IPv4 CIDR block, or ``""`` when the API gave none."""

IpAddress = Annotated[str, AfterValidator(_address)]
"""An IPv4 or IPv6 address. Addresses and blocks are validated where they are stored: the
reachability engine reads them as numbers, so a hand-made snapshot with ``999.1.1.1`` in one
is refused on load with the field named, not a ValueError in the middle of an evaluation."""


class Ec2Region(Resource):
    """Per-region EC2 account settings: EBS encryption by default."""

    kind: Literal["ec2.region"] = "ec2.region"
    ebs_encryption_by_default: bool = False
    ebs_default_kms_key_id: str | None = None

    service: ClassVar[str] = "ec2"

    def in_use(self) -> bool:
        """Regional settings exist in every account."""
        return False


class MetadataOptions(Frozen):
    """Instance metadata service options.

    The API omits ``HttpEndpoint`` when it is at its default, which is *enabled*, and the
    hop limit when it is at its default, 1.
    """

    http_tokens: str = "optional"
    http_endpoint: str = "enabled"
    hop_limit: int = 1

    @property
    def imdsv2_required(self) -> bool:
        """True when the metadata service is off or demands session tokens (IMDSv2)."""
        return self.http_endpoint == "disabled" or self.http_tokens == "required"


class Ec2Instance(Resource):
    """An EC2 instance (terminated instances are not collected)."""

    kind: Literal["ec2.instance"] = "ec2.instance"
    instance_id: str
    state: str = "running"
    image_id: str = ""
    instance_type: str = ""
    launch_time: datetime | None = None
    vpc_id: str | None = None
    subnet_id: str | None = None
    private_ip: IpAddress | None = None
    public_ip: IpAddress | None = None
    ipv6_addresses: tuple[IpAddress, ...] = ()
    security_group_ids: tuple[str, ...] = ()
    network_interface_ids: tuple[str, ...] = ()
    iam_instance_profile_arn: str | None = None
    metadata: MetadataOptions = MetadataOptions()
    platform: str = "linux"
    tags: dict[str, str] = {}
    image_created: datetime | None = None
    """The AMI's creation date (``DescribeImages``); None when the image could not be found
    (deregistered, or no longer shared with the account) or was not read."""
    user_data_secrets: tuple[SecretFinding, ...] = ()
    """What looked like secrets in the user data (masked); the user data is not kept."""
    tag_secrets: tuple[SecretFinding, ...] = ()
    """Tag values that looked like secrets (stored masked in ``tags``)."""
    virtualization_type: str | None = None
    """``hvm`` or ``paravirtual`` (``VirtualizationType``); None when not reported."""
    stopped_since: datetime | None = None
    """When a stopped instance stopped: the time in its ``StateTransitionReason`` (``User
    initiated (2026-01-31 12:00:00 GMT)``); None when running, or when the reason names no
    time."""

    service: ClassVar[str] = "ec2"
    listed_by: ClassVar[tuple[str, ...]] = ("ec2:DescribeInstances",)

    @property
    def running(self) -> bool:
        """True when the instance is running or about to be."""
        return self.state in ("pending", "running")


class LaunchTemplate(Resource):
    """A launch template, judged by its default version."""

    kind: Literal["ec2.launch-template"] = "ec2.launch-template"
    template_id: str
    default_version: int = 1
    metadata: MetadataOptions | None = None
    """None when the default version sets no metadata options (the account default applies)."""
    user_data_secrets: tuple[SecretFinding, ...] = ()
    """What looked like secrets in the default version's user data (masked)."""
    instance_profile_arn: str | None = None
    instance_profile_name: str | None = None
    """The default version's instance profile, as it names it (by ARN or by name; None when
    it names none)."""
    public_ip_interfaces: tuple[int, ...] = ()
    """Device indexes of the default version's network interfaces that set
    ``AssociatePublicIpAddress`` true (a public IPv4 address whatever the subnet says)."""

    service: ClassVar[str] = "ec2"
    listed_by: ClassVar[tuple[str, ...]] = (
        "ec2:DescribeLaunchTemplates",
        "ec2:DescribeLaunchTemplateVersions",
    )


class IpPermission(Frozen):
    """One security-group rule flattened to a single source."""

    protocol: str
    """``-1`` for all traffic, otherwise ``tcp``, ``udp``, ``icmp``, ``icmpv6`` or a number."""
    from_port: int | None = None
    to_port: int | None = None
    cidr_ipv4: Ipv4Cidr | None = None
    cidr_ipv6: Ipv6Cidr | None = None
    prefix_list_id: str | None = None
    group_id: str | None = None

    def covers_port(self, port: int) -> bool:
        """True when this rule admits TCP traffic to ``port``."""
        if self.protocol == "-1":
            return True
        if self.protocol not in ("tcp", "6"):
            return False
        low = self.from_port if self.from_port is not None else 0
        high = self.to_port if self.to_port is not None else 65535
        return low <= port <= high


class SecurityGroup(Resource):
    """A security group with its ingress and egress rules."""

    kind: Literal["ec2.security-group"] = "ec2.security-group"
    group_id: str
    vpc_id: str | None = None
    description: str = ""
    ingress: tuple[IpPermission, ...] = ()
    egress: tuple[IpPermission, ...] = ()

    service: ClassVar[str] = "ec2"
    listed_by: ClassVar[tuple[str, ...]] = ("ec2:DescribeSecurityGroups",)

    def display_name(self) -> str:
        """Group id and name, as the console shows them."""
        return f"{self.group_id} ({self.name})"

    def in_use(self) -> bool:
        """Every VPC comes with a default group."""
        return self.name != "default"


PROTOCOL_NUMBERS = {"tcp": "6", "udp": "17", "icmp": "1", "icmpv6": "58"}
"""Protocol names as the EC2 API numbers them (IANA protocol numbers)."""


def protocol_number(protocol: str) -> str:
    """``tcp`` -> ``6``; numbers and ``-1`` (every protocol) unchanged."""
    return PROTOCOL_NUMBERS.get(protocol.lower(), protocol)


def _protocol(value: str) -> str:
    number = protocol_number(value)
    if number == "-1":
        return number
    if not (number.isascii() and number.isdigit() and int(number) <= 255):
        raise ValueError(f"not a protocol number or -1: {brief(value)}")
    return str(int(number))


ProtocolNumber = Annotated[str, AfterValidator(_protocol)]
"""An IP protocol number as text (``6`` TCP, ``17`` UDP, ``1`` ICMP, ``58`` ICMPv6), or
``-1`` for every protocol; the names ``tcp``, ``udp``, ``icmp``, ``icmpv6`` are read as their
numbers."""

Port = Annotated[int, Field(ge=0, le=65535)]
"""A TCP or UDP port number."""


class NetworkAclEntry(Frozen):
    """One network ACL rule (``DescribeNetworkAcls`` ``Entries``; VPC User Guide, "Network ACL
    rules"): rules are evaluated in ascending ``rule_number`` per direction, the first match
    decides. The port range applies to TCP and UDP only; other protocols cover every port.
    """

    rule_number: int = Field(ge=1, le=32767)
    """Evaluation order; 32767 is the final ``*`` rule AWS lists (deny)."""
    egress: bool
    """True for an outbound rule (the remote address is the destination)."""
    action: Literal["allow", "deny"]
    protocol: ProtocolNumber
    from_port: Port | None = None
    to_port: Port | None = None
    """The destination port range (``PortRange``), both bounds or neither."""
    icmp_type: int | None = Field(default=None, ge=-1, le=255)
    icmp_code: int | None = Field(default=None, ge=-1, le=255)
    """ICMP type and code (``IcmpTypeCode``, -1 for all) when the rule is for ICMP."""
    cidr_ipv4: Ipv4Cidr | None = None
    cidr_ipv6: Ipv6Cidr | None = None
    """The remote range: exactly one of the two (an IPv4 rule matches IPv4 traffic only)."""

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        if (self.cidr_ipv4 is None) == (self.cidr_ipv6 is None):
            raise ValueError("a network ACL entry has exactly one of cidr_ipv4 and cidr_ipv6")
        if (self.from_port is None) != (self.to_port is None):
            raise ValueError("a network ACL entry's port range needs both from_port and to_port")
        if (
            self.from_port is not None
            and self.to_port is not None
            and self.from_port > self.to_port
        ):
            raise ValueError("a network ACL entry's from_port is above its to_port")
        return self

    @property
    def cidr(self) -> str:
        """The remote range, IPv4 or IPv6."""
        return self.cidr_ipv4 or self.cidr_ipv6 or ""

    @property
    def allow(self) -> bool:
        """True for an allow rule."""
        return self.action == "allow"


class NetworkAcl(Resource):
    """A network ACL with its entries (in the API's order; evaluation sorts them)."""

    kind: Literal["ec2.network-acl"] = "ec2.network-acl"
    acl_id: str
    vpc_id: str
    is_default: bool = False
    entries: tuple[NetworkAclEntry, ...] = ()
    subnet_ids: tuple[str, ...] = ()

    service: ClassVar[str] = "ec2"
    listed_by: ClassVar[tuple[str, ...]] = ("ec2:DescribeNetworkAcls",)

    def in_use(self) -> bool:
        """Network ACLs only accompany VPCs."""
        return False


RouteTargetKind = Literal[
    "gateway",
    "egress-only-internet-gateway",
    "nat-gateway",
    "transit-gateway",
    "vpc-peering-connection",
    "network-interface",
    "instance",
    "local-gateway",
    "carrier-gateway",
    "core-network",
]
"""Which ``DescribeRouteTables`` field names a route's next hop: ``gateway`` (``GatewayId``)
covers internet (``igw-``) and virtual private (``vgw-``) gateways, gateway VPC endpoints and
Gateway Load Balancer endpoints (``vpce-``) and the VPC itself (``local``)."""


class RouteEntry(Frozen):
    """One route of a route table (``DescribeRouteTables`` ``Routes``; VPC User Guide, "Route
    tables", "Route priority"): a destination (an IPv4 or IPv6 CIDR block, or a prefix list
    standing for each of its entries), a next hop, whether it is usable, and whether it was
    propagated from a virtual private gateway (which loses ties to static routes).
    """

    cidr_ipv4: Ipv4Cidr | None = None
    cidr_ipv6: Ipv6Cidr | None = None
    prefix_list_id: str | None = None
    """The destination: exactly one of the three."""
    target_kind: RouteTargetKind | None = None
    target_id: str | None = None
    """The next hop (both, or neither when the API names none)."""
    state: Literal["active", "blackhole"] = "active"
    """``blackhole``: the target was deleted and the route drops the traffic."""
    propagated: bool = False
    """Propagated from a virtual private gateway (``Origin`` ``EnableVgwRoutePropagation``)."""

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        destinations = (self.cidr_ipv4, self.cidr_ipv6, self.prefix_list_id)
        if sum(d is not None for d in destinations) != 1:
            raise ValueError("a route has exactly one of cidr_ipv4, cidr_ipv6 and prefix_list_id")
        if (self.target_kind is None) != (self.target_id is None):
            raise ValueError("a route's target needs both target_kind and target_id")
        return self

    @property
    def destination(self) -> str:
        """The destination CIDR block, or the prefix list's id."""
        return self.cidr_ipv4 or self.cidr_ipv6 or self.prefix_list_id or ""


class RouteTable(Resource):
    """A route table with its routes and associations."""

    kind: Literal["ec2.route-table"] = "ec2.route-table"
    route_table_id: str
    vpc_id: str
    routes: tuple[RouteEntry, ...] = ()
    subnet_ids: tuple[str, ...] = ()
    is_main: bool = False
    gateway_ids: tuple[str, ...] = ()
    """Gateways with an edge association to this table (ingress routing, VPC User Guide,
    "Gateway route tables"): traffic entering the VPC through them follows these routes."""

    service: ClassVar[str] = "ec2"
    listed_by: ClassVar[tuple[str, ...]] = ("ec2:DescribeRouteTables",)

    def in_use(self) -> bool:
        """Route tables only accompany VPCs."""
        return False


class Gateway(Resource):
    """An internet, egress-only internet or NAT gateway."""

    kind: Literal["ec2.gateway"] = "ec2.gateway"
    gateway_id: str
    gateway_type: Literal["internet", "egress-only", "nat"]
    vpc_id: str | None = None
    subnet_id: str | None = None
    public_ips: tuple[IpAddress, ...] = ()

    service: ClassVar[str] = "ec2"
    listed_by: ClassVar[tuple[str, ...]] = (
        "ec2:DescribeInternetGateways",
        "ec2:DescribeEgressOnlyInternetGateways",
        "ec2:DescribeNatGateways",
    )

    def in_use(self) -> bool:
        """Gateways only accompany VPCs."""
        return False


class Subnet(Resource):
    """A subnet."""

    kind: Literal["ec2.subnet"] = "ec2.subnet"
    subnet_id: str
    vpc_id: str
    cidr_block: Ipv4CidrOrUnknown = ""
    ipv6_cidr_blocks: tuple[Ipv6Cidr, ...] = ()
    availability_zone: str = ""
    map_public_ip_on_launch: bool = False
    """Instances launched here get a public IPv4 address unless they ask otherwise."""
    assign_ipv6_address_on_creation: bool = False
    """Interfaces created here get an IPv6 address from the subnet's (global) IPv6 range."""

    service: ClassVar[str] = "ec2"
    listed_by: ClassVar[tuple[str, ...]] = ("ec2:DescribeSubnets",)

    def in_use(self) -> bool:
        """Subnets only accompany VPCs."""
        return False


class Vpc(Resource):
    """A VPC."""

    kind: Literal["ec2.vpc"] = "ec2.vpc"
    vpc_id: str
    cidr_block: Ipv4CidrOrUnknown = ""
    is_default: bool = False

    service: ClassVar[str] = "ec2"
    listed_by: ClassVar[tuple[str, ...]] = ("ec2:DescribeVpcs",)

    def in_use(self) -> bool:
        """AWS creates a default VPC in every region."""
        return not self.is_default


class NetworkInterface(Resource):
    """An elastic network interface."""

    kind: Literal["ec2.network-interface"] = "ec2.network-interface"
    interface_id: str
    subnet_id: str | None = None
    vpc_id: str | None = None
    interface_type: str = "interface"
    private_ips: tuple[IpAddress, ...] = ()
    public_ips: tuple[IpAddress, ...] = ()
    ipv6_addresses: tuple[IpAddress, ...] = ()
    security_group_ids: tuple[str, ...] = ()
    attached_instance_id: str | None = None
    status: str = "in-use"
    """``in-use`` or ``available`` (not attached to anything: unreachable)."""
    description: str = ""
    """Set by the service that created the interface (``ELB app/NAME/ID``,
    ``RDSNetworkInterface``, ``AWS Lambda VPC ENI-...``)."""
    requester_id: str | None = None
    """The service that manages the interface (``amazon-elb``, ``amazon-rds``...)."""

    service: ClassVar[str] = "ec2"
    listed_by: ClassVar[tuple[str, ...]] = ("ec2:DescribeNetworkInterfaces",)

    def in_use(self) -> bool:
        """Interfaces belong to whatever service created them."""
        return False


class ManagedPrefixList(Resource):
    """A managed prefix list (VPC User Guide, "Managed prefix lists"): CIDR blocks that
    security-group rules and routes reference by id. ``entries`` is None when they were not
    read; AWS-managed lists (``owner_id`` ``AWS``) are recognised by name.
    """

    kind: Literal["ec2.prefix-list"] = "ec2.prefix-list"
    prefix_list_id: str
    owner_id: str = ""
    address_family: str = "IPv4"
    entries: tuple[Cidr, ...] | None = None

    service: ClassVar[str] = "ec2"
    listed_by: ClassVar[tuple[str, ...]] = ("ec2:DescribeManagedPrefixLists",)

    def in_use(self) -> bool:
        """Prefix lists only accompany security groups and routes."""
        return False


class ElasticIp(Resource):
    """An Elastic IP address and what it is associated with."""

    kind: Literal["ec2.elastic-ip"] = "ec2.elastic-ip"
    allocation_id: str
    public_ip: IpAddress
    association_id: str | None = None
    """Set while the address is associated (with an instance, an interface, a NAT gateway)."""
    instance_id: str | None = None
    network_interface_id: str | None = None
    private_ip: IpAddress | None = None

    service: ClassVar[str] = "ec2"
    listed_by: ClassVar[tuple[str, ...]] = ("ec2:DescribeAddresses",)


class EbsVolume(Resource):
    """An EBS volume."""

    kind: Literal["ec2.volume"] = "ec2.volume"
    volume_id: str
    encrypted: bool = False
    kms_key_id: str | None = None
    size_gib: int = 0
    state: str = "in-use"
    attached_instance_ids: tuple[str, ...] = ()

    service: ClassVar[str] = "ec2"
    listed_by: ClassVar[tuple[str, ...]] = ("ec2:DescribeVolumes",)


class EbsSnapshot(Resource):
    """An EBS snapshot owned by the account. ``public`` is None when it was not read."""

    kind: Literal["ec2.snapshot"] = "ec2.snapshot"
    snapshot_id: str
    volume_id: str | None = None
    encrypted: bool = False
    started: datetime | None = None
    public: bool | None = None
    shared_with: tuple[str, ...] = ()

    service: ClassVar[str] = "ec2"
    listed_by: ClassVar[tuple[str, ...]] = ("ec2:DescribeSnapshots",)


class Ami(Resource):
    """An AMI owned by the account."""

    kind: Literal["ec2.image"] = "ec2.image"
    image_id: str
    public: bool = False
    created: datetime | None = None
    encrypted_snapshots: bool | None = None

    service: ClassVar[str] = "ec2"
    listed_by: ClassVar[tuple[str, ...]] = ("ec2:DescribeImages",)


class FlowLog(Resource):
    """A VPC, subnet or interface flow log."""

    kind: Literal["ec2.flow-log"] = "ec2.flow-log"
    flow_log_id: str
    resource_id: str
    traffic_type: str = "ALL"
    status: str = "ACTIVE"
    destination_type: str = "cloud-watch-logs"

    service: ClassVar[str] = "ec2"
    listed_by: ClassVar[tuple[str, ...]] = ("ec2:DescribeFlowLogs",)

    def in_use(self) -> bool:
        """Flow logs only accompany VPCs."""
        return False
