"""How much of an account a snapshot actually read: the basis of every "incomplete" verdict.

A collection is **incomplete** when it was interrupted, when most of its reads failed
(more gaps than half the reads made, counting reads a stopped unit never made), or when it
read nothing at all (no API call, no gap and no resource recorded: an empty snapshot, whose
checks have nothing to fail on): whatever the checks then say, the account was not read, and
no gate may pass it.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from .model import Snapshot

INTERRUPTED = "Interrupted"
"""The error code of reads a stopped collection did not make (``collect.unit`` records it)."""


@dataclass(frozen=True)
class Coverage:
    """Reads made and reads failed, by error code."""

    reads: int
    failed: int
    errors: tuple[tuple[str, int], ...]
    """(error code, count), most frequent first."""
    resources: int = 0
    """Resources the snapshot holds."""

    @property
    def nothing_read(self) -> bool:
        """True when the snapshot records no read at all: no call, no gap, no resource."""
        return self.reads == 0 and self.resources == 0

    @property
    def interrupted(self) -> bool:
        """True when the user stopped the collection before it finished."""
        return any(code == INTERRUPTED for code, _ in self.errors)

    @property
    def incomplete(self) -> bool:
        """True when the collection was interrupted, read nothing, or most of its reads
        failed.
        """
        return self.interrupted or self.nothing_read or self.failed * 2 > self.reads

    def describe(self) -> str:
        """One line: ``12 of 480 reads failed (AccessDenied 10, Throttling 2)``."""
        if self.nothing_read:
            return "nothing was read (the snapshot records no API call, gap or resource)"
        if not self.failed:
            return f"all {self.reads} reads succeeded"
        shown = ", ".join(f"{code} {count}" for code, count in self.errors[:3])
        more = ", ..." if len(self.errors) > 3 else ""
        return f"{self.failed} of {self.reads} reads failed ({shown}{more})"


def coverage(snapshot: Snapshot) -> Coverage:
    """The coverage of ``snapshot``: its API calls, and its gaps (a gap a stopped unit
    recorded for a read it never made counts as a read too).
    """
    calls = sum(count.count for count in snapshot.api_calls)
    failed = len(snapshot.gaps)
    errors = Counter(gap.error_code for gap in snapshot.gaps)
    return Coverage(
        reads=max(calls, failed),
        failed=failed,
        errors=tuple(sorted(errors.items(), key=lambda item: (-item[1], item[0]))),
        resources=len(snapshot.resources),
    )
