"""The IAM policy engine: the policy language, exact request evaluation, and analyses."""

from .decide import PolicySet, Request, Result, evaluate_request
from .policy import Policy, PolicyError, parse_policy

__all__ = [
    "Policy",
    "PolicyError",
    "PolicySet",
    "Request",
    "Result",
    "evaluate_request",
    "parse_policy",
]
