"""What a check is: the ``@check`` decorator, its metadata, and the verdicts it returns."""

from __future__ import annotations

import inspect
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from types import FrameType
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from ..snapshot import Resource
from .settings import Settings, fill_thresholds

if TYPE_CHECKING:
    from .context import Context


class Verdict(StrEnum):
    """A check's answer for one resource."""

    PASS = "pass"
    FAIL = "fail"
    NOT_APPLICABLE = "not_applicable"
    UNKNOWN = "unknown"
    """The input could not be collected; the reason names the gap. Never a pass."""


class Severity(StrEnum):
    """How bad a failure is."""

    CRITICAL = "critical"
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"
    INFO = "info"

    @property
    def rank(self) -> int:
        """Higher is worse: critical 4 ... info 0."""
        return len(Severity) - 1 - list(Severity).index(self)


class Domain(StrEnum):
    """The customer's five duties under the Shared Responsibility Model."""

    DATA_PROTECTION = "data_protection"
    IDENTITY = "identity"
    NETWORK = "network"
    APPLICATION = "application"
    COMPLIANCE = "compliance"


class Level(StrEnum):
    """Baseline checks run by default; strict ones are opinionated and opt-in."""

    BASELINE = "baseline"
    STRICT = "strict"


@dataclass(frozen=True)
class Outcome:
    """The result of one check on one resource."""

    verdict: Verdict
    reason: str
    evidence: dict[str, Any] = field(default_factory=dict)


def passed(reason: str, **evidence: Any) -> Outcome:
    """The resource meets the check."""
    return Outcome(Verdict.PASS, reason, evidence)


def failed(reason: str, **evidence: Any) -> Outcome:
    """The resource fails the check; ``evidence`` says what was found."""
    return Outcome(Verdict.FAIL, reason, evidence)


def not_applicable(reason: str) -> Outcome:
    """The check does not apply to this resource."""
    return Outcome(Verdict.NOT_APPLICABLE, reason)


def unknown(reason: str, **evidence: Any) -> Outcome:
    """The check cannot decide from what was collected."""
    return Outcome(Verdict.UNKNOWN, reason, evidence)


R = TypeVar("R", bound=Resource)
CheckFn = Callable[[R, "Context"], Outcome]


@dataclass(frozen=True)
class Check(Generic[R]):
    """A registered check: structured metadata plus the function that judges a resource."""

    id: str
    domain: Domain
    severity: Severity
    resource: type[R]
    level: Level
    requires: tuple[str, ...]
    """Operations (``service:Operation``) whose gap makes the verdict ``unknown``."""
    fn: CheckFn[R]

    @property
    def service(self) -> str:
        """The service part of the id (``s3`` in ``s3.bucket-default-encryption``)."""
        return self.id.split(".", 1)[0]

    @property
    def module(self) -> str:
        """The module that declares the check (``incloud.evaluate.checks.<domain>.<service>``),
        also for checks a factory makes (see :func:`check`).
        """
        return self.fn.__module__

    @property
    def template(self) -> str:
        """The docstring, dedented, with one code convention: reStructuredText's double
        backticks become the single backticks most docstrings use (`aws s3api ...`), which
        stay in the text as the edges of a command to copy. Thresholds are still
        placeholders (``{access_key_max_age_days}``, see ``settings.fill_thresholds``).
        """
        return (inspect.getdoc(self.fn) or "").replace("``", "`")

    @property
    def doc(self) -> str:
        """The documentation with the default thresholds (what `incloud checks show` prints)."""
        return self.doc_for(None)

    def doc_for(self, settings: Settings | None) -> str:
        """The documentation with the thresholds of ``settings`` (the defaults when None)."""
        return fill_thresholds(self.template, settings)

    @property
    def title(self) -> str:
        """The title with the default thresholds (what `incloud checks` lists)."""
        return self.title_for(None)

    def title_for(self, settings: Settings | None) -> str:
        """The docstring's first line as plain text (a heading, so code is not marked), with
        the thresholds of ``settings``: the title of a finding judged under them.
        """
        first = self.template.split("\n", 1)[0]
        return fill_thresholds(first, settings).strip().replace("`", "")

    def section(self, name: str, settings: Settings | None = None) -> str:
        """A docstring paragraph that starts with ``name:`` (e.g. ``Remediation``), without it,
        with the thresholds of ``settings`` (the defaults when None).
        """
        for paragraph in self.doc_for(settings).split("\n\n"):
            if paragraph.startswith(f"{name}:"):
                return " ".join(paragraph[len(name) + 1 :].split())
        return ""

    @property
    def remediation(self) -> str:
        """How to fix a failure."""
        return self.section("Remediation")


_REGISTRY: dict[str, Check[Any]] = {}


def check(
    *,
    id: str,
    domain: Domain,
    severity: Severity,
    resource: type[R],
    level: Level = Level.BASELINE,
    requires: tuple[str, ...] = (),
    name: str | None = None,
    doc: str | None = None,
    module: str | None = None,
) -> Callable[[CheckFn[R]], CheckFn[R]]:
    """Register the decorated function as check ``id``.

    ``requires`` names the operations the check reads beyond the resource's own listing; a
    gap on any of them for the resource (or its whole account and region) makes the verdict
    ``unknown`` without calling the function.

    A factory that makes one function for many checks gives each its ``name`` (the
    function's ``__name__``) and ``doc`` (its docstring) here rather than setting them by
    hand. ``module``, the module that declares the check, defaults to the module whose
    top-level code is running when ``check`` is called: the decorated function's own module,
    or, for a check a factory registers, the module that called the factory. It becomes the
    function's ``__module__`` and :attr:`Check.module`.
    """
    declared_in = module or _declaring_module(sys._getframe(1))

    def register(fn: CheckFn[R]) -> CheckFn[R]:
        if id in _REGISTRY:
            raise ValueError(f"duplicate check id {id}")
        if name is not None:
            fn.__name__ = fn.__qualname__ = name
        if doc is not None:
            fn.__doc__ = doc
        if declared_in is not None:
            fn.__module__ = declared_in
        _REGISTRY[id] = Check(id, domain, severity, resource, level, requires, fn)
        return fn

    return register


def _declaring_module(frame: FrameType | None) -> str | None:
    """The module whose top-level code runs at ``frame`` or further out: the one whose
    import is registering the check. The catalogue registers checks only while its modules
    are imported; a check registered later, from a function, would need ``module=``.
    """
    while frame is not None:
        if frame.f_code.co_name == "<module>":
            declared = frame.f_globals.get("__name__")
            return declared if isinstance(declared, str) else None
        frame = frame.f_back
    return None


def all_checks() -> dict[str, Check[Any]]:
    """Every registered check keyed by id, once the catalogue is imported."""
    from . import checks  # noqa: F401  (importing registers the catalogue)

    return dict(sorted(_REGISTRY.items()))
