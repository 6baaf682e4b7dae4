"""EC2 instances and launch templates, and Lambda functions.

What only the launch tells is left open: an instance's public IPv4 address (a stand-in when
it surely gets one; both ways when its subnet is not in the files), its metadata options when
the template sets none (the AMI's ``ImdsSupport`` and the account's defaults decide), the
AMI's age and whether Systems Manager will manage it (gaps on those reads).
"""

from __future__ import annotations

from typing import Any

from ...snapshot.awslambda import FunctionUrl, LambdaFunction
from ...snapshot.ec2 import (
    Ec2Instance,
    LaunchTemplate,
    MetadataOptions,
    NetworkInterface,
)
from ..assembly import Assembly, Declared, Draft
from ..values import first_unknown
from .registry import builds, flag, listed, masked_tags

_OPTIONAL = MetadataOptions(http_tokens="optional")
_REQUIRED = MetadataOptions(http_tokens="required")
_AT_LAUNCH = (
    ("ec2:DescribeImages", "the AMI's creation date is read once it is chosen at launch"),
    ("ssm:DescribeInstanceInformation", "Systems Manager registers an instance once it runs"),
    ("ssm:ListResourceComplianceSummaries", "patch compliance is reported once it runs"),
)


def metadata(value: Any) -> MetadataOptions | None:
    """CloudFormation's ``MetadataOptions`` as the snapshot's (None when not set)."""
    if not isinstance(value, dict):
        return None
    return MetadataOptions(
        http_tokens=str(value.get("HttpTokens", "optional")),
        http_endpoint=str(value.get("HttpEndpoint", "enabled")),
        hop_limit=int(value.get("HttpPutResponseHopLimit", 1)),
    )


def _profile_arn(asm: Assembly, name: Any) -> str | None:
    if not isinstance(name, str) or not name:
        return None
    if name.startswith("arn:"):
        return name
    return f"arn:{asm.partition}:iam::{asm.account_id}:instance-profile/{name}"


@builds("AWS::EC2::Instance")
def instance(asm: Assembly, declared: Declared) -> None:
    """An instance, in its subnet, with its groups, profile and metadata options."""
    props = declared.properties
    draft = asm.add(Ec2Instance, declared, instance_id=asm.identity(declared).ident)
    reach = "ec2:DescribeNetworkInterfaces"
    draft.fields["image_id"] = str(
        asm.known(draft, props, "ImageId", "", action="ec2:DescribeImages")
    )
    draft.fields["instance_type"] = str(asm.known(draft, props, "InstanceType", "m1.small"))
    interfaces = [
        i
        for i in listed(asm.known(draft, props, "NetworkInterfaces", [], everywhere=reach))
        if isinstance(i, dict)
    ]
    primary = next((i for i in interfaces if str(i.get("DeviceIndex", "0")) == "0"), None)
    subnet = asm.known(draft, props, "SubnetId", None, everywhere=reach)
    groups = listed(asm.known(draft, props, "SecurityGroupIds", [], everywhere=reach))
    asked: bool | None = None
    if primary is not None:
        subnet = primary.get("SubnetId", subnet)
        groups = listed(primary.get("GroupSet")) or groups
        if "AssociatePublicIpAddress" in primary:
            asked = flag(primary["AssociatePublicIpAddress"])
    draft.fields["subnet_id"] = subnet
    draft.fields["security_group_ids"] = tuple(str(g) for g in groups)
    draft.fields["iam_instance_profile_arn"] = _profile_arn(
        asm,
        asm.known(
            draft,
            props,
            "IamInstanceProfile",
            None,
            everywhere="iam:GetAccountAuthorizationDetails",
        ),
    )
    draft.fields["tags"], draft.fields["tag_secrets"] = masked_tags(props.get("Tags"))
    options = asm.known(draft, props, "MetadataOptions", None)
    draft.fields["user_data_secrets"] = user_data_secrets(props.get("UserData"))
    template = props.get("LaunchTemplate")
    for action, reason in _AT_LAUNCH:
        asm.unknown(draft, action, reason)

    def settle(asm: Assembly) -> None:
        chosen = metadata(options)
        if chosen is None and isinstance(template, dict):
            source = asm.by_field(LaunchTemplate, "template_id", template.get("LaunchTemplateId"))
            if source is not None:
                chosen = source.fields.get("metadata")
        if chosen is not None:
            draft.fields["metadata"] = chosen
        else:
            asm.undecide(
                [(draft, "metadata")],
                ((_OPTIONAL,), (_REQUIRED,)),
                "no MetadataOptions: the AMI's ImdsSupport and the account's "
                "instance metadata defaults decide whether IMDSv2 is required",
            )
        subnet_id = draft.fields["subnet_id"]
        home = asm.subnet(subnet_id) if subnet_id is not None else None
        if home is not None:
            draft.fields["vpc_id"] = home[0]
        eni = _interface(asm, draft)
        if home is None:
            where = (
                f"its subnet {subnet_id} is in neither the files nor --snapshot"
                if subnet_id is not None
                else "it names no subnet: it launches into the default VPC, which the files "
                "do not describe"
            )
            asm.unknown(
                draft,
                None,
                f"{where} (its network, and whether it gets a public address, are not known)",
            )
            return
        public = asked if asked is not None else home[1]
        if public:
            draft.fields["public_ip"] = asm.public_address()
            eni.fields["public_ips"] = (draft.fields["public_ip"],)

    asm.deferred.append(settle)


def _interface(asm: Assembly, instance: Draft) -> Draft:
    """The instance's primary network interface, as EC2 creates it at launch."""
    fields = instance.fields
    ident = "eni-" + fields["instance_id"].removeprefix("i-")
    arn = f"arn:{asm.partition}:ec2:{asm.region}:{asm.account_id}:network-interface/{ident}"
    draft = Draft(
        NetworkInterface,
        {
            "arn": arn,
            "name": ident,
            "account_id": asm.account_id,
            "region": asm.region,
            "interface_id": ident,
            "subnet_id": fields["subnet_id"],
            "vpc_id": fields.get("vpc_id"),
            "security_group_ids": fields["security_group_ids"],
            "attached_instance_id": fields["instance_id"],
            "public_ips": (),
        },
        instance.source,
    )
    asm.drafts[arn] = draft
    fields["network_interface_ids"] = (ident,)
    return draft


@builds("AWS::EC2::LaunchTemplate")
def launch_template(asm: Assembly, declared: Declared) -> None:
    """A launch template, judged by its one (default) version."""
    props = declared.properties
    draft = asm.add(LaunchTemplate, declared, template_id=asm.identity(declared).ident)
    data = asm.known(
        draft, props, "LaunchTemplateData", {}, action="ec2:DescribeLaunchTemplateVersions"
    )
    data = data if isinstance(data, dict) else {}
    draft.fields["metadata"] = metadata(data.get("MetadataOptions"))
    draft.fields["user_data_secrets"] = user_data_secrets(data.get("UserData"))
    profile = data.get("IamInstanceProfile") or {}
    if isinstance(profile, dict):
        draft.fields["instance_profile_arn"] = profile.get("Arn")
        draft.fields["instance_profile_name"] = profile.get("Name") or profile.get("Arn")
    draft.fields["public_ip_interfaces"] = tuple(
        int(i.get("DeviceIndex", 0))
        for i in listed(data.get("NetworkInterfaces"))
        if isinstance(i, dict) and flag(i.get("AssociatePublicIpAddress"))
    )


@builds("AWS::Lambda::Function")
def function(asm: Assembly, declared: Declared) -> None:
    """A function: runtime, role, environment variable names (values never kept), VPC."""
    props = declared.properties
    draft = asm.add(LambdaFunction, declared)
    draft.fields["runtime"] = asm.known(draft, props, "Runtime", None)
    draft.fields["package_type"] = str(props.get("PackageType", "Zip"))
    draft.fields["role_arn"] = str(
        asm.known(draft, props, "Role", "", everywhere="iam:GetAccountAuthorizationDetails")
    )
    environment = props.get("Environment")
    variables = environment.get("Variables") if isinstance(environment, dict) else None
    if isinstance(variables, dict):
        draft.fields["environment_variable_names"] = tuple(str(k) for k in variables)
        draft.fields["environment_secrets"] = _secrets(variables)
    vpc = props.get("VpcConfig")
    if isinstance(vpc, dict):
        subnets = asm.known(draft, vpc, "SubnetIds", [], action="ec2:DescribeSubnets")
        draft.fields["subnet_ids"] = tuple(str(s) for s in listed(subnets))

        def place(asm: Assembly) -> None:
            for subnet_id in draft.fields["subnet_ids"]:
                home = asm.subnet(subnet_id)
                if home is not None:
                    draft.fields["vpc_id"] = home[0]

        asm.deferred.append(place)


def _secrets(variables: dict[str, Any]) -> tuple[Any, ...]:
    from ...collect.secrets import scan_mapping

    known = {str(k): str(v) for k, v in variables.items() if first_unknown(v) is None}
    return scan_mapping(known)


def user_data_secrets(value: Any) -> tuple[Any, ...]:
    """What looks like a secret in user data (``Fn::Base64`` of the text, resolved as the
    text itself); masked, the text not kept.
    """
    from ...collect.secrets import scan_text

    return scan_text(value) if isinstance(value, str) else ()


@builds("AWS::Lambda::Permission")
def permission(asm: Assembly, declared: Declared) -> None:
    """A statement of the function's resource policy."""
    props = declared.properties

    def add(asm: Assembly) -> None:
        target = _function(asm, props.get("FunctionName"))
        if target is None:
            return
        missing = first_unknown(props)
        if missing is not None:
            asm.unknown(target, "lambda:GetPolicy", f"permission {declared.name}: {missing.reason}")
            return
        statement: dict[str, Any] = {
            "Sid": declared.name,
            "Effect": "Allow",
            "Principal": _principal(props.get("Principal")),
            "Action": props.get("Action", "lambda:InvokeFunction"),
            "Resource": target.fields["arn"],
        }
        condition: dict[str, Any] = {}
        if props.get("SourceArn"):
            condition.setdefault("ArnLike", {})["AWS:SourceArn"] = props["SourceArn"]
        if props.get("SourceAccount"):
            condition.setdefault("StringEquals", {})["AWS:SourceAccount"] = props["SourceAccount"]
        if props.get("FunctionUrlAuthType"):
            condition.setdefault("StringEquals", {})["lambda:FunctionUrlAuthType"] = props[
                "FunctionUrlAuthType"
            ]
        if props.get("PrincipalOrgID"):
            condition.setdefault("StringEquals", {})["aws:PrincipalOrgID"] = props["PrincipalOrgID"]
        if condition:
            statement["Condition"] = condition
        policy = target.fields.get("policy") or {"Version": "2012-10-17", "Statement": []}
        policy["Statement"].append(statement)
        target.fields["policy"] = policy

    asm.deferred.append(add)


@builds("AWS::Lambda::Url")
def function_url(asm: Assembly, declared: Declared) -> None:
    """A function URL and its auth type."""
    props = declared.properties

    def add(asm: Assembly) -> None:
        target = _function(asm, props.get("TargetFunctionArn"))
        if target is None:
            return
        auth = asm.known(
            target, props, "AuthType", "AWS_IAM", action="lambda:ListFunctionUrlConfigs"
        )
        target.fields["urls"] = (
            *target.fields.get("urls", ()),
            FunctionUrl(url="(assigned at deploy)", auth_type=str(auth)),
        )

    asm.deferred.append(add)


def _function(asm: Assembly, name: Any) -> Draft | None:
    if not isinstance(name, str):
        return None
    for draft in asm.drafts.values():
        if draft.model is LambdaFunction and name in (draft.fields["name"], draft.fields["arn"]):
            return draft
    return None


def _principal(value: Any) -> Any:
    if value == "*":
        return "*"
    if isinstance(value, str) and value.endswith(".amazonaws.com"):
        return {"Service": value}
    return {"AWS": value}
