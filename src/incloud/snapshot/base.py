"""Base models shared by every part of the snapshot."""

from __future__ import annotations

from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict

JsonDict = dict[str, Any]
"""A JSON object kept as the API returned it (policy documents, for example)."""

GLOBAL = "global"
"""The region name used for global services (IAM, the S3 bucket list, account settings)."""


class Frozen(BaseModel):
    """An immutable model that rejects unknown fields, so a snapshot reloads exactly."""

    model_config = ConfigDict(frozen=True, extra="forbid")


class Resource(Frozen):
    """Something a check can judge: it has an ARN and lives in one account and region.

    Subclasses set ``kind`` to a ``Literal`` (the snapshot's discriminator), and the class
    variables below, which the engine reads to decide when a verdict must be ``unknown``.
    """

    kind: str
    """The model's discriminator, ``service.type``; each subclass narrows it to a Literal."""
    arn: str
    name: str
    account_id: str
    region: str

    service: ClassVar[str] = ""
    """The IAM service prefix, used to filter checks by service."""

    listed_by: ClassVar[tuple[str, ...]] = ()
    """Operations (``service:Operation``) whose failure means this inventory is incomplete."""

    def display_name(self) -> str:
        """The short name shown in reports."""
        return self.name

    def in_use(self) -> bool:
        """True when this resource shows the customer uses its service.

        Account settings, defaults AWS creates (default VPCs, default security groups) and
        plumbing that only accompanies other resources (subnets, routes, interfaces) do not.
        """
        return True
