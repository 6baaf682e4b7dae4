"""Exact evaluation of one request against every policy type that applies to it.

Follows the IAM User Guide, "Policy evaluation logic": "How AWS enforcement code logic
evaluates requests to allow or deny access", "Policy evaluation for requests within a single
account", "Cross-account policy evaluation logic", "Permissions boundaries for IAM entities"
(resource-based policies) and "Session policies":

1. An explicit Deny in any applicable policy decides.
2. RCPs of the resource's account, then SCPs of the principal's account, must allow at every
   level of the organisation (neither applies in the management account, nor to service-linked
   roles, not even their Deny statements). A VPC endpoint policy, when the request goes through
   one, must allow.
3. In the same account, a resource-based policy that names the user, the role session or
   everyone grants on its own; one that names a role still needs the permissions boundary and
   session policy; one that names the account defers to identity-based policies.
4. Otherwise identity-based policies must allow, within the permissions boundary and the
   session policy.
5. Role trust policies and KMS key policies must allow even in the same account. A key policy
   governs operations on its key only: alias operations and account-level KMS actions (on
   ``*``) are decided by identity-based policies alone (KMS Developer Guide, "Controlling
   access to aliases", "Key policies").
6. Across accounts, the resource-based policy and the principal's own policies must both allow.

Before any of this, :mod:`.special` settles the requests AWS answers whatever the policies say
(``sts:GetCallerIdentity``; changes to AWS managed policies and reserved roles), and puts the
request for an action that supports no resource-level permissions on ``*`` (Service
Authorization Reference: an empty *Resource types* column means ``"Resource": "*"``): a
statement naming a specific ARN does not match it, and no resource-based policy applies to it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Literal

from .conditions import evaluate_conditions
from .context import RequestContext
from .logic import FALSE, TRUE, Tri, all_of, any_of, unknown
from .matching import Grant, RequestPrincipal, action_matches, arn_matches, principal_grant
from .policy import Policy, Principal, Statement
from .special import (
    EVERY_RESOURCE,
    is_kms_key,
    needs_no_permission,
    requested_resource,
    takes_no_resource,
    unchangeable,
)
from .variables import Unknowable, Unresolvable, substitute

Decision = Literal["Allowed", "ExplicitlyDenied", "ImplicitlyDenied"]


@dataclass(frozen=True)
class Request:
    """What is being asked: who, which action, on which resource, in which context."""

    principal: RequestPrincipal
    action: str
    resource: str
    resource_account: str | None = None
    """None means the principal's own account."""
    context: RequestContext = field(default_factory=RequestContext)
    principal_in_management_account: bool = False
    resource_in_management_account: bool = False
    service_linked_role: bool = False

    @property
    def same_account(self) -> bool:
        """True when principal and resource belong to one account."""
        return self.resource_account is None or self.resource_account == self.principal.account


@dataclass(frozen=True)
class PolicySet:
    """Every policy that applies to a request, by type."""

    identity: tuple[Policy, ...] = ()
    resource: Policy | None = None
    boundary: Policy | None = None
    session: Policy | None = None
    scps: tuple[tuple[Policy, ...], ...] = ()
    """Levels from the root to the account; each level must allow."""
    rcps: tuple[tuple[Policy, ...], ...] = ()
    vpc_endpoint: Policy | None = None


@dataclass(frozen=True)
class Result:
    """The decision, why, and (when some context was unknown) the residual conditions."""

    decision: Decision
    reasons: tuple[str, ...]
    conditions: tuple[str, ...] = ()

    def to_json(self) -> dict[str, object]:
        """The simulator's output shape."""
        out: dict[str, object] = {"decision": self.decision, "reasons": list(self.reasons)}
        if self.conditions:
            out["conditions"] = list(self.conditions)
        return out


MANDATORY_RESOURCE_POLICY = ("sts:assumerole", "sts:assumerolewith", "kms:")
"""Actions whose resource-based policy (trust policy, key policy) must always allow (for KMS,
on a key only: see :func:`_key_policy_applies`)."""


def evaluate_request(request: Request, policies: PolicySet) -> Result:
    """Decide ``request`` under ``policies``."""
    free = needs_no_permission(request.action, request.principal)
    if free is not None:
        return Result("Allowed", (free,))
    refused = unchangeable(request.action, request.resource)
    if refused is not None:
        return Result("ImplicitlyDenied", (refused,))
    trail: list[str] = []
    request, policies = _on_every_resource(request, policies, trail)
    context = request.context.with_defaults(_implicit_context(request))
    request = replace(request, context=context)
    if policies.resource is not None and not _key_policy_applies(request):
        trail.append(
            f"{policies.resource.name} not evaluated: a KMS key policy governs operations on its "
            "key only, not aliases or account-level actions (KMS Developer Guide, Controlling "
            "access to aliases)"
        )
        policies = replace(policies, resource=None)

    deny = any_of(
        [_effect(p, "Deny", request, kind, trail) for kind, p in _all_policies(policies, request)]
    )
    if deny.value is True:
        return Result("ExplicitlyDenied", tuple(trail))

    gates = [
        _organisation_gate(policies.rcps, "RCP", request, trail, applies=_rcps_apply(request)),
        _organisation_gate(policies.scps, "SCP", request, trail, applies=_scps_apply(request)),
    ]
    if policies.vpc_endpoint is not None:
        gate = _effect(policies.vpc_endpoint, "Allow", request, "VPC endpoint policy", trail)
        if gate.value is False:
            trail.append("VPC endpoint policy: no statement allows the request")
        gates.append(gate)
    allowed = all_of([*gates, _grant(request, policies, trail)]) & ~deny
    if allowed.value is True:
        return Result("Allowed", tuple(trail))
    if allowed.value is False:
        if not any(r.startswith("allowed by") for r in trail):
            trail.append("no policy allows the request (implicit deny)")
        return Result("ImplicitlyDenied", tuple(trail))
    trail.append(f"allowed only if: {allowed.residual}")
    return Result("Allowed", tuple(trail), conditions=(allowed.residual,))


def _on_every_resource(
    request: Request, policies: PolicySet, trail: list[str]
) -> tuple[Request, PolicySet]:
    """The request for an action with no resource types, put on ``*`` in the principal's own
    account, with no resource-based policy: one is attached to a resource and governs requests
    on it, and this request is on none (:mod:`.special`). Other requests are unchanged.
    """
    if not takes_no_resource(request.action):
        return request, policies
    resource, why = requested_resource(request.action, request.resource)
    if why is not None:
        trail.append(why)
    request = replace(request, resource=resource, resource_account=None)
    if policies.resource is not None:
        trail.append(
            f"{policies.resource.name} not evaluated: {request.action} is requested on "
            f"{EVERY_RESOURCE}, not on the resource a resource-based policy governs (Service "
            "Authorization Reference: no resource types)"
        )
        policies = replace(policies, resource=None)
    return request, policies


def _key_policy_applies(request: Request) -> bool:
    """False for a KMS request on an alias or on ``*`` (CreateKey, ListKeys, ListAliases,
    GenerateRandom, ...): no key is the resource, so no key policy is consulted.
    """
    return not request.action.lower().startswith("kms:") or is_kms_key(request.resource)


def _implicit_context(request: Request) -> dict[str, object]:
    """Global keys AWS sets from the request itself (IAM User Guide, "AWS global condition
    context keys").
    """
    principal = request.principal
    values: dict[str, object] = {}
    if principal.account:
        values["aws:PrincipalAccount"] = principal.account
        values["aws:PrincipalArn"] = principal.role_arn or principal.arn
    if principal.kind == "user":
        values["aws:username"] = principal.arn.rsplit("/", 1)[-1]
    values["aws:ResourceAccount"] = request.resource_account or principal.account or ""
    return values


def _all_policies(policies: PolicySet, request: Request) -> Iterable[tuple[str, Policy]]:
    """Every policy whose Deny statements can apply: SCPs and RCPs only where they apply at all."""
    for policy in policies.identity:
        yield "identity-based policy", policy
    if policies.resource is not None:
        yield "resource-based policy", policies.resource
    if policies.boundary is not None:
        yield "permissions boundary", policies.boundary
    if policies.session is not None:
        yield "session policy", policies.session
    for level in policies.scps if _scps_apply(request) else ():
        for policy in level:
            yield "SCP", policy
    for level in policies.rcps if _rcps_apply(request) else ():
        for policy in level:
            yield "RCP", policy
    if policies.vpc_endpoint is not None:
        yield "VPC endpoint policy", policies.vpc_endpoint


def _scps_apply(request: Request) -> bool:
    if request.principal_in_management_account or request.service_linked_role:
        return False
    return request.principal.kind not in ("service", "anonymous")


def _rcps_apply(request: Request) -> bool:
    """RCPs restrict neither resources in the management account nor service-linked roles
    (Organizations User Guide, "Resources and entities not restricted by RCPs").
    """
    return not (request.resource_in_management_account or request.service_linked_role)


def _organisation_gate(
    levels: tuple[tuple[Policy, ...], ...],
    kind: str,
    request: Request,
    trail: list[str],
    *,
    applies: bool,
) -> Tri:
    """Every level must allow. A level given with no policy has the one AWS attaches to every
    root, OU and account unless replaced, which allows everything: ``FullAWSAccess`` for SCPs,
    ``RCPFullAWSAccess`` for RCPs (Organizations User Guide, "Service control policies (SCPs)",
    "Resource control policies (RCPs)": the AWS managed FullAWSAccess / RCPFullAWSAccess policy).
    """
    if not applies:
        return TRUE
    results = []
    for depth, level in enumerate(levels, start=1):
        if not level:
            default = "FullAWSAccess" if kind == "SCP" else "RCPFullAWSAccess"
            trail.append(
                f"{kind}s at level {depth}: none given, so the default {default} is assumed "
                "(it allows every action)"
            )
            continue
        allows = any_of([_effect(p, "Allow", request, kind, trail) for p in level])
        if allows.value is False:
            trail.append(f"{kind}s at level {depth} allow nothing for this request")
        results.append(allows)
    return all_of(results)


def _grant(request: Request, policies: PolicySet, trail: list[str]) -> Tri:
    """Whether the resource-based and principal's own policies grant the request."""
    grants = _resource_grants(request, policies.resource, trail)
    direct = grants.get("direct", FALSE) | grants.get("everyone", FALSE)
    by_role = grants.get("role", FALSE)
    by_account = grants.get("account", FALSE)
    principal = request.principal
    if principal.kind in ("service", "anonymous"):
        return direct | grants.get("service", FALSE)
    identity = _identity(request, policies, trail)
    limits = _limits(request, policies, trail)
    mandatory = request.action.lower().startswith(MANDATORY_RESOURCE_POLICY) and (
        _key_policy_applies(request)
    )
    if not request.same_account:
        any_grant = direct | by_role | by_account
        if any_grant.value is False:
            trail.append("cross-account: the resource-based policy does not allow the request")
        return any_grant & identity & limits
    if mandatory:
        if (direct | by_role | by_account).value is False:
            trail.append("the resource-based policy (trust or key policy) must allow, and does not")
        return direct | (by_role & limits) | (by_account & identity & limits)
    return direct | (by_role & limits) | (identity & limits)


def _resource_grants(request: Request, policy: Policy | None, trail: list[str]) -> dict[Grant, Tri]:
    grants: dict[Grant, Tri] = {}
    if policy is None:
        return grants
    for statement in policy.statements:
        if statement.effect != "Allow":
            continue
        applies = _applies(statement, policy, request, "resource")
        if applies.value is False:
            continue
        kind = _grant_kind(statement, request.principal)
        if kind == "none":
            continue
        grants[kind] = grants.get(kind, FALSE) | applies
        if applies.value is True:
            trail.append(
                f"allowed by resource-based policy {policy.name} {statement.label} "
                f"(principal matched as {kind})"
            )
    return grants


def _grant_kind(statement: Statement, principal: RequestPrincipal) -> Grant:
    if statement.principals is not None:
        kinds = {principal_grant(p.type, p.value, principal) for p in statement.principals}
        for kind in ("direct", "everyone", "service", "role", "account"):
            if kind in kinds:
                return kind
        return "none"
    if statement.not_principals is not None:
        excluded = any(_names_exactly(p, principal) for p in statement.not_principals)
        return "none" if excluded else "everyone"
    return "none"


def _names_exactly(entry: Principal, principal: RequestPrincipal) -> bool:
    """Whether a ``NotPrincipal`` entry excludes ``principal``: only the principal it names.

    IAM User Guide, "NotPrincipal": an account ARN excludes the account, not every principal
    in it; a role ARN does not cover the role's sessions (a session must be named itself).
    """
    grant = principal_grant(entry.type, entry.value, principal)
    if grant in ("direct", "everyone", "service"):
        return True
    if grant == "account":
        return principal.kind == "root"
    return grant == "role" and principal.kind == "role"


def _identity(request: Request, policies: PolicySet, trail: list[str]) -> Tri:
    if request.principal.kind == "root":
        trail.append("the account root user has full access in its own account")
        return TRUE
    allows = any_of(
        [
            _effect(p, "Allow", request, "identity-based policy", trail, record=True)
            for p in policies.identity
        ]
    )
    if allows.value is False:
        trail.append("no identity-based policy allows the request")
    return allows


def _limits(request: Request, policies: PolicySet, trail: list[str]) -> Tri:
    if request.principal.kind == "federated" and policies.session is None:
        # A GetFederationToken session has only what its session policy allows
        # (IAM User Guide, "Policy evaluation logic": session policies step).
        trail.append("a federated user session has no permissions without a session policy")
        return FALSE
    result = TRUE
    for kind, policy in (
        ("permissions boundary", policies.boundary),
        ("session policy", policies.session),
    ):
        if policy is None or request.principal.kind == "root":
            continue
        allows = _effect(policy, "Allow", request, kind, trail)
        if allows.value is False:
            trail.append(f"the {kind} does not allow the request")
        result = result & allows
    return result


def _effect(
    policy: Policy,
    effect: str,
    request: Request,
    kind: str,
    trail: list[str],
    *,
    record: bool = False,
) -> Tri:
    """Whether any statement of ``effect`` in ``policy`` applies to the request."""
    found = []
    for statement in policy.statements:
        if statement.effect != effect:
            continue
        applies = _applies(statement, policy, request, kind)
        if applies.value is True and (effect == "Deny" or record):
            verb = "explicitly denied" if effect == "Deny" else "allowed"
            trail.append(f"{verb} by {kind} {policy.name} {statement.label}")
        found.append(applies)
    return any_of(found)


def _applies(statement: Statement, policy: Policy, request: Request, kind: str) -> Tri:
    """Whether ``statement`` covers the request (``kind`` names the policy type in reasons)."""
    if not _principal_ok(statement, request.principal):
        return FALSE
    if not _action_ok(statement, request.action):
        return FALSE
    resource = _resource_ok(statement, policy, request)
    if resource.value is False:
        return FALSE
    return resource & evaluate_conditions(
        statement.conditions, request.context, policy.substitutes_variables
    )


def _principal_ok(statement: Statement, principal: RequestPrincipal) -> bool:
    """Statements without Principal/NotPrincipal (identity policies, SCPs) cover everyone."""
    if statement.principals is None and statement.not_principals is None:
        return True
    return _grant_kind(statement, principal) != "none"


def _action_ok(statement: Statement, action: str) -> bool:
    if statement.actions is not None:
        return any(action_matches(pattern, action) for pattern in statement.actions)
    assert statement.not_actions is not None
    return not any(action_matches(pattern, action) for pattern in statement.not_actions)


def _resource_ok(statement: Statement, policy: Policy, request: Request) -> Tri:
    patterns = statement.resources if statement.resources is not None else statement.not_resources
    if patterns is None:
        return TRUE  # trust policies have no Resource element
    results = [_resource_pattern(p, policy, request) for p in patterns]
    matched = any_of(results)
    return matched if statement.resources is not None else ~matched


def _resource_pattern(pattern: str, policy: Policy, request: Request) -> Tri:
    if policy.substitutes_variables and "${" in pattern:
        try:
            pattern = substitute(pattern, request.context)
        except Unresolvable:
            return FALSE
        except Unknowable:
            return unknown(f"resource {request.resource} matches {pattern}")
    return TRUE if arn_matches(pattern, request.resource) else FALSE
