"""The evaluation engine: snapshot + checks -> findings. Pure and deterministic."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from ..snapshot import Snapshot
from .check import Check, Domain, Level, Outcome, Severity, Verdict, all_checks
from .context import Context
from .finding import Evaluation, Finding, finding_uid
from .settings import Settings


def select_checks(
    *,
    ids: Iterable[str] | None = None,
    domains: Iterable[Domain] | None = None,
    services: Iterable[str] | None = None,
    min_severity: Severity | None = None,
    include_strict: bool = False,
) -> list[Check[Any]]:
    """The checks matching every given filter; unknown ids raise ``KeyError``."""
    catalogue = all_checks()
    if ids is not None:
        wanted = list(ids)
        missing = [i for i in wanted if i not in catalogue]
        if missing:
            raise KeyError(", ".join(missing))
        chosen = [catalogue[i] for i in sorted(set(wanted))]
    else:
        chosen = [c for c in catalogue.values() if include_strict or c.level is Level.BASELINE]
    if domains is not None:
        domain_set = set(domains)
        chosen = [c for c in chosen if c.domain in domain_set]
    if services is not None:
        service_set = set(services)
        chosen = [c for c in chosen if c.service in service_set]
    if min_severity is not None:
        chosen = [c for c in chosen if c.severity.rank >= min_severity.rank]
    return chosen


def evaluate(
    snapshot: Snapshot,
    checks: Iterable[Check[Any]] | None = None,
    settings: Settings | None = None,
) -> Evaluation:
    """Run ``checks`` (default: the baseline catalogue) over ``snapshot``."""
    selected = list(checks) if checks is not None else select_checks()
    context = Context(snapshot, settings)
    findings: list[Finding] = []
    for item in selected:
        findings.extend(_run_check(item, context))
    findings.sort(key=lambda f: (f.check_id, f.account, f.region, f.resource))
    return Evaluation(tuple(findings), tuple(sorted(c.id for c in selected)))


def _run_check(item: Check[Any], context: Context) -> Iterator[Finding]:
    yield from _unlisted_scopes(item, context)
    for resource in context.resources(item.resource):
        blocking = list(
            dict.fromkeys(
                context.entry_gaps(resource) + context.blocking_gaps(resource, item.requires)
            )
        )
        if blocking:
            outcome = Outcome(
                Verdict.UNKNOWN,
                "not assessed: " + "; ".join(g.describe() for g in blocking),
                {"gaps": [g.action for g in blocking]},
            )
        else:
            outcome = item.fn(resource, context)
        yield _finding(
            item,
            outcome,
            context.settings,
            account=resource.account_id,
            region=resource.region,
            resource=resource.arn,
            resource_name=resource.display_name(),
        )


def _unlisted_scopes(item: Check[Any], context: Context) -> Iterator[Finding]:
    """One ``unknown`` finding per account and region whose inventory could not be listed."""
    scopes = sorted(
        {
            (gap.account_id, gap.region, gap.describe())
            for action in item.resource.listed_by
            for gap in context.gaps(action)
            if gap.resource_arn is None
        }
    )
    for account, region, description in scopes:
        yield _finding(
            item,
            Outcome(Verdict.UNKNOWN, f"inventory incomplete: {description}"),
            context.settings,
            account=account,
            region=region,
            resource=f"{account}/{region}",
            resource_name=f"every {item.resource.__name__} in {region}",
        )


def _finding(
    item: Check[Any],
    outcome: Outcome,
    settings: Settings,
    *,
    account: str,
    region: str,
    resource: str,
    resource_name: str,
) -> Finding:
    """A finding of ``item`` judged under ``settings``: its title and remediation state their
    thresholds; remediation accompanies failures and unknowns.
    """
    needs_fix = outcome.verdict in (Verdict.FAIL, Verdict.UNKNOWN)
    return Finding(
        uid=finding_uid(item.id, account, region, resource),
        check_id=item.id,
        title=item.title_for(settings),
        verdict=outcome.verdict,
        severity=item.severity,
        domain=item.domain,
        level=item.level,
        service=item.service,
        account=account,
        region=region,
        resource=resource,
        resource_name=resource_name,
        reason=outcome.reason,
        evidence=outcome.evidence,
        remediation=item.section("Remediation", settings) if needs_fix else "",
    )
