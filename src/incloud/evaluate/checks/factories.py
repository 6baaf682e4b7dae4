"""Factories for families of checks that differ only in the resource and the field read."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from ...snapshot import Resource
from ..check import CheckFn, Domain, Level, Outcome, Severity, check, failed, passed
from ..context import Context

R = TypeVar("R", bound=Resource)


def flag_check(
    *,
    id: str,
    domain: Domain,
    severity: Severity,
    resource: type[R],
    is_ok: Callable[[R], bool],
    ok: str,
    bad: str,
    doc: str,
    level: Level = Level.BASELINE,
    requires: tuple[str, ...] = (),
) -> CheckFn[R]:
    """Register a check that passes when ``is_ok(resource)`` holds.

    ``ok`` and ``bad`` are the reasons given for a pass and a failure; ``doc`` is the check's
    documentation (title line, why it matters, remediation), as a hand-written check's
    docstring would be.
    """

    def judge(item: R, _: Context) -> Outcome:
        return passed(ok) if is_ok(item) else failed(bad)

    judge.__doc__ = doc
    judge.__name__ = id.replace(".", "_").replace("-", "_")
    judge.__qualname__ = judge.__name__
    return check(
        id=id, domain=domain, severity=severity, resource=resource, level=level, requires=requires
    )(judge)
