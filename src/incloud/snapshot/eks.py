"""Amazon EKS: clusters and their Kubernetes version."""

from __future__ import annotations

from datetime import datetime
from typing import ClassVar, Literal

from .base import Resource
from .ec2 import Cidr


class EksCluster(Resource):
    """An EKS cluster: its control plane version and endpoint exposure."""

    kind: Literal["eks.cluster"] = "eks.cluster"
    version: str | None = None
    """The Kubernetes minor version (``1.31``); None when the cluster could not be described."""
    platform_version: str | None = None
    status: str = "ACTIVE"
    support_type: str | None = None
    """The upgrade policy: ``STANDARD`` or ``EXTENDED`` (AWS's default)."""
    endpoint_public_access: bool | None = None
    """Whether the Kubernetes API endpoint answers from the internet; None when not read."""
    endpoint_private_access: bool | None = None
    """Whether the endpoint answers inside the VPC; None when not read."""
    public_access_cidrs: tuple[Cidr, ...] = ()
    """The sources the public endpoint admits (only meaningful with public access on);
    validated, as the reachability engine reads them as address ranges."""
    created: datetime | None = None
    secrets_key_arn: str | None = None
    """The KMS key that envelope-encrypts Kubernetes secrets (``encryptionConfig`` with
    resource ``secrets``); None when none is configured."""
    log_types: tuple[str, ...] = ()
    """The control plane log types sent to CloudWatch Logs (``api``, ``audit``,
    ``authenticator``, ``controllerManager``, ``scheduler``); empty when none are."""

    service: ClassVar[str] = "eks"
    listed_by: ClassVar[tuple[str, ...]] = ("eks:ListClusters",)
