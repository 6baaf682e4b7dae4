"""Secrets Manager secrets: metadata and rotation only, never a secret value."""

from __future__ import annotations

from datetime import datetime
from typing import ClassVar, Literal

from .base import JsonDict, Resource


class Secret(Resource):
    """A Secrets Manager secret, as ``ListSecrets`` describes it (no value is ever read).

    ``last_rotated`` is None when the secret was never rotated.
    """

    kind: Literal["secretsmanager.secret"] = "secretsmanager.secret"
    policy: JsonDict | None = None
    """The resource-based policy; None when there is none."""
    rotation_enabled: bool = False
    rotation_days: int | None = None
    rotation_schedule: str | None = None
    rotation_lambda_arn: str | None = None
    last_rotated: datetime | None = None
    last_changed: datetime | None = None
    last_accessed: datetime | None = None
    """``LastAccessedDate``: the day the secret was last read (AWS keeps the date, not the
    time); None when it was never read."""
    next_rotation: datetime | None = None
    """``NextRotationDate``: when the next scheduled rotation is due; None without rotation
    (or when ListSecrets did not say)."""
    created: datetime | None = None
    kms_key_id: str | None = None
    owning_service: str | None = None
    """Set for secrets another service manages (an RDS master password, for example)."""
    primary_region: str | None = None
    """Set on replicas: the region of the primary secret."""

    service: ClassVar[str] = "secretsmanager"
    listed_by: ClassVar[tuple[str, ...]] = ("secretsmanager:ListSecrets",)
