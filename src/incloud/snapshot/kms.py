"""KMS keys with their rotation status, policy and aliases."""

from __future__ import annotations

from datetime import datetime
from typing import ClassVar, Literal

from .base import JsonDict, Resource


class KmsKey(Resource):
    """A KMS key. ``rotation_enabled`` is None where rotation does not apply or was not read."""

    kind: Literal["kms.key"] = "kms.key"
    key_id: str
    manager: str = "CUSTOMER"
    state: str = "Enabled"
    spec: str = "SYMMETRIC_DEFAULT"
    usage: str = "ENCRYPT_DECRYPT"
    origin: str = "AWS_KMS"
    rotation_enabled: bool | None = None
    deletion_date: datetime | None = None
    policy: JsonDict | None = None
    aliases: tuple[str, ...] = ()

    service: ClassVar[str] = "kms"
    listed_by: ClassVar[tuple[str, ...]] = ("kms:ListKeys", "kms:DescribeKey")

    @property
    def customer_managed(self) -> bool:
        """True for keys the customer manages (and must rotate)."""
        return self.manager == "CUSTOMER"

    def in_use(self) -> bool:
        """AWS managed keys appear when services use them."""
        return self.customer_managed
