"""IAM policies that let their holders decrypt with every KMS key, decided by the IAM engine.

Each policy is asked, with :func:`evaluate_request`, whether it allows ``kms:Decrypt`` and
``kms:ReEncryptFrom`` on a key it cannot name: one in its own account, in no real Region,
with an id no policy writes. A statement allowing that reaches every key of the account in
every Region (``"Resource": "*"``, ``arn:aws:kms:*:ACCOUNT:key/*``, ``NotResource`` naming
something else); one naming keys or a Region does not. The key's policy is taken to be KMS's
default (the account may delegate to IAM), so the identity policy alone decides; condition
keys the policy tests are unknown, which leaves a conditional grant "allowed only if".
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

from ....snapshot import JsonDict, Resource
from ....snapshot.iam import IamGroup, IamPolicy, IamRole, IamUser
from ...check import Domain, Outcome, Severity, check, failed, not_applicable, passed, unknown
from ...context import Context
from ...iam.context import UNKNOWN_VALUE, RequestContext
from ...iam.decide import PolicySet, Request, evaluate_request
from ...iam.matching import RequestPrincipal
from ...iam.policy import Policy, PolicyError, parse_policy

DECRYPT_ACTIONS = ("kms:Decrypt", "kms:ReEncryptFrom")
"""The actions Security Hub KMS.1 and KMS.2 look for (their AWS Config rules'
``blockedActionsPatterns``): each reads plaintext out of ciphertext."""

ANY_REGION = "incloud-any-region"
ANY_KEY = "incloud-any-key"


class Grant:
    """What one policy allows on every key: the actions allowed outright, and those allowed
    only under conditions (with the conditions).
    """

    def __init__(self) -> None:
        self.outright: list[str] = []
        self.conditional: dict[str, str] = {}
        self.statements: list[str] = []


@lru_cache(maxsize=4096)
def _key_policy(account: str, partition: str) -> Policy:
    """KMS's default key policy: the account (root) may use the key, so IAM policies decide."""
    return parse_policy(
        {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Effect": "Allow",
                    "Principal": {"AWS": f"arn:{partition}:iam::{account}:root"},
                    "Action": "kms:*",
                    "Resource": "*",
                }
            ],
        },
        kind="resource",
        name="default key policy",
    )


def every_key_grant(document: JsonDict, account: str, partition: str, name: str) -> Grant:
    """What ``document`` allows of :data:`DECRYPT_ACTIONS` on every key of ``account``;
    :class:`PolicyError` when it cannot be parsed.
    """
    policy = parse_policy(document, name=name)
    keys = {c.key for s in policy.statements for c in s.conditions}
    context = RequestContext({key: UNKNOWN_VALUE for key in keys})
    principal = RequestPrincipal.parse(f"arn:{partition}:iam::{account}:role/incloud-any-role")
    key = f"arn:{partition}:kms:{ANY_REGION}:{account}:key/{ANY_KEY}"
    grant = Grant()
    for action in DECRYPT_ACTIONS:
        request = Request(principal=principal, action=action, resource=key, context=context)
        result = evaluate_request(
            request, PolicySet(identity=(policy,), resource=_key_policy(account, partition))
        )
        if result.decision != "Allowed":
            continue
        if result.conditions:
            grant.conditional[action] = "; ".join(result.conditions)
        else:
            grant.outright.append(action)
        grant.statements += [r for r in result.reasons if r.startswith("allowed by identity-based")]
    return grant


def _partition(arn: str) -> str:
    return arn.split(":")[1] if arn.startswith("arn:") and arn.count(":") >= 5 else "aws"


def _judge(documents: Iterable[tuple[str, JsonDict]], resource: Resource) -> Outcome:
    """The verdict over ``(name, document)`` pairs: fail on an outright grant on every key."""
    outright: dict[str, list[str]] = {}
    conditional: dict[str, dict[str, str]] = {}
    statements: dict[str, list[str]] = {}
    broken: list[str] = []
    for name, document in documents:
        try:
            grant = every_key_grant(document, resource.account_id, _partition(resource.arn), name)
        except PolicyError:
            broken.append(name)
            continue
        if grant.outright:
            outright[name] = grant.outright
            statements[name] = sorted(set(grant.statements))
        if grant.conditional:
            conditional[name] = grant.conditional
    if outright:
        shown = "; ".join(f"{n} allows {', '.join(a)}" for n, a in sorted(outright.items()))
        return failed(
            f"decryption with every KMS key of the account: {shown}",
            policies=outright,
            statements=statements,
            conditional=conditional,
        )
    if broken:
        return unknown(f"policy could not be parsed: {', '.join(sorted(broken))}")
    if conditional:
        shown = "; ".join(
            f"{n}: {a} only if {c}"
            for n, grants in sorted(conditional.items())
            for a, c in grants.items()
        )
        return passed(
            f"decryption with every key is allowed only under conditions ({shown})",
            conditional=conditional,
        )
    return passed("no statement allows kms:Decrypt or kms:ReEncryptFrom on every KMS key")


@check(
    id="iam.policy-kms-decrypt-all-keys",
    domain=Domain.IDENTITY,
    severity=Severity.MEDIUM,
    resource=IamPolicy,
)
def policy_kms_decrypt_all_keys(policy: IamPolicy, ctx: Context) -> Outcome:
    """Customer-managed policies do not allow decryption with every KMS key.

    `kms:Decrypt` or `kms:ReEncryptFrom` on `"Resource": "*"` lets whoever holds the policy
    read everything encrypted under any key whose policy defers to IAM (KMS's default), keys
    created later included; least privilege names the keys (Security Hub KMS.1; KMS
    Developer Guide, "Best practices for IAM policies"). Decided by the IAM engine on a key
    the policy cannot name (see the module); a grant limited by conditions (such as
    `kms:ViaService`) passes, its conditions shown.

    Remediation: name the keys in the statement's `Resource`
    (`arn:aws:kms:REGION:ACCOUNT:key/KEY_ID`) and publish a new default version with
    `aws iam create-policy-version --policy-arn ARN --policy-document file://policy.json
    --set-as-default`; Terraform: the `policy` of `aws_iam_policy`.
    """
    if policy.aws_managed:
        return not_applicable("AWS managed policy")
    return _judge([(policy.name, policy.document)], policy)


def _inline_check(kind: type[IamUser | IamGroup | IamRole]) -> None:
    noun = kind.__name__[3:].lower()
    check_id = f"iam.{noun}-inline-kms-decrypt-all-keys"

    def judge(item: IamUser | IamGroup | IamRole, ctx: Context) -> Outcome:
        if isinstance(item, IamRole) and item.is_service_linked:
            return not_applicable("service-linked role: AWS writes its policies")
        if not item.inline_policies:
            return not_applicable("no inline policies")
        return _judge(sorted(item.inline_policies.items()), item)

    check(
        id=check_id,
        domain=Domain.IDENTITY,
        severity=Severity.MEDIUM,
        resource=kind,
        name=check_id.replace(".", "_").replace("-", "_"),
        doc=f"""Inline policies of {noun}s do not allow decryption with every KMS key.

    An inline policy granting `kms:Decrypt` or `kms:ReEncryptFrom` on every key lets the
    {noun} read everything encrypted under any key that defers to IAM, and escapes reviews of
    managed policies (Security Hub KMS.2). Decided by the IAM engine as for
    `iam.policy-kms-decrypt-all-keys`; a grant limited by conditions passes, its conditions
    shown.

    Remediation: name the keys in the statement's `Resource`, then `aws iam put-{noun}-policy
    --{noun}-name NAME --policy-name POLICY --policy-document file://policy.json` (or move
    the grant into a managed policy); Terraform: the `policy` of `aws_iam_{noun}_policy`.
    """,
    )(judge)


for _kind in (IamUser, IamGroup, IamRole):
    _inline_check(_kind)
