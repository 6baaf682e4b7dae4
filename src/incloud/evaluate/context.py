"""The read-only context every check receives: the snapshot, its indexes, and the clock."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator
from datetime import datetime
from functools import cached_property
from typing import TypeVar, cast

from ..snapshot import GLOBAL, CollectionGap, Resource, Snapshot
from ..snapshot.organizations import OrganizationMembership
from .settings import Settings

R = TypeVar("R", bound=Resource)
A = TypeVar("A")


class Context:
    """Shared, memoised views of one snapshot.

    ``now`` is the collection time, so evaluating the same snapshot always gives the same
    answer (key ages, runtime deprecation) however late it is re-evaluated.
    """

    def __init__(self, snapshot: Snapshot, settings: Settings | None = None) -> None:
        self.snapshot = snapshot
        self.settings = settings or Settings()
        self.now: datetime = snapshot.collected_at
        self._analyses: dict[Callable[[Context], object], object] = {}

    def analysis(self, build: Callable[[Context], A]) -> A:
        """``build(context)``, run once per evaluation and shared by every check that asks.

        An analysis is known by its builder, so two checks asking for the same analysis get the
        same object, and one analysis may build on another (reachability on the topology).
        Heavy reasoning (the IAM policy index, reachability) runs on first use only. Builders
        are module-level functions: a closure is a new key at every call, and would be rebuilt
        for every resource, so it is refused.
        """
        if "<locals>" in getattr(build, "__qualname__", ""):
            raise TypeError(f"analysis builders are module-level functions, not {build!r}")
        if build not in self._analyses:
            self._analyses[build] = build(self)
        return cast(A, self._analyses[build])

    @cached_property
    def trusted_organisations(self) -> frozenset[str]:
        """The scanned accounts' organisations plus the one the user declared."""
        found = {m.organization_id for m in self.resources(OrganizationMembership)}
        if self.settings.organisation_id:
            found.add(self.settings.organisation_id)
        return frozenset(found)

    @cached_property
    def trusted_accounts(self) -> frozenset[str]:
        """The scanned accounts plus those the user declared trusted."""
        scanned = {account.account_id for account in self.snapshot.accounts}
        return frozenset(scanned) | self.settings.trusted_accounts

    def resources(
        self, resource_type: type[R], account_id: str | None = None, region: str | None = None
    ) -> Iterator[R]:
        """Resources of one type, optionally limited to an account and region."""
        for resource in self.snapshot.of_type(resource_type):
            if account_id is not None and resource.account_id != account_id:
                continue
            if region is not None and resource.region != region:
                continue
            yield resource

    @cached_property
    def _gaps_by_action(self) -> dict[str, list[CollectionGap]]:
        index: dict[str, list[CollectionGap]] = defaultdict(list)
        for gap in self.snapshot.gaps:
            index[gap.action.lower()].append(gap)
        return index

    def gaps(self, action: str) -> list[CollectionGap]:
        """Every gap on ``service:Operation`` (case-insensitive)."""
        return self._gaps_by_action.get(action.lower(), [])

    def entry_gaps(self, resource: Resource) -> list[CollectionGap]:
        """Gaps on the operations that list ``resource``'s type which name ``resource``: its
        own entry in the listing could not be read whole (a template value known only after
        deploy, ``incloud iac``), so no check of it can be decided, whatever it requires.
        """
        return [
            gap
            for action in type(resource).listed_by
            for gap in self.gaps(action)
            if gap.resource_arn == resource.arn and gap.account_id == resource.account_id
        ]

    def blocking_gaps(self, resource: Resource, actions: tuple[str, ...]) -> list[CollectionGap]:
        """Gaps on ``actions`` that concern ``resource``.

        A gap about one resource blocks only that resource. A gap about a whole operation
        blocks resources in its account and region; a global gap (or a global resource,
        such as the account itself) spans every region of the account.
        """
        found: list[CollectionGap] = []
        for action in actions:
            for gap in self.gaps(action):
                if gap.account_id != resource.account_id:
                    continue
                if gap.resource_arn is not None:
                    if gap.resource_arn == resource.arn:
                        found.append(gap)
                elif GLOBAL in (gap.region, resource.region) or gap.region == resource.region:
                    found.append(gap)
        return found
