"""Factories for families of checks that differ only in the resource and what is read.

A check a factory makes reports the module that calls the factory (``@check``'s default
``module``), so each is declared, and found, in ``checks/<domain>/<service>.py``.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from typing import Any, TypeVar

from ...snapshot import JsonDict, Resource
from ..check import (
    CheckFn,
    Domain,
    Level,
    Outcome,
    Severity,
    check,
    failed,
    not_applicable,
    passed,
    unknown,
)
from ..context import Context
from ..iam.exposure import Exposure, PolicyError, analyse, grantees
from ..iam.policy import parse_policy
from .controls import review

R = TypeVar("R", bound=Resource)


def setting_check(
    *,
    id: str,
    domain: Domain,
    severity: Severity,
    resource: type[R],
    value: Callable[[R], Any],
    is_ok: Callable[[Any], bool],
    ok: str,
    bad: str,
    doc: str,
    setting: str | None = None,
    level: Level = Level.BASELINE,
    requires: tuple[str, ...] = (),
    unread: str | None = None,
    exempt: Callable[[R], str | None] | None = None,
) -> CheckFn[R]:
    """Register a check that passes when ``is_ok(value(resource))`` holds.

    A value of None (AWS did not report it) is ``unknown``, never a pass, with ``unread`` as
    the reason (by default, that ``setting`` was not reported). ``ok`` and ``bad`` are the
    reasons for a pass and a failure; ``doc`` is the check's documentation (title line, why
    it matters, remediation), as a hand-written check's docstring would be. With ``setting``
    named, the value read is the evidence and replaces ``{value}`` in ``ok`` and ``bad`` (a
    template: the value is inserted once, never read as a template itself). ``exempt`` says
    why a resource is outside the check (``not_applicable``), or None.
    """

    def judge(item: R, _: Context) -> Outcome:
        reason = exempt(item) if exempt is not None else None
        if reason is not None:
            return not_applicable(reason)
        read = value(item)
        if read is None:
            return unknown(unread or f"{setting} was not reported")
        if setting is None:
            return passed(ok) if is_ok(read) else failed(bad)
        evidence = {setting: read if isinstance(read, bool | int | str) else str(read)}
        if is_ok(read):
            return passed(ok.format(value=read), **evidence)
        return failed(bad.format(value=read), **evidence)

    return check(
        id=id,
        domain=domain,
        severity=severity,
        resource=resource,
        level=level,
        requires=requires,
        name=_function_name(id),
        doc=doc,
    )(judge)


def flag_check(
    *,
    id: str,
    domain: Domain,
    severity: Severity,
    resource: type[R],
    is_ok: Callable[[R], bool | None],
    ok: str,
    bad: str,
    doc: str,
    level: Level = Level.BASELINE,
    requires: tuple[str, ...] = (),
    unread: str = "the setting was not read",
    exempt: Callable[[R], str | None] | None = None,
) -> CheckFn[R]:
    """Register a check that passes when ``is_ok(resource)`` holds: a :func:`setting_check`
    whose value is the verdict itself. ``is_ok`` returns None when the setting it reads is
    not known (not reported by AWS): the verdict is then unknown, with ``unread`` as the
    reason.
    """
    return setting_check(
        id=id,
        domain=domain,
        severity=severity,
        resource=resource,
        value=is_ok,
        is_ok=bool,
        ok=ok,
        bad=bad,
        doc=doc,
        level=level,
        requires=requires,
        unread=unread,
        exempt=exempt,
    )


def _function_name(check_id: str) -> str:
    """``s3.bucket-versioning`` -> ``s3_bucket_versioning``."""
    return check_id.replace(".", "_").replace("-", "_")


# --- resource-based policies --------------------------------------------------------------

POLICY_DOMAIN = Domain.DATA_PROTECTION
"""Who outside the account can reach a resource's data is a data protection duty
(``data.control-access``; key policies ``data.manage-keys``)."""

PUBLIC_SEVERITY = Severity.CRITICAL
"""Open to anyone: as bad as a public snapshot, whatever the resource type."""

UNTRUSTED_SEVERITY = Severity.MEDIUM
"""Open to named accounts nobody declared trusted: a review, not an emergency."""

PUBLIC_SUFFIX = "-policy-not-public"
TRUSTED_SUFFIX = "-policy-trusted-accounts"

Restraint = Callable[[R, Context, Exposure, Outcome], Outcome]
"""A control outside the policy that can neutralise what it grants (S3 Block Public Access):
given the failure the policy alone earns, the verdict that stands."""


def resource_policy_checks(
    *,
    prefix: str,
    resource: type[R],
    policy: Callable[[R], JsonDict | None],
    requires: tuple[str, ...],
    exempt: Callable[[R], str | None] | None = None,
    always_has_policy: bool = False,
    restraint: Restraint[R] | None = None,
    about: str = "",
    remedy: str = "",
    noun: str | None = None,
) -> tuple[CheckFn[R], CheckFn[R]]:
    """Register ``<prefix>-policy-not-public`` and ``<prefix>-policy-trusted-accounts``.

    Both read ``policy(resource)`` with the IAM engine's exposure analysis
    (``evaluate.iam.exposure``), so every type gets the same verdicts for the same policy: no
    policy passes (it grants nothing outside the account), an unparseable one is unknown, a
    statement open to ``*`` fails the first (severity :data:`PUBLIC_SEVERITY`), an account or
    organisation outside the scan and ``--trusted-accounts`` fails the second
    (:data:`UNTRUSTED_SEVERITY`). The hooks say what differs by type:

    * ``exempt``: why a resource is not judged (``not_applicable``), or None: AWS-managed
      KMS keys, whose policies AWS writes;
    * ``always_has_policy``: AWS gives every resource of the type a policy (KMS keys), so a
      missing one was not read and the verdict is ``unknown``, never the pass of "no policy";
    * ``restraint``: a control outside the policy that neutralises what it grants (S3 Block
      Public Access), applied to every failure;
    * ``about``: a paragraph the documentation adds on the type; ``remedy``: sentences added
      to its remediation; ``noun``: how reasons and documentation name the resource where
      the prefix's noun would misspell it (``REST API``).

    ``prefix`` is ``service.noun`` (``sqs.queue``); the noun, hyphens as spaces, names the
    resource in reasons and documentation unless ``noun`` is given, and the service (an IAM
    prefix) says whether the resource account's RCPs apply (``controls.review``): a grant they
    deny to every caller it opens the resource to is not reported, and where they could not be
    read a failure says so.
    """
    service, _, rest = prefix.partition(".")
    noun = noun or rest.replace("-", " ")

    def exposure_of(item: R) -> Exposure | Outcome:
        """The policy's exposure, or the verdict when there is nothing to analyse."""
        reason = exempt(item) if exempt is not None else None
        if reason is not None:
            return not_applicable(reason)
        document = policy(item)
        if document is None:
            if always_has_policy:
                return unknown(f"the {noun} policy was not read (every {noun} has one)")
            return passed(f"no {noun} policy: it grants nothing outside the account")
        try:
            return analyse(document, item.account_id, f"{item.name} {noun} policy")
        except PolicyError as error:
            return unknown(f"the {noun} policy could not be parsed: {error}")

    def restrained(item: R, ctx: Context, exposure: Exposure, failure: Outcome) -> Outcome:
        return restraint(item, ctx, exposure, failure) if restraint is not None else failure

    def not_public(item: R, ctx: Context) -> Outcome:
        exposure = exposure_of(item)
        if isinstance(exposure, Outcome):
            return exposure
        limited = list(exposure.confined)
        if not exposure.public:
            reason = "no statement grants access to everyone"
            if limited:
                reason += " without a limiting condition"
            return passed(reason, limited_by_condition=limited)
        document = policy(item) or {}
        rcps = review(ctx, item, service, document, {p: [p] for p in exposure.public})
        if not rcps.open:
            return passed(
                f"the {noun} policy grants access to everyone, but the RCPs deny it to every "
                f"caller outside the organisation: {'; '.join(rcps.blocked)}",
                limited_by_condition=limited,
                **rcps.evidence,
            )
        failure = failed(
            rcps.explain(f"the {noun} policy grants access to everyone: {'; '.join(rcps.open)}"),
            public_statements=rcps.open,
            limited_by_condition=limited,
            **rcps.evidence,
        )
        return restrained(item, ctx, exposure, failure)

    def trusted_accounts(item: R, ctx: Context) -> Outcome:
        exposure = exposure_of(item)
        if isinstance(exposure, Outcome):
            return exposure
        untrusted = {
            *(exposure.accounts - ctx.trusted_accounts),
            *(exposure.organisations - ctx.trusted_organisations),
        }
        if not untrusted:
            return passed(
                "only trusted accounts are granted access", accounts=sorted(exposure.accounts)
            )
        document = policy(item) or {}
        named = grantees(parse_policy(document, kind="resource"), item.account_id)
        grants = {g: [s.label for s in named.get(g, [])] for g in sorted(untrusted)}
        rcps = review(ctx, item, service, document, grants)
        strangers = [g for g in rcps.open if g in exposure.accounts]
        foreign_orgs = [g for g in rcps.open if g not in exposure.accounts]
        if not rcps.open:
            return passed(
                "the RCPs deny every untrusted account and organisation the policy names: "
                + "; ".join(rcps.blocked),
                accounts=sorted(exposure.accounts),
                **rcps.evidence,
            )
        shown = [*strangers, *(f"organisation {o}" for o in foreign_orgs)]
        failure = failed(
            rcps.explain(f"the {noun} policy grants access to untrusted {', '.join(shown)}"),
            accounts=strangers,
            organisations=foreign_orgs,
            **rcps.evidence,
        )
        return restrained(item, ctx, exposure, failure)

    def register(suffix: str, severity: Severity, doc: str, judge: CheckFn[R]) -> CheckFn[R]:
        return check(
            id=prefix + suffix,
            domain=POLICY_DOMAIN,
            severity=severity,
            resource=resource,
            requires=requires,
            name=_function_name(prefix + suffix),
            doc=doc,
        )(judge)

    absent = (
        f"Every {noun} has a policy: one that was not read gives unknown."
        if always_has_policy
        else f"A {noun} without a policy passes: it grants nothing outside the account."
    )
    public_doc = _document(
        f"The {noun} policy grants nothing to everyone.",
        f'An Allow for `"*"` (or `{{"AWS": "*"}}`, or with `NotPrincipal`) lets anyone with an '
        f"AWS account, and for some services anyone on the internet, use the {noun} as far as "
        "the allowed actions go. Judged by the IAM engine's exposure analysis: such a statement "
        "is public unless a condition with fixed values confines the caller to an organisation, "
        "account, source ARN, VPC or endpoint, or private address ranges; conditions on other "
        "keys do not stop strangers. In a member account of an organisation, a statement the "
        "resource account's RCPs deny to every caller outside the organisation is not public "
        "(RCPs bind S3, STS, KMS, SQS and Secrets Manager); where they could not be read, the "
        f"finding says so. {absent}",
        about,
        'Remediation: replace `"Principal": "*"` with the accounts or roles that need access, '
        "or add an `aws:PrincipalOrgID`, `aws:SourceAccount` or `aws:SourceArn` condition. "
        + remedy,
    )
    trusted_doc = _document(
        f"The {noun} policy grants access only to trusted accounts.",
        f"Every account a {noun} policy names, as a principal or in a condition such as "
        f"`aws:SourceAccount`, can use the {noun} with whatever its own identities allow. "
        "Accounts outside the scan and the `--trusted-accounts` list, and organisations other "
        f"than the scanned accounts' (`aws:PrincipalOrgID`), deserve a review. {absent}",
        about,
        "Remediation: remove the foreign account from the policy, or declare it trusted with "
        "`--trusted-accounts` if the access is intended. " + remedy,
    )
    return (
        register(PUBLIC_SUFFIX, PUBLIC_SEVERITY, public_doc, not_public),
        register(TRUSTED_SUFFIX, UNTRUSTED_SEVERITY, trusted_doc, trusted_accounts),
    )


def _document(*paragraphs: str) -> str:
    """A docstring from paragraphs (empty ones left out), each wrapped as a hand-written one."""
    wrap = textwrap.TextWrapper(width=92, break_long_words=False, break_on_hyphens=False)
    return "\n\n".join(wrap.fill(p.strip()) for p in paragraphs if p.strip()) + "\n"


# --- Availability Zones ---------------------------------------------------------------------


def zones_check(
    *,
    id: str,
    domain: Domain,
    severity: Severity,
    resource: type[R],
    zones: Callable[[R], tuple[str, ...]],
    subnets: Callable[[R], tuple[str, ...]],
    doc: str,
    requires: tuple[str, ...] = (),
    minimum: str = "load_balancer_min_availability_zones",
) -> CheckFn[R]:
    """Register a check that the resource spans at least as many Availability Zones as the
    ``minimum`` threshold of ``Settings`` says: the zones it names, else those of the subnets
    it names (looked up in the snapshot; a subnet not in it makes the verdict unknown unless
    the known zones already suffice).
    """
    from ...snapshot.ec2 import Subnet

    def judge(item: R, ctx: Context) -> Outcome:
        wanted: int = getattr(ctx.settings, minimum)
        found = set(zones(item))
        missing: list[str] = []
        if not found:
            known = {
                s.subnet_id: s.availability_zone
                for s in ctx.resources(Subnet, item.account_id, item.region)
            }
            for subnet_id in subnets(item):
                if known.get(subnet_id):
                    found.add(known[subnet_id])
                else:
                    missing.append(subnet_id)
        names = ", ".join(sorted(found)) or "none"
        if len(found) >= wanted:
            return passed(f"spans {len(found)} Availability Zones ({names})", zones=sorted(found))
        if missing:
            return unknown(
                f"the zones of subnets {', '.join(missing)} are not known "
                f"({len(found)} zone(s) known: {names})"
            )
        return failed(
            f"spans {len(found)} Availability Zone(s) ({names}), fewer than {wanted}",
            zones=sorted(found),
        )

    return check(
        id=id,
        domain=domain,
        severity=severity,
        resource=resource,
        requires=requires,
        name=_function_name(id),
        doc=doc,
    )(judge)
