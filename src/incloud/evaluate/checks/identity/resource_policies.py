"""Resource-based policies open to the public or to accounts nobody declared trusted.

Judged by the IAM engine's exposure analysis (``evaluate.iam.exposure``): a statement that lets
in ``*`` is public unless a condition confines the caller to known accounts, an organisation,
a VPC or private networks. Named accounts outside the scan and the ``--trusted-accounts`` list
are untrusted.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from ....snapshot import JsonDict, Resource
from ....snapshot.awslambda import LambdaFunction
from ....snapshot.ecr import EcrRepository
from ....snapshot.efs import EfsFileSystem
from ....snapshot.opensearch import OpenSearchDomain
from ....snapshot.secretsmanager import Secret
from ....snapshot.sns import SnsTopic
from ....snapshot.sqs import SqsQueue
from ...check import Domain, Outcome, Severity, check, failed, not_applicable, passed, unknown
from ...context import Context
from ...iam.exposure import Exposure, PolicyError, analyse

R = TypeVar("R", bound=Resource)


def _exposure_checks(
    kind: type[R],
    service: str,
    noun: str,
    policy_of: Callable[[R], JsonDict | None],
    requires: tuple[str, ...],
) -> None:
    """Register ``<service>.<noun>-policy-not-public`` and ``...-policy-trusted-accounts``."""

    def exposure_of(item: R) -> Exposure | Outcome:
        """The policy's exposure, or the verdict when there is nothing to analyse."""
        document = policy_of(item)
        if document is None:
            return not_applicable(f"the {noun} has no resource policy")
        try:
            return analyse(document, item.account_id, f"{item.name} policy")
        except PolicyError as error:
            return unknown(f"the policy could not be parsed: {error}")

    def public(item: R, ctx: Context) -> Outcome:
        exposure = exposure_of(item)
        if isinstance(exposure, Outcome):
            return exposure
        if exposure.public:
            return failed(
                f"open to anyone: {', '.join(exposure.public)}", statements=list(exposure.public)
            )
        return passed("not open to the public", confined=list(exposure.confined))

    def trusted(item: R, ctx: Context) -> Outcome:
        exposure = exposure_of(item)
        if isinstance(exposure, Outcome):
            return exposure
        strangers = sorted(exposure.accounts - ctx.trusted_accounts)
        foreign_orgs = sorted(exposure.organisations - ctx.trusted_organisations)
        if strangers or foreign_orgs:
            named = [*strangers, *(f"organisation {o}" for o in foreign_orgs)]
            return failed(
                f"grants access to untrusted {', '.join(named)}",
                accounts=strangers,
                organisations=foreign_orgs,
            )
        return passed(
            "only trusted accounts are granted access", accounts=sorted(exposure.accounts)
        )

    public.__doc__ = f"""Resource policies of {noun}s do not let the public in.

    A {noun} policy that allows ``*`` without a condition confining the caller to your accounts,
    organisation or networks lets anyone on the internet use it.

    Remediation: replace ``"Principal": "*"`` with the accounts or roles that need access, or
    add an ``aws:PrincipalOrgID`` / ``aws:SourceAccount`` / ``aws:SourceArn`` condition.
    """
    trusted.__doc__ = f"""Resource policies of {noun}s grant access only to trusted accounts.

    Every account a {noun} policy names can use it with whatever its own identities allow;
    accounts outside your scan and your ``--trusted-accounts`` list, and organisations other
    than yours (``aws:PrincipalOrgID``), deserve a review.

    Remediation: remove the foreign account from the policy, or declare it trusted with
    ``--trusted-accounts`` if the access is intended.
    """
    public.__name__ = f"{noun.replace('-', '_')}_policy_not_public"
    trusted.__name__ = f"{noun.replace('-', '_')}_policy_trusted_accounts"
    check(
        id=f"{service}.{noun}-policy-not-public",
        domain=Domain.IDENTITY,
        severity=Severity.CRITICAL,
        resource=kind,
        requires=requires,
    )(public)
    check(
        id=f"{service}.{noun}-policy-trusted-accounts",
        domain=Domain.IDENTITY,
        severity=Severity.MEDIUM,
        resource=kind,
        requires=requires,
    )(trusted)


_exposure_checks(LambdaFunction, "lambda", "function", lambda f: f.policy, ("lambda:GetPolicy",))
_exposure_checks(SqsQueue, "sqs", "queue", lambda q: q.policy, ("sqs:GetQueueAttributes",))
_exposure_checks(SnsTopic, "sns", "topic", lambda t: t.policy, ("sns:GetTopicAttributes",))
_exposure_checks(
    OpenSearchDomain, "es", "domain", lambda d: d.access_policy, ("opensearch:DescribeDomains",)
)
_exposure_checks(
    Secret, "secretsmanager", "secret", lambda x: x.policy, ("secretsmanager:GetResourcePolicy",)
)
_exposure_checks(
    EcrRepository, "ecr", "repository", lambda r: r.policy, ("ecr:GetRepositoryPolicy",)
)
_exposure_checks(
    EfsFileSystem,
    "elasticfilesystem",
    "file-system",
    lambda f: f.policy,
    ("efs:DescribeFileSystemPolicy",),
)
