"""CloudFormation's intrinsic functions, conditions and parameters, resolved before deploy.

What only deploy can tell (an imported value, a parameter without a default, an attribute
AWS assigns, the Availability Zones of an account) becomes an
:class:`~incloud.iac.values.Unknown` with the reason; an unknown condition makes an
``Fn::If`` unknown. A function CloudFormation does not have is an error.
"""

from __future__ import annotations

import ipaddress
import json
import re
from typing import Any

from ...errors import InputError
from ..assembly import NAME_PROPERTY, identity_of
from ..values import Unknown, first_unknown

NO_VALUE = object()
"""``Ref: AWS::NoValue``: the property (or list item) is removed."""

MAX_STEPS = 1_000_000
"""The most values one template's resolution visits (YAML aliases can repeat a node
exponentially often; a real template needs a few thousand)."""

FUNCTIONS = frozenset(
    {
        "Ref",
        "Fn::GetAtt",
        "Fn::Sub",
        "Fn::Join",
        "Fn::If",
        "Fn::Select",
        "Fn::Split",
        "Fn::FindInMap",
        "Fn::Base64",
        "Fn::GetAZs",
        "Fn::ImportValue",
        "Fn::Cidr",
        "Fn::Equals",
        "Fn::And",
        "Fn::Or",
        "Fn::Not",
        "Condition",
        "Fn::ToJsonString",
        "Fn::Length",
        "Fn::Transform",
    }
)
"""Every intrinsic function and condition function CloudFormation documents."""

_SUB = re.compile(r"\$\{([^}]*)\}")

_REF_IS_ARN = frozenset(
    {
        "AWS::IAM::ManagedPolicy",
        "AWS::SNS::Topic",
        "AWS::ElasticLoadBalancingV2::LoadBalancer",
        "AWS::ElasticLoadBalancingV2::Listener",
    }
)
_REF_IS_ID = frozenset(
    {
        "AWS::EFS::FileSystem",
        "AWS::ECR::Repository",
        "AWS::ApiGateway::RestApi",
        "AWS::ApiGateway::Resource",
        "AWS::CloudFront::Distribution",
        "AWS::EKS::Cluster",
        "AWS::S3::Bucket",
        "AWS::IAM::Role",
        "AWS::IAM::User",
        "AWS::IAM::Group",
        "AWS::IAM::InstanceProfile",
        "AWS::Lambda::Function",
        "AWS::RDS::DBInstance",
        "AWS::RDS::DBCluster",
        "AWS::RDS::DBSubnetGroup",
        "AWS::EC2::VPC",
        "AWS::EC2::Subnet",
        "AWS::EC2::SecurityGroup",
        "AWS::EC2::InternetGateway",
        "AWS::EC2::NatGateway",
        "AWS::EC2::RouteTable",
        "AWS::EC2::NetworkAcl",
        "AWS::EC2::Instance",
        "AWS::EC2::LaunchTemplate",
        "AWS::KMS::Key",
        "AWS::DynamoDB::Table",
        "AWS::CloudTrail::Trail",
        "AWS::EC2::NetworkInterface",
    }
)


def default_group_id(vpc_id: str) -> str:
    """The made-up id of the default security group AWS creates with VPC ``vpc_id``."""
    return "sg-" + vpc_id.removeprefix("vpc-") + "-default"


def default_acl_id(vpc_id: str) -> str:
    """The made-up id of the default network ACL AWS creates with VPC ``vpc_id``."""
    return "acl-" + vpc_id.removeprefix("vpc-") + "-default"


def main_table_id(vpc_id: str) -> str:
    """The made-up id of the main route table AWS creates with VPC ``vpc_id``."""
    return "rtb-" + vpc_id.removeprefix("vpc-") + "-main"


class Resolver:
    """Resolves one template's values (see the module docstring)."""

    def __init__(
        self,
        template: dict[str, Any],
        *,
        file: str,
        stack: str,
        account_id: str,
        region: str,
        partition: str,
        parameters: dict[str, str],
    ) -> None:
        self.template = template
        self.file = file
        self.stack = stack
        self.account_id = account_id
        self.region = region
        self.partition = partition
        self.resources: dict[str, Any] = template["Resources"]
        self._given = parameters
        self._conditions: dict[str, bool | Unknown] = {}
        self._pending: set[str] = set()
        self._steps = 0

    # --- parameters and conditions -----------------------------------------------------

    def parameter(self, name: str) -> Any:
        """A parameter's value: given with ``--parameter``, else its default, else unknown."""
        declared = self.template.get("Parameters", {})
        spec = declared.get(name) if isinstance(declared, dict) else None
        if not isinstance(spec, dict):
            return None
        kind = str(spec.get("Type", "String"))
        if name in self._given:
            value: Any = self._given[name]
        elif "Default" in spec:
            value = spec["Default"]
        else:
            return Unknown(f"parameter {name} has no default (give it with --parameter)")
        if kind.startswith("AWS::SSM::Parameter::Value"):
            return Unknown(f"parameter {name} is read from SSM Parameter Store at deploy")
        if kind.startswith("List<") or kind == "CommaDelimitedList":
            return (
                [item.strip() for item in str(value).split(",")]
                if isinstance(value, str)
                else value
            )
        return str(value) if isinstance(value, int | float | bool) else value

    def condition(self, name: Any, where: str) -> bool | Unknown:
        """The value of the named condition."""
        if not isinstance(name, str):
            raise InputError(f"{self.file}: {where}: a condition name must be a string")
        if name in self._conditions:
            return self._conditions[name]
        conditions = self.template.get("Conditions", {})
        if not isinstance(conditions, dict) or name not in conditions:
            raise InputError(f"{self.file}: {where}: no condition named {_brief(name)}")
        if name in self._pending:
            raise InputError(f"{self.file}: condition {_brief(name)} refers to itself")
        self._pending.add(name)
        value = self._truth(self.resolve(conditions[name], f"Conditions.{name}"), name)
        self._pending.discard(name)
        self._conditions[name] = value
        return value

    def _truth(self, value: Any, where: str) -> bool | Unknown:
        if isinstance(value, Unknown | bool):
            return value
        if isinstance(value, str) and value.lower() in ("true", "false"):
            return value.lower() == "true"
        raise InputError(f"{self.file}: {where}: a condition must be true or false")

    # --- resolution --------------------------------------------------------------------

    def resolve(self, value: Any, where: str) -> Any:
        """``value`` with every intrinsic function resolved (``Unknown`` where only deploy
        tells), ``AWS::NoValue`` removed.
        """
        self._steps += 1
        if self._steps > MAX_STEPS:
            raise InputError(
                f"{self.file}: the template expands past {MAX_STEPS} values (YAML aliases?)"
            )
        if isinstance(value, dict):
            if len(value) == 1:
                ((key, argument),) = value.items()
                if isinstance(key, str) and (key == "Ref" or key.startswith("Fn::")):
                    return self._function(str(key), argument, where)
                if key == "Condition" and where.startswith("Conditions"):
                    return self.condition(argument, where)
            resolved = {}
            for key, item in value.items():
                result = self.resolve(item, f"{where}.{key}")
                if result is not NO_VALUE:
                    resolved[str(key)] = result
            return resolved
        if isinstance(value, list):
            items = [self.resolve(item, f"{where}[{n}]") for n, item in enumerate(value)]
            return [item for item in items if item is not NO_VALUE]
        if isinstance(value, str):
            return str(value)
        return value

    def _function(self, name: str, argument: Any, where: str) -> Any:
        if name not in FUNCTIONS:
            raise InputError(f"{self.file}: {where}: unknown intrinsic function {_brief(name)}")
        handler = getattr(self, "_fn_" + name.removeprefix("Fn::").lower())
        return handler(argument, where)

    def _fn_ref(self, argument: Any, where: str) -> Any:
        if not isinstance(argument, str):
            raise InputError(f"{self.file}: {where}: Ref takes a name")
        pseudo = self._pseudo(argument)
        if pseudo is not None:
            return pseudo
        if argument in self.resources:
            return self._ref_resource(argument)
        value = self.parameter(argument)
        if value is None:
            raise InputError(
                f"{self.file}: {where}: Ref to {_brief(argument)}, which is "
                "neither a parameter nor a resource"
            )
        return value

    def _pseudo(self, name: str) -> Any:
        return {
            "AWS::AccountId": self.account_id,
            "AWS::Region": self.region,
            "AWS::Partition": self.partition,
            "AWS::StackName": self.stack,
            "AWS::URLSuffix": "amazonaws.com",
            "AWS::NoValue": NO_VALUE,
            "AWS::StackId": Unknown("AWS::StackId is assigned when the stack is created"),
            "AWS::NotificationARNs": Unknown("AWS::NotificationARNs are given at deploy"),
        }.get(name)

    def _identity(self, logical: str) -> Any:
        body = self.resources[logical]
        kind = str(body.get("Type", "")) if isinstance(body, dict) else ""
        properties = body.get("Properties", {}) if isinstance(body, dict) else {}
        if not isinstance(properties, dict):
            properties = {}
        key = NAME_PROPERTY.get(kind)
        given = self.resolve(properties[key], f"{logical}.{key}") if key in properties else None
        if given is None and kind.startswith("AWS::EC2::"):
            for item in self.resolve(properties.get("Tags", []), f"{logical}.Tags") or []:
                if isinstance(item, dict) and item.get("Key") == "Name":
                    given = item.get("Value")
        path = self.resolve(properties.get("Path", "/"), f"{logical}.Path")
        if first_unknown(given) is not None or not isinstance(given, str | None):
            given = None
        return kind, identity_of(
            kind,
            logical,
            self.stack,
            given,
            self.account_id,
            self.region,
            self.partition,
            path=path if isinstance(path, str) else "/",
        )

    def _ref_resource(self, logical: str) -> Any:
        kind, ident = self._identity(logical)
        if kind in _REF_IS_ARN:
            return ident.arn
        if kind == "AWS::SQS::Queue":
            return f"https://sqs.{self.region}.amazonaws.com/{self.account_id}/{ident.name}"
        if kind in _REF_IS_ID:
            return ident.ident
        if kind == "AWS::EC2::EIP":
            return Unknown(f"{logical}'s Elastic IP address is assigned at allocation")
        return Unknown(f"the physical id of {logical} ({_brief(kind)}) is assigned at deploy")

    def _fn_getatt(self, argument: Any, where: str) -> Any:
        if isinstance(argument, str) and "." in argument:
            argument = argument.split(".", 1)
        if not (isinstance(argument, list) and len(argument) == 2):
            raise InputError(f"{self.file}: {where}: Fn::GetAtt takes [resource, attribute]")
        logical, attribute = argument[0], self.resolve(argument[1], where)
        if not isinstance(logical, str) or logical not in self.resources:
            raise InputError(
                f"{self.file}: {where}: Fn::GetAtt names no resource {_brief(logical)}"
            )
        if not isinstance(attribute, str):
            return Unknown(f"the attribute of {logical} is known only at deploy")
        kind, ident = self._identity(logical)
        body = self.resources[logical]
        properties = body.get("Properties", {}) if isinstance(body, dict) else {}
        if attribute in ("Arn", "PolicyArn", "TopicArn") and kind not in (
            "AWS::EC2::EIP",
            "AWS::EC2::Instance",
            "AWS::EC2::VPC",
            "AWS::EC2::Subnet",
        ):
            return ident.arn
        simple = {
            ("AWS::S3::Bucket", "DomainName"): f"{ident.name}.s3.amazonaws.com",
            (
                "AWS::S3::Bucket",
                "RegionalDomainName",
            ): f"{ident.name}.s3.{self.region}.amazonaws.com",
            ("AWS::ApiGateway::RestApi", "RootResourceId"): f"{ident.ident}-root",
            ("AWS::ApiGateway::RestApi", "RestApiId"): ident.ident,
            ("AWS::EC2::SecurityGroup", "GroupId"): ident.ident,
            ("AWS::EC2::EIP", "AllocationId"): ident.ident,
            ("AWS::EC2::LaunchTemplate", "LaunchTemplateId"): ident.ident,
            ("AWS::EC2::LaunchTemplate", "LatestVersionNumber"): "1",
            ("AWS::EC2::LaunchTemplate", "DefaultVersionNumber"): "1",
            ("AWS::EC2::VPC", "VpcId"): ident.ident,
            ("AWS::EC2::Subnet", "SubnetId"): ident.ident,
            ("AWS::EC2::VPC", "DefaultSecurityGroup"): default_group_id(ident.ident),
            ("AWS::EC2::VPC", "DefaultNetworkAcl"): default_acl_id(ident.ident),
            ("AWS::KMS::Key", "KeyId"): ident.ident,
            ("AWS::SNS::Topic", "TopicName"): ident.name,
            ("AWS::SQS::Queue", "QueueName"): ident.name,
            (
                "AWS::SQS::Queue",
                "QueueUrl",
            ): f"https://sqs.{self.region}.amazonaws.com/{self.account_id}/{ident.name}",
        }
        if (kind, attribute) in simple:
            return simple[(kind, attribute)]
        copied = {
            ("AWS::EC2::VPC", "CidrBlock"): "CidrBlock",
            ("AWS::EC2::Subnet", "VpcId"): "VpcId",
            ("AWS::EC2::Subnet", "AvailabilityZone"): "AvailabilityZone",
            ("AWS::EC2::SecurityGroup", "VpcId"): "VpcId",
        }
        if (kind, attribute) in copied and isinstance(properties, dict):
            key = copied[(kind, attribute)]
            if key in properties:
                return self.resolve(properties[key], f"{logical}.{key}")
        return Unknown(f"{logical}.{_brief(attribute)} is assigned at deploy")

    def _fn_sub(self, argument: Any, where: str) -> Any:
        variables: dict[str, Any] = {}
        if isinstance(argument, list) and len(argument) == 2 and isinstance(argument[1], dict):
            text = argument[0]
            variables = {str(k): self.resolve(v, where) for k, v in argument[1].items()}
        else:
            text = argument
        if not isinstance(text, str):
            raise InputError(f"{self.file}: {where}: Fn::Sub takes a string")
        missing: list[Unknown] = []

        def replace(match: re.Match[str]) -> str:
            name = match.group(1)
            if name.startswith("!"):
                return "${" + name[1:] + "}"
            if name in variables:
                value = variables[name]
            elif "." in name and name.split(".", 1)[0] in self.resources:
                value = self._fn_getatt(name.split(".", 1), where)
            else:
                value = self._fn_ref(name, where)
            if isinstance(value, Unknown):
                missing.append(value)
                return ""
            if not isinstance(value, str | int | float):
                raise InputError(
                    f"{self.file}: {where}: Fn::Sub variable {_brief(name)} is not a string"
                )
            return str(value)

        result = _SUB.sub(replace, text)
        return missing[0] if missing else result

    def _fn_join(self, argument: Any, where: str) -> Any:
        if not (isinstance(argument, list) and len(argument) == 2):
            raise InputError(f"{self.file}: {where}: Fn::Join takes [delimiter, list]")
        delimiter, items = self.resolve(argument[0], where), self.resolve(argument[1], where)
        if isinstance(items, Unknown):
            return items
        if not isinstance(delimiter, str) or not isinstance(items, list):
            raise InputError(f"{self.file}: {where}: Fn::Join takes [delimiter, list]")
        missing = first_unknown(items)
        if missing is not None:
            return missing
        return delimiter.join(str(item) for item in items)

    def _fn_if(self, argument: Any, where: str) -> Any:
        if not (isinstance(argument, list) and len(argument) == 3):
            raise InputError(f"{self.file}: {where}: Fn::If takes [condition, then, else]")
        truth = self.condition(argument[0], where)
        if isinstance(truth, Unknown):
            return Unknown(f"Fn::If on {argument[0]}: {truth.reason}")
        return self.resolve(argument[1] if truth else argument[2], where)

    def _fn_select(self, argument: Any, where: str) -> Any:
        if not (isinstance(argument, list) and len(argument) == 2):
            raise InputError(f"{self.file}: {where}: Fn::Select takes [index, list]")
        index, items = self.resolve(argument[0], where), self.resolve(argument[1], where)
        if isinstance(index, Unknown) or isinstance(items, Unknown):
            return index if isinstance(index, Unknown) else items
        try:
            position = int(index)
            return items[position]
        except (ValueError, TypeError, IndexError, KeyError):
            raise InputError(
                f"{self.file}: {where}: Fn::Select index {_brief(index)} is not in the list"
            ) from None

    def _fn_split(self, argument: Any, where: str) -> Any:
        if not (isinstance(argument, list) and len(argument) == 2):
            raise InputError(f"{self.file}: {where}: Fn::Split takes [delimiter, string]")
        delimiter, text = self.resolve(argument[0], where), self.resolve(argument[1], where)
        if isinstance(text, Unknown):
            return text
        if not isinstance(delimiter, str) or not isinstance(text, str) or not delimiter:
            raise InputError(f"{self.file}: {where}: Fn::Split takes [delimiter, string]")
        return text.split(delimiter)

    def _fn_findinmap(self, argument: Any, where: str) -> Any:
        if not (isinstance(argument, list) and len(argument) in (3, 4)):
            raise InputError(f"{self.file}: {where}: Fn::FindInMap takes [map, key, key]")
        keys = [self.resolve(item, where) for item in argument[:3]]
        for key in keys:
            if isinstance(key, Unknown):
                return key
        mappings = self.template.get("Mappings", {})
        try:
            return self.resolve(mappings[keys[0]][keys[1]][keys[2]], where)
        except (KeyError, TypeError):
            raise InputError(
                f"{self.file}: {where}: Fn::FindInMap finds nothing at {_brief(keys)}"
            ) from None

    def _fn_base64(self, argument: Any, where: str) -> Any:
        return self.resolve(argument, where)

    def _fn_getazs(self, argument: Any, where: str) -> Any:
        return Unknown("the Availability Zones (Fn::GetAZs) depend on the account")

    def _fn_importvalue(self, argument: Any, where: str) -> Any:
        name = self.resolve(argument, where)
        shown = name if isinstance(name, str) else "a value"
        return Unknown(f"Fn::ImportValue {_brief(shown)} is another stack's output")

    def _fn_transform(self, argument: Any, where: str) -> Any:
        return Unknown("Fn::Transform is expanded by a macro at deploy")

    def _fn_cidr(self, argument: Any, where: str) -> Any:
        if not (isinstance(argument, list) and len(argument) == 3):
            raise InputError(f"{self.file}: {where}: Fn::Cidr takes [block, count, bits]")
        block, count, bits = (self.resolve(item, where) for item in argument)
        for item in (block, count, bits):
            if isinstance(item, Unknown):
                return item
        try:
            network = ipaddress.ip_network(str(block), strict=False)
            prefix = network.max_prefixlen - int(bits)
            subnets = network.subnets(new_prefix=prefix)
            return [str(next(subnets)) for _ in range(int(count))]
        except (ValueError, StopIteration):
            raise InputError(
                f"{self.file}: {where}: Fn::Cidr cannot divide {_brief(block)}"
            ) from None

    def _fn_tojsonstring(self, argument: Any, where: str) -> Any:
        value = self.resolve(argument, where)
        missing = first_unknown(value)
        return missing if missing is not None else json.dumps(value)

    def _fn_length(self, argument: Any, where: str) -> Any:
        value = self.resolve(argument, where)
        if isinstance(value, Unknown):
            return value
        if not isinstance(value, list):
            raise InputError(f"{self.file}: {where}: Fn::Length takes a list")
        return len(value)

    def _fn_equals(self, argument: Any, where: str) -> Any:
        if not (isinstance(argument, list) and len(argument) == 2):
            raise InputError(f"{self.file}: {where}: Fn::Equals takes two values")
        left, right = (self.resolve(item, where) for item in argument)
        for item in (left, right):
            if first_unknown(item) is not None:
                return first_unknown(item)
        return _plain(left) == _plain(right)

    def _conditions_of(self, argument: Any, where: str) -> list[bool | Unknown]:
        if not isinstance(argument, list):
            raise InputError(f"{self.file}: {where}: a condition function takes a list")
        return [self._truth(self.resolve(item, where), where) for item in argument]

    def _fn_and(self, argument: Any, where: str) -> Any:
        values = self._conditions_of(argument, where)
        if False in values:
            return False
        unknown = [v for v in values if isinstance(v, Unknown)]
        return unknown[0] if unknown else True

    def _fn_or(self, argument: Any, where: str) -> Any:
        values = self._conditions_of(argument, where)
        if True in values:
            return True
        unknown = [v for v in values if isinstance(v, Unknown)]
        return unknown[0] if unknown else False

    def _fn_not(self, argument: Any, where: str) -> Any:
        values = self._conditions_of(argument, where)
        if len(values) != 1:
            raise InputError(f"{self.file}: {where}: Fn::Not takes one condition")
        return values[0] if isinstance(values[0], Unknown) else not values[0]

    def _fn_condition(self, argument: Any, where: str) -> Any:
        return self.condition(argument, where)


def _plain(value: Any) -> Any:
    return str(value) if isinstance(value, int | float) and not isinstance(value, bool) else value


def _brief(value: object) -> str:
    from ...snapshot.base import brief

    return brief(value if not isinstance(value, str) else str(value))
