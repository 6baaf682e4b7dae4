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

import re
from collections.abc import Iterator
from datetime import UTC, datetime
from functools import partial
from typing import Any

from ...snapshot import Resource
from ...snapshot.ec2 import (
    Ami,
    EbsSnapshot,
    EbsVolume,
    Ec2Instance,
    Ec2Region,
    LaunchTemplate,
    MetadataOptions,
)
from ...snapshot.secrets import SecretFinding
from ..registry import collector
from ..secrets import decode_user_data, scan_text
from ..unit import Unit
from . import _vpc as vpc
from ._vpc import place, resource_tags, scanned_tags

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
        "ec2:DescribeVpcEndpoints",
        "ec2:DescribeVpnConnections",
        "ec2:DescribeTransitGateways",
        "ec2:DescribeClientVpnEndpoints",
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
        vpc.prefix_lists,
        _region_settings,
        vpc.security_groups,
        vpc.vpcs,
        vpc.subnets,
        vpc.route_tables,
        vpc.network_acls,
        vpc.network_interfaces,
        vpc.addresses,
        vpc.flow_logs,
        vpc.internet_gateways,
        vpc.egress_only_gateways,
        vpc.nat_gateways,
        vpc.vpc_endpoints,
        vpc.vpn_connections,
        vpc.transit_gateways,
        vpc.client_vpn_endpoints,
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
    tags, tag_secrets = scanned_tags(raw)
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
        virtualization_type=raw.get("VirtualizationType"),
        stopped_since=_stopped_since(raw),
    )


_STOPPED_AT = re.compile(r"\((\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}) (?:GMT|UTC)\)")
"""The time in a stopped instance's ``StateTransitionReason`` (``User initiated
(2026-01-31 12:00:00 GMT)``): EC2 returns the stop time nowhere else."""


def _stopped_since(raw: dict[str, Any]) -> datetime | None:
    """When a stopped (or stopping) instance stopped, or None when it is not stopped or the
    reason names no time (the check then says unknown).
    """
    if raw.get("State", {}).get("Name") not in ("stopped", "stopping"):
        return None
    found = _STOPPED_AT.search(raw.get("StateTransitionReason") or "")
    if found is None:
        return None
    return datetime.strptime(found.group(1), "%Y-%m-%d %H:%M:%S").replace(tzinfo=UTC)


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
        public_ip_interfaces=tuple(
            interface.get("DeviceIndex", position)
            for position, interface in enumerate(data.get("NetworkInterfaces", []))
            if interface.get("AssociatePublicIpAddress")
        ),
    )


def _volumes(unit: Unit) -> Iterator[EbsVolume]:
    common = place(unit)
    for raw in unit.pages("describe_volumes", "Volumes"):
        vid = raw["VolumeId"]
        yield EbsVolume(
            arn=unit.arn(f"volume/{vid}"),
            name=resource_tags(raw).get("Name", vid),
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
    common = place(unit)
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
        name=resource_tags(raw).get("Name", sid),
        snapshot_id=sid,
        volume_id=raw.get("VolumeId"),
        encrypted=raw.get("Encrypted", False),
        started=raw.get("StartTime"),
        public=any(g.get("Group") == "all" for g in grants) if permissions else None,
        shared_with=tuple(g["UserId"] for g in grants if g.get("UserId")),
        **common,
    )


def _images(unit: Unit) -> Iterator[Ami]:
    common = place(unit)
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
