"""AWS Database Migration Service: replication instances, replication tasks and endpoints."""

from __future__ import annotations

from typing import ClassVar, Literal

from .base import Resource


class ReplicationInstance(Resource):
    """A DMS replication instance (``DescribeReplicationInstances``)."""

    kind: Literal["dms.replication-instance"] = "dms.replication-instance"
    instance_class: str = ""
    engine_version: str = ""
    publicly_accessible: bool | None = None
    """``PubliclyAccessible``; None when AWS did not report it."""
    auto_minor_version_upgrade: bool | None = None
    multi_az: bool | None = None
    vpc_id: str | None = None
    security_group_ids: tuple[str, ...] = ()
    subnet_ids: tuple[str, ...] = ()

    service: ClassVar[str] = "dms"
    listed_by: ClassVar[tuple[str, ...]] = ("dms:DescribeReplicationInstances",)


class ReplicationTask(Resource):
    """A DMS replication task, with the logging part of its task settings.

    ``logging_enabled`` is None when the task's settings document was absent or unreadable
    (a gap says which); ``log_severity`` maps each logging component the settings name
    (``SOURCE_UNLOAD``, ``TARGET_APPLY`` ...) to its severity.
    """

    kind: Literal["dms.replication-task"] = "dms.replication-task"
    migration_type: str = ""
    replication_instance_arn: str = ""
    source_endpoint_arn: str = ""
    target_endpoint_arn: str = ""
    status: str = ""
    logging_enabled: bool | None = None
    log_severity: dict[str, str] = {}

    service: ClassVar[str] = "dms"
    listed_by: ClassVar[tuple[str, ...]] = ("dms:DescribeReplicationTasks",)


class DmsEndpoint(Resource):
    """A DMS source or target endpoint: its engine and the TLS mode of its connection."""

    kind: Literal["dms.endpoint"] = "dms.endpoint"
    endpoint_type: str = ""
    """``SOURCE`` or ``TARGET``."""
    engine_name: str = ""
    ssl_mode: str | None = None
    """``SslMode``: ``none``, ``require``, ``verify-ca`` or ``verify-full``; None when AWS did
    not report it."""

    service: ClassVar[str] = "dms"
    listed_by: ClassVar[tuple[str, ...]] = ("dms:DescribeEndpoints",)
