"""Factories for the database services' look-alike checks (RDS, DynamoDB, ElastiCache, Redshift).

Most Security Hub controls on these services ask whether one setting of one resource has a
safe value ("deletion protection is on", "the port is not the engine's default"). They differ
only in data: the resource, the value read, what counts as safe, which resources the control
does not cover, and the words. :func:`.factories.setting_check` registers one such check;
:func:`log_exports_check` the family "these logs are published to CloudWatch Logs".

A check a factory makes reports the module that calls the factory, so each is declared, and
found, in ``checks/<domain>/<service>.py``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from ...snapshot import Resource
from ..check import (
    CheckFn,
    Domain,
    Outcome,
    Severity,
    check,
    failed,
    not_applicable,
    passed,
)
from ..context import Context
from .factories import _function_name

R = TypeVar("R", bound=Resource)

Exempt = Callable[[Any], "str | None"]
"""Why a resource is outside the control (``not_applicable``), or None when it is judged."""


def retention_check(
    *,
    id: str,
    resource: type[R],
    days: Callable[[R], int],
    minimum: str,
    doc: str,
    severity: Severity = Severity.MEDIUM,
) -> CheckFn[R]:
    """Register a check that passes when ``days(resource)`` (automated backup retention)
    reaches the ``Settings`` field named ``minimum``; 0 (backups off) fails whatever the
    minimum.
    """

    def judge(item: R, ctx: Context) -> Outcome:
        kept = days(item)
        least = int(getattr(ctx.settings, minimum))
        evidence = {"retention_days": kept, "minimum_days": least}
        if kept == 0:
            return failed("automated backups are off (retention 0 days)", **evidence)
        if kept < least:
            return failed(f"backups kept {kept} day(s), fewer than {least}", **evidence)
        return passed(f"backups kept {kept} days (at least {least})", **evidence)

    return check(
        id=id,
        domain=Domain.DATA_PROTECTION,
        severity=severity,
        resource=resource,
        name=_function_name(id),
        doc=doc,
    )(judge)


def log_exports_check(
    *,
    id: str,
    resource: type[R],
    engine: Callable[[R], str],
    exports: Callable[[R], tuple[str, ...]],
    required: Mapping[str, frozenset[str]],
    doc: str,
    exempt: Exempt | None = None,
    severity: Severity = Severity.MEDIUM,
) -> CheckFn[R]:
    """Register a check that passes when the resource publishes to CloudWatch Logs every log
    ``required`` lists for its engine family (:func:`engine_family`); engines it does not list
    are outside the control (``not_applicable``).
    """

    def judge(item: R, _: Context) -> Outcome:
        reason = exempt(item) if exempt is not None else None
        if reason is not None:
            return not_applicable(reason)
        family = engine_family(engine(item))
        wanted = required.get(family)
        if wanted is None:
            return not_applicable(f"engine {engine(item)} is outside this control")
        published = set(exports(item))
        missing = sorted(wanted - published)
        evidence = {"published": sorted(published), "required": sorted(wanted)}
        if missing:
            return failed(
                f"{', '.join(missing)} log(s) not published to CloudWatch Logs", **evidence
            )
        return passed(f"publishes {', '.join(sorted(wanted))} to CloudWatch Logs", **evidence)

    return check(
        id=id,
        domain=Domain.COMPLIANCE,
        severity=severity,
        resource=resource,
        name=_function_name(id),
        doc=doc,
    )(judge)


def engine_family(engine: str) -> str:
    """An RDS engine name reduced to its family: ``oracle-ee-cdb`` -> ``oracle``,
    ``sqlserver-se`` -> ``sqlserver``, ``db2-ae`` -> ``db2``, ``aurora`` (Aurora MySQL 5.6)
    -> ``aurora-mysql``; others unchanged (``mysql``, ``mariadb``, ``postgres``,
    ``aurora-postgresql``). ``custom-`` engines (RDS Custom) keep their prefix.
    """
    for family in ("oracle", "sqlserver", "db2"):
        if engine.startswith(family):
            return family
    return "aurora-mysql" if engine == "aurora" else engine


def cluster_member(db: Any) -> str | None:
    """An RDS instance in a DB cluster is judged on its cluster, which holds the setting."""
    cluster = getattr(db, "cluster_id", None)
    return f"member of cluster {cluster}: judged on the cluster" if cluster else None


def only_engines(*families: str) -> Exempt:
    """Outside the control unless the engine's family (:func:`engine_family`) is listed."""

    def exempt(item: Any) -> str | None:
        engine = str(getattr(item, "engine", ""))
        if engine_family(engine) in families:
            return None
        return f"engine {engine or '(none)'} is outside this control ({', '.join(families)})"

    return exempt


def either(*rules: Exempt) -> Exempt:
    """The first reason any of ``rules`` gives."""

    def exempt(item: Any) -> str | None:
        return next((r for rule in rules if (r := rule(item)) is not None), None)

    return exempt
