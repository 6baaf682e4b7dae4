"""Lambda: who a function's resource policy lets invoke or manage it."""

from __future__ import annotations

from ....snapshot.awslambda import LambdaFunction
from ..factories import resource_policy_checks

function_policy_not_public, function_policy_trusted_accounts = resource_policy_checks(
    prefix="lambda.function",
    resource=LambdaFunction,
    policy=lambda f: f.policy,
    requires=("lambda:GetPolicy",),
)
