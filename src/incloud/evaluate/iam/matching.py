"""Matching actions, resources and principals against policy elements.

IAM User Guide: "IAM JSON policy elements: Action" (service prefix and action name are
case-insensitive, ``*`` and ``?`` wildcards), "Resource" (case-sensitive ARN with wildcards),
and "Principal" (a role ARN also covers that role's sessions; an account id or account root
ARN stands for the whole account; only ``*`` may be a wildcard).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from ... import wildcards


def wildcard_match(glob: str, text: str, *, ignore_case: bool = False) -> bool:
    """True when ``text`` matches ``glob`` (``*`` any run, ``?`` one character).

    :func:`incloud.wildcards.wildcard_match`: no regular expression, at most
    O(len(glob) * len(text)) steps, so no policy pattern can hang a decision.
    """
    return wildcards.wildcard_match(glob, text, ignore_case=ignore_case)


def action_matches(pattern: str, action: str) -> bool:
    """``pattern`` (``*``, ``s3:Get*``, ...) covers ``action`` (``service:Name``)."""
    return wildcards.wildcard_match(pattern, action, ignore_case=True)


def arn_matches(pattern: str, arn: str) -> bool:
    """A ``Resource`` element value covers ``arn`` (case-sensitive wildcards)."""
    return wildcards.wildcard_match(pattern, arn)


def arn_like(pattern: str, arn: str) -> bool:
    """``ArnLike``/``ArnEquals``: each of the six colon-separated parts matches on its own."""
    wanted = pattern.split(":", 5)
    actual = arn.split(":", 5)
    if len(wanted) != 6 or len(actual) != 6:
        return False
    return all(wildcards.wildcard_match(w, a) for w, a in zip(wanted, actual, strict=True))


PrincipalKind = Literal["root", "user", "role", "session", "federated", "service", "anonymous"]


@dataclass(frozen=True)
class RequestPrincipal:
    """Who makes the request, parsed from its ARN (or a service name, or ``*``)."""

    arn: str
    kind: PrincipalKind
    account: str | None
    role_arn: str | None = None
    """For a role session: the ARN of the role it is a session of."""

    @classmethod
    def parse(cls, value: str) -> RequestPrincipal:
        """Parse an IAM/STS ARN, a service principal name, or ``*`` (anonymous)."""
        if value in ("*", "anonymous"):
            return cls(value, "anonymous", None)
        if not value.startswith("arn:"):
            return cls(value, "service", None)
        parts = value.split(":", 5)
        if len(parts) != 6:
            raise ValueError(f"not an ARN: {value!r}")
        partition, service, account, resource = parts[1], parts[2], parts[4], parts[5]
        if service == "iam" and resource == "root":
            return cls(value, "root", account)
        if service == "iam" and resource.startswith("user/"):
            return cls(value, "user", account)
        if service == "iam" and resource.startswith("role/"):
            return cls(value, "role", account, role_arn=value)
        if service == "sts" and resource.startswith("assumed-role/"):
            role_name = resource.split("/")[1]
            role = f"arn:{partition}:iam::{account}:role/{role_name}"
            return cls(value, "session", account, role_arn=role)
        if service == "sts" and resource.startswith("federated-user/"):
            return cls(value, "federated", account)
        raise ValueError(f"not a principal ARN: {value!r}")


Grant = Literal["everyone", "account", "direct", "role", "service", "none"]
"""How a ``Principal`` element covers the request's principal (resource policies treat each
differently in the same account; see ``decide``)."""


def principal_grant(policy_type: str, value: str, principal: RequestPrincipal) -> Grant:
    """How one ``Principal`` entry (type, value) covers ``principal``."""
    if value == "*" and policy_type in ("*", "AWS"):
        return "everyone"
    if policy_type == "Service":
        return "service" if principal.kind == "service" and value == principal.arn else "none"
    if policy_type != "AWS":
        return "direct" if value == principal.arn else "none"
    if principal.account is None:
        return "none"
    if value == principal.account or _is_account_root(value, principal.account):
        return "account"
    if value == principal.arn:
        return "direct" if principal.kind in ("user", "session", "federated", "root") else "role"
    if principal.role_arn is not None and value == principal.role_arn:
        return "role"
    return "none"


def _is_account_root(value: str, account: str) -> bool:
    parts = value.split(":")
    return len(parts) == 6 and parts[2] == "iam" and parts[4] == account and parts[5] == "root"
