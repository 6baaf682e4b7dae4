"""Amazon EMR (IAM prefix ``elasticmapreduce``; boto3 client ``emr``): active clusters and the
account's block public access setting in each region.
"""

from __future__ import annotations

from typing import ClassVar, Literal

from .base import Frozen, Resource


class EmrCluster(Resource):
    """An EMR cluster that is starting, bootstrapping, running or waiting (terminated ones
    are not listed). ``primary_public_ips`` are the public addresses of its primary
    (``MASTER``) node or nodes: empty when they have none, None when they were not read.
    """

    kind: Literal["elasticmapreduce.cluster"] = "elasticmapreduce.cluster"
    cluster_id: str
    state: str
    primary_public_ips: tuple[str, ...] | None = None

    service: ClassVar[str] = "elasticmapreduce"
    listed_by: ClassVar[tuple[str, ...]] = ("emr:ListClusters",)


class PortRange(Frozen):
    """A port range block public access lets security groups open to the internet."""

    low: int
    high: int


class EmrBlockPublicAccess(Resource):
    """EMR block public access in one region of one account (a settings resource, present
    in every scanned region): when on, EMR refuses to launch a cluster whose security groups
    admit the internet on a port outside ``permitted_ranges``. ``enabled`` is None when the
    setting could not be read.
    """

    kind: Literal["elasticmapreduce.block-public-access"] = "elasticmapreduce.block-public-access"
    enabled: bool | None = None
    permitted_ranges: tuple[PortRange, ...] = ()

    service: ClassVar[str] = "elasticmapreduce"
    listed_by: ClassVar[tuple[str, ...]] = ("emr:GetBlockPublicAccessConfiguration",)

    def in_use(self) -> bool:
        """An account setting: it does not show the customer runs EMR."""
        return False
