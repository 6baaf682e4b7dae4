"""Amazon ECR: private repositories and the registry's scanning configuration."""

from __future__ import annotations

from datetime import datetime
from typing import ClassVar, Literal

from .base import Frozen, JsonDict, Resource


class EcrRepository(Resource):
    """A private repository with its repository-level scanning and tag settings."""

    kind: Literal["ecr.repository"] = "ecr.repository"
    policy: JsonDict | None = None
    """The resource-based policy; None when there is none."""
    uri: str = ""
    scan_on_push: bool = False
    tag_mutability: str = "MUTABLE"
    """``MUTABLE``, ``IMMUTABLE``, or the ``*_WITH_EXCLUSION`` variants."""
    encryption_type: str = "AES256"
    created: datetime | None = None
    lifecycle_policy: bool | None = None
    """Whether the repository has a lifecycle policy (``GetLifecyclePolicy``); None when that
    was not read."""

    service: ClassVar[str] = "ecr"
    listed_by: ClassVar[tuple[str, ...]] = ("ecr:DescribeRepositories",)


class ScanningRule(Frozen):
    """A registry scanning rule: how often, and which repositories (by name filter)."""

    frequency: str
    """``SCAN_ON_PUSH``, ``CONTINUOUS_SCAN`` or ``MANUAL``."""
    filters: tuple[str, ...] = ()
    """``WILDCARD`` filters, as written."""


class EcrRegistry(Resource):
    """The private registry's scanning configuration in one region.

    ``scan_type`` is ``BASIC`` (ECR's own scanner) or ``ENHANCED`` (Amazon Inspector); None
    when the configuration could not be read.
    """

    kind: Literal["ecr.registry"] = "ecr.registry"
    scan_type: str | None = None
    rules: tuple[ScanningRule, ...] = ()

    service: ClassVar[str] = "ecr"

    def in_use(self) -> bool:
        """Every account has a registry in every region."""
        return False
