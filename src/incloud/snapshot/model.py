"""The Snapshot: everything collected from one or more accounts, as one typed document."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from datetime import datetime
from functools import cached_property
from typing import TYPE_CHECKING, Annotated, Self, TypeVar, Union

from pydantic import Field, StrictInt, model_validator

from .._discovery import import_submodules
from .base import Frozen, Resource, brief
from .gaps import ApiCallCount, CollectionGap

SCHEMA_VERSION = 3
"""Bump when a change would make an older reader misread a snapshot. Versions 2 and 3 type
what version 1 kept as raw API answers (2: CloudTrail event selectors; 3: routes and network
ACL entries); an older snapshot is refused with one line asking to collect again."""

_NOT_MODELS = frozenset({"base", "coverage", "gaps", "io", "model"})


def _resource_types() -> tuple[type[Resource], ...]:
    """Every concrete resource model: the ``Resource`` subclasses of the service modules."""
    found: dict[str, type[Resource]] = {}
    for module in import_submodules(__package__ or "incloud.snapshot", skip=_NOT_MODELS):
        for value in vars(module).values():
            if isinstance(value, type) and issubclass(value, Resource) and value is not Resource:
                kind = value.model_fields["kind"].default
                if not isinstance(kind, str):
                    continue  # a shared base (e.g. IamPrincipal), not a kind of its own
                if found.setdefault(kind, value) is not value:
                    raise TypeError(f"two resource models share kind {kind!r}")
    return tuple(found[kind] for kind in sorted(found))


RESOURCE_TYPES = _resource_types()
"""Every resource model the snapshot can hold (one module per service defines them)."""

if TYPE_CHECKING:
    AnyResource = Resource
else:
    AnyResource = Annotated[Union[RESOURCE_TYPES], Field(discriminator="kind")]  # noqa: UP007

R = TypeVar("R", bound=Resource)


class Account(Frozen):
    """One scanned account: its id, partition and the regions that were collected."""

    account_id: str
    partition: str = "aws"
    regions: tuple[str, ...] = ()


class Snapshot(Frozen):
    """The contract between collection and evaluation.

    Resources are keyed by ARN and carry their own account and region; ``gaps`` lists every
    call that failed, so evaluation can say ``unknown`` instead of guessing.

    However it is built (read from a file, collected, assembled in a test), a snapshot lists
    at least one account, each once; every resource and gap belongs to one of them; and no
    resource (kind and ARN) appears twice.
    """

    schema_version: StrictInt = SCHEMA_VERSION
    incloud_version: str = ""
    collected_at: datetime
    accounts: tuple[Account, ...]
    resources: tuple[AnyResource, ...] = ()
    gaps: tuple[CollectionGap, ...] = ()
    api_calls: tuple[ApiCallCount, ...] = ()

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        accounts = _account_ids(self.accounts)
        seen: set[tuple[str, str]] = set()
        for resource in self.resources:
            _require_listed(f"resource {brief(resource.arn)}", resource.account_id, accounts)
            key = (resource.kind, resource.arn)
            if key in seen:
                raise ValueError(
                    f"resource {brief(resource.arn)} of kind {brief(resource.kind)} appears twice"
                )
            seen.add(key)
        for gap in self.gaps:
            _require_listed(f"gap {brief(gap.action)}", gap.account_id, accounts)
        return self

    @cached_property
    def _by_type(self) -> dict[type[Resource], list[Resource]]:
        index: dict[type[Resource], list[Resource]] = defaultdict(list)
        for resource in self.resources:
            for model in type(resource).__mro__:
                if model is Resource:
                    break
                index[model].append(resource)
        return index

    def of_type(self, resource_type: type[R]) -> Iterator[R]:
        """Every resource of one model (or shared base such as ``IamPrincipal``), in
        snapshot order.
        """
        for resource in self._by_type.get(resource_type, ()):
            assert isinstance(resource, resource_type)
            yield resource

    @cached_property
    def by_arn(self) -> dict[str, Resource]:
        """Resources keyed by ARN."""
        return {resource.arn: resource for resource in self.resources}


def _account_ids(accounts: tuple[Account, ...]) -> frozenset[str]:
    """The ids of ``accounts``, which must be at least one and distinct."""
    if not accounts:
        raise ValueError("it lists no accounts")
    ids: set[str] = set()
    for account in accounts:
        if account.account_id in ids:
            raise ValueError(f"account {brief(account.account_id)} is listed twice")
        ids.add(account.account_id)
    return frozenset(ids)


def _require_listed(what: str, account_id: str, accounts: frozenset[str]) -> None:
    """Refuse ``what`` (a resource or gap) unless its account is one of ``accounts``."""
    if account_id not in accounts:
        raise ValueError(
            f"{what} belongs to account {brief(account_id)}, "
            "which is not one of the snapshot's accounts"
        )
