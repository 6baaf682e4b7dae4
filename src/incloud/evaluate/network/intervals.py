"""Address and port interval sets: the only arithmetic the reachability engine needs.

An :class:`IntervalSet` is a sorted tuple of disjoint, non-adjacent inclusive integer ranges.
IPv4 and IPv6 addresses become integers with :mod:`ipaddress`, so a CIDR block is one range;
ports are ranges in 0-65535.
"""

from __future__ import annotations

import ipaddress
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache

Range = tuple[int, int]

ALL_PORTS: Range = (0, 65535)
EPHEMERAL_PORTS: Range = (1024, 65535)
"""The client ports a reply goes back to (VPC User Guide, "Network ACLs", "Ephemeral ports")."""

_NOT_INTERNET_V4 = (
    "0.0.0.0/8",
    "10.0.0.0/8",
    "100.64.0.0/10",
    "127.0.0.0/8",
    "169.254.0.0/16",
    "172.16.0.0/12",
    "192.168.0.0/16",
    "224.0.0.0/4",
    "240.0.0.0/4",
)
"""IPv4 ranges no internet client connects from (private, shared, loopback, link-local,
multicast, reserved: RFC 6890)."""

_INTERNET_V6 = "2000::/3"
"""IPv6 global unicast space: where internet clients live."""


@dataclass(frozen=True)
class IntervalSet:
    """A set of integers as sorted, disjoint, non-adjacent inclusive ranges."""

    ranges: tuple[Range, ...] = ()

    @classmethod
    def of(cls, ranges: Iterable[Range]) -> IntervalSet:
        """A normalised set from any ranges (overlapping, unsorted or empty ones allowed)."""
        merged: list[Range] = []
        for low, high in sorted(r for r in ranges if r[0] <= r[1]):
            if merged and low <= merged[-1][1] + 1:
                merged[-1] = (merged[-1][0], max(merged[-1][1], high))
            else:
                merged.append((low, high))
        return cls(tuple(merged))

    def __bool__(self) -> bool:
        return bool(self.ranges)

    def __iter__(self) -> Iterator[Range]:
        return iter(self.ranges)

    def __contains__(self, value: object) -> bool:
        return isinstance(value, int) and any(lo <= value <= hi for lo, hi in self.ranges)

    def __or__(self, other: IntervalSet) -> IntervalSet:
        return IntervalSet.of(self.ranges + other.ranges)

    def __and__(self, other: IntervalSet) -> IntervalSet:
        mine, theirs = self.ranges, other.ranges
        if not mine or not theirs or mine[-1][1] < theirs[0][0] or theirs[-1][1] < mine[0][0]:
            return _EMPTY  # apart
        if len(theirs) == 1 and theirs[0][0] <= mine[0][0] and mine[-1][1] <= theirs[0][1]:
            return self  # within the other's one range
        if len(mine) == 1 and mine[0][0] <= theirs[0][0] and theirs[-1][1] <= mine[0][1]:
            return other
        found: list[Range] = []
        i = j = 0
        while i < len(self.ranges) and j < len(other.ranges):
            low = max(self.ranges[i][0], other.ranges[j][0])
            high = min(self.ranges[i][1], other.ranges[j][1])
            if low <= high:
                found.append((low, high))
            if self.ranges[i][1] < other.ranges[j][1]:
                i += 1
            else:
                j += 1
        return IntervalSet(tuple(found))

    def __sub__(self, other: IntervalSet) -> IntervalSet:
        found: list[Range] = []
        for low, high in self.ranges:
            start = low
            for o_low, o_high in other.ranges:
                if o_high < start or o_low > high:
                    continue
                if o_low > start:
                    found.append((start, o_low - 1))
                start = max(start, o_high + 1)
                if start > high:
                    break
            if start <= high:
                found.append((start, high))
        return IntervalSet(tuple(found))

    def clip(self, low: int, high: int) -> list[Range]:
        """The parts of this set within ``low``-``high``, in order."""
        found: list[Range] = []
        if low > high:
            return found
        for start, end in self.ranges[bisect_left(self.ranges, low, key=_end) :]:
            if start > high:
                break
            found.append((max(start, low), min(end, high)))
        return found

    def describe(self) -> str:
        """Ports as people write them: ``22``, ``80, 443``, ``1024-65535``."""
        return ", ".join(str(lo) if lo == hi else f"{lo}-{hi}" for lo, hi in self.ranges)


_EMPTY = IntervalSet()


def _end(span: Range) -> int:
    return span[1]


def ports(low: int | None, high: int | None) -> IntervalSet:
    """A port range; a missing bound is open (0 or 65535)."""
    return IntervalSet.of([(0 if low is None else low, 65535 if high is None else high)])


@lru_cache(maxsize=65536)
def cidr_range(cidr: str) -> tuple[int, Range]:
    """A CIDR block as (IP version, inclusive integer range)."""
    network = ipaddress.ip_network(cidr, strict=False)
    return network.version, (int(network.network_address), int(network.broadcast_address))


def prefix_length(cidr: str) -> int:
    """The prefix length of a CIDR block."""
    return ipaddress.ip_network(cidr, strict=False).prefixlen


@lru_cache(maxsize=65536)
def address_int(address: str) -> tuple[int, int]:
    """An address as (IP version, integer)."""
    parsed = ipaddress.ip_address(address)
    return parsed.version, int(parsed)


def address_text(version: int, value: int) -> str:
    """An integer address back to text (IPv4 dotted quad, IPv6 as :mod:`ipaddress` writes it)."""
    if version == 4 and 0 <= value < 2**32:
        return f"{value >> 24}.{value >> 16 & 255}.{value >> 8 & 255}.{value & 255}"
    return str(ipaddress.IPv4Address(value) if version == 4 else ipaddress.IPv6Address(value))


@lru_cache(maxsize=2)
def internet_space(version: int) -> IntervalSet:
    """Addresses an internet client may connect from, for one IP version."""
    if version == 6:
        return IntervalSet.of([cidr_range(_INTERNET_V6)[1]])
    everything = IntervalSet.of([cidr_range("0.0.0.0/0")[1]])
    return everything - IntervalSet.of(cidr_range(c)[1] for c in _NOT_INTERNET_V4)


def is_internet_address(address: str) -> bool:
    """True for a public IPv4 or global unicast IPv6 address."""
    version, value = address_int(address)
    return value in internet_space(version)


def atoms(space: IntervalSet, cuts: Iterable[Range]) -> list[Range]:
    """``space`` split wherever one of ``cuts`` starts or ends.

    Inside one atom every CIDR-based decision (route, NACL entry, security-group source) is
    constant, so one representative address per atom decides for all of it.
    """
    bounds = sorted({b for low, high in cuts for b in (low, high + 1)})
    found: list[Range] = []
    for low, high in space:
        start = low
        for bound in bounds[bisect_right(bounds, low) : bisect_right(bounds, high)]:
            found.append((start, bound - 1))
            start = bound
        found.append((start, high))
    return found
