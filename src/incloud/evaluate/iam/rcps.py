"""What an organisation's RCPs leave of a resource policy's outside access.

A resource policy may open a resource to everyone, or to named accounts and organisations; the
resource account's RCPs may still refuse those callers (Organizations User Guide, "RCP
evaluation": every level from the root down must allow, an explicit Deny anywhere decides;
"List of AWS services that support RCPs": Amazon S3, AWS STS, AWS KMS, Amazon SQS and AWS
Secrets Manager, the only services judged here; "Resources and entities not restricted by
RCPs": not the management account's resources, which the caller leaves out).

Each grant is decided by the engine (:func:`~.decide.evaluate_request`) with the RCP levels
only: identity and resource policies that allow everything stand in for the grant itself, so
the decision is the RCPs' alone. The callers asked about are outsiders, as the RCPs see them:

* for a statement open to everyone: an anonymous caller (no principal keys at all), and an
  authenticated principal of an account outside the organisation, in no organisation or in
  another one (``aws:PrincipalOrgID`` absent, or some other organisation's id); its account,
  ARN, tags and type unknown;
* for a named account: a principal of that account, whose organisation is unknown (the account
  may belong to this one); for a named organisation, a principal of that organisation.

``aws:PrincipalIsAWSService`` is false for authenticated callers, the resource's account and
organisation are known, its tags when the snapshot has them; every other key the RCPs test is
unknown, so a Deny that depends on it is a residual condition, never a block. The grant is
blocked only when every request of it is denied: every action of the resource's service the
statement allows (split where the RCPs' ``Action`` patterns split them, one request per part),
on every resource it names, for every caller. Resource patterns with wildcards are met
conservatively: an RCP Deny counts only where its ``Resource`` contains the whole pattern, an
RCP Allow wherever it may overlap it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace

from .actions import universe
from .admin import statement_actions
from .context import UNKNOWN_VALUE, RequestContext
from .controls import Levels
from .decide import PolicySet, Request, Result, evaluate_request
from .matching import RequestPrincipal, arn_matches
from .policy import Policy, Statement, parse_policy

RCP_SERVICES = frozenset({"s3", "sts", "kms", "sqs", "secretsmanager"})
"""Services whose resources RCPs restrict (Organizations User Guide, "List of AWS services that
support RCPs"); a resource of another service is not judged."""

OUTSIDER_ACCOUNT = "000000000000"
"""The account a stand-in outsider's ARN names; the engine is told its account is unknown."""

OTHER_ORGANISATION = "o-anotherorganisation"
"""The organisation id of a stand-in outsider that belongs to some other organisation."""

_ALLOW_ALL = {"Effect": "Allow", "Action": "*", "Resource": "*"}
_GRANT = PolicySet(
    identity=(parse_policy({"Version": "2012-10-17", "Statement": [_ALLOW_ALL]}),),
    resource=parse_policy(
        {"Version": "2012-10-17", "Statement": [{**_ALLOW_ALL, "Principal": "*"}]},
        kind="resource",
        name="the grant under review",
    ),
)
"""Policies that allow everything: with them, the engine's decision is the RCPs'."""


@dataclass(frozen=True)
class Caller:
    """An outside caller as the RCPs see it: a principal and the keys known about it."""

    label: str
    principal: RequestPrincipal
    known: Mapping[str, object]
    """Keys with their values; ``None`` marks a key absent from the request."""

    def context(self, keys: Iterable[str], resource: Mapping[str, object]) -> RequestContext:
        """Its keys and the resource's; every other key of ``keys`` unknown."""
        values: dict[str, object] = {}
        absent: set[str] = set()
        for key, value in {**resource, **self.known}.items():
            if value is None:
                absent.add(key.lower())
            else:
                values[key] = value
        given = {key.lower() for key in values} | absent
        for key in keys:
            if key not in given and not _absent_by_prefix(key, absent):
                values[key] = UNKNOWN_VALUE
        return RequestContext(values)


def _absent_by_prefix(key: str, absent: set[str]) -> bool:
    """``aws:PrincipalTag/*`` style entries (ending in ``/``) mark a whole family absent."""
    return any(prefix.endswith("/") and key.startswith(prefix) for prefix in absent)


_UNKNOWN_PRINCIPAL: dict[str, object] = {
    "aws:PrincipalArn": UNKNOWN_VALUE,
    "aws:username": UNKNOWN_VALUE,
    "aws:PrincipalIsAWSService": "false",
    "aws:PrincipalServiceName": None,
}


def strangers() -> tuple[Caller, ...]:
    """Everyone outside the organisation: anonymous, or authenticated from an account in no
    organisation or in another one.
    """
    outsider = RequestPrincipal.parse(f"arn:aws:iam::{OUTSIDER_ACCOUNT}:user/outsider")
    authenticated = {**_UNKNOWN_PRINCIPAL, "aws:PrincipalAccount": UNKNOWN_VALUE}
    anonymous = {
        "aws:PrincipalType": "Anonymous",
        "aws:PrincipalTag/": None,
        **dict.fromkeys(
            (
                "aws:PrincipalAccount",
                "aws:PrincipalArn",
                "aws:PrincipalOrgID",
                "aws:PrincipalOrgPaths",
                "aws:PrincipalIsAWSService",
                "aws:PrincipalServiceName",
                "aws:username",
            )
        ),
    }
    return (
        Caller("an anonymous caller", RequestPrincipal.parse("*"), anonymous),
        Caller(
            "a principal in no organisation",
            outsider,
            {**authenticated, "aws:PrincipalOrgID": None, "aws:PrincipalOrgPaths": None},
        ),
        Caller(
            "a principal of another organisation",
            outsider,
            {**authenticated, "aws:PrincipalOrgID": OTHER_ORGANISATION},
        ),
    )


def of_account(account: str) -> tuple[Caller, ...]:
    """A principal of ``account`` (its organisation unknown)."""
    principal = RequestPrincipal.parse(f"arn:aws:iam::{account}:user/outsider")
    known = {**_UNKNOWN_PRINCIPAL, "aws:PrincipalAccount": account}
    return (Caller(f"a principal of {account}", principal, known),)


def of_organisation(organisation: str) -> tuple[Caller, ...]:
    """A principal of ``organisation`` (its account unknown)."""
    principal = RequestPrincipal.parse(f"arn:aws:iam::{OUTSIDER_ACCOUNT}:user/outsider")
    known = {
        **_UNKNOWN_PRINCIPAL,
        "aws:PrincipalAccount": UNKNOWN_VALUE,
        "aws:PrincipalOrgID": organisation,
    }
    return (Caller(f"a principal of {organisation}", principal, known),)


@dataclass(frozen=True)
class Screen:
    """What the RCPs do to one grant: block it (``reason`` says which RCP), let it through
    only under conditions (``only_if``), or let it through.
    """

    blocked: bool
    reason: str = ""
    only_if: tuple[str, ...] = ()


class Perimeter:
    """The RCP levels of one member account, applied to one resource's grants."""

    def __init__(
        self,
        levels: Levels,
        *,
        owner: str,
        organization_id: str,
        service: str,
        resource_arn: str,
        tags: Mapping[str, str] | None = None,
    ) -> None:
        self.levels = levels
        self.owner = owner
        self.service = service
        self.resource_arn = resource_arn
        self._keys = frozenset(
            c.key.lower()
            for level in levels
            for policy in level
            for statement in policy.statements
            for c in statement.conditions
        )
        self._resource: dict[str, object] = {
            "aws:ResourceAccount": owner,
            "aws:ResourceOrgID": organization_id,
        }
        if tags is not None:
            self._resource["aws:ResourceTag/"] = None  # tags the resource lacks are absent
            for key, value in tags.items():
                self._resource[f"aws:ResourceTag/{key}"] = value

    def screen(self, statements: Iterable[Statement], callers: Iterable[Caller]) -> Screen:
        """Whether the RCPs block every request the statements allow, for every caller."""
        only_if: list[str] = []
        first = ""
        callers = tuple(callers)
        for statement in statements:
            scoped = {
                r: tuple(_scoped(level, r) for level in self.levels)
                for r in self._resources(statement)
            }
            for action in self._actions(statement):
                for resource, levels in scoped.items():
                    for caller in callers:
                        result = self._decide(caller, action, resource, levels)
                        if result.decision != "Allowed":
                            first = first or _denial(result, caller, action)
                        elif not result.conditions:
                            return Screen(False)
                        else:
                            only_if += [f"{caller.label}: {c}" for c in result.conditions]
        if only_if or not first:
            return Screen(False, only_if=tuple(dict.fromkeys(only_if)))
        return Screen(True, first)

    def _decide(self, caller: Caller, action: str, resource: str, scoped: Levels) -> Result:
        request = Request(
            caller.principal,
            action,
            resource,
            resource_account=self.owner,
            context=caller.context(self._keys, self._resource),
        )
        return evaluate_request(request, replace(_GRANT, rcps=scoped))

    def _actions(self, statement: Statement) -> list[str]:
        """One action per part of what the statement allows on the service, the parts split
        where the RCPs' Action and NotAction patterns split them; unknown actions it names
        literally are asked as they are. Actions with no resource types (``ListSecrets``,
        ``ListAllMyBuckets``, ...) are left out: they are requested on ``*``, never on this
        resource, so its policy grants none of them (:mod:`.special`).
        """
        service = universe().service_bits().get(self.service, 0) & ~universe().unscoped_bits
        parts = [statement_actions(statement).bits & service]
        for level in self.levels:
            for policy in level:
                for rcp in policy.statements:
                    bits = statement_actions(rcp).bits
                    parts = [p for part in parts for p in (part & bits, part & ~bits) if p]
        names = [universe().names[(part & -part).bit_length() - 1] for part in parts if part]
        prefix = f"{self.service}:"
        for pattern in statement.actions or ():
            lowered = pattern.lower()
            literal = not any(c in pattern for c in "*?")
            if literal and lowered.startswith(prefix) and lowered not in universe().index:
                names.append(pattern)
        return names

    def _resources(self, statement: Statement) -> tuple[str, ...]:
        """The resources the statement names (its own resource when it names none, or names
        them by exclusion).
        """
        return statement.resources or (self.resource_arn,)


def _denial(result: Result, caller: Caller, action: str) -> str:
    """The RCP reason of a denial (the first that names an RCP)."""
    named = [r for r in result.reasons if "RCP" in r]
    return f"{named[0] if named else 'denied by the RCPs'} ({action} by {caller.label})"


def _scoped(level: tuple[Policy, ...], resource: str) -> tuple[Policy, ...]:
    """The level's policies with every ``Resource``/``NotResource`` decided for ``resource``
    (kept as ``*`` or the statement dropped), conservatively where ``resource`` is a pattern.
    """
    out = []
    for policy in level:
        kept = []
        for statement in policy.statements:
            applies = _resource_applies(statement, resource)
            if applies:
                kept.append(replace(statement, resources=("*",), not_resources=None))
        out.append(replace(policy, statements=tuple(kept)))
    return tuple(out)


def _resource_applies(statement: Statement, resource: str) -> bool:
    """Whether the statement's resource element covers ``resource`` (a pattern or an ARN): a
    Deny only when sure, an Allow whenever it may.
    """
    deny = statement.effect == "Deny"
    patterns = statement.resources if statement.resources is not None else statement.not_resources
    if patterns is None or patterns == ("*",):
        return True
    exact = not any(c in resource for c in "*?") and not any("${" in p for p in patterns)
    if statement.resources is not None:
        if exact:
            return any(arn_matches(p, resource) for p in patterns)
        return any(_contains(p, resource) for p in patterns) if deny else True
    if exact:
        return not any(arn_matches(p, resource) for p in patterns)
    return not deny


def _contains(pattern: str, wanted: str) -> bool:
    """A sure case of every ARN ``wanted`` matches also matching ``pattern``."""
    if "${" in pattern:
        return False
    if pattern in ("*", wanted):
        return True
    head = pattern[:-1]
    return pattern.endswith("*") and not any(c in head for c in "*?") and wanted.startswith(head)
