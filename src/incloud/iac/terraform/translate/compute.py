"""Terraform translators: EC2 instances and launch templates."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ...assembly import Declared
from ...values import Unknown
from ._registry import first, tags, translates


def _metadata(value: Any) -> Any:
    block = first(value)
    if isinstance(block, Unknown) or block is None:
        return block
    return {
        "HttpTokens": block.get("http_tokens"),
        "HttpEndpoint": block.get("http_endpoint"),
        "HttpPutResponseHopLimit": block.get("http_put_response_hop_limit"),
    }


@translates("aws_instance")
def _instance(v: dict[str, Any], make: Any) -> Iterator[Declared]:
    props: dict[str, Any] = {
        "ImageId": v.get("ami"),
        "InstanceType": v.get("instance_type"),
        "SubnetId": v.get("subnet_id"),
        "SecurityGroupIds": v.get("vpc_security_group_ids"),
        "IamInstanceProfile": v.get("iam_instance_profile") or None,
        "UserData": v.get("user_data") if isinstance(v.get("user_data"), str) else None,
        "Tags": tags(v.get("tags")),
    }
    metadata = _metadata(v.get("metadata_options"))
    if isinstance(metadata, dict):
        props["MetadataOptions"] = {k: x for k, x in metadata.items() if x is not None}
    public = v.get("associate_public_ip_address")
    if isinstance(public, bool):
        props["NetworkInterfaces"] = [
            {
                "DeviceIndex": "0",
                "AssociatePublicIpAddress": public,
                "SubnetId": v.get("subnet_id"),
                "GroupSet": v.get("vpc_security_group_ids"),
            }
        ]
    template = first(v.get("launch_template"))
    if isinstance(template, dict) and template.get("id"):
        props["LaunchTemplate"] = {"LaunchTemplateId": template.get("id")}
    yield make("AWS::EC2::Instance", props)


@translates("aws_launch_template")
def _launch_template(v: dict[str, Any], make: Any) -> Iterator[Declared]:
    data: dict[str, Any] = {}
    metadata = _metadata(v.get("metadata_options"))
    if metadata is not None:
        data["MetadataOptions"] = (
            {k: x for k, x in metadata.items() if x is not None}
            if (isinstance(metadata, dict))
            else metadata
        )
    profile = first(v.get("iam_instance_profile"))
    if isinstance(profile, dict):
        data["IamInstanceProfile"] = {
            "Arn": profile.get("arn") or None,
            "Name": profile.get("name") or None,
        }
    data["NetworkInterfaces"] = [
        {
            "DeviceIndex": i.get("device_index", 0),
            "AssociatePublicIpAddress": str(i.get("associate_public_ip_address")).lower() == "true",
        }
        for i in v.get("network_interfaces") or []
        if isinstance(i, dict)
    ]
    yield make(
        "AWS::EC2::LaunchTemplate",
        {"LaunchTemplateName": v.get("name"), "LaunchTemplateData": data},
    )
