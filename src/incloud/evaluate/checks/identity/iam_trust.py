"""Service roles and the cross-service confused deputy: a role an AWS service assumes must be
limited to the customer's own source resources.

IAM User Guide, "The confused deputy problem", section "Cross-service confused deputy
prevention for AWS Security Token Service": when a service assumes a role on the customer's
behalf, ``aws:SourceAccount``, ``aws:SourceArn`` (and ``aws:SourceOrgID``, ``aws:SourceOrgPaths``:
"Use scalable controls for AWS services accessing your resources", AWS Security Blog) in the
trust policy limit the role to requests the service makes for the customer's resources.
Without them another customer who learns the role's ARN can point the same service at it.

Only services whose documentation says they put those keys in their ``sts:AssumeRole``
requests, with a trust-policy example, are judged (:data:`SOURCE_CONTEXT_SERVICES`): a service
that does not send them (EC2 instance roles, Lambda execution roles, which also need
``iam:PassRole`` in the same account) cannot be protected this way, and adding the condition
to such a role breaks it.

Whether a statement's conditions confine the source is decided by the IAM engine
(``evaluate_conditions``), not by reading operator names: the conditions are evaluated for
requests from a stranger's resource (an account, organisation and resource ARN built to fit the
statement's own wildcards, with the account never one the statement names) and for a request
without the source keys. The statement is confined only when every such request is refused.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from ....snapshot.iam import IamRole
from ...check import (
    Domain,
    Outcome,
    Severity,
    check,
    failed,
    not_applicable,
    passed,
    unknown,
)
from ...context import Context
from ...iam.conditions import evaluate_conditions
from ...iam.context import UNKNOWN_VALUE, RequestContext
from ...iam.matching import action_matches
from ...iam.policy import Policy, PolicyError, Statement, parse_policy

SOURCE_CONTEXT_SERVICES: dict[str, str] = {
    "appstream": "WorkSpaces Applications Administration Guide, fleet machine role cross-service "
    "confused deputy prevention",
    "config": "AWS Config Developer Guide, permissions for the IAM role assigned to AWS Config",
    "datasync": "AWS DataSync User Guide, cross-service confused deputy prevention",
    "iot": "AWS IoT Core Developer Guide, cross-service confused deputy prevention",
    "logs": "Amazon CloudWatch Logs User Guide, confused deputy prevention (subscriptions)",
    "personalize": "Amazon Personalize Developer Guide, cross-service confused deputy prevention",
    "scheduler": "EventBridge Scheduler User Guide, set up the execution role",
    "ssm": "AWS Systems Manager User Guide, cross-service confused deputy prevention (hybrid "
    "activations)",
    "ssm-incidents": "IAM User Guide, the confused deputy problem (Incident Manager example)",
    "transfer": "AWS Transfer Family User Guide, cross-service confused deputy prevention",
    "vpc-flow-logs": "Amazon VPC User Guide, IAM role for publishing flow logs to CloudWatch Logs",
}
"""Service principals (the name before ``.amazonaws.com``) whose documentation puts the source
keys in their role trust policies, each with the page that says so."""

SOURCE_KEYS = ("aws:sourceaccount", "aws:sourcearn", "aws:sourceorgid", "aws:sourceorgpaths")
"""The keys that name the resource a service acts for (lower case)."""

STRANGER_ACCOUNT = "000000000000"
STRANGER_ORG = "o-zzzzzzzzzz"
STRANGER_PATH_TAIL = "r-zzzz/ou-zzzz-zzzzzzzz/"
FILLER = "x"
"""What a wildcard of a policy value becomes in a stranger's request."""

_SERVICE = re.compile(r"^([a-z0-9.-]+?)\.amazonaws\.com(?:\.cn)?$")


def _judged_service(value: str) -> str | None:
    """The service name of a ``Service`` principal when it is one that sends the source keys."""
    match = _SERVICE.match(value.lower())
    if match is None or match.group(1) not in SOURCE_CONTEXT_SERVICES:
        return None
    return match.group(1)


def _allows_assume_role(statement: Statement) -> bool:
    if statement.actions is not None:
        return any(action_matches(a, "sts:AssumeRole") for a in statement.actions)
    assert statement.not_actions is not None
    return not any(action_matches(a, "sts:AssumeRole") for a in statement.not_actions)


def _fill(pattern: str, with_: str = FILLER) -> str:
    """A value ``pattern`` matches: each wildcard replaced by ``with_``."""
    return pattern.replace("*", with_).replace("?", with_[:1])


def _values(statement: Statement, key: str) -> list[str]:
    return [v for c in statement.conditions if c.key.lower() == key for v in c.values]


def _stranger_accounts(statement: Statement, owner: str) -> list[str]:
    """Accounts a stranger could hold: a fixed one no value names, and, for each account pattern
    with a wildcard (in ``aws:SourceAccount`` or an ARN's account field), an account it matches.
    """
    named = set(_values(statement, "aws:sourceaccount")) | {owner}
    patterns = list(_values(statement, "aws:sourceaccount"))
    patterns += [p.split(":")[4] for p in _values(statement, "aws:sourcearn") if p.count(":") >= 5]
    accounts = [STRANGER_ACCOUNT]
    for pattern in patterns:
        room = 12 - len(pattern.replace("*", ""))
        if ("*" not in pattern and "?" not in pattern) or room < 0:
            continue
        for digit in "0123456789":
            first, star, rest = pattern.replace("?", digit).partition("*")
            candidate = first + digit * room * bool(star) + rest.replace("*", "")
            if candidate.isdigit() and len(candidate) == 12 and candidate not in named:
                accounts.append(candidate)
                break
    return list(dict.fromkeys(accounts))


def _stranger_arns(statement: Statement, services: list[str], account: str) -> list[str]:
    """Resource ARNs in ``account`` a stranger could own: one per trusted service, and one per
    ``aws:SourceArn`` value with its account field made the stranger's (an ARN without an
    account field, an S3 bucket's, is kept: buckets change owner when deleted and recreated).
    """
    arns = [f"arn:aws:{service}:us-east-1:{account}:{FILLER}" for service in services]
    for pattern in _values(statement, "aws:sourcearn"):
        parts = pattern.split(":", 5)
        if len(parts) == 6 and parts[4]:
            parts[4] = account
        arns.append(_fill(":".join(parts)))
    return list(dict.fromkeys(arns))


def _stranger_orgs(statement: Statement) -> list[tuple[str, str]]:
    """(organisation id, entity path) pairs of a stranger's organisation: a fixed one, and one
    per organisation pattern with a wildcard in its organisation id.
    """
    orgs = [STRANGER_ORG]
    patterns = _values(statement, "aws:sourceorgid")
    patterns += [p.split("/", 1)[0] for p in _values(statement, "aws:sourceorgpaths")]
    orgs += [_fill(p, "zz") for p in patterns if "*" in p or "?" in p]
    pairs = []
    for org in dict.fromkeys(orgs):
        pairs.append((org, f"{org}/{STRANGER_PATH_TAIL}"))
        for path in _values(statement, "aws:sourceorgpaths"):
            _, _, tail = path.partition("/")
            pairs.append((org, _fill(f"{org}/{tail}")))
    return list(dict.fromkeys(pairs))


def _requests(statement: Statement, services: list[str], owner: str) -> Iterator[RequestContext]:
    """A stranger's requests through the service (with and without an organisation), and one
    without any source key; every other key the conditions test is unknown.
    """
    others = {
        c.key.lower(): UNKNOWN_VALUE
        for c in statement.conditions
        if c.key.lower() not in SOURCE_KEYS
    }
    yield RequestContext(dict(others))
    for account in _stranger_accounts(statement, owner):
        for arn in _stranger_arns(statement, services, account):
            source: dict[str, object] = {
                **others,
                "aws:SourceAccount": account,
                "aws:SourceArn": arn,
            }
            yield RequestContext(source)
            for org, path in _stranger_orgs(statement):
                yield RequestContext(
                    {**source, "aws:SourceOrgID": org, "aws:SourceOrgPaths": [path]}
                )


@dataclass(frozen=True)
class _Opening:
    """A statement that lets a service assume the role for a stranger's resource."""

    statement: str
    services: tuple[str, ...]
    only_if: str = ""
    """The conditions on other keys a stranger's request would still have to meet."""

    def describe(self) -> str:
        text = f"{self.statement} ({', '.join(self.services)})"
        return f"{text} only if {self.only_if}" if self.only_if else text


def _opening(policy: Policy, statement: Statement, owner: str) -> _Opening | None:
    """The opening ``statement`` leaves for judged services, or None when it confines them."""
    services = sorted(
        {
            service
            for principal in statement.principals or ()
            if principal.type == "Service"
            for service in [_judged_service(principal.value)]
            if service is not None
        }
    )
    if not services or statement.effect != "Allow" or not _allows_assume_role(statement):
        return None
    residual = ""
    for request in _requests(statement, services, owner):
        outcome = evaluate_conditions(statement.conditions, request, policy.substitutes_variables)
        if outcome.value is True:
            return _Opening(statement.label, tuple(f"{s}.amazonaws.com" for s in services))
        if outcome.value is None:
            residual = residual or outcome.residual
    if residual:
        return _Opening(statement.label, tuple(f"{s}.amazonaws.com" for s in services), residual)
    return None


def _service_principals(policy: Policy) -> list[str]:
    return sorted(
        {
            principal.value
            for statement in policy.statements
            if statement.effect == "Allow"
            for principal in statement.principals or ()
            if principal.type == "Service"
        }
    )


@check(
    id="iam.role-service-trust-scoped",
    domain=Domain.IDENTITY,
    severity=Severity.MEDIUM,
    resource=IamRole,
)
def role_service_trust_scoped(role: IamRole, ctx: Context) -> Outcome:
    """Roles AWS services assume for you are limited to your own source resources.

    A service role trusts a service principal (``transfer.amazonaws.com``); without a
    condition on ``aws:SourceAccount``, ``aws:SourceArn``, ``aws:SourceOrgID`` or
    ``aws:SourceOrgPaths``, another AWS customer who learns the role's ARN can configure the
    same service in their account to use it, and the service, a confused deputy, acts in yours
    (IAM User Guide, "The confused deputy problem": cross-service confused deputy prevention
    for AWS STS). Judged for the services whose documentation puts these keys in their role
    trust policies (AppStream, Config, DataSync, IoT, CloudWatch Logs, Personalize, EventBridge
    Scheduler, Systems Manager and Incident Manager, Transfer Family, VPC Flow Logs): others
    do not send them, and a condition on them would break the role. The engine evaluates each
    statement's conditions for a stranger's request: ``StringEquals aws:SourceAccount`` with
    your account, or an ``ArnLike aws:SourceArn`` whose account field is yours, confine it;
    ``StringLike aws:SourceArn *``, a wildcard in the account, ``...IfExists`` and negated
    operators do not. Service-linked roles are not applicable: AWS writes their trust.

    Remediation: add the condition to each service statement of the trust policy, e.g.
    ``"Condition": {"StringEquals": {"aws:SourceAccount": "ACCOUNT"}, "ArnLike":
    {"aws:SourceArn": "arn:aws:SERVICE:REGION:ACCOUNT:RESOURCE"}}``, with `aws iam
    update-assume-role-policy --role-name NAME --policy-document file://trust.json`; in
    Terraform, add a `condition` block (test `StringEquals`, variable `aws:SourceAccount`) to
    the `aws_iam_policy_document` the role's `assume_role_policy` uses.
    """
    if role.is_service_linked:
        return not_applicable("service-linked role: AWS defines its trust policy")
    try:
        policy = parse_policy(role.trust_policy, kind="resource", name=f"{role.name} trust policy")
    except PolicyError:
        return unknown("the trust policy could not be parsed")
    judged = sorted(
        {
            f"{service}.amazonaws.com"
            for value in _service_principals(policy)
            for service in [_judged_service(value)]
            if service is not None
        }
    )
    if not judged:
        trusted = _service_principals(policy)
        shown = f" (trusts {', '.join(trusted)})" if trusted else ""
        return not_applicable(f"trusts no service that documents source keys for its roles{shown}")
    openings = [
        found
        for statement in policy.statements
        for found in [_opening(policy, statement, role.account_id)]
        if found is not None
    ]
    if not openings:
        return passed(
            f"every statement trusting {', '.join(judged)} is limited to known sources",
            services=judged,
        )
    return failed(
        "lets a service assume the role on behalf of any account: "
        + "; ".join(o.describe() for o in openings),
        statements=[o.statement for o in openings],
        services=sorted({s for o in openings for s in o.services}),
    )
