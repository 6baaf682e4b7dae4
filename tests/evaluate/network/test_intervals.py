"""Interval-set algebra against Python sets on small universes."""

from __future__ import annotations

import itertools

from incloud.evaluate.network.intervals import (
    IntervalSet,
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
