"""IAM: account settings, the root user, users, groups, roles and managed policies.

Shapes follow ``GetAccountAuthorizationDetails``, ``GenerateCredentialReport`` /
``GetCredentialReport``, ``GetAccountPasswordPolicy`` and ``GetAccountSummary``.
"""

from __future__ import annotations

from datetime import datetime
from typing import ClassVar, Literal

from .base import Frozen, JsonDict, Resource
from .secrets import SecretFinding

_IAM_LIST = ("iam:GetAccountAuthorizationDetails",)


class PasswordPolicy(Frozen):
    """The account password policy (``GetAccountPasswordPolicy``)."""

    minimum_length: int = 6
    require_symbols: bool = False
    require_numbers: bool = False
    require_uppercase: bool = False
    require_lowercase: bool = False
    allow_users_to_change: bool = False
    max_age_days: int | None = None
    reuse_prevention: int | None = None
    hard_expiry: bool = False


class RootUser(Frozen):
    """The root user's row of the credential report."""

    mfa_active: bool
    password_enabled: bool = True
    password_last_used: datetime | None = None
    access_key_1_active: bool = False
    access_key_2_active: bool = False
    hardware_mfa: bool | None = None
    """False when the root MFA is a virtual device; None when that could not be told."""
    access_key_1_last_used: datetime | None = None
    """When root's first access key last signed a request (the report's
    ``access_key_1_last_used_date``); None when it never did ("N/A"), read only where
    ``access_key_use_collected`` is True."""
    access_key_2_last_used: datetime | None = None
    """The same for the second access key (``access_key_2_last_used_date``)."""
    access_key_use_collected: bool = False
    """True when both last-used columns were read from the report. Snapshots written before
    incloud collected them load with False (the fields are new, with defaults, so
    ``SCHEMA_VERSION`` stays 3): the two None dates then mean "not read", and a check must say
    unknown about root key use, never "not used"."""


class IamAccount(Resource):
    """Account-wide IAM settings: one per account.

    ``password_policy`` is None when the account has none (a gap on
    ``iam:GetAccountPasswordPolicy`` says when it could not be read instead).
    """

    kind: Literal["iam.account"] = "iam.account"
    password_policy: PasswordPolicy | None = None
    root: RootUser | None = None
    summary: dict[str, int] = {}

    service: ClassVar[str] = "iam"
    listed_by: ClassVar[tuple[str, ...]] = ()

    def in_use(self) -> bool:
        """Account settings exist in every account."""
        return False


class AccessKey(Frozen):
    """One access key of a user, from the credential report."""

    number: int
    active: bool
    last_rotated: datetime | None = None
    last_used: datetime | None = None


class IamPrincipal(Resource):
    """What IAM users and roles share: identity-based policies, a boundary, tags. Not a
    snapshot kind itself; checks that judge every principal take this type.
    """

    path: str = "/"
    created: datetime | None = None
    attached_policy_arns: tuple[str, ...] = ()
    inline_policies: dict[str, JsonDict] = {}
    permissions_boundary_arn: str | None = None
    tags: dict[str, str] = {}
    tag_secrets: tuple[SecretFinding, ...] = ()
    """Tag values that looked like secrets (stored masked in ``tags``)."""

    service: ClassVar[str] = "iam"
    listed_by: ClassVar[tuple[str, ...]] = _IAM_LIST


class IamUser(IamPrincipal):
    """An IAM user, joined with its credential-report row."""

    kind: Literal["iam.user"] = "iam.user"
    user_id: str = ""
    groups: tuple[str, ...] = ()
    password_enabled: bool = False
    password_last_used: datetime | None = None
    mfa_active: bool = False
    access_keys: tuple[AccessKey, ...] = ()
    """Every access key the user has, active or not (IAM allows two whatever their status);
    snapshots collected before incloud kept inactive keys list only the active ones."""


class IamGroup(Resource):
    """An IAM group."""

    kind: Literal["iam.group"] = "iam.group"
    path: str = "/"
    attached_policy_arns: tuple[str, ...] = ()
    inline_policies: dict[str, JsonDict] = {}

    service: ClassVar[str] = "iam"
    listed_by: ClassVar[tuple[str, ...]] = _IAM_LIST


class IamRole(IamPrincipal):
    """An IAM role with its trust policy."""

    kind: Literal["iam.role"] = "iam.role"
    trust_policy: JsonDict = {}
    instance_profile_arns: tuple[str, ...] = ()
    last_used: datetime | None = None

    @property
    def is_service_linked(self) -> bool:
        """Service-linked roles live under ``/aws-service-role/`` and AWS manages them."""
        return self.path.startswith("/aws-service-role/")

    def in_use(self) -> bool:
        """Service-linked roles are created by AWS services, not by the customer."""
        return not self.is_service_linked


class IamPolicy(Resource):
    """A managed policy (customer or AWS managed) with its default version's document."""

    kind: Literal["iam.policy"] = "iam.policy"
    aws_managed: bool = False
    default_version_id: str = "v1"
    document: JsonDict = {}
    version_count: int = 1
    attachment_count: int = 0

    service: ClassVar[str] = "iam"
    listed_by: ClassVar[tuple[str, ...]] = _IAM_LIST

    def in_use(self) -> bool:
        """AWS managed policies exist in every account."""
        return not self.aws_managed


class IamServerCertificate(Resource):
    """A server certificate stored in IAM (legacy; ACM is preferred)."""

    kind: Literal["iam.server-certificate"] = "iam.server-certificate"
    expiration: datetime | None = None

    service: ClassVar[str] = "iam"
    listed_by: ClassVar[tuple[str, ...]] = ("iam:ListServerCertificates",)
