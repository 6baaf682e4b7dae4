"""Terraform's AWS provider resources in CloudFormation's shapes, for the same builders.

Each translator reads one resource's planned values (attributes the plan leaves to apply are
:class:`~incloud.iac.values.Unknown`, or already linked to the planned resource they name)
and yields the CloudFormation declarations it amounts to. Policies are JSON text in
Terraform: they are parsed here (a policy that is not JSON is one error line).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any

from ...errors import InputError
from ..assembly import Declared
from ..source import Source
from ..values import Unknown

CFN_TYPE = {
    "aws_vpc": "AWS::EC2::VPC",
    "aws_subnet": "AWS::EC2::Subnet",
    "aws_internet_gateway": "AWS::EC2::InternetGateway",
    "aws_nat_gateway": "AWS::EC2::NatGateway",
    "aws_eip": "AWS::EC2::EIP",
    "aws_route_table": "AWS::EC2::RouteTable",
    "aws_network_acl": "AWS::EC2::NetworkAcl",
    "aws_security_group": "AWS::EC2::SecurityGroup",
    "aws_instance": "AWS::EC2::Instance",
    "aws_launch_template": "AWS::EC2::LaunchTemplate",
    "aws_s3_bucket": "AWS::S3::Bucket",
    "aws_iam_role": "AWS::IAM::Role",
    "aws_iam_user": "AWS::IAM::User",
    "aws_iam_group": "AWS::IAM::Group",
    "aws_iam_policy": "AWS::IAM::ManagedPolicy",
    "aws_iam_instance_profile": "AWS::IAM::InstanceProfile",
    "aws_db_instance": "AWS::RDS::DBInstance",
    "aws_rds_cluster": "AWS::RDS::DBCluster",
    "aws_db_subnet_group": "AWS::RDS::DBSubnetGroup",
    "aws_lambda_function": "AWS::Lambda::Function",
    "aws_kms_key": "AWS::KMS::Key",
    "aws_sqs_queue": "AWS::SQS::Queue",
    "aws_sns_topic": "AWS::SNS::Topic",
    "aws_dynamodb_table": "AWS::DynamoDB::Table",
    "aws_efs_file_system": "AWS::EFS::FileSystem",
    "aws_ecr_repository": "AWS::ECR::Repository",
    "aws_eks_cluster": "AWS::EKS::Cluster",
    "aws_cloudtrail": "AWS::CloudTrail::Trail",
    "aws_lb": "AWS::ElasticLoadBalancingV2::LoadBalancer",
    "aws_alb": "AWS::ElasticLoadBalancingV2::LoadBalancer",
    "aws_lb_listener": "AWS::ElasticLoadBalancingV2::Listener",
    "aws_alb_listener": "AWS::ElasticLoadBalancingV2::Listener",
    "aws_api_gateway_rest_api": "AWS::ApiGateway::RestApi",
    "aws_api_gateway_resource": "AWS::ApiGateway::Resource",
    "aws_cloudfront_distribution": "AWS::CloudFront::Distribution",
}
"""The Terraform types that create a resource other declarations refer to."""

NAME_ATTRIBUTE = {
    "aws_s3_bucket": "bucket",
    "aws_iam_role": "name",
    "aws_iam_user": "name",
    "aws_iam_group": "name",
    "aws_iam_policy": "name",
    "aws_iam_instance_profile": "name",
    "aws_db_instance": "identifier",
    "aws_rds_cluster": "cluster_identifier",
    "aws_db_subnet_group": "name",
    "aws_lambda_function": "function_name",
    "aws_sqs_queue": "name",
    "aws_sns_topic": "name",
    "aws_security_group": "name",
    "aws_launch_template": "name",
    "aws_dynamodb_table": "name",
    "aws_ecr_repository": "name",
    "aws_eks_cluster": "name",
    "aws_cloudtrail": "name",
    "aws_lb": "name",
    "aws_alb": "name",
}
"""The attribute that names a resource of each type."""

Translator = Callable[
    [dict[str, Any], Callable[[str, dict[str, Any]], Declared]], Iterator[Declared]
]
_TRANSLATORS: dict[str, Translator] = {}


def _translates(*types: str) -> Callable[[Translator], Translator]:
    def register(function: Translator) -> Translator:
        for name in types:
            _TRANSLATORS[name] = function
        return function

    return register


def translate(
    tf_type: str, address: str, values: dict[str, Any], source: Source, stack: str
) -> list[Declared]:
    """The declarations ``values`` (of a ``tf_type`` resource at ``address``) amount to;
    a type without a translator is one declaration of its own Terraform type (reported as
    not modelled).
    """

    def make(kind: str, properties: dict[str, Any]) -> Declared:
        return Declared(address, kind, _without_nulls(properties), source, stack)

    translator = _TRANSLATORS.get(tf_type)
    if translator is None:
        return [Declared(address, tf_type, {}, source, stack)]
    return list(translator(values, make))


def _without_nulls(value: Any) -> Any:
    """``value`` with every null member of a mapping left out, at any depth (an absent
    property, as CloudFormation's shapes have it).
    """
    if isinstance(value, dict):
        return {k: _without_nulls(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_without_nulls(v) for v in value]
    return value


def _tags(value: Any) -> list[dict[str, str]] | None:
    if not isinstance(value, dict):
        return None
    return [{"Key": str(k), "Value": v} for k, v in value.items()]


def _policy(value: Any) -> Any:
    """A policy document from Terraform's JSON text."""
    if value is None or isinstance(value, Unknown | dict):
        return value
    try:
        document = json.loads(str(value))
    except ValueError:
        raise InputError("a policy in the plan is not JSON") from None
    return document


def _each(value: Any) -> list[Any]:
    """A list attribute's items; none for an absent or unknown one (the caller passes an
    unknown one on whole where it matters).
    """
    return value if isinstance(value, list) else []


def _first(value: Any) -> Any:
    """A nested block's one item (Terraform lists them)."""
    if isinstance(value, list):
        return value[0] if value else None
    return value


@_translates("aws_vpc")
def _vpc(v: dict[str, Any], make: Any) -> Iterator[Declared]:
    yield make("AWS::EC2::VPC", {"CidrBlock": v.get("cidr_block"), "Tags": _tags(v.get("tags"))})


@_translates("aws_subnet")
def _subnet(v: dict[str, Any], make: Any) -> Iterator[Declared]:
    yield make(
        "AWS::EC2::Subnet",
        {
            "VpcId": v.get("vpc_id"),
            "CidrBlock": v.get("cidr_block"),
            "AvailabilityZone": v.get("availability_zone"),
            "MapPublicIpOnLaunch": v.get("map_public_ip_on_launch"),
            "Tags": _tags(v.get("tags")),
        },
    )


@_translates("aws_internet_gateway")
def _igw(v: dict[str, Any], make: Any) -> Iterator[Declared]:
    gateway = make("AWS::EC2::InternetGateway", {"Tags": _tags(v.get("tags"))})
    yield gateway
    if v.get("vpc_id") is not None:
        yield make(
            "AWS::EC2::VPCGatewayAttachment",
            {"VpcId": v.get("vpc_id"), "InternetGatewayId": _self_id(gateway)},
        )


def _self_id(declared: Declared) -> str:
    """The id the resource at ``declared``'s address gets (the builders name it the same)."""
    from ..assembly import identity_of

    return identity_of(declared.type, declared.name, declared.stack, None, "0", "x", "aws").ident


@_translates("aws_internet_gateway_attachment")
def _igw_attachment(v: dict[str, Any], make: Any) -> Iterator[Declared]:
    yield make(
        "AWS::EC2::VPCGatewayAttachment",
        {"VpcId": v.get("vpc_id"), "InternetGatewayId": v.get("internet_gateway_id")},
    )


@_translates("aws_nat_gateway")
def _nat(v: dict[str, Any], make: Any) -> Iterator[Declared]:
    yield make(
        "AWS::EC2::NatGateway",
        {"SubnetId": v.get("subnet_id"), "AllocationId": v.get("allocation_id")},
    )


@_translates("aws_eip")
def _eip(v: dict[str, Any], make: Any) -> Iterator[Declared]:
    yield make("AWS::EC2::EIP", {"InstanceId": v.get("instance")})


@_translates("aws_eip_association")
def _eip_association(v: dict[str, Any], make: Any) -> Iterator[Declared]:
    yield make(
        "AWS::EC2::EIPAssociation",
        {
            "AllocationId": v.get("allocation_id"),
            "InstanceId": v.get("instance_id"),
            "NetworkInterfaceId": v.get("network_interface_id"),
        },
    )


_ROUTE_TARGETS = {
    "gateway_id": "GatewayId",
    "nat_gateway_id": "NatGatewayId",
    "egress_only_gateway_id": "EgressOnlyInternetGatewayId",
    "transit_gateway_id": "TransitGatewayId",
    "vpc_peering_connection_id": "VpcPeeringConnectionId",
    "network_interface_id": "NetworkInterfaceId",
    "vpc_endpoint_id": "VpcEndpointId",
    "local_gateway_id": "LocalGatewayId",
    "carrier_gateway_id": "CarrierGatewayId",
    "core_network_arn": "CoreNetworkArn",
}


def _route(v: dict[str, Any], table: Any, cidr: str, cidr6: str, prefix: str) -> dict[str, Any]:
    props = {
        "RouteTableId": table,
        "DestinationCidrBlock": v.get(cidr) or None,
        "DestinationIpv6CidrBlock": v.get(cidr6) or None,
        "DestinationPrefixListId": v.get(prefix) or None,
    }
    for key, name in _ROUTE_TARGETS.items():
        if v.get(key):
            props[name] = v[key]
    return props


@_translates("aws_route_table")
def _route_table(v: dict[str, Any], make: Any) -> Iterator[Declared]:
    table = make("AWS::EC2::RouteTable", {"VpcId": v.get("vpc_id"), "Tags": _tags(v.get("tags"))})
    yield table
    routes = v.get("route")
    if isinstance(routes, Unknown):
        yield make(
            "AWS::EC2::Route", {"RouteTableId": _self_id(table), "DestinationCidrBlock": routes}
        )
        return
    for route in routes or []:
        if isinstance(route, dict):
            yield make(
                "AWS::EC2::Route",
                _route(
                    route,
                    _self_id(table),
                    "cidr_block",
                    "ipv6_cidr_block",
                    "destination_prefix_list_id",
                ),
            )


@_translates("aws_route")
def _route_resource(v: dict[str, Any], make: Any) -> Iterator[Declared]:
    yield make(
        "AWS::EC2::Route",
        _route(
            v,
            v.get("route_table_id"),
            "destination_cidr_block",
            "destination_ipv6_cidr_block",
            "destination_prefix_list_id",
        ),
    )


@_translates("aws_route_table_association")
def _route_association(v: dict[str, Any], make: Any) -> Iterator[Declared]:
    yield make(
        "AWS::EC2::SubnetRouteTableAssociation",
        {"SubnetId": v.get("subnet_id"), "RouteTableId": v.get("route_table_id")},
    )


def _acl_entry(rule: dict[str, Any], acl: Any, egress: bool) -> dict[str, Any]:
    protocol = str(rule.get("protocol", "-1"))
    return {
        "NetworkAclId": acl,
        "RuleNumber": rule.get("rule_no", rule.get("rule_number")),
        "Egress": egress,
        "Protocol": {"tcp": "6", "udp": "17", "icmp": "1", "all": "-1"}.get(protocol, protocol),
        "RuleAction": rule.get("action", rule.get("rule_action")),
        "CidrBlock": rule.get("cidr_block") or None,
        "Ipv6CidrBlock": rule.get("ipv6_cidr_block") or None,
        "PortRange": {"From": rule.get("from_port"), "To": rule.get("to_port")}
        if protocol not in ("-1", "all") and rule.get("from_port") is not None
        else None,
    }


@_translates("aws_network_acl")
def _acl(v: dict[str, Any], make: Any) -> Iterator[Declared]:
    acl = make("AWS::EC2::NetworkAcl", {"VpcId": v.get("vpc_id"), "Tags": _tags(v.get("tags"))})
    yield acl
    for key, egress in (("ingress", False), ("egress", True)):
        rules = v.get(key)
        if isinstance(rules, Unknown):
            yield make(
                "AWS::EC2::NetworkAclEntry", {"NetworkAclId": _self_id(acl), "RuleNumber": rules}
            )
        for rule in _each(rules):
            if isinstance(rule, dict):
                yield make("AWS::EC2::NetworkAclEntry", _acl_entry(rule, _self_id(acl), egress))
    for subnet in _each(v.get("subnet_ids")):
        yield make(
            "AWS::EC2::SubnetNetworkAclAssociation",
            {"SubnetId": subnet, "NetworkAclId": _self_id(acl)},
        )


@_translates("aws_network_acl_rule")
def _acl_rule(v: dict[str, Any], make: Any) -> Iterator[Declared]:
    yield make(
        "AWS::EC2::NetworkAclEntry", _acl_entry(v, v.get("network_acl_id"), bool(v.get("egress")))
    )


@_translates("aws_network_acl_association")
def _acl_association(v: dict[str, Any], make: Any) -> Iterator[Declared]:
    yield make(
        "AWS::EC2::SubnetNetworkAclAssociation",
        {"SubnetId": v.get("subnet_id"), "NetworkAclId": v.get("network_acl_id")},
    )


def _sg_rules(rule: dict[str, Any], own: Any) -> Iterator[dict[str, Any]]:
    protocol = str(rule.get("protocol", rule.get("ip_protocol", "-1")))
    base = {
        "IpProtocol": protocol,
        "FromPort": rule.get("from_port"),
        "ToPort": rule.get("to_port"),
    }
    for key, name in (
        ("cidr_blocks", "CidrIp"),
        ("ipv6_cidr_blocks", "CidrIpv6"),
        ("security_groups", "SourceSecurityGroupId"),
        ("prefix_list_ids", "SourcePrefixListId"),
    ):
        values = rule.get(key)
        for value in [values] if isinstance(values, Unknown) else _each(values):
            yield {**base, name: value}
    if rule.get("self"):
        yield {**base, "SourceSecurityGroupId": own}
    if rule.get("source_security_group_id"):
        yield {**base, "SourceSecurityGroupId": rule["source_security_group_id"]}


@_translates("aws_security_group")
def _security_group(v: dict[str, Any], make: Any) -> Iterator[Declared]:
    probe = make("AWS::EC2::SecurityGroup", {})
    own = _self_id(probe)
    ingress = [
        r for rule in v.get("ingress") or [] if isinstance(rule, dict) for r in _sg_rules(rule, own)
    ]
    egress = v.get("egress")
    if isinstance(egress, list):
        egress = [r for rule in egress if isinstance(rule, dict) for r in _sg_rules(rule, own)]
    elif not isinstance(egress, Unknown):  # not configured: Terraform removes AWS's default
        egress = []
    yield make(
        "AWS::EC2::SecurityGroup",
        {
            "GroupName": v.get("name"),
            "GroupDescription": v.get("description"),
            "VpcId": v.get("vpc_id"),
            "SecurityGroupIngress": ingress,
            "SecurityGroupEgress": egress,
            "Tags": _tags(v.get("tags")),
        },
    )


@_translates("aws_security_group_rule")
def _sg_rule(v: dict[str, Any], make: Any) -> Iterator[Declared]:
    kind = (
        "AWS::EC2::SecurityGroupEgress"
        if v.get("type") == "egress"
        else ("AWS::EC2::SecurityGroupIngress")
    )
    for rule in _sg_rules(v, v.get("security_group_id")):
        yield make(kind, {"GroupId": v.get("security_group_id"), **rule})


def _vpc_sg_rule(kind: str) -> Translator:
    def translator(v: dict[str, Any], make: Any) -> Iterator[Declared]:
        yield make(kind, _vpc_rule(v))

    return translator


_translates("aws_vpc_security_group_ingress_rule")(_vpc_sg_rule("AWS::EC2::SecurityGroupIngress"))
_translates("aws_vpc_security_group_egress_rule")(_vpc_sg_rule("AWS::EC2::SecurityGroupEgress"))


def _vpc_rule(v: dict[str, Any]) -> dict[str, Any]:
    return {
        "GroupId": v.get("security_group_id"),
        "IpProtocol": v.get("ip_protocol"),
        "FromPort": v.get("from_port"),
        "ToPort": v.get("to_port"),
        "CidrIp": v.get("cidr_ipv4"),
        "CidrIpv6": v.get("cidr_ipv6"),
        "SourceSecurityGroupId": v.get("referenced_security_group_id"),
        "SourcePrefixListId": v.get("prefix_list_id"),
    }


def _metadata(value: Any) -> Any:
    block = _first(value)
    if isinstance(block, Unknown) or block is None:
        return block
    return {
        "HttpTokens": block.get("http_tokens"),
        "HttpEndpoint": block.get("http_endpoint"),
        "HttpPutResponseHopLimit": block.get("http_put_response_hop_limit"),
    }


@_translates("aws_instance")
def _instance(v: dict[str, Any], make: Any) -> Iterator[Declared]:
    props: dict[str, Any] = {
        "ImageId": v.get("ami"),
        "InstanceType": v.get("instance_type"),
        "SubnetId": v.get("subnet_id"),
        "SecurityGroupIds": v.get("vpc_security_group_ids"),
        "IamInstanceProfile": v.get("iam_instance_profile") or None,
        "UserData": v.get("user_data") if isinstance(v.get("user_data"), str) else None,
        "Tags": _tags(v.get("tags")),
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
    template = _first(v.get("launch_template"))
    if isinstance(template, dict) and template.get("id"):
        props["LaunchTemplate"] = {"LaunchTemplateId": template.get("id")}
    yield make("AWS::EC2::Instance", props)


@_translates("aws_launch_template")
def _launch_template(v: dict[str, Any], make: Any) -> Iterator[Declared]:
    data: dict[str, Any] = {}
    metadata = _metadata(v.get("metadata_options"))
    if metadata is not None:
        data["MetadataOptions"] = (
            {k: x for k, x in metadata.items() if x is not None}
            if (isinstance(metadata, dict))
            else metadata
        )
    profile = _first(v.get("iam_instance_profile"))
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


_BUCKET_ACLS = {
    "private": "Private",
    "public-read": "PublicRead",
    "public-read-write": "PublicReadWrite",
    "authenticated-read": "AuthenticatedRead",
    "log-delivery-write": "LogDeliveryWrite",
    "bucket-owner-read": "BucketOwnerRead",
    "bucket-owner-full-control": "BucketOwnerFullControl",
    "aws-exec-read": "AwsExecRead",
}


@_translates("aws_s3_bucket")
def _bucket(v: dict[str, Any], make: Any) -> Iterator[Declared]:
    props: dict[str, Any] = {
        "BucketName": v.get("bucket"),
        "Tags": _tags(v.get("tags")),
        "ObjectLockEnabled": v.get("object_lock_enabled") or None,
    }
    acl = v.get("acl")
    if isinstance(acl, str):
        props["AccessControl"] = _BUCKET_ACLS.get(acl, acl)
    yield make("AWS::S3::Bucket", props)


def _bucket_setting(key: str, value: Callable[[dict[str, Any]], Any]) -> Translator:
    def translator(v: dict[str, Any], make: Any) -> Iterator[Declared]:
        yield make(
            "Terraform::S3::BucketSetting",
            {"Bucket": v.get("bucket"), "Key": key, "Value": value(v)},
        )

    return translator


def _block(v: dict[str, Any]) -> dict[str, Any]:
    return {
        "BlockPublicAcls": v.get("block_public_acls"),
        "IgnorePublicAcls": v.get("ignore_public_acls"),
        "BlockPublicPolicy": v.get("block_public_policy"),
        "RestrictPublicBuckets": v.get("restrict_public_buckets"),
    }


def _encryption(v: dict[str, Any]) -> Any:
    rules = []
    for rule in _each(v.get("rule")):
        default = _first(rule.get("apply_server_side_encryption_by_default")) or {}
        rules.append(
            {
                "ServerSideEncryptionByDefault": {
                    "SSEAlgorithm": default.get("sse_algorithm"),
                    "KMSMasterKeyID": default.get("kms_master_key_id") or None,
                },
                "BucketKeyEnabled": rule.get("bucket_key_enabled"),
            }
        )
    return {"ServerSideEncryptionConfiguration": rules}


_SETTINGS: dict[str, tuple[str, Callable[[dict[str, Any]], Any]]] = {
    "aws_s3_bucket_policy": ("PolicyDocument", lambda v: _policy(v.get("policy"))),
    "aws_s3_bucket_public_access_block": ("PublicAccessBlockConfiguration", _block),
    "aws_s3_bucket_acl": (
        "AccessControl",
        lambda v: _BUCKET_ACLS.get(str(v.get("acl")), v.get("acl")),
    ),
    "aws_s3_bucket_versioning": (
        "VersioningConfiguration",
        lambda v: {"Status": (_first(v.get("versioning_configuration")) or {}).get("status")},
    ),
    "aws_s3_bucket_ownership_controls": (
        "OwnershipControls",
        lambda v: {
            "Rules": [{"ObjectOwnership": (_first(v.get("rule")) or {}).get("object_ownership")}]
        },
    ),
    "aws_s3_bucket_server_side_encryption_configuration": ("BucketEncryption", _encryption),
    "aws_s3_bucket_logging": (
        "LoggingConfiguration",
        lambda v: {"DestinationBucketName": v.get("target_bucket")},
    ),
}
for _name, (_property, _value) in _SETTINGS.items():
    _translates(_name)(_bucket_setting(_property, _value))


def _principal_props(v: dict[str, Any]) -> dict[str, Any]:
    return {
        "Path": v.get("path"),
        "PermissionsBoundary": v.get("permissions_boundary") or None,
        "Tags": _tags(v.get("tags")),
    }


@_translates("aws_iam_role")
def _role(v: dict[str, Any], make: Any) -> Iterator[Declared]:
    inline = [
        {"PolicyName": p.get("name"), "PolicyDocument": _policy(p.get("policy"))}
        for p in v.get("inline_policy") or []
        if isinstance(p, dict) and p.get("policy")
    ]
    yield make(
        "AWS::IAM::Role",
        {
            "RoleName": v.get("name"),
            "AssumeRolePolicyDocument": _policy(v.get("assume_role_policy")),
            "Policies": inline,
            "ManagedPolicyArns": v.get("managed_policy_arns") or None,
            **_principal_props(v),
        },
    )


@_translates("aws_iam_user")
def _user(v: dict[str, Any], make: Any) -> Iterator[Declared]:
    yield make("AWS::IAM::User", {"UserName": v.get("name"), **_principal_props(v)})


@_translates("aws_iam_group")
def _group(v: dict[str, Any], make: Any) -> Iterator[Declared]:
    yield make("AWS::IAM::Group", {"GroupName": v.get("name"), "Path": v.get("path")})


@_translates("aws_iam_policy")
def _managed(v: dict[str, Any], make: Any) -> Iterator[Declared]:
    yield make(
        "AWS::IAM::ManagedPolicy",
        {
            "ManagedPolicyName": v.get("name"),
            "Path": v.get("path"),
            "PolicyDocument": _policy(v.get("policy")),
        },
    )


def _inline(owner: str, plural: str) -> Translator:
    def translator(v: dict[str, Any], make: Any) -> Iterator[Declared]:
        yield make(
            "AWS::IAM::Policy",
            {
                "PolicyName": v.get("name"),
                "PolicyDocument": _policy(v.get("policy")),
                plural: [v.get(owner)],
            },
        )

    return translator


def _attachment(owner: str, plural: str) -> Translator:
    def translator(v: dict[str, Any], make: Any) -> Iterator[Declared]:
        yield make(
            "Terraform::IAM::PolicyAttachment",
            {"PolicyArn": v.get("policy_arn"), plural: [v.get(owner)]},
        )

    return translator


for _owner, _plural in (("role", "Roles"), ("user", "Users"), ("group", "Groups")):
    _translates(f"aws_iam_{_owner}_policy")(_inline(_owner, _plural))
    _translates(f"aws_iam_{_owner}_policy_attachment")(_attachment(_owner, _plural))


@_translates("aws_iam_user_login_profile")
def _login(v: dict[str, Any], make: Any) -> Iterator[Declared]:
    yield make("Terraform::IAM::LoginProfile", {"UserName": v.get("user")})


@_translates("aws_iam_access_key")
def _access_key(v: dict[str, Any], make: Any) -> Iterator[Declared]:
    yield make("AWS::IAM::AccessKey", {"UserName": v.get("user"), "Status": v.get("status")})


@_translates("aws_iam_user_group_membership")
def _memberships(v: dict[str, Any], make: Any) -> Iterator[Declared]:
    for group in _each(v.get("groups")):
        yield make("AWS::IAM::UserToGroupAddition", {"GroupName": group, "Users": [v.get("user")]})


@_translates("aws_iam_group_membership")
def _membership(v: dict[str, Any], make: Any) -> Iterator[Declared]:
    yield make(
        "AWS::IAM::UserToGroupAddition", {"GroupName": v.get("group"), "Users": v.get("users")}
    )


@_translates("aws_iam_instance_profile")
def _profile(v: dict[str, Any], make: Any) -> Iterator[Declared]:
    yield make(
        "AWS::IAM::InstanceProfile",
        {"InstanceProfileName": v.get("name"), "Path": v.get("path"), "Roles": [v.get("role")]},
    )


def _database(v: dict[str, Any]) -> dict[str, Any]:
    return {
        "Engine": v.get("engine"),
        "EngineVersion": v.get("engine_version") or None,
        "StorageEncrypted": v.get("storage_encrypted"),
        "KmsKeyId": v.get("kms_key_id") or None,
        "BackupRetentionPeriod": v.get("backup_retention_period"),
        "DeletionProtection": v.get("deletion_protection"),
        "EnableIAMDatabaseAuthentication": v.get("iam_database_authentication_enabled"),
        "CopyTagsToSnapshot": v.get("copy_tags_to_snapshot"),
        "EnableCloudwatchLogsExports": v.get("enabled_cloudwatch_logs_exports"),
        "Port": v.get("port"),
        "MasterUsername": v.get("username", v.get("master_username")),
        "VPCSecurityGroups": v.get("vpc_security_group_ids"),
        "DBSubnetGroupName": v.get("db_subnet_group_name"),
    }


@_translates("aws_db_instance")
def _db(v: dict[str, Any], make: Any) -> Iterator[Declared]:
    yield make(
        "AWS::RDS::DBInstance",
        {
            **_database(v),
            "DBInstanceIdentifier": v.get("identifier"),
            "DBInstanceClass": v.get("instance_class"),
            "PubliclyAccessible": v.get("publicly_accessible"),
            "MultiAZ": v.get("multi_az"),
            "AutoMinorVersionUpgrade": v.get("auto_minor_version_upgrade"),
            "MonitoringInterval": v.get("monitoring_interval"),
            "DBClusterIdentifier": v.get("cluster_identifier") or None,
        },
    )


@_translates("aws_rds_cluster")
def _cluster(v: dict[str, Any], make: Any) -> Iterator[Declared]:
    yield make(
        "AWS::RDS::DBCluster",
        {
            **_database(v),
            "DBClusterIdentifier": v.get("cluster_identifier"),
            "BacktrackWindow": v.get("backtrack_window"),
        },
    )


@_translates("aws_db_subnet_group")
def _subnet_group(v: dict[str, Any], make: Any) -> Iterator[Declared]:
    yield make(
        "AWS::RDS::DBSubnetGroup",
        {"DBSubnetGroupName": v.get("name"), "SubnetIds": v.get("subnet_ids")},
    )


@_translates("aws_lambda_function")
def _function(v: dict[str, Any], make: Any) -> Iterator[Declared]:
    environment = _first(v.get("environment"))
    vpc = _first(v.get("vpc_config"))
    yield make(
        "AWS::Lambda::Function",
        {
            "FunctionName": v.get("function_name"),
            "Runtime": v.get("runtime"),
            "Role": v.get("role"),
            "PackageType": v.get("package_type"),
            "Environment": {"Variables": environment.get("variables")}
            if isinstance(environment, dict)
            else None,
            "VpcConfig": {"SubnetIds": vpc.get("subnet_ids")} if isinstance(vpc, dict) else None,
        },
    )


@_translates("aws_lambda_permission")
def _permission(v: dict[str, Any], make: Any) -> Iterator[Declared]:
    yield make(
        "AWS::Lambda::Permission",
        {
            "FunctionName": v.get("function_name"),
            "Action": v.get("action"),
            "Principal": v.get("principal"),
            "SourceArn": v.get("source_arn") or None,
            "SourceAccount": v.get("source_account") or None,
            "FunctionUrlAuthType": v.get("function_url_auth_type") or None,
            "PrincipalOrgID": v.get("principal_org_id") or None,
        },
    )


@_translates("aws_lambda_function_url")
def _url(v: dict[str, Any], make: Any) -> Iterator[Declared]:
    yield make(
        "AWS::Lambda::Url",
        {"TargetFunctionArn": v.get("function_name"), "AuthType": v.get("authorization_type")},
    )


@_translates("aws_kms_key")
def _key(v: dict[str, Any], make: Any) -> Iterator[Declared]:
    yield make(
        "AWS::KMS::Key",
        {
            "EnableKeyRotation": v.get("enable_key_rotation"),
            "KeyPolicy": _policy(v.get("policy")) or None,
            "KeySpec": v.get("customer_master_key_spec"),
            "KeyUsage": v.get("key_usage"),
            "Enabled": v.get("is_enabled"),
        },
    )


@_translates("aws_kms_alias")
def _alias(v: dict[str, Any], make: Any) -> Iterator[Declared]:
    yield make(
        "AWS::KMS::Alias", {"AliasName": v.get("name"), "TargetKeyId": v.get("target_key_id")}
    )


@_translates("aws_sqs_queue")
def _queue(v: dict[str, Any], make: Any) -> Iterator[Declared]:
    yield make(
        "AWS::SQS::Queue",
        {
            "QueueName": v.get("name"),
            "KmsMasterKeyId": v.get("kms_master_key_id") or None,
            "SqsManagedSseEnabled": v.get("sqs_managed_sse_enabled"),
            "FifoQueue": v.get("fifo_queue"),
        },
    )


@_translates("aws_sqs_queue_policy")
def _queue_policy(v: dict[str, Any], make: Any) -> Iterator[Declared]:
    yield make(
        "AWS::SQS::QueuePolicy",
        {"Queues": [v.get("queue_url")], "PolicyDocument": _policy(v.get("policy"))},
    )


@_translates("aws_sns_topic")
def _topic(v: dict[str, Any], make: Any) -> Iterator[Declared]:
    yield make(
        "AWS::SNS::Topic",
        {
            "TopicName": v.get("name"),
            "KmsMasterKeyId": v.get("kms_master_key_id") or None,
            "FifoTopic": v.get("fifo_topic"),
        },
    )


@_translates("aws_sns_topic_policy")
def _topic_policy(v: dict[str, Any], make: Any) -> Iterator[Declared]:
    yield make(
        "AWS::SNS::TopicPolicy",
        {"Topics": [v.get("arn")], "PolicyDocument": _policy(v.get("policy"))},
    )


@_translates("aws_dynamodb_table")
def _table(v: dict[str, Any], make: Any) -> Iterator[Declared]:
    recovery = _first(v.get("point_in_time_recovery"))
    yield make(
        "AWS::DynamoDB::Table",
        {
            "TableName": v.get("name"),
            "BillingMode": v.get("billing_mode"),
            "DeletionProtectionEnabled": v.get("deletion_protection_enabled"),
            "PointInTimeRecoverySpecification": {
                "PointInTimeRecoveryEnabled": recovery.get("enabled")
            }
            if isinstance(recovery, dict)
            else None,
            "GlobalSecondaryIndexes": [
                {"IndexName": i.get("name")}
                for i in _each(v.get("global_secondary_index"))
                if isinstance(i, dict)
            ],
        },
    )


@_translates("aws_efs_file_system")
def _efs(v: dict[str, Any], make: Any) -> Iterator[Declared]:
    yield make(
        "AWS::EFS::FileSystem",
        {"Encrypted": v.get("encrypted"), "KmsKeyId": v.get("kms_key_id") or None},
    )


@_translates("aws_efs_file_system_policy")
def _efs_policy(v: dict[str, Any], make: Any) -> Iterator[Declared]:
    yield make(
        "Terraform::EFS::FileSystemPolicy",
        {"FileSystemId": v.get("file_system_id"), "Policy": _policy(v.get("policy"))},
    )


@_translates("aws_ecr_repository")
def _ecr(v: dict[str, Any], make: Any) -> Iterator[Declared]:
    scanning = _first(v.get("image_scanning_configuration"))
    encryption = _first(v.get("encryption_configuration"))
    yield make(
        "AWS::ECR::Repository",
        {
            "RepositoryName": v.get("name"),
            "ImageTagMutability": v.get("image_tag_mutability"),
            "ImageScanningConfiguration": {"ScanOnPush": scanning.get("scan_on_push")}
            if isinstance(scanning, dict)
            else None,
            "EncryptionConfiguration": {"EncryptionType": encryption.get("encryption_type")}
            if isinstance(encryption, dict)
            else None,
        },
    )


@_translates("aws_eks_cluster")
def _eks(v: dict[str, Any], make: Any) -> Iterator[Declared]:
    vpc = _first(v.get("vpc_config"))
    encryption = [
        {
            "Resources": e.get("resources"),
            "Provider": {"KeyArn": (_first(e.get("provider")) or {}).get("key_arn")},
        }
        for e in _each(v.get("encryption_config"))
        if isinstance(e, dict)
    ]
    yield make(
        "AWS::EKS::Cluster",
        {
            "Name": v.get("name"),
            "Version": v.get("version"),
            "ResourcesVpcConfig": {
                "EndpointPublicAccess": vpc.get("endpoint_public_access"),
                "EndpointPrivateAccess": vpc.get("endpoint_private_access"),
                "PublicAccessCidrs": vpc.get("public_access_cidrs"),
            }
            if isinstance(vpc, dict)
            else None,
            "EncryptionConfig": encryption,
            "Logging": {
                "ClusterLogging": {
                    "EnabledTypes": [{"Type": t} for t in _each(v.get("enabled_cluster_log_types"))]
                }
            },
        },
    )


@_translates("aws_cloudtrail")
def _trail(v: dict[str, Any], make: Any) -> Iterator[Declared]:
    yield make(
        "AWS::CloudTrail::Trail",
        {
            "TrailName": v.get("name"),
            "IsMultiRegionTrail": v.get("is_multi_region_trail"),
            "IsOrganizationTrail": v.get("is_organization_trail"),
            "IsLogging": v.get("enable_logging"),
            "EnableLogFileValidation": v.get("enable_log_file_validation"),
            "KMSKeyId": v.get("kms_key_id") or None,
            "S3BucketName": v.get("s3_bucket_name"),
            "CloudWatchLogsLogGroupArn": v.get("cloud_watch_logs_group_arn") or None,
            "IncludeGlobalServiceEvents": v.get("include_global_service_events"),
        },
    )


def _lb(v: dict[str, Any], make: Any) -> Iterator[Declared]:
    logs = _first(v.get("access_logs"))
    attributes = [
        {"Key": "deletion_protection.enabled", "Value": v.get("enable_deletion_protection")},
        {
            "Key": "routing.http.drop_invalid_header_fields.enabled",
            "Value": v.get("drop_invalid_header_fields"),
        },
        {"Key": "routing.http.desync_mitigation_mode", "Value": v.get("desync_mitigation_mode")},
    ]
    if isinstance(logs, dict):
        attributes += [
            {"Key": "access_logs.s3.enabled", "Value": logs.get("enabled")},
            {"Key": "access_logs.s3.bucket", "Value": logs.get("bucket")},
        ]
    yield make(
        "AWS::ElasticLoadBalancingV2::LoadBalancer",
        {
            "Name": v.get("name"),
            "Type": v.get("load_balancer_type"),
            "Scheme": "internal" if v.get("internal") is True else "internet-facing",
            "SecurityGroups": v.get("security_groups"),
            "Subnets": v.get("subnets"),
            "IpAddressType": v.get("ip_address_type"),
            "LoadBalancerAttributes": [a for a in attributes if a["Value"] is not None],
        },
    )


def _listener(v: dict[str, Any], make: Any) -> Iterator[Declared]:
    actions = [
        {
            "Type": a.get("type"),
            "RedirectConfig": {"Protocol": (_first(a.get("redirect")) or {}).get("protocol")},
        }
        for a in _each(v.get("default_action"))
        if isinstance(a, dict)
    ]
    yield make(
        "AWS::ElasticLoadBalancingV2::Listener",
        {
            "LoadBalancerArn": v.get("load_balancer_arn"),
            "Protocol": v.get("protocol"),
            "Port": v.get("port"),
            "SslPolicy": v.get("ssl_policy") or None,
            "Certificates": [{"CertificateArn": v.get("certificate_arn")}]
            if v.get("certificate_arn")
            else None,
            "DefaultActions": actions,
        },
    )


for _name in ("aws_lb", "aws_alb"):
    _translates(_name)(_lb)
for _name in ("aws_lb_listener", "aws_alb_listener"):
    _translates(_name)(_listener)


@_translates("aws_api_gateway_rest_api")
def _rest_api(v: dict[str, Any], make: Any) -> Iterator[Declared]:
    endpoint = _first(v.get("endpoint_configuration"))
    yield make(
        "AWS::ApiGateway::RestApi",
        {
            "Name": v.get("name"),
            "Policy": _policy(v.get("policy")) or None,
            "DisableExecuteApiEndpoint": v.get("disable_execute_api_endpoint"),
            "EndpointConfiguration": {"Types": endpoint.get("types")}
            if isinstance(endpoint, dict)
            else None,
        },
    )


@_translates("aws_api_gateway_resource")
def _api_resource(v: dict[str, Any], make: Any) -> Iterator[Declared]:
    yield make(
        "AWS::ApiGateway::Resource",
        {
            "RestApiId": v.get("rest_api_id"),
            "ParentId": v.get("parent_id"),
            "PathPart": v.get("path_part"),
        },
    )


@_translates("aws_api_gateway_method")
def _api_method(v: dict[str, Any], make: Any) -> Iterator[Declared]:
    yield make(
        "AWS::ApiGateway::Method",
        {
            "RestApiId": v.get("rest_api_id"),
            "ResourceId": v.get("resource_id"),
            "HttpMethod": v.get("http_method"),
            "AuthorizationType": v.get("authorization"),
            "ApiKeyRequired": v.get("api_key_required"),
        },
    )


@_translates("aws_api_gateway_stage")
def _api_stage(v: dict[str, Any], make: Any) -> Iterator[Declared]:
    access = _first(v.get("access_log_settings"))
    yield make(
        "AWS::ApiGateway::Stage",
        {
            "RestApiId": v.get("rest_api_id"),
            "StageName": v.get("stage_name"),
            "TracingEnabled": v.get("xray_tracing_enabled"),
            "CacheClusterEnabled": v.get("cache_cluster_enabled"),
            "ClientCertificateId": v.get("client_certificate_id") or None,
            "AccessLogSetting": {"DestinationArn": access.get("destination_arn")}
            if isinstance(access, dict)
            else None,
        },
    )


@_translates("aws_wafv2_web_acl_association")
def _waf_association(v: dict[str, Any], make: Any) -> Iterator[Declared]:
    yield make(
        "AWS::WAFv2::WebACLAssociation",
        {"ResourceArn": v.get("resource_arn"), "WebACLArn": v.get("web_acl_arn")},
    )


def _behavior(b: dict[str, Any], path: str | None) -> dict[str, Any]:
    return {
        "PathPattern": path,
        "TargetOriginId": b.get("target_origin_id"),
        "ViewerProtocolPolicy": b.get("viewer_protocol_policy"),
    }


@_translates("aws_cloudfront_distribution")
def _distribution(v: dict[str, Any], make: Any) -> Iterator[Declared]:
    origins = []
    for o in _each(v.get("origin")):
        if not isinstance(o, dict):
            continue
        item: dict[str, Any] = {
            "Id": o.get("origin_id"),
            "DomainName": o.get("domain_name"),
            "OriginAccessControlId": o.get("origin_access_control_id") or None,
        }
        custom = _first(o.get("custom_origin_config"))
        s3 = _first(o.get("s3_origin_config"))
        if isinstance(custom, dict):
            item["CustomOriginConfig"] = {
                "OriginProtocolPolicy": custom.get("origin_protocol_policy"),
                "OriginSSLProtocols": custom.get("origin_ssl_protocols"),
            }
        elif isinstance(_first(o.get("vpc_origin_config")), dict):
            item["VpcOriginConfig"] = {}
        else:
            item["S3OriginConfig"] = {
                "OriginAccessIdentity": (s3 or {}).get("origin_access_identity")
                if isinstance(s3, dict)
                else None
            }
        origins.append(item)
    certificate = _first(v.get("viewer_certificate"))
    logging = _first(v.get("logging_config"))
    default = _first(v.get("default_cache_behavior"))
    yield make(
        "AWS::CloudFront::Distribution",
        {
            "DistributionConfig": {
                "Enabled": v.get("enabled"),
                "Aliases": v.get("aliases"),
                "Origins": origins,
                "DefaultCacheBehavior": _behavior(default, None)
                if isinstance(default, dict)
                else {},
                "CacheBehaviors": [
                    _behavior(b, b.get("path_pattern"))
                    for b in _each(v.get("ordered_cache_behavior"))
                    if isinstance(b, dict)
                ],
                "ViewerCertificate": {
                    "CloudFrontDefaultCertificate": certificate.get(
                        "cloudfront_default_certificate"
                    ),
                    "AcmCertificateArn": certificate.get("acm_certificate_arn") or None,
                    "IamCertificateId": certificate.get("iam_certificate_id") or None,
                    "MinimumProtocolVersion": certificate.get("minimum_protocol_version"),
                    "SslSupportMethod": certificate.get("ssl_support_method") or None,
                }
                if isinstance(certificate, dict)
                else None,
                "WebACLId": v.get("web_acl_id") or None,
                "Logging": {"Bucket": logging.get("bucket")} if isinstance(logging, dict) else None,
                "DefaultRootObject": v.get("default_root_object"),
            }
        },
    )
