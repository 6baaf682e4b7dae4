"""The verdict shared by the "no secrets in configuration" checks, and the checks on tags."""

from __future__ import annotations

from collections.abc import Sequence

from ....snapshot.ec2 import Ec2Instance
from ....snapshot.iam import IamPrincipal
from ....snapshot.secrets import SecretFinding
from ...check import Domain, Outcome, Severity, check, failed, passed
from ...context import Context


def secrets_outcome(findings: Sequence[SecretFinding], where: str) -> Outcome:
    """Fail with the masked findings when any were made in ``where``; pass otherwise."""
    if not findings:
        return passed(f"nothing in the {where} looks like a secret")
    kinds = sorted({f.secret_type for f in findings})
    return failed(
        f"{len(findings)} secret-like value(s) in the {where}: {', '.join(kinds)}",
        secrets=[f"{f.location}: {f.secret_type} ({f.preview})" for f in findings],
    )


_TAGS_DOC = """{title}

Tag values are not secret: anyone allowed to list or describe the {noun} reads them
({api}), and tags are copied into Cost Explorer, AWS Config, CloudTrail and billing
reports. A key, token or password in one has leaked to all of them. incloud scans tag
values with detect-secrets while collecting and keeps only the masked value.

Remediation: remove the tag ({remove}), store the secret in Secrets Manager or Parameter
Store (SecureString) and reference it by name, and rotate the exposed secret.
"""


def _register_tag_check(
    check_id: str, resource: type[Ec2Instance] | type[IamPrincipal], **doc: str
) -> None:
    """One "no secrets in tags" check for ``resource`` (a model with ``tag_secrets``)."""

    def judge(item: Ec2Instance | IamPrincipal, ctx: Context) -> Outcome:
        return secrets_outcome(item.tag_secrets, "tag values")

    check(
        id=check_id,
        domain=Domain.APPLICATION,
        severity=Severity.HIGH,
        resource=resource,
        name=check_id.split(".", 1)[1].replace("-", "_"),
        doc=_TAGS_DOC.format(**doc),
    )(judge)


_register_tag_check(
    "ec2.no-secrets-in-instance-tags",
    Ec2Instance,
    title="Instance tags hold no secrets.",
    noun="instance",
    api="`ec2:DescribeInstances`, `ec2:DescribeTags`",
    remove="`aws ec2 delete-tags --resources INSTANCE_ID --tags Key=KEY`",
)
_register_tag_check(
    "iam.no-secrets-in-principal-tags",
    IamPrincipal,
    title="IAM user and role tags hold no secrets.",
    noun="user or role",
    api="`iam:ListUserTags`, `iam:ListRoleTags`, `iam:GetAccountAuthorizationDetails`",
    remove="`aws iam untag-user --user-name NAME --tag-keys KEY` or `untag-role`",
)
