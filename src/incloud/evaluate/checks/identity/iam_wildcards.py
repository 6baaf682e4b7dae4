"""Customer-managed policies that allow every action of a service (``s3:*``), decided over
the IAM engine's action universe.
"""

from __future__ import annotations

from ....snapshot.iam import IamPolicy
from ...check import Domain, Outcome, Severity, check, failed, not_applicable, passed, unknown
from ...context import Context
from ...iam.actions import universe
from ...iam.admin import statement_actions
from ...iam.policy import PolicyError, parse_policy

SHOWN_SERVICES = 8
"""How many services a reason names before it says how many more there are."""


@check(
    id="iam.policy-no-service-wildcard",
    domain=Domain.IDENTITY,
    severity=Severity.LOW,
    resource=IamPolicy,
)
def policy_no_service_wildcard(policy: IamPolicy, ctx: Context) -> Outcome:
    """Customer-managed policies do not allow every action of a service.

    `"Action": "s3:*"` grants today's and tomorrow's actions of the service, deletion and
    permission changes included, where the workload needs a few (Security Hub IAM.21; IAM
    User Guide, "Security best practices in IAM": apply least-privilege permissions). An
    Allow statement's `Action` (or `NotAction`) is expanded over the IAM engine's action
    universe, so `s3:*`, `s3:*Object*` covering nothing more, `*`, and a `NotAction` that
    leaves a service whole are judged by the actions they reach; unconditional Deny
    statements of the same policy are subtracted. Resource scope and conditions do not
    change the verdict: the control judges the actions.

    Remediation: list the actions the workload calls (IAM Access Analyzer policy generation,
    or last-accessed information) and publish them as a new default version:
    `aws iam create-policy-version --policy-arn ARN --policy-document file://policy.json
    --set-as-default`; Terraform: the `policy` of `aws_iam_policy`.
    """
    if policy.aws_managed:
        return not_applicable("AWS managed policy")
    try:
        parsed = parse_policy(policy.document, name=policy.name)
    except PolicyError as error:
        return unknown(f"the policy document could not be parsed: {error}")
    allowed = 0
    denied = 0
    for statement in parsed.statements:
        bits = statement_actions(statement).bits
        if statement.effect == "Allow":
            allowed |= bits
        elif not statement.conditions:
            denied |= bits
    effective = allowed & ~denied
    whole = sorted(
        prefix
        for prefix, bits in universe().service_bits().items()
        if bits and effective & bits == bits
    )
    if not whole:
        return passed("no service has every action allowed")
    shown = ", ".join(f"{p}:*" for p in whole[:SHOWN_SERVICES])
    more = len(whole) - SHOWN_SERVICES
    if more > 0:
        shown += f" and {more} more services"
    return failed(
        f"allows every action of {shown}",
        services=whole[:50],
        service_count=len(whole),
        attachments=policy.attachment_count,
    )
