"""The collector registry: one decorated function per service, with its declared operations."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Literal

from ..snapshot import Resource
from ..snapshot.gaps import IAM_ACTION_FOR_OPERATION, iam_action
from .unit import Unit

CollectFn = Callable[[Unit], Iterable[Resource]]
Scope = Literal["global", "regional"]


@dataclass(frozen=True)
class Collector:
    """A service collector: its scope and every ``service:Operation`` it may call.

    The declared operations generate the README's IAM policy, and a test fails if a
    collector calls an operation it did not declare.
    """

    service: str
    scope: Scope
    operations: tuple[str, ...]
    collect: CollectFn


_COLLECTORS: dict[str, Collector] = {}

__all__ = ["IAM_ACTION_FOR_OPERATION", "Collector", "all_collectors", "collector"]


def collector(
    service: str, scope: Scope, operations: Iterable[str]
) -> Callable[[CollectFn], CollectFn]:
    """Register the decorated function as the collector for ``service``."""

    def register(fn: CollectFn) -> CollectFn:
        if service in _COLLECTORS:
            raise ValueError(f"two collectors for {service}")
        _COLLECTORS[service] = Collector(service, scope, tuple(sorted(operations)), fn)
        return fn

    return register


def all_collectors() -> dict[str, Collector]:
    """Every collector, keyed by service, once their modules are imported."""
    from . import aws  # noqa: F401  (importing registers the collectors)

    return dict(sorted(_COLLECTORS.items()))


def required_policy() -> dict[str, object]:
    """The least-privilege IAM policy document for running incloud (read-only)."""
    return {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "IncloudReadOnly",
                "Effect": "Allow",
                "Action": required_permissions(),
                "Resource": "*",
            }
        ],
    }


def required_permissions() -> list[str]:
    """The IAM actions incloud needs: every declared operation (as its IAM action), plus the
    identity and region look-ups every scan starts with.
    """
    actions = {"sts:GetCallerIdentity", "ec2:DescribeRegions"}
    for item in all_collectors().values():
        actions.update(iam_action(op) for op in item.operations)
    return sorted(actions)
