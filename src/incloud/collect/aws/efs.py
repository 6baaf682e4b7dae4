"""EFS collector: file systems, their encryption at rest and their file system policies."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ...snapshot import Resource
from ...snapshot.efs import EfsFileSystem
from ..registry import collector
from ..unit import Unit


@collector(
    service="efs",
    scope="regional",
    operations=("efs:DescribeFileSystems", "efs:DescribeFileSystemPolicy"),
)
def collect_efs(unit: Unit) -> Iterator[Resource]:
    """Every file system in the region, with its file system policy."""
    systems = unit.pages("describe_file_systems", "FileSystems")
    yield from unit.fan_out(lambda raw: _file_system(unit, raw), systems)


def _file_system(unit: Unit, raw: dict[str, Any]) -> EfsFileSystem:
    fs_id = raw["FileSystemId"]
    arn = raw.get("FileSystemArn") or unit.arn(f"file-system/{fs_id}")
    answer = unit.call(
        "describe_file_system_policy",
        resource_arn=arn,
        absent_on=("PolicyNotFound",),
        FileSystemId=fs_id,
    )
    policy = (answer or {}).get("Policy")
    return EfsFileSystem(
        arn=arn,
        name=raw.get("Name") or fs_id,
        account_id=unit.account_id,
        region=unit.region,
        file_system_id=fs_id,
        encrypted=bool(raw.get("Encrypted")),
        kms_key_id=raw.get("KmsKeyId"),
        policy=unit.document(policy, "describe_file_system_policy", resource_arn=arn),
    )
