"""Amazon EFS file systems (IAM prefix ``elasticfilesystem``; boto3 client ``efs``)."""

from __future__ import annotations

from typing import ClassVar, Literal

from .base import JsonDict, Resource


class EfsFileSystem(Resource):
    """An EFS file system. ``name`` is its Name tag, else its id."""

    kind: Literal["elasticfilesystem.file-system"] = "elasticfilesystem.file-system"
    policy: JsonDict | None = None
    """The resource-based policy; None when there is none."""
    file_system_id: str
    encrypted: bool = False
    kms_key_id: str | None = None

    service: ClassVar[str] = "elasticfilesystem"
    listed_by: ClassVar[tuple[str, ...]] = ("efs:DescribeFileSystems",)
