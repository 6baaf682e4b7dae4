"""EFS collector: file systems, their encryption at rest and their file system policies, and
the account's access points (one bulk ``DescribeAccessPoints`` per region: without a file
system or access point id it lists every access point of the account, EFS API Reference).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ...snapshot import Resource
from ...snapshot.efs import EfsAccessPoint, EfsFileSystem, PosixUser
from ..registry import collector
from ..unit import Unit


@collector(
    service="efs",
    scope="regional",
    operations=(
        "efs:DescribeFileSystems",
        "efs:DescribeFileSystemPolicy",
        "efs:DescribeAccessPoints",
    ),
)
def collect_efs(unit: Unit) -> Iterator[Resource]:
    """Every file system in the region, with its file system policy, and every access point
    (read only where there are file systems: an access point belongs to one).
    """
    systems = unit.pages("describe_file_systems", "FileSystems")
    yield from unit.fan_out(lambda raw: _file_system(unit, raw), systems)
    if systems:
        for raw in unit.pages("describe_access_points", "AccessPoints"):
            yield _access_point(unit, raw)


def _access_point(unit: Unit, raw: dict[str, Any]) -> EfsAccessPoint:
    # AccessPointId and FileSystemId are optional in botocore's model but identify it: AWS
    # omits them only in a malformed answer, whose KeyError is a CollectorError gap.
    point_id = raw["AccessPointId"]
    user = raw.get("PosixUser")
    return EfsAccessPoint(
        arn=raw.get("AccessPointArn") or unit.arn(f"access-point/{point_id}"),
        name=raw.get("Name") or point_id,
        account_id=unit.account_id,
        region=unit.region,
        access_point_id=point_id,
        file_system_id=raw["FileSystemId"],
        # AWS reports "/" for an access point created without a root directory.
        root_directory=(raw.get("RootDirectory") or {}).get("Path") or "/",
        posix_user=PosixUser(
            uid=user["Uid"], gid=user["Gid"], secondary_gids=tuple(user.get("SecondaryGids", ()))
        )
        if user
        else None,
    )


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
