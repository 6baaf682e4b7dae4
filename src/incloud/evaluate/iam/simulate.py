"""The offline policy simulator behind ``incloud iam simulate``: JSON in, decision out."""

from __future__ import annotations

from typing import Any

from ...errors import InputError
from .context import RequestContext
from .decide import PolicySet, Request, evaluate_request
from .matching import RequestPrincipal
from .policy import Policy, PolicyError, PolicyKind, parse_policy

_FIELDS = {
    "request",
    "identity_policies",
    "resource_policy",
    "permission_boundary",
    "session_policy",
    "scps",
    "rcps",
    "vpc_endpoint_policy",
}
_REQUEST_FIELDS = {
    "principal",
    "action",
    "resource",
    "resource_account",
    "context",
    "principal_in_management_account",
    "resource_in_management_account",
    "service_linked_role",
}


def simulate(case: Any) -> dict[str, object]:
    """Evaluate one simulator input object; :class:`InputError` for malformed input."""
    if not isinstance(case, dict):
        raise InputError("each simulation must be a JSON object")
    unknown = set(case) - _FIELDS
    if unknown:
        raise InputError(f"unknown field(s) {sorted(unknown)}")
    request = _request(case.get("request"))
    try:
        policies = PolicySet(
            identity=tuple(
                _policy(p, "identity", f"identity_policies[{i}]")
                for i, p in enumerate(_list(case.get("identity_policies"), "identity_policies"))
            ),
            resource=_optional(case.get("resource_policy"), "resource", "resource_policy"),
            boundary=_optional(case.get("permission_boundary"), "identity", "permission_boundary"),
            session=_optional(case.get("session_policy"), "identity", "session_policy"),
            scps=_levels(case.get("scps"), "identity", "scps"),
            rcps=_levels(case.get("rcps"), "resource", "rcps"),
            vpc_endpoint=_optional(
                case.get("vpc_endpoint_policy"), "resource", "vpc_endpoint_policy"
            ),
        )
    except PolicyError as error:
        raise InputError(str(error)) from None
    return evaluate_request(request, policies).to_json()


def simulate_document(document: Any) -> object:
    """One object gives one result; a list gives a list of results, in order."""
    if isinstance(document, list):
        return [simulate(case) for case in document]
    return simulate(document)


def _request(raw: Any) -> Request:
    if not isinstance(raw, dict):
        raise InputError("request must be an object with principal, action and resource")
    unknown = set(raw) - _REQUEST_FIELDS
    if unknown:
        raise InputError(f"request: unknown field(s) {sorted(unknown)}")
    for name in ("principal", "action", "resource"):
        if not isinstance(raw.get(name), str):
            raise InputError(f"request.{name} must be a string")
    try:
        principal = RequestPrincipal.parse(raw["principal"])
    except ValueError as error:
        raise InputError(f"request.principal: {error}") from None
    context = raw.get("context") or {}
    if not isinstance(context, dict):
        raise InputError("request.context must be an object of key -> value(s)")
    return Request(
        principal=principal,
        action=raw["action"],
        resource=raw["resource"],
        resource_account=raw.get("resource_account"),
        context=RequestContext(context),
        principal_in_management_account=bool(raw.get("principal_in_management_account")),
        resource_in_management_account=bool(raw.get("resource_in_management_account")),
        service_linked_role=bool(raw.get("service_linked_role")),
    )


def _list(value: Any, name: str) -> list[Any]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise InputError(f"{name} must be a list")
    return value


def _policy(raw: Any, kind: PolicyKind, name: str) -> Policy:
    return parse_policy(raw, kind=kind, name=name)


def _optional(raw: Any, kind: PolicyKind, name: str) -> Policy | None:
    return None if raw is None else parse_policy(raw, kind=kind, name=name)


def _levels(raw: Any, kind: PolicyKind, name: str) -> tuple[tuple[Policy, ...], ...]:
    levels = _list(raw, name)
    result = []
    for depth, level in enumerate(levels):
        policies = _list(level, f"{name}[{depth}]")
        result.append(
            tuple(
                parse_policy(p, kind=kind, name=f"{name}[{depth}][{i}]")
                for i, p in enumerate(policies)
            )
        )
    return tuple(result)
