"""EC2 and VPC collector: one Describe* pass per region, then the few per-resource reads.

The listings do not depend on each other and are read at once, each followed by its own
per-resource reads (on the unit's threads: see :meth:`Unit.gather` and :meth:`Unit.fan_out`).
Per-resource calls are limited to attributes no bulk call returns: whether an owned EBS
snapshot is public (``DescribeSnapshotAttribute``), launch-template default versions, and
each instance's user data (``DescribeInstanceAttribute``), which is scanned for secrets
and dropped. The images instances run from are looked up in one ``DescribeImages`` call
(owned or not) for their creation dates.

botocore's EC2 model marks no answer member required. Settings are read with ``.get`` and
their documented defaults; what names or places a resource or a list entry (its id, the
VPC of a subnet, route table, ACL or gateway attachment, a rule's source CIDR or group, an
address, an association's subnet) is indexed: AWS omits it only in a malformed answer, and
the ``KeyError`` becomes a ``CollectorError`` gap on the region's EC2 reads (unknown), where
a skipped entry could hide an open rule or a route.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial
from typing import Any

from ...snapshot import Resource
from ...snapshot.ec2 import (
    Ami,
    EbsSnapshot,
    EbsVolume,
    Ec2Instance,
    Ec2Region,
    ElasticIp,
    FlowLog,
    Gateway,
    IpPermission,
    LaunchTemplate,
    ManagedPrefixList,
    MetadataOptions,
    NetworkAcl,
    NetworkAclEntry,
    NetworkInterface,
    RouteEntry,
    RouteTable,
    RouteTargetKind,
    SecurityGroup,
    Subnet,
    Vpc,
)
from ...snapshot.secrets import SecretFinding
from ..registry import collector
from ..secrets import decode_user_data, scan_tags, scan_text
from ..unit import Unit

_LIVE_INSTANCE_STATES = ["pending", "running", "stopping", "stopped", "shutting-down"]


@collector(
    service="ec2",
    scope="regional",
    operations=(
        "ec2:GetEbsEncryptionByDefault",
        "ec2:GetEbsDefaultKmsKeyId",
        "ec2:DescribeInstances",
        "ec2:DescribeInstanceAttribute",
        "ec2:DescribeLaunchTemplates",
        "ec2:DescribeLaunchTemplateVersions",
        "ec2:DescribeSecurityGroups",
        "ec2:DescribeNetworkAcls",
        "ec2:DescribeRouteTables",
        "ec2:DescribeInternetGateways",
        "ec2:DescribeEgressOnlyInternetGateways",
        "ec2:DescribeNatGateways",
        "ec2:DescribeSubnets",
        "ec2:DescribeVpcs",
        "ec2:DescribeNetworkInterfaces",
        "ec2:DescribeAddresses",
        "ec2:DescribeVolumes",
        "ec2:DescribeSnapshots",
        "ec2:DescribeSnapshotAttribute",
        "ec2:DescribeImages",
        "ec2:DescribeFlowLogs",
        "ec2:DescribeManagedPrefixLists",
        "ec2:GetManagedPrefixListEntries",
    ),
)
def collect_ec2(unit: Unit) -> Iterator[Resource]:
    """Every EC2/VPC resource type incloud reasons about, for one region.

    The listings do not wait on each other, so they are read at once (:meth:`Unit.gather`);
    those that are followed by per-resource reads come first.
    """
    reads = (
        _instances,
        _snapshots,
        _launch_templates,
        _prefix_lists,
        _region_settings,
        _security_groups,
        _vpcs,
        _subnets,
        _route_tables,
        _network_acls,
        _network_interfaces,
        _addresses,
        _flow_logs,
        _internet_gateways,
        _egress_only_gateways,
        _nat_gateways,
        _volumes,
        _images,
    )
    yield from unit.gather(*(partial(read, unit) for read in reads))


def _region_settings(unit: Unit) -> Iterator[Ec2Region]:
    default = unit.call("get_ebs_encryption_by_default") or {}
    key = unit.call("get_ebs_default_kms_key_id") or {}
    yield Ec2Region(
        arn=unit.arn(f"account/{unit.account_id}"),
        name=unit.region,
        account_id=unit.account_id,
        region=unit.region,
        ebs_encryption_by_default=default.get("EbsEncryptionByDefault", False),
        ebs_default_kms_key_id=key.get("KmsKeyId"),
    )


def _tags(raw: dict[str, Any]) -> dict[str, str]:
    """A resource's tags (values that look like secrets masked: a ``Name`` too)."""
    return _scanned_tags(raw)[0]


def _scanned_tags(raw: dict[str, Any]) -> tuple[dict[str, str], tuple[SecretFinding, ...]]:
    # A tag's value may be empty (EC2 API Reference, "Tag"); its key names it (indexed).
    return scan_tags({t["Key"]: t.get("Value", "") for t in raw.get("Tags", [])})


def _metadata(raw: dict[str, Any]) -> MetadataOptions:
    return MetadataOptions(
        http_tokens=raw.get("HttpTokens", "optional"),
        http_endpoint=raw.get("HttpEndpoint", "enabled"),
        hop_limit=raw.get("HttpPutResponseHopLimit", 1),
    )


def _instances(unit: Unit) -> list[Ec2Instance]:
    reservations = unit.pages(
        "describe_instances",
        "Reservations",
        Filters=[{"Name": "instance-state-name", "Values": _LIVE_INSTANCE_STATES}],
    )
    raws = [raw for reservation in reservations for raw in reservation.get("Instances", [])]
    created = _image_dates(unit, sorted({raw["ImageId"] for raw in raws if raw.get("ImageId")}))
    return unit.fan_out(lambda raw: _instance(unit, raw, created), raws)


def _instance(unit: Unit, raw: dict[str, Any], created: dict[str, Any]) -> Ec2Instance:
    tags, tag_secrets = _scanned_tags(raw)
    instance_id = raw["InstanceId"]
    arn = unit.arn(f"instance/{instance_id}")
    return Ec2Instance(
        arn=arn,
        name=tags.get("Name", instance_id),
        account_id=unit.account_id,
        region=unit.region,
        instance_id=instance_id,
        state=raw.get("State", {}).get("Name", "unknown"),
        image_id=raw.get("ImageId", ""),
        instance_type=raw.get("InstanceType", ""),
        launch_time=raw.get("LaunchTime"),
        vpc_id=raw.get("VpcId"),
        subnet_id=raw.get("SubnetId"),
        private_ip=raw.get("PrivateIpAddress"),
        public_ip=raw.get("PublicIpAddress"),
        ipv6_addresses=tuple(
            a["Ipv6Address"]
            for eni in raw.get("NetworkInterfaces", [])
            for a in eni.get("Ipv6Addresses", [])
        ),
        security_group_ids=tuple(g["GroupId"] for g in raw.get("SecurityGroups", [])),
        network_interface_ids=tuple(
            eni["NetworkInterfaceId"] for eni in raw.get("NetworkInterfaces", [])
        ),
        iam_instance_profile_arn=raw.get("IamInstanceProfile", {}).get("Arn"),
        metadata=_metadata(raw.get("MetadataOptions", {})),
        platform=raw.get("Platform", "linux"),
        tags=tags,
        tag_secrets=tag_secrets,
        image_created=created.get(raw.get("ImageId", "")),
        user_data_secrets=_user_data_secrets(unit, instance_id, arn),
    )


_IMAGE_NOT_FOUND = ("InvalidAMIID.NotFound", "InvalidAMIID.Unavailable", "InvalidAMIID.Malformed")
"""What ``DescribeImages`` answers for an image that is gone or no longer shared with us."""


def _image_dates(unit: Unit, image_ids: list[str]) -> dict[str, Any]:
    """Creation dates of the images instances run from, owned or not.

    One call for all; when any id is not found AWS fails the whole call, so the ids are
    then looked up one by one and the missing ones left out (their age is unknown).
    """
    if not image_ids:
        return {}
    read = unit.outcome(
        "describe_images", absent_on=_IMAGE_NOT_FOUND, ImageIds=image_ids, IncludeDeprecated=True
    )
    answer = read.answer
    if read.absent and len(image_ids) > 1:
        answers = unit.fan_out(
            lambda image_id: unit.call(
                "describe_images",
                absent_on=_IMAGE_NOT_FOUND,
                ImageIds=[image_id],
                IncludeDeprecated=True,
            ),
            image_ids,
        )
        images = [image for a in answers if a for image in a.get("Images", [])]
    else:
        images = (answer or {}).get("Images", [])
    return {i["ImageId"]: i["CreationDate"] for i in images if i.get("CreationDate")}


def _user_data_secrets(unit: Unit, instance_id: str, arn: str) -> tuple[SecretFinding, ...]:
    """Secrets in the instance's user data; the user data itself is not kept."""
    answer = unit.call(
        "describe_instance_attribute",
        resource_arn=arn,
        InstanceId=instance_id,
        Attribute="userData",
    )
    encoded = ((answer or {}).get("UserData") or {}).get("Value")
    return scan_text(decode_user_data(encoded)) if encoded else ()


def _launch_templates(unit: Unit) -> list[LaunchTemplate]:
    raws = unit.pages("describe_launch_templates", "LaunchTemplates")
    return unit.fan_out(lambda raw: _launch_template(unit, raw), raws)


def _launch_template(unit: Unit, raw: dict[str, Any]) -> LaunchTemplate:
    template_id = raw["LaunchTemplateId"]
    arn = unit.arn(f"launch-template/{template_id}")
    answer = unit.call(
        "describe_launch_template_versions",
        resource_arn=arn,
        LaunchTemplateId=template_id,
        Versions=["$Default"],
    )
    versions = (answer or {}).get("LaunchTemplateVersions", [])
    data = versions[0].get("LaunchTemplateData", {}) if versions else {}
    options = data.get("MetadataOptions")
    user_data = data.get("UserData")
    return LaunchTemplate(
        arn=arn,
        name=raw.get("LaunchTemplateName", template_id),
        account_id=unit.account_id,
        region=unit.region,
        template_id=template_id,
        default_version=raw.get("DefaultVersionNumber", 1),
        metadata=_metadata(options) if options is not None else None,
        user_data_secrets=scan_text(decode_user_data(user_data)) if user_data else (),
        instance_profile_arn=data.get("IamInstanceProfile", {}).get("Arn"),
        instance_profile_name=data.get("IamInstanceProfile", {}).get("Name"),
    )


def _permissions(rules: list[dict[str, Any]]) -> tuple[IpPermission, ...]:
    """Flatten API ``IpPermissions`` so each rule has one source."""
    flat: list[IpPermission] = []
    # Each entry's source is indexed (see the module docstring): dropping an entry whose
    # source is missing could hide an open port.
    for rule in rules:
        base = {
            "protocol": str(rule.get("IpProtocol", "-1")),
            "from_port": rule.get("FromPort"),
            "to_port": rule.get("ToPort"),
        }
        flat.extend(IpPermission(**base, cidr_ipv4=r["CidrIp"]) for r in rule.get("IpRanges", []))
        flat.extend(
            IpPermission(**base, cidr_ipv6=r["CidrIpv6"]) for r in rule.get("Ipv6Ranges", [])
        )
        flat.extend(
            IpPermission(**base, prefix_list_id=r["PrefixListId"])
            for r in rule.get("PrefixListIds", [])
        )
        flat.extend(
            IpPermission(**base, group_id=r["GroupId"]) for r in rule.get("UserIdGroupPairs", [])
        )
    return tuple(flat)


def _security_groups(unit: Unit) -> Iterator[SecurityGroup]:
    for raw in unit.pages("describe_security_groups", "SecurityGroups"):
        group_id = raw["GroupId"]
        yield SecurityGroup(
            arn=unit.arn(f"security-group/{group_id}"),
            name=raw.get("GroupName", group_id),
            account_id=unit.account_id,
            region=unit.region,
            group_id=group_id,
            vpc_id=raw.get("VpcId"),
            description=raw.get("Description", ""),
            ingress=_permissions(raw.get("IpPermissions", [])),
            egress=_permissions(raw.get("IpPermissionsEgress", [])),
        )


_ROUTE_TARGETS: tuple[tuple[str, RouteTargetKind], ...] = (
    ("GatewayId", "gateway"),
    ("EgressOnlyInternetGatewayId", "egress-only-internet-gateway"),
    ("NatGatewayId", "nat-gateway"),
    ("TransitGatewayId", "transit-gateway"),
    ("VpcPeeringConnectionId", "vpc-peering-connection"),
    ("NetworkInterfaceId", "network-interface"),
    ("InstanceId", "instance"),
    ("LocalGatewayId", "local-gateway"),
    ("CarrierGatewayId", "carrier-gateway"),
    ("CoreNetworkArn", "core-network"),
)
"""A route's next-hop fields, in the order read: a route to an instance names its interface
too (``NetworkInterfaceId``), which is taken first."""


def _route(raw: dict[str, Any]) -> RouteEntry:
    """One ``DescribeRouteTables`` route. The destination is required (the model refuses a
    route without one: a ``CollectorError`` gap, see the module docstring); a route whose
    ``State`` is absent is active, anything but ``active`` is a blackhole.
    """
    target = next(((kind, str(raw[key])) for key, kind in _ROUTE_TARGETS if raw.get(key)), None)
    return RouteEntry(
        cidr_ipv4=raw.get("DestinationCidrBlock"),
        cidr_ipv6=raw.get("DestinationIpv6CidrBlock"),
        prefix_list_id=raw.get("DestinationPrefixListId"),
        target_kind=target[0] if target else None,
        target_id=target[1] if target else None,
        state="active" if raw.get("State", "active") == "active" else "blackhole",
        propagated=raw.get("Origin") == "EnableVgwRoutePropagation",
    )


def _acl_entry(raw: dict[str, Any]) -> NetworkAclEntry:
    """One ``DescribeNetworkAcls`` entry. Its number, direction, action, protocol and range
    decide what it admits, so they are indexed (the range by the model: exactly one CIDR).
    """
    ports = raw.get("PortRange") or {}
    icmp = raw.get("IcmpTypeCode") or {}
    return NetworkAclEntry(
        rule_number=raw["RuleNumber"],
        egress=raw["Egress"],
        action=str(raw["RuleAction"]).lower(),
        protocol=str(raw["Protocol"]),
        from_port=ports.get("From"),
        to_port=ports.get("To"),
        icmp_type=icmp.get("Type"),
        icmp_code=icmp.get("Code"),
        cidr_ipv4=raw.get("CidrBlock"),
        cidr_ipv6=raw.get("Ipv6CidrBlock"),
    )


def _common(unit: Unit) -> dict[str, Any]:
    return {"account_id": unit.account_id, "region": unit.region}


def _vpcs(unit: Unit) -> Iterator[Vpc]:
    common = _common(unit)
    for raw in unit.pages("describe_vpcs", "Vpcs"):
        yield Vpc(
            arn=unit.arn(f"vpc/{raw['VpcId']}"),
            name=_tags(raw).get("Name", raw["VpcId"]),
            vpc_id=raw["VpcId"],
            cidr_block=raw.get("CidrBlock", ""),
            is_default=raw.get("IsDefault", False),
            **common,
        )


def _subnets(unit: Unit) -> Iterator[Subnet]:
    common = _common(unit)
    for raw in unit.pages("describe_subnets", "Subnets"):
        yield Subnet(
            arn=raw.get("SubnetArn") or unit.arn(f"subnet/{raw['SubnetId']}"),
            name=_tags(raw).get("Name", raw["SubnetId"]),
            subnet_id=raw["SubnetId"],
            vpc_id=raw["VpcId"],
            cidr_block=raw.get("CidrBlock", ""),
            ipv6_cidr_blocks=tuple(
                a["Ipv6CidrBlock"] for a in raw.get("Ipv6CidrBlockAssociationSet", [])
            ),
            availability_zone=raw.get("AvailabilityZone", ""),
            map_public_ip_on_launch=raw.get("MapPublicIpOnLaunch", False),
            assign_ipv6_address_on_creation=raw.get("AssignIpv6AddressOnCreation", False),
            **common,
        )


def _route_tables(unit: Unit) -> Iterator[RouteTable]:
    common = _common(unit)
    for raw in unit.pages("describe_route_tables", "RouteTables"):
        associations = raw.get("Associations", [])
        yield RouteTable(
            arn=unit.arn(f"route-table/{raw['RouteTableId']}"),
            name=_tags(raw).get("Name", raw["RouteTableId"]),
            route_table_id=raw["RouteTableId"],
            vpc_id=raw["VpcId"],
            routes=tuple(map(_route, raw.get("Routes", []))),
            subnet_ids=tuple(a["SubnetId"] for a in associations if a.get("SubnetId")),
            is_main=any(a.get("Main") for a in associations),
            gateway_ids=tuple(a["GatewayId"] for a in associations if a.get("GatewayId")),
            **common,
        )


def _network_acls(unit: Unit) -> Iterator[NetworkAcl]:
    common = _common(unit)
    for raw in unit.pages("describe_network_acls", "NetworkAcls"):
        yield NetworkAcl(
            arn=unit.arn(f"network-acl/{raw['NetworkAclId']}"),
            name=_tags(raw).get("Name", raw["NetworkAclId"]),
            acl_id=raw["NetworkAclId"],
            vpc_id=raw["VpcId"],
            is_default=raw.get("IsDefault", False),
            entries=tuple(map(_acl_entry, raw.get("Entries", []))),
            subnet_ids=tuple(a["SubnetId"] for a in raw.get("Associations", [])),
            **common,
        )


def _network_interfaces(unit: Unit) -> Iterator[NetworkInterface]:
    common = _common(unit)
    for raw in unit.pages("describe_network_interfaces", "NetworkInterfaces"):
        private = raw.get("PrivateIpAddresses", [])
        yield NetworkInterface(
            arn=unit.arn(f"network-interface/{raw['NetworkInterfaceId']}"),
            name=raw["NetworkInterfaceId"],
            interface_id=raw["NetworkInterfaceId"],
            subnet_id=raw.get("SubnetId"),
            vpc_id=raw.get("VpcId"),
            interface_type=raw.get("InterfaceType", "interface"),
            private_ips=tuple(p["PrivateIpAddress"] for p in private),
            public_ips=_public_ips(raw),
            ipv6_addresses=tuple(a["Ipv6Address"] for a in raw.get("Ipv6Addresses", [])),
            security_group_ids=tuple(g["GroupId"] for g in raw.get("Groups", [])),
            attached_instance_id=raw.get("Attachment", {}).get("InstanceId"),
            status=raw.get("Status", "in-use"),
            description=raw.get("Description", ""),
            requester_id=raw.get("RequesterId"),
            **common,
        )


def _addresses(unit: Unit) -> Iterator[ElasticIp]:
    common = _common(unit)
    for raw in unit.pages("describe_addresses", "Addresses"):
        allocation = raw.get("AllocationId", raw["PublicIp"])
        yield ElasticIp(
            arn=unit.arn(f"elastic-ip/{allocation}"),
            name=raw["PublicIp"],
            allocation_id=allocation,
            public_ip=raw["PublicIp"],
            # moto answers "" for the ids of an unassociated address; AWS omits them.
            association_id=raw.get("AssociationId") or None,
            instance_id=raw.get("InstanceId") or None,
            network_interface_id=raw.get("NetworkInterfaceId") or None,
            private_ip=raw.get("PrivateIpAddress") or None,
            **common,
        )


def _flow_logs(unit: Unit) -> Iterator[FlowLog]:
    common = _common(unit)
    for raw in unit.pages("describe_flow_logs", "FlowLogs"):
        yield FlowLog(
            arn=unit.arn(f"vpc-flow-log/{raw['FlowLogId']}"),
            name=raw["FlowLogId"],
            flow_log_id=raw["FlowLogId"],
            resource_id=raw.get("ResourceId", ""),
            traffic_type=raw.get("TrafficType", "ALL"),
            status=raw.get("FlowLogStatus", "ACTIVE"),
            destination_type=raw.get("LogDestinationType", "cloud-watch-logs"),
            **common,
        )


def _internet_gateways(unit: Unit) -> Iterator[Gateway]:
    common = _common(unit)
    for raw in unit.pages("describe_internet_gateways", "InternetGateways"):
        gid = raw["InternetGatewayId"]
        attachments = raw.get("Attachments", [])
        yield Gateway(
            arn=unit.arn(f"internet-gateway/{gid}"),
            name=_tags(raw).get("Name", gid),
            gateway_id=gid,
            gateway_type="internet",
            vpc_id=attachments[0]["VpcId"] if attachments else None,
            **common,
        )


def _egress_only_gateways(unit: Unit) -> Iterator[Gateway]:
    common = _common(unit)
    for raw in unit.pages("describe_egress_only_internet_gateways", "EgressOnlyInternetGateways"):
        gid = raw["EgressOnlyInternetGatewayId"]
        attachments = raw.get("Attachments", [])
        yield Gateway(
            arn=unit.arn(f"egress-only-internet-gateway/{gid}"),
            name=_tags(raw).get("Name", gid),
            gateway_id=gid,
            gateway_type="egress-only",
            vpc_id=attachments[0]["VpcId"] if attachments else None,
            **common,
        )


def _nat_gateways(unit: Unit) -> Iterator[Gateway]:
    common = _common(unit)
    for raw in unit.pages("describe_nat_gateways", "NatGateways"):
        gid = raw["NatGatewayId"]
        yield Gateway(
            arn=unit.arn(f"natgateway/{gid}"),
            name=_tags(raw).get("Name", gid),
            gateway_id=gid,
            gateway_type="nat",
            vpc_id=raw.get("VpcId"),
            subnet_id=raw.get("SubnetId"),
            public_ips=tuple(
                a["PublicIp"] for a in raw.get("NatGatewayAddresses", []) if a.get("PublicIp")
            ),
            **common,
        )


def _prefix_lists(unit: Unit) -> list[ManagedPrefixList]:
    """Managed prefix lists (customer- and AWS-managed) with their entries, which security
    groups and routes reference by id (VPC User Guide, "Managed prefix lists").
    """
    raws = unit.pages("describe_managed_prefix_lists", "PrefixLists")
    return unit.fan_out(lambda raw: _prefix_list(unit, raw), raws)


def _prefix_list(unit: Unit, raw: dict[str, Any]) -> ManagedPrefixList:
    list_id = raw["PrefixListId"]
    arn = raw.get("PrefixListArn") or unit.arn(f"prefix-list/{list_id}")
    entries: list[str] | None = []
    token: dict[str, str] = {}
    while entries is not None:
        page = unit.call(
            "get_managed_prefix_list_entries",
            resource_arn=arn,
            PrefixListId=list_id,
            MaxResults=100,
            **token,
        )
        if page is None:
            entries = None  # the gap names this list: its entries are unknown
            break
        entries.extend(e["Cidr"] for e in page.get("Entries", []))
        if not page.get("NextToken"):
            break
        token = {"NextToken": page["NextToken"]}
    return ManagedPrefixList(
        arn=arn,
        name=raw.get("PrefixListName", list_id),
        account_id=unit.account_id,
        region=unit.region,
        prefix_list_id=list_id,
        owner_id=raw.get("OwnerId", ""),
        address_family=raw.get("AddressFamily", "IPv4"),
        entries=None if entries is None else tuple(entries),
    )


def _volumes(unit: Unit) -> Iterator[EbsVolume]:
    common = _common(unit)
    for raw in unit.pages("describe_volumes", "Volumes"):
        vid = raw["VolumeId"]
        yield EbsVolume(
            arn=unit.arn(f"volume/{vid}"),
            name=_tags(raw).get("Name", vid),
            volume_id=vid,
            encrypted=raw.get("Encrypted", False),
            kms_key_id=raw.get("KmsKeyId"),
            size_gib=raw.get("Size", 0),
            state=raw.get("State", "in-use"),
            attached_instance_ids=tuple(
                a["InstanceId"] for a in raw.get("Attachments", []) if a.get("InstanceId")
            ),
            **common,
        )


def _snapshots(unit: Unit) -> list[EbsSnapshot]:
    raws = unit.pages("describe_snapshots", "Snapshots", OwnerIds=["self"])
    return unit.fan_out(lambda raw: _snapshot(unit, raw), raws)


def _snapshot(unit: Unit, raw: dict[str, Any]) -> EbsSnapshot:
    common = _common(unit)
    sid = raw["SnapshotId"]
    # Snapshot and image ARNs carry no account id.
    arn = f"arn:{unit.partition}:ec2:{unit.region}::snapshot/{sid}"
    permissions = unit.call(
        "describe_snapshot_attribute",
        resource_arn=arn,
        SnapshotId=sid,
        Attribute="createVolumePermission",
    )
    grants = (permissions or {}).get("CreateVolumePermissions", [])
    return EbsSnapshot(
        arn=arn,
        name=_tags(raw).get("Name", sid),
        snapshot_id=sid,
        volume_id=raw.get("VolumeId"),
        encrypted=raw.get("Encrypted", False),
        started=raw.get("StartTime"),
        public=any(g.get("Group") == "all" for g in grants) if permissions else None,
        shared_with=tuple(g["UserId"] for g in grants if g.get("UserId")),
        **common,
    )


def _images(unit: Unit) -> Iterator[Ami]:
    common = _common(unit)
    for raw in unit.pages("describe_images", "Images", Owners=["self"]):
        image_id = raw["ImageId"]
        mappings = [m.get("Ebs", {}) for m in raw.get("BlockDeviceMappings", []) if "Ebs" in m]
        yield Ami(
            arn=f"arn:{unit.partition}:ec2:{unit.region}::image/{image_id}",
            name=raw.get("Name", image_id),
            image_id=image_id,
            public=raw.get("Public", False),
            created=raw.get("CreationDate"),
            encrypted_snapshots=all(m.get("Encrypted", False) for m in mappings)
            if mappings
            else None,
            **common,
        )


def _public_ips(raw: dict[str, Any]) -> tuple[str, ...]:
    """Public addresses of an interface: per private address (secondary ones included) and
    the interface-level association (the only one some emulators report).
    """
    found = [
        p["Association"]["PublicIp"]
        for p in raw.get("PrivateIpAddresses", [])
        if p.get("Association", {}).get("PublicIp")
    ]
    top = raw.get("Association", {}).get("PublicIp")
    if top:
        found.append(top)
    return tuple(dict.fromkeys(found))
