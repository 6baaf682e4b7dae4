"""Interval-set algebra against Python sets on small universes."""

from __future__ import annotations

import ipaddress
import itertools
import random

from incloud.evaluate.network.intervals import (
    IntervalSet,
    address_int,
    address_text,
    atoms,
    cidr_range,
    internet_space,
    is_internet_address,
)

SAMPLES = [
    IntervalSet(),
    IntervalSet.of([(0, 3)]),
    IntervalSet.of([(2, 5), (9, 9)]),
    IntervalSet.of([(0, 1), (3, 4), (6, 12)]),
    IntervalSet.of([(5, 5), (4, 4), (7, 8), (8, 10)]),
]


def _members(value: IntervalSet) -> set[int]:
    return {n for low, high in value for n in range(low, high + 1)}


def test_algebra_matches_python_sets() -> None:
    for left, right in itertools.product(SAMPLES, repeat=2):
        assert _members(left | right) == _members(left) | _members(right)
        assert _members(left & right) == _members(left) & _members(right)
        assert _members(left - right) == _members(left) - _members(right)


def test_normalised_and_described() -> None:
    assert IntervalSet.of([(5, 5), (4, 4), (7, 8), (8, 10)]).ranges == ((4, 5), (7, 10))
    assert IntervalSet.of([(80, 80), (443, 443), (1024, 65535)]).describe() == "80, 443, 1024-65535"


def test_internet_space() -> None:
    assert is_internet_address("54.1.2.3")
    assert not is_internet_address("10.1.2.3")
    assert not is_internet_address("100.64.0.1")
    assert is_internet_address("2600:1f18::1")
    assert not is_internet_address("fd00::1")
    assert cidr_range("10.0.0.0/8")[1] not in list(internet_space(4))


def test_atoms_split_at_every_boundary() -> None:
    space = IntervalSet.of([(0, 99)])
    assert atoms(space, [(10, 19), (15, 200)]) == [(0, 9), (10, 14), (15, 19), (20, 99)]
    assert atoms(space, []) == [(0, 99)]


def _random_set(rng: random.Random) -> IntervalSet:
    ranges = []
    for _ in range(rng.randrange(0, 4)):
        low = rng.randrange(0, 40)
        ranges.append((low, low + rng.randrange(-2, 12)))  # some empty (high < low)
    return IntervalSet.of(ranges)


def test_algebra_matches_python_sets_on_random_sets() -> None:
    """Every shortcut of the operators (apart, within one range) gives normalised sets."""
    rng = random.Random(5)
    for _ in range(2000):
        left, right = _random_set(rng), _random_set(rng)
        for result, expected in (
            (left & right, _members(left) & _members(right)),
            (left | right, _members(left) | _members(right)),
            (left - right, _members(left) - _members(right)),
        ):
            assert _members(result) == expected
            assert result.ranges == IntervalSet.of(result.ranges).ranges, (left, right)


def test_clip_keeps_the_members_within_bounds() -> None:
    rng = random.Random(6)
    for _ in range(2000):
        value = _random_set(rng)
        low = rng.randrange(-5, 50)
        high = low + rng.randrange(-3, 30)
        clipped = value.clip(low, high)
        assert clipped == list(IntervalSet.of(clipped))  # sorted, disjoint, in order
        assert _members(IntervalSet.of(clipped)) == {n for n in _members(value) if low <= n <= high}


def test_atoms_partition_the_space_at_every_cut() -> None:
    rng = random.Random(7)
    for _ in range(500):
        space = _random_set(rng)
        cuts = [(low, low + rng.randrange(0, 10)) for low in rng.sample(range(50), 4)]
        found = atoms(space, cuts)
        assert [n for low, high in found for n in range(low, high + 1)] == sorted(_members(space))
        for low, high in found:  # no cut starts or ends strictly inside an atom
            assert all(
                not low < bound <= high for c_low, c_high in cuts for bound in (c_low, c_high + 1)
            )


def test_addresses_read_back_as_ipaddress_writes_them() -> None:
    for text in ("1.2.3.4", "0.0.0.0", "255.255.255.255", "54.10.20.7", "2600:1f18::1", "::"):
        version, value = address_int(text)
        assert address_text(version, value) == str(ipaddress.ip_address(text))
