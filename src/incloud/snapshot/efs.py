"""Amazon EFS file systems (IAM prefix ``elasticfilesystem``; boto3 client ``efs``)."""

from __future__ import annotations

from typing import ClassVar, Literal

from .base import Frozen, JsonDict, Resource


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


class PosixUser(Frozen):
    """The POSIX identity an access point imposes on every request through it."""

    uid: int
    gid: int
    secondary_gids: tuple[int, ...] = ()


class EfsAccessPoint(Resource):
    """An EFS access point: the directory and the identity it imposes on NFS clients.

    ``root_directory`` is the path clients see as ``/`` (``/`` when the access point sets
    none, as AWS reports it); ``posix_user`` is None when the access point keeps the client's
    own identity.
    """

    kind: Literal["elasticfilesystem.access-point"] = "elasticfilesystem.access-point"
    access_point_id: str
    file_system_id: str
    root_directory: str = "/"
    posix_user: PosixUser | None = None

    service: ClassVar[str] = "elasticfilesystem"
    listed_by: ClassVar[tuple[str, ...]] = ("efs:DescribeAccessPoints",)
