"""The builder of each resource type, and the run over a set of declarations."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from ..._discovery import import_submodules
from ...errors import InputError
from ...snapshot.base import brief
from ..assembly import Assembly, Declared

Builder = Callable[[Assembly, Declared], None]

_BUILDERS: dict[str, Builder] = {}

IGNORED = frozenset(
    {
        "AWS::CloudFormation::WaitCondition",
        "AWS::CloudFormation::WaitConditionHandle",
        "AWS::CloudFormation::Interface",
    }
)
"""Types that create nothing a check judges."""


def builds(*resource_types: str) -> Callable[[Builder], Builder]:
    """Register the decorated function as the builder of ``resource_types``."""

    def register(function: Builder) -> Builder:
        for resource_type in resource_types:
            if resource_type in _BUILDERS:
                raise TypeError(f"two builders for {resource_type}")
            _BUILDERS[resource_type] = function
        return function

    return register


def _load() -> dict[str, Builder]:
    if not _BUILDERS:
        import_submodules(__package__ or "incloud.iac.builders", skip=frozenset({"registry"}))
    return _BUILDERS


def supported_types() -> frozenset[str]:
    """Every CloudFormation type a builder covers."""
    return frozenset(_load())


def build(assembly: Assembly, declared: Iterable[Declared]) -> list[Declared]:
    """Draft every declared resource into ``assembly``; return those of types no builder
    covers (the caller says so: never silently dropped).
    """
    builders = _load()
    skipped: list[Declared] = []
    steps: list[tuple[Declared, Callable[[Assembly], None]]] = []
    for item in declared:
        builder = builders.get(item.type)
        if builder is None:
            if item.type not in IGNORED:
                skipped.append(item)
            continue
        before = len(assembly.deferred)
        _guarded(item, lambda b=builder, i=item: b(assembly, i))  # type: ignore[misc]
        steps.extend((item, step) for step in assembly.deferred[before:])
    for item, step in steps:
        _guarded(item, lambda s=step: s(assembly))  # type: ignore[misc]
    for close in assembly.closing:
        close(assembly)
    return skipped


def _guarded(item: Declared, run: Callable[[], None]) -> None:
    """Run one builder or deferred step; a value of the wrong shape or kind (a port that is
    not a number, a CIDR block that is none) is one error line naming the declaration.
    """
    try:
        run()
    except (ValueError, TypeError, AttributeError, KeyError) as error:
        detail = str(error).splitlines()[0] if str(error) else type(error).__name__
        if hasattr(error, "errors"):
            problems = error.errors()
            detail = problems[0]["msg"] if problems else detail
        raise InputError(f"{item.source.describe()}: {brief(detail, 120)}") from None


def listed(value: Any) -> list[Any]:
    """``value`` as a list (one item becomes a list of one; None an empty list)."""
    if value is None:
        return []
    return list(value) if isinstance(value, list | tuple) else [value]


def flag(value: Any, default: bool = False) -> bool:
    """CloudFormation's booleans: ``true``, ``"true"``, ``"True"``."""
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        return value.strip().lower() == "true"
    return default


def masked_tags(value: Any) -> tuple[dict[str, str], tuple[Any, ...]]:
    """CloudFormation's ``Tags`` list as the snapshot keeps tags: a value that looks like a
    secret masked, and the findings (``collect.secrets.scan_tags``, as collectors do).
    """
    from ...collect.secrets import scan_tags

    tags = {
        str(t["Key"]): str(t["Value"])
        for t in listed(value)
        if isinstance(t, dict) and isinstance(t.get("Key"), str) and isinstance(t.get("Value"), str)
    }
    return scan_tags(tags)
