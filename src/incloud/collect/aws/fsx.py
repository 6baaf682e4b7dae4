"""Amazon FSx collector: file systems of every type, from the bulk ``DescribeFileSystems``."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ...snapshot import Resource
from ...snapshot.fsx import FsxFileSystem
from ..registry import collector
from ..unit import Unit

CONFIGURATION = {
    "OPENZFS": "OpenZFSConfiguration",
    "LUSTRE": "LustreConfiguration",
    "WINDOWS": "WindowsConfiguration",
}
"""Where each type keeps its copy-tags settings (ONTAP has none)."""


@collector(service="fsx", scope="regional", operations=("fsx:DescribeFileSystems",))
def collect_fsx(unit: Unit) -> Iterator[Resource]:
    """Every file system in the region (deleted ones are not listed)."""
    for raw in unit.pages("describe_file_systems", "FileSystems"):
        yield _file_system(unit, raw)


def _file_system(unit: Unit, raw: dict[str, Any]) -> FsxFileSystem:
    fs_id = raw["FileSystemId"]  # identifies it (optional in botocore's model)
    kind = raw.get("FileSystemType", "")
    settings: dict[str, Any] = raw.get(CONFIGURATION.get(kind, ""), {})
    name = next((t.get("Value") for t in raw.get("Tags", []) if t.get("Key") == "Name"), None)
    return FsxFileSystem(
        arn=raw.get("ResourceARN") or unit.arn(f"file-system/{fs_id}"),
        name=name or fs_id,
        account_id=unit.account_id,
        region=unit.region,
        file_system_id=fs_id,
        file_system_type=kind,
        copy_tags_to_backups=settings.get("CopyTagsToBackups"),
        copy_tags_to_volumes=settings.get("CopyTagsToVolumes") if kind == "OPENZFS" else None,
    )
