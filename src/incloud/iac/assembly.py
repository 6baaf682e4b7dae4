"""Assembling a snapshot from declared resources: their names, ids and ARNs, the models they
fill (several declarations may fill one model: a security group and its ingress rules), and
the gaps that stand for values known only after deploy.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from ..snapshot import GLOBAL, CollectionGap, Resource, Snapshot
from ..snapshot.ec2 import Subnet
from .source import Source
from .values import Unknown, first_unknown

NOT_KNOWN = "NotKnownBeforeDeploy"
"""The error code of the gaps ``incloud iac`` records for values a template or plan leaves to
deploy time (an unresolved import, a parameter without a default, an attribute AWS assigns)."""

NAME_PROPERTY = {
    "AWS::S3::Bucket": "BucketName",
    "AWS::IAM::Role": "RoleName",
    "AWS::IAM::User": "UserName",
    "AWS::IAM::Group": "GroupName",
    "AWS::IAM::ManagedPolicy": "ManagedPolicyName",
    "AWS::IAM::InstanceProfile": "InstanceProfileName",
    "AWS::Lambda::Function": "FunctionName",
    "AWS::RDS::DBInstance": "DBInstanceIdentifier",
    "AWS::RDS::DBCluster": "DBClusterIdentifier",
    "AWS::RDS::DBSubnetGroup": "DBSubnetGroupName",
    "AWS::SQS::Queue": "QueueName",
    "AWS::SNS::Topic": "TopicName",
    "AWS::EC2::SecurityGroup": "GroupName",
    "AWS::EC2::LaunchTemplate": "LaunchTemplateName",
    "AWS::DynamoDB::Table": "TableName",
    "AWS::CloudTrail::Trail": "TrailName",
    "AWS::ECR::Repository": "RepositoryName",
    "AWS::EKS::Cluster": "Name",
    "AWS::ElasticLoadBalancingV2::LoadBalancer": "Name",
}
"""The property that names a resource, where its type has one; without it CloudFormation
generates a name (``incloud iac`` uses the stack name and logical id in its place)."""

EC2_PREFIX = {
    "AWS::EC2::VPC": ("vpc", "vpc"),
    "AWS::EC2::Subnet": ("subnet", "subnet"),
    "AWS::EC2::SecurityGroup": ("sg", "security-group"),
    "AWS::EC2::InternetGateway": ("igw", "internet-gateway"),
    "AWS::EC2::NatGateway": ("nat", "natgateway"),
    "AWS::EC2::RouteTable": ("rtb", "route-table"),
    "AWS::EC2::NetworkAcl": ("acl", "network-acl"),
    "AWS::EC2::Instance": ("i", "instance"),
    "AWS::EC2::LaunchTemplate": ("lt", "launch-template"),
    "AWS::EC2::EIP": ("eipalloc", "elastic-ip"),
    "AWS::EC2::NetworkInterface": ("eni", "network-interface"),
}
"""EC2 types: the prefix of the ids AWS assigns, and the ARN's resource type."""

_UNSAFE = re.compile(r"[^a-z0-9]+")


def slug(text: str) -> str:
    """Lower-case letters and digits, runs of anything else one ``-`` (for made-up ids)."""
    return _UNSAFE.sub("-", text.lower()).strip("-") or "x"


@dataclass(frozen=True)
class Declared:
    """One resource a template or plan declares, its properties resolved (``Unknown`` where
    only deploy will tell), in CloudFormation's property shapes.
    """

    name: str
    """The logical id (CloudFormation) or address (Terraform)."""
    type: str
    """The CloudFormation type (Terraform types are translated)."""
    properties: dict[str, Any]
    source: Source
    stack: str
    """Whose generated names this resource's follow: the stack name or the plan's file stem."""
    condition: Unknown | None = None
    """Set when whether the resource is created at all is known only at deploy."""


@dataclass(frozen=True)
class Identity:
    """What a declared resource is called once created: its ARN, id and name."""

    arn: str
    ident: str
    name: str


@dataclass
class Draft:
    """A snapshot model being filled: its class and fields, and the declaration behind it."""

    model: type[Resource]
    fields: dict[str, Any]
    source: Source


@dataclass(frozen=True)
class Undecided:
    """Fields that deploy sets one of a few ways: the ways not drafted.

    ``fields`` names (ARN, field) pairs that change together (an instance's public address
    and its interface's); each alternative gives one value per pair.
    """

    fields: tuple[tuple[str, str], ...]
    alternatives: tuple[tuple[Any, ...], ...]
    reason: str


@dataclass
class Assembly:
    """The account and region resources are created in, and what has been built so far."""

    account_id: str
    region: str
    now: datetime
    """When the files are judged: what deploy would create, it creates now (a new user's
    keys are new, a new role has not had time to go unused)."""
    partition: str = "aws"
    drafts: dict[str, Draft] = field(default_factory=dict)
    """Keyed by ARN, in declaration order."""
    gaps: list[CollectionGap] = field(default_factory=list)
    undecided: list[Undecided] = field(default_factory=list)
    """Fields with a few possible values, the first drafted (see :meth:`undecide`)."""
    context: Snapshot | None = None
    """The collected snapshot the files join (``--snapshot``), for what they refer to."""
    groupings: dict[str, dict[str, Any]] = field(default_factory=dict)
    """What one declaration tells others that is no snapshot model (a DB subnet group's
    subnets), by kind and name."""
    placeholders: int = 0
    """Public addresses handed out so far (:meth:`public_address`)."""
    closing: list[Callable[[Assembly], None]] = field(default_factory=list)
    """Checks of the whole draft, run after every deferred step (a policy attached by another
    declaration must be attached before its absence is judged)."""
    deferred: list[Callable[[Assembly], None]] = field(default_factory=list)
    """Steps that need every resource drafted first (rules added to a group, routes to a
    table), run in order once every declaration is drafted."""

    def identity(self, declared: Declared) -> Identity:
        """The ARN, id and name ``declared`` gets once created (made up where AWS assigns
        them, stable for one file and logical id).
        """
        return identity_of(
            declared.type,
            declared.name,
            declared.stack,
            self._name(declared),
            self.account_id,
            self.region,
            self.partition,
            path=_text(declared.properties.get("Path"), "/"),
        )

    def _name(self, declared: Declared) -> str | None:
        key = NAME_PROPERTY.get(declared.type)
        value = declared.properties.get(key) if key else None
        if value is None and declared.type.startswith("AWS::EC2::"):
            value = tag(declared.properties, "Name")
        return value if isinstance(value, str) else None

    def add(self, model: type[Resource], declared: Declared, **fields: Any) -> Draft:
        """Draft ``model`` for ``declared`` with ``fields`` (its ARN and name unless given)."""
        ident = self.identity(declared)
        fields.setdefault("arn", ident.arn)
        fields.setdefault("name", ident.name)
        fields.setdefault("account_id", self.account_id)
        fields.setdefault("region", GLOBAL if model.service == "iam" else self.region)
        draft = Draft(model, fields, declared.source)
        self.drafts[fields["arn"]] = draft
        if declared.condition is not None:
            self.unknown(draft, None, f"created only if: {declared.condition.reason}")
        return draft

    def unknown(
        self, draft: Draft, action: str | None, reason: str, *, everywhere: str | None = None
    ) -> None:
        """Record that ``draft`` has a value only deploy will tell: a gap on ``action`` (the
        read that would have given it; None: the model's listing, so no check of the resource
        is decided). ``everywhere`` also records a gap on that operation for the whole
        region, for the analyses that read across resources (reachability, escalation).
        """
        model = draft.model
        operation = action or model.listed_by[0]
        service, name = operation.split(":", 1)
        region = draft.fields["region"]
        message = f"{draft.source.describe()}: {reason}"
        self.gaps.append(
            CollectionGap(
                account_id=self.account_id,
                region=region,
                service=service,
                operation=name,
                error_code=NOT_KNOWN,
                message=message,
                resource_arn=draft.fields["arn"],
            )
        )
        if everywhere is not None:
            service, name = everywhere.split(":", 1)
            self.gaps.append(
                CollectionGap(
                    account_id=self.account_id,
                    region=region,
                    service=service,
                    operation=name,
                    error_code=NOT_KNOWN,
                    message=message,
                )
            )

    def known(
        self,
        draft: Draft,
        properties: dict[str, Any],
        key: str,
        default: Any = None,
        *,
        action: str | None = None,
        everywhere: str | None = None,
    ) -> Any:
        """``properties[key]`` (``default`` when absent); when any part of it is only known
        at deploy, a gap says so (see :meth:`unknown`) and ``default`` is returned, which no
        verdict then reads.
        """
        value = properties.get(key, default)
        missing = first_unknown(value)
        if missing is None:
            return value
        self.unknown(draft, action, f"{key}: {missing.reason}", everywhere=everywhere)
        return default

    def undecide(
        self,
        changes: list[tuple[Draft, str]],
        ways: tuple[tuple[Any, ...], ...],
        reason: str,
    ) -> None:
        """Fields ``changes`` take one of ``ways`` at deploy (one value per field each way;
        ``reason`` says what decides): the first way is drafted, and evaluation runs again
        with each other one, so a verdict that depends on the choice is ``unknown``
        (``incloud.iac.judge``).
        """
        for (draft, name), value in zip(changes, ways[0], strict=True):
            draft.fields[name] = value
        where = changes[0][0].source.describe()
        self.undecided.append(
            Undecided(
                tuple((draft.fields["arn"], name) for draft, name in changes),
                ways[1:],
                f"{where}: {reason}",
            )
        )

    def public_address(self) -> str:
        """A stand-in for a public IPv4 address AWS assigns at launch or allocation: that
        there is one is known, which one is not. Addresses come from TEST-NET-3 (RFC 5737,
        ``203.0.113.0/24``, reserved for documentation), so none is anyone's real address.
        """
        self.placeholders += 1
        return f"203.0.113.{self.placeholders % 254 + 1}"

    def find(self, arn: str) -> Draft | None:
        """The draft with ``arn``."""
        return self.drafts.get(arn)

    def subnet(self, subnet_id: Any) -> tuple[str, bool] | None:
        """The VPC of subnet ``subnet_id`` and whether it gives instances public addresses,
        from the files or the context snapshot; None when neither has it.
        """
        draft = self.by_field(Subnet, "subnet_id", subnet_id)
        if draft is not None:
            return str(draft.fields.get("vpc_id", "")), bool(
                draft.fields.get("map_public_ip_on_launch")
            )
        if self.context is not None:
            for known in self.context.of_type(Subnet):
                if known.subnet_id == subnet_id:
                    return known.vpc_id, known.map_public_ip_on_launch
        return None

    def by_field(self, model: type[Resource], name: str, value: Any) -> Draft | None:
        """The draft of ``model`` whose field ``name`` is ``value`` (an id)."""
        for draft in self.drafts.values():
            if draft.model is model and draft.fields.get(name) == value:
                return draft
        return None


def identity_of(
    resource_type: str,
    logical: str,
    stack: str,
    given: str | None,
    account: str,
    region: str,
    partition: str,
    *,
    path: str = "/",
) -> Identity:
    """The ARN, id and name of a resource of ``resource_type`` (see :meth:`Assembly.identity`)."""
    generated = f"{stack}-{logical}"
    name = given or generated
    arn_base = f"arn:{partition}"
    if resource_type in EC2_PREFIX:
        prefix, kind = EC2_PREFIX[resource_type]
        ident = f"{prefix}-{slug(stack)}-{slug(logical)}"
        return Identity(f"{arn_base}:ec2:{region}:{account}:{kind}/{ident}", ident, given or ident)
    service_arn = {
        "AWS::S3::Bucket": lambda n: f"{arn_base}:s3:::{n}",
        "AWS::Lambda::Function": lambda n: f"{arn_base}:lambda:{region}:{account}:function:{n}",
        "AWS::RDS::DBInstance": lambda n: f"{arn_base}:rds:{region}:{account}:db:{n}",
        "AWS::RDS::DBCluster": lambda n: f"{arn_base}:rds:{region}:{account}:cluster:{n}",
        "AWS::RDS::DBSubnetGroup": lambda n: f"{arn_base}:rds:{region}:{account}:subgrp:{n}",
        "AWS::SQS::Queue": lambda n: f"{arn_base}:sqs:{region}:{account}:{n}",
        "AWS::SNS::Topic": lambda n: f"{arn_base}:sns:{region}:{account}:{n}",
        "AWS::DynamoDB::Table": lambda n: f"{arn_base}:dynamodb:{region}:{account}:table/{n}",
        "AWS::CloudTrail::Trail": lambda n: f"{arn_base}:cloudtrail:{region}:{account}:trail/{n}",
        "AWS::ECR::Repository": lambda n: f"{arn_base}:ecr:{region}:{account}:repository/{n}",
        "AWS::EKS::Cluster": lambda n: f"{arn_base}:eks:{region}:{account}:cluster/{n}",
    }
    iam_kind = {
        "AWS::IAM::Role": "role",
        "AWS::IAM::User": "user",
        "AWS::IAM::Group": "group",
        "AWS::IAM::ManagedPolicy": "policy",
        "AWS::IAM::InstanceProfile": "instance-profile",
    }
    if resource_type == "AWS::S3::Bucket" and given is None:
        name = slug(generated)[:63]
    if resource_type in service_arn:
        return Identity(service_arn[resource_type](name), name, name)
    if resource_type in iam_kind:
        arn = f"{arn_base}:iam::{account}:{iam_kind[resource_type]}{path}{name}"
        return Identity(arn, name, name)
    if resource_type == "AWS::EFS::FileSystem":
        ident = f"fs-{slug(stack)}-{slug(logical)}"
        arn = f"{arn_base}:elasticfilesystem:{region}:{account}:file-system/{ident}"
        return Identity(arn, ident, ident)
    if resource_type in (
        "AWS::ElasticLoadBalancingV2::LoadBalancer",
        "AWS::ElasticLoadBalancingV2::Listener",
    ):
        balancer = (given or slug(generated))[:32]
        kind = "listener" if resource_type.endswith("Listener") else "loadbalancer"
        suffix = f"/{slug(logical)}" if kind == "listener" else ""
        arn = (
            f"{arn_base}:elasticloadbalancing:{region}:{account}:{kind}/app/{balancer}/"
            f"{slug(stack)}{suffix}"
        )
        return Identity(arn, arn, balancer)
    if resource_type == "AWS::KMS::Key":
        ident = f"key-{slug(stack)}-{slug(logical)}"
        return Identity(f"{arn_base}:kms:{region}:{account}:key/{ident}", ident, ident)
    ident = f"{slug(stack)}-{slug(logical)}"
    kind = slug(resource_type.replace("::", "-"))
    return Identity(f"arn:{partition}:iac:{region}:{account}:{kind}/{ident}", ident, name)


def tag(properties: dict[str, Any], key: str) -> Any:
    """The value of tag ``key`` in CloudFormation's ``Tags`` list (None when absent)."""
    tags = properties.get("Tags")
    if not isinstance(tags, list):
        return None
    for item in tags:
        if isinstance(item, dict) and item.get("Key") == key:
            return item.get("Value")
    return None


def _text(value: Any, default: str) -> str:
    return value if isinstance(value, str) else default
