"""Systems Manager: the nodes it manages, their patch and association compliance, and the
account's own documents with whom they are shared.
"""

from __future__ import annotations

from datetime import datetime
from typing import ClassVar, Literal

from .base import Resource


class SsmManagedInstance(Resource):
    """A node registered with Systems Manager (``DescribeInstanceInformation``), with the
    patch compliance summary Patch Manager last reported for it
    (``ListResourceComplianceSummaries``, compliance type ``Patch``).

    ``patch_status`` is None when no patch scan was ever reported for the node.
    """

    kind: Literal["ssm.managed-instance"] = "ssm.managed-instance"
    instance_id: str
    resource_type: str = "EC2Instance"
    """``EC2Instance`` or ``ManagedInstance`` (a hybrid node)."""
    ping_status: str = "Online"
    """``Online``, ``ConnectionLost`` or ``Inactive``."""
    last_ping: datetime | None = None
    platform_name: str | None = None
    agent_version: str | None = None
    patch_status: str | None = None
    """``COMPLIANT`` or ``NON_COMPLIANT``; None when Patch Manager never reported."""
    patch_non_compliant: int = 0
    patch_critical_missing: int = 0
    patch_high_missing: int = 0
    patch_scanned: datetime | None = None
    association_status: str | None = None
    """State Manager association compliance (compliance type ``Association``):
    ``COMPLIANT`` or ``NON_COMPLIANT``; None when no association ever reported for the node."""
    association_non_compliant: int = 0

    service: ClassVar[str] = "ssm"
    listed_by: ClassVar[tuple[str, ...]] = ("ssm:DescribeInstanceInformation",)


class SsmDocument(Resource):
    """A Systems Manager document the account owns (``ListDocuments`` with owner ``Self``),
    and the accounts it is shared with (``DescribeDocumentPermission``): ``all`` when it is
    public.
    """

    kind: Literal["ssm.document"] = "ssm.document"
    document_type: str = ""
    shared_with: tuple[str, ...] = ()
    """Account ids the document is shared with, ``all`` meaning everyone; empty when it is
    private (a failed read is a gap on ``ssm:DescribeDocumentPermission``)."""

    service: ClassVar[str] = "ssm"
    listed_by: ClassVar[tuple[str, ...]] = ("ssm:ListDocuments",)
