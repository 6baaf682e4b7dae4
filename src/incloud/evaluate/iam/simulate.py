"""The offline policy simulator behind ``incloud iam simulate``: JSON in, decision out.

Input the engine cannot evaluate faithfully is refused with :class:`InputError`, one line
naming the field: the grammar (``policy``), typed condition values, unterminated variables,
principals and context values (``validation``), JSON values of the wrong type, and documents
nested deeper than :data:`incloud.jsondoc.MAX_DEPTH` levels. In a list each simulation is
answered on its own: a refused one becomes ``{"error": reason}`` in its place.

``lenient`` accepts what AWS accepts in practice but the strict grammar refuses (a plain ARN
string as ``Principal``; a VPC endpoint policy statement without ``Principal``, which covers
every principal) and says so in the result's ``warnings``.
"""

from __future__ import annotations

from typing import Any

from ...errors import InputError
from ...jsondoc import MAX_DEPTH, nesting_depth
from .context import RequestContext
from .decide import PolicySet, Request, evaluate_request
from .policy import STRICT, Leniency, Policy, PolicyError, PolicyKind, parse_policy
from .validation import check_context, check_policy, parse_principal

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
_FLAGS = (
    "principal_in_management_account",
    "resource_in_management_account",
    "service_linked_role",
)
_REQUEST_FIELDS = {"principal", "action", "resource", "resource_account", "context", *_FLAGS}


def simulate(case: Any, *, lenient: bool = False) -> dict[str, object]:
    """Evaluate one simulator input object; :class:`InputError` for malformed input.

    ``lenient``: accept a plain ARN string as ``Principal`` in resource-based policies and a
    VPC endpoint policy statement without ``Principal`` (everyone), with ``warnings``.
    """
    if not isinstance(case, dict):
        raise InputError("each simulation must be a JSON object")
    unknown = set(case) - _FIELDS
    if unknown:
        raise InputError(f"unknown field(s) {sorted(unknown)}")
    request, context = _request(case.get("request"))
    named = Leniency(plain_principal=True) if lenient else STRICT
    endpoint = Leniency(plain_principal=True, implicit_everyone=True) if lenient else STRICT
    try:
        policies = PolicySet(
            identity=tuple(
                _policy(p, "identity", f"identity_policies[{i}]")
                for i, p in enumerate(_list(case.get("identity_policies"), "identity_policies"))
            ),
            resource=_optional(case.get("resource_policy"), "resource", "resource_policy", named),
            boundary=_optional(case.get("permission_boundary"), "identity", "permission_boundary"),
            session=_optional(case.get("session_policy"), "identity", "session_policy"),
            scps=_levels(case.get("scps"), "identity", "scps"),
            rcps=_levels(case.get("rcps"), "resource", "rcps"),
            vpc_endpoint=_optional(
                case.get("vpc_endpoint_policy"), "resource", "vpc_endpoint_policy", endpoint
            ),
        )
        every = _every_policy(policies)
        for policy in every:
            check_policy(policy)
    except PolicyError as error:
        raise InputError(str(error)) from None
    check_context(context, every)
    result = evaluate_request(request, policies).to_json()
    warnings = [warning for policy in every for warning in policy.warnings]
    if warnings:
        result["warnings"] = warnings
    return result


def simulate_document(document: Any, *, lenient: bool = False) -> object:
    """One object gives one result (:class:`InputError` when it is refused); a list gives a
    list of results in order, a refused item ``{"error": reason}`` in its place.
    """
    if nesting_depth(document, stop_above=MAX_DEPTH) > MAX_DEPTH:
        raise InputError(f"the input nests objects and lists deeper than {MAX_DEPTH} levels")
    if isinstance(document, list):
        return [_answer(case, lenient=lenient) for case in document]
    return simulate(document, lenient=lenient)


def _answer(case: Any, *, lenient: bool) -> dict[str, object]:
    """One list item's result, or the reason it was refused."""
    try:
        return simulate(case, lenient=lenient)
    except InputError as error:
        return {"error": str(error)}


def _request(raw: Any) -> tuple[Request, dict[str, Any]]:
    """The request, and its context as given (for ``check_context``)."""
    if not isinstance(raw, dict):
        raise InputError("request must be an object with principal, action and resource")
    unknown = set(raw) - _REQUEST_FIELDS
    if unknown:
        raise InputError(f"request: unknown field(s) {sorted(unknown)}")
    for name in ("principal", "action", "resource"):
        if not isinstance(raw.get(name), str):
            raise InputError(f"request.{name} must be a string")
    account = raw.get("resource_account")
    if account is not None and not (
        isinstance(account, str) and len(account) == 12 and account.isascii() and account.isdigit()
    ):
        raise InputError(f"request.resource_account must be a 12-digit account ID, not {account!r}")
    for flag in _FLAGS:
        if not isinstance(raw.get(flag, False), bool):
            raise InputError(f"request.{flag} must be true or false, not {raw[flag]!r}")
    context = raw.get("context", {})
    if not isinstance(context, dict):
        raise InputError("request.context must be an object of key -> value(s)")
    request = Request(
        principal=parse_principal(raw["principal"]),
        action=raw["action"],
        resource=raw["resource"],
        resource_account=account,
        context=RequestContext(context),
        principal_in_management_account=raw.get("principal_in_management_account", False),
        resource_in_management_account=raw.get("resource_in_management_account", False),
        service_linked_role=raw.get("service_linked_role", False),
    )
    return request, context


def _every_policy(policies: PolicySet) -> list[Policy]:
    single = (policies.resource, policies.boundary, policies.session, policies.vpc_endpoint)
    return [
        *policies.identity,
        *(p for p in single if p is not None),
        *(p for level in (*policies.scps, *policies.rcps) for p in level),
    ]


def _list(value: Any, name: str) -> list[Any]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise InputError(f"{name} must be a list")
    return value


def _policy(raw: Any, kind: PolicyKind, name: str) -> Policy:
    return parse_policy(raw, kind=kind, name=name)


def _optional(raw: Any, kind: PolicyKind, name: str, leniency: Leniency = STRICT) -> Policy | None:
    return None if raw is None else parse_policy(raw, kind=kind, name=name, leniency=leniency)


def _levels(
    raw: Any, kind: PolicyKind, name: str, leniency: Leniency = STRICT
) -> tuple[tuple[Policy, ...], ...]:
    levels = _list(raw, name)
    result = []
    for depth, level in enumerate(levels):
        policies = _list(level, f"{name}[{depth}]")
        result.append(
            tuple(
                parse_policy(p, kind=kind, name=f"{name}[{depth}][{i}]", leniency=leniency)
                for i, p in enumerate(policies)
            )
        )
    return tuple(result)
