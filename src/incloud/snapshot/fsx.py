"""Amazon FSx file systems (Windows File Server, Lustre, NetApp ONTAP, OpenZFS)."""

from __future__ import annotations

from typing import ClassVar, Literal

from .base import Resource


class FsxFileSystem(Resource):
    """An FSx file system. The copy-tags settings are read for the types that have them
    (OpenZFS: backups and volumes; Lustre and Windows: backups); None elsewhere, and when
    AWS did not report them.
    """

    kind: Literal["fsx.file-system"] = "fsx.file-system"
    file_system_id: str
    file_system_type: str
    """``WINDOWS``, ``LUSTRE``, ``ONTAP`` or ``OPENZFS``."""
    copy_tags_to_backups: bool | None = None
    copy_tags_to_volumes: bool | None = None

    service: ClassVar[str] = "fsx"
    listed_by: ClassVar[tuple[str, ...]] = ("fsx:DescribeFileSystems",)
