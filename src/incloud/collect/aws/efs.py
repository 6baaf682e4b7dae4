"""EFS collector: file systems and their encryption at rest (one paginated call)."""

from __future__ import annotations

from collections.abc import Iterator

from ...snapshot import Resource
from ...snapshot.efs import EfsFileSystem
from ..registry import collector
from ..unit import Unit


@collector(service="efs", scope="regional", operations=("efs:DescribeFileSystems",))
def collect_efs(unit: Unit) -> Iterator[Resource]:
    """Every file system in the region."""
    for raw in unit.pages("describe_file_systems", "FileSystems"):
        fs_id = raw["FileSystemId"]
        yield EfsFileSystem(
            arn=raw.get("FileSystemArn") or unit.arn(f"file-system/{fs_id}"),
            name=raw.get("Name") or fs_id,
            account_id=unit.account_id,
            region=unit.region,
            file_system_id=fs_id,
            encrypted=bool(raw.get("Encrypted")),
            kms_key_id=raw.get("KmsKeyId"),
        )
