"""Amazon Cognito: threat protection on user pools."""

from __future__ import annotations

from ....snapshot.cognito import CognitoUserPool
from ...check import Domain, Outcome, Severity, check, failed, passed, unknown
from ...context import Context


@check(
    id="cognito-idp.user-pool-threat-protection",
    domain=Domain.COMPLIANCE,
    severity=Severity.MEDIUM,
    resource=CognitoUserPool,
    requires=("cognito-idp:DescribeUserPool",),
)
def user_pool_threat_protection(pool: CognitoUserPool, _: Context) -> Outcome:
    """Cognito user pools enforce threat protection on standard sign-ins.

    Threat protection (formerly advanced security features) scores each sign-in for
    compromised credentials, unusual devices and locations, and in full-function
    (`ENFORCED`) mode blocks or challenges risky ones with MFA; in audit-only mode it just
    records them (Security Hub Cognito.1; Amazon Cognito Developer Guide, "Advanced security
    with threat protection"). It needs the Plus feature plan.

    Remediation: `aws cognito-idp update-user-pool --user-pool-id ID --user-pool-add-ons
    AdvancedSecurityMode=ENFORCED` (with `--user-pool-tier PLUS` on the Lite or Essentials
    plan); Terraform `user_pool_add_ons { advanced_security_mode = "ENFORCED" }` on
    `aws_cognito_user_pool`.
    """
    mode = pool.threat_protection
    if mode is None:
        return unknown("the user pool was not described")
    if mode == "ENFORCED":
        return passed("threat protection is on in full-function (ENFORCED) mode")
    if mode == "AUDIT":
        return failed("threat protection only audits sign-ins (AUDIT mode): nothing is blocked")
    return failed("threat protection is off", mode=mode)
