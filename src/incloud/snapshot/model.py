"""The Snapshot: everything collected from one or more accounts, as one typed document."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from datetime import datetime
from functools import cached_property
from typing import Annotated, TypeVar

from pydantic import Field

from .awslambda import LambdaFunction
from .base import Frozen, Resource
from .cloudtrail import Trail
from .ec2 import (
    Ami,
    EbsSnapshot,
    EbsVolume,
    Ec2Instance,
    Ec2Region,
    ElasticIp,
    FlowLog,
    Gateway,
    LaunchTemplate,
    NetworkAcl,
    NetworkInterface,
    RouteTable,
    SecurityGroup,
    Subnet,
    Vpc,
)
from .gaps import ApiCallCount, CollectionGap
from .iam import IamAccount, IamGroup, IamPolicy, IamRole, IamUser
from .kms import KmsKey
from .rds import DbCluster, DbInstance, DbSnapshot
from .s3 import S3Account, S3Bucket
from .sdb import SimpleDbDomain

SCHEMA_VERSION = 1
"""Bump when a change would make an older reader misread a snapshot."""

RESOURCE_TYPES: tuple[type[Resource], ...] = (
    IamAccount, IamUser, IamGroup, IamRole, IamPolicy,
    S3Account, S3Bucket,
    Ec2Region, Ec2Instance, LaunchTemplate, SecurityGroup, NetworkAcl, RouteTable, Gateway,
    Subnet, Vpc, NetworkInterface, ElasticIp, EbsVolume, EbsSnapshot, Ami, FlowLog,
    KmsKey, Trail,
    DbInstance, DbCluster, DbSnapshot,
    LambdaFunction,
    SimpleDbDomain,
)  # fmt: skip
"""Every resource model the snapshot can hold."""

AnyResource = Annotated[
    IamAccount | IamUser | IamGroup | IamRole | IamPolicy
    | S3Account | S3Bucket
    | Ec2Region | Ec2Instance | LaunchTemplate | SecurityGroup | NetworkAcl | RouteTable
    | Gateway | Subnet | Vpc | NetworkInterface | ElasticIp | EbsVolume | EbsSnapshot | Ami
    | FlowLog
    | KmsKey | Trail
    | DbInstance | DbCluster | DbSnapshot
    | LambdaFunction
    | SimpleDbDomain,
    Field(discriminator="kind"),
]  # fmt: skip

R = TypeVar("R", bound=Resource)


class Account(Frozen):
    """One scanned account: its id, partition and the regions that were collected."""

    account_id: str
    partition: str = "aws"
    regions: tuple[str, ...] = ()


class Snapshot(Frozen):
    """The contract between collection and evaluation.

    Resources are keyed by ARN and carry their own account and region; ``gaps`` lists every
    call that failed, so evaluation can say ``unknown`` instead of guessing.
    """

    schema_version: int = SCHEMA_VERSION
    incloud_version: str = ""
    collected_at: datetime
    accounts: tuple[Account, ...]
    resources: tuple[AnyResource, ...] = ()
    gaps: tuple[CollectionGap, ...] = ()
    api_calls: tuple[ApiCallCount, ...] = ()

    @cached_property
    def _by_type(self) -> dict[type[Resource], list[Resource]]:
        index: dict[type[Resource], list[Resource]] = defaultdict(list)
        for resource in self.resources:
            index[type(resource)].append(resource)
        return index

    def of_type(self, resource_type: type[R]) -> Iterator[R]:
        """Every resource of one model, in snapshot order."""
        for resource in self._by_type.get(resource_type, ()):
            assert isinstance(resource, resource_type)
            yield resource

    @cached_property
    def by_arn(self) -> dict[str, Resource]:
        """Resources keyed by ARN."""
        return {resource.arn: resource for resource in self.resources}
