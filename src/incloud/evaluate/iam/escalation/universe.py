"""Sets of resources as bitsets: what the escalation graph's techniques act on.

A :class:`Universe` numbers the resources of one kind (principals, groups, managed policies,
Lambda functions, instances) so a set of them is one Python ``int``. The IAM decision for a
request depends on its resource only through which ``Resource`` patterns of the relevant
statements match it (conditions on resource keys are unknown to the graph), so a universe
split at every pattern's matches yields parts inside which one decision holds for all: the
graph decides once per part instead of once per (principal, target) pair.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from ....wildcards import wildcard_matcher


def members(mask: int) -> Iterator[int]:
    """The positions of the set bits of ``mask``, lowest first."""
    while mask:
        low = mask & -mask
        yield low.bit_length() - 1
        mask ^= low


def lowest(mask: int) -> int:
    """The position of the lowest set bit of a non-zero ``mask``."""
    return (mask & -mask).bit_length() - 1


class Universe:
    """Resources of one kind, numbered, with their accounts; sets of them are bitsets."""

    def __init__(self, arns: Iterable[str], accounts: Iterable[str]) -> None:
        self.arns = list(arns)
        self.accounts = list(accounts)
        self.index = {arn: position for position, arn in enumerate(self.arns)}
        self.all = (1 << len(self.arns)) - 1
        self._accounts: dict[str, int] = {}
        for position, account in enumerate(self.accounts):
            self._accounts[account] = self._accounts.get(account, 0) | 1 << position
        self._matching: dict[str, int] = {}

    def of_account(self, account: str) -> int:
        """The resources of one account."""
        return self._accounts.get(account, 0)

    def account_masks(self, mask: int) -> Iterator[tuple[str, int]]:
        """``mask`` split by account (a decision may depend on the resource's account)."""
        for account, bits in self._accounts.items():
            if mask & bits:
                yield account, mask & bits

    def mask(self, arns: Iterable[str]) -> int:
        """The set of the named resources that are in the universe."""
        out = 0
        for arn in arns:
            position = self.index.get(arn)
            if position is not None:
                out |= 1 << position
        return out

    def where(self, keep: Iterable[bool]) -> int:
        """The set of resources for which ``keep`` (one flag per resource, in order) is true."""
        digits = "".join(["1" if flag else "0" for flag in keep])  # one int, not one per flag
        return int(digits[::-1], 2) if digits else 0

    def matching(self, pattern: str) -> int:
        """The resources a ``Resource`` pattern covers (memoised per pattern)."""
        if pattern not in self._matching:
            if pattern == "*":
                bits = self.all
            elif "*" not in pattern and "?" not in pattern:
                bits = self.mask((pattern,))
            else:  # arn_matches, with the pattern compiled once
                bits = self.where(map(wildcard_matcher(pattern), self.arns))
            self._matching[pattern] = bits
        return self._matching[pattern]

    def split(self, mask: int, patterns: Iterable[str]) -> list[int]:
        """``mask`` split into parts no pattern tells apart (each part non-empty)."""
        parts = [mask] if mask else []
        for pattern in patterns:
            bits = self.matching(pattern)
            refined: list[int] = []
            for part in parts:
                inside, outside = part & bits, part & ~bits
                refined += [p for p in (inside, outside) if p]
            parts = refined
        return parts
