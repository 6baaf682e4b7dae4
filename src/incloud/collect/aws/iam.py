"""IAM collector: bulk calls only, so the call count does not grow with users.

``GetAccountAuthorizationDetails`` returns every user, group, role and managed policy with
their documents (paginated); the credential report gives every user's password, MFA and key
ages in one CSV. See "Getting credential reports for your AWS account" in the IAM User Guide.

botocore's model marks every member of the authorization details' users, groups, roles and
policies optional. Settings are read with ``.get``; names, ARNs, attached policy ARNs and
inline policy names and documents are indexed: AWS omits them only in a malformed answer,
and a principal read without them would misstate who may do what, so the ``KeyError``
becomes a ``CollectorError`` gap (unknown).
"""

from __future__ import annotations

import csv
import io
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import partial
from typing import Any
from urllib.parse import unquote

from ...jsondoc import MAX_DEPTH, JsonDocumentError, nesting_depth, parse_document
from ...snapshot import GLOBAL, JsonDict, Resource
from ...snapshot.iam import (
    AccessKey,
    IamAccount,
    IamGroup,
    IamPolicy,
    IamRole,
    IamServerCertificate,
    IamUser,
    PasswordPolicy,
    RootUser,
)
from ..registry import collector
from ..secrets import scan_tags
from ..unit import Unit

ROOT_ROW = "<root_account>"
REPORT_POLLS = 20
REPORT_POLL_SECONDS = 0.5

_DETAIL_KEYS = ("UserDetailList", "GroupDetailList", "RoleDetailList", "Policies")


@collector(
    service="iam",
    scope="global",
    operations=(
        "iam:GetAccountAuthorizationDetails",
        "iam:GenerateCredentialReport",
        "iam:GetCredentialReport",
        "iam:GetAccountPasswordPolicy",
        "iam:GetAccountSummary",
        "iam:ListVirtualMFADevices",
        "iam:ListServerCertificates",
    ),
)
def collect_iam(unit: Unit) -> Iterator[Resource]:
    """Users, groups, roles, managed policies and the account's IAM settings.

    The credential report is generated (and waited for) while the rest is read.
    """
    report, (details, settings, certificates) = unit.both(
        partial(_credential_report, unit), partial(_listings, unit)
    )
    for user in details["UserDetailList"]:
        yield _user(unit, user, report.get(user["UserName"]))
    for group in details["GroupDetailList"]:
        yield IamGroup(
            arn=group["Arn"],
            name=group["GroupName"],
            account_id=unit.account_id,
            region=GLOBAL,
            path=group.get("Path", "/"),
            attached_policy_arns=_attached(group),
            inline_policies=_inline(group.get("GroupPolicyList", [])),
        )
    for role in details["RoleDetailList"]:
        yield _role(unit, role)
    for policy in details["Policies"]:
        yield _policy(unit, policy)
    yield _account(unit, settings, report.get(ROOT_ROW))
    for certificate in certificates:
        yield IamServerCertificate(
            arn=certificate["Arn"],
            name=certificate["ServerCertificateName"],
            account_id=unit.account_id,
            region=GLOBAL,
            expiration=certificate.get("Expiration"),
        )


@dataclass(frozen=True)
class _Settings:
    """The account-wide IAM answers: password policy, summary, assigned virtual MFA devices."""

    policy: dict[str, Any] | None
    summary: dict[str, Any] | None
    devices: list[Any]


def _listings(unit: Unit) -> tuple[dict[str, list[Any]], _Settings, list[Any]]:
    """Everything but the credential report: the authorization details, the account's
    settings and the server certificates.
    """
    details = unit.page_groups("get_account_authorization_details", _DETAIL_KEYS)
    settings = _Settings(
        policy=unit.call("get_account_password_policy", absent_on=("NoSuchEntity",)),
        summary=unit.call("get_account_summary"),
        devices=unit.pages(
            "list_virtual_mfa_devices", "VirtualMFADevices", AssignmentStatus="Assigned"
        ),
    )
    certificates = unit.pages("list_server_certificates", "ServerCertificateMetadataList")
    return details, settings, certificates


def _account(unit: Unit, settings: _Settings, root_row: dict[str, str] | None) -> IamAccount:
    policy, summary, devices = settings.policy, settings.summary, settings.devices
    root_arn = unit.arn("root")
    root_virtual = any(d.get("User", {}).get("Arn") == root_arn for d in devices)
    root = None
    if root_row is not None:
        mfa = _flag(root_row.get("mfa_active"))
        (known_1, used_1), (known_2, used_2) = _key_use(root_row, 1), _key_use(root_row, 2)
        root = RootUser(
            mfa_active=mfa,
            password_enabled=root_row.get("password_enabled", "not_supported") != "false",
            password_last_used=_time(root_row.get("password_last_used")),
            access_key_1_active=_flag(root_row.get("access_key_1_active")),
            access_key_2_active=_flag(root_row.get("access_key_2_active")),
            hardware_mfa=(mfa and not root_virtual) if mfa else None,
            access_key_1_last_used=used_1,
            access_key_2_last_used=used_2,
            access_key_use_collected=known_1 and known_2,
        )
    return IamAccount(
        arn=root_arn,
        name=unit.account_id,
        account_id=unit.account_id,
        region=GLOBAL,
        password_policy=_password_policy(policy["PasswordPolicy"]) if policy else None,
        root=root,
        # SummaryMap is optional in botocore's model: absent, there are no counts to keep.
        summary=dict((summary or {}).get("SummaryMap") or {}),
    )


def _password_policy(raw: dict[str, Any]) -> PasswordPolicy:
    return PasswordPolicy(
        minimum_length=raw.get("MinimumPasswordLength", 6),
        require_symbols=raw.get("RequireSymbols", False),
        require_numbers=raw.get("RequireNumbers", False),
        require_uppercase=raw.get("RequireUppercaseCharacters", False),
        require_lowercase=raw.get("RequireLowercaseCharacters", False),
        allow_users_to_change=raw.get("AllowUsersToChangePassword", False),
        max_age_days=raw.get("MaxPasswordAge"),
        reuse_prevention=raw.get("PasswordReusePrevention"),
        hard_expiry=raw.get("HardExpiry", False),
    )


def _credential_report(unit: Unit) -> dict[str, dict[str, str]]:
    """Rows of the credential report keyed by user name; empty (with a gap) on failure."""
    for _ in range(REPORT_POLLS):
        state = unit.call("generate_credential_report")
        if state is None:
            return {}
        if state.get("State") == "COMPLETE":
            break
        time.sleep(REPORT_POLL_SECONDS)
    answer = unit.call("get_credential_report")
    if answer is None:
        return {}
    # Content is optional in botocore's model, but it is the report: read as empty, every
    # user would pass for one without passwords or keys. A missing one is a gap instead, as
    # when the call fails, so the checks that read the report say unknown.
    content = answer.get("Content")
    if content is None:
        unit.malformed("get_credential_report", "the answer holds no report (no Content)")
        return {}
    text = content.decode() if isinstance(content, bytes) else str(content)
    return {row["user"]: row for row in csv.DictReader(io.StringIO(text))}


def _user(unit: Unit, raw: dict[str, Any], row: dict[str, str] | None) -> IamUser:
    row = row or {}
    # A key exists when it is active or has a rotation time: an inactive key keeps its
    # ``access_key_N_last_rotated``, which is N/A only where there is no key ("Getting
    # credential reports for your AWS account", IAM User Guide). Inactive keys are kept:
    # IAM allows two keys per user whatever their status ("IAM and AWS STS quotas"), so a
    # user with an inactive key cannot be given a third.
    keys = tuple(
        AccessKey(
            number=n,
            active=_flag(row.get(f"access_key_{n}_active")),
            last_rotated=_time(row.get(f"access_key_{n}_last_rotated")),
            last_used=_time(row.get(f"access_key_{n}_last_used_date")),
        )
        for n in (1, 2)
        if _flag(row.get(f"access_key_{n}_active"))
        or _time(row.get(f"access_key_{n}_last_rotated")) is not None
    )
    return IamUser(
        arn=raw["Arn"],
        name=raw["UserName"],
        account_id=unit.account_id,
        region=GLOBAL,
        user_id=raw.get("UserId", ""),
        path=raw.get("Path", "/"),
        created=raw.get("CreateDate"),
        groups=tuple(raw.get("GroupList", [])),
        attached_policy_arns=_attached(raw),
        inline_policies=_inline(raw.get("UserPolicyList", [])),
        permissions_boundary_arn=raw.get("PermissionsBoundary", {}).get("PermissionsBoundaryArn"),
        password_enabled=_flag(row.get("password_enabled")),
        password_last_used=_time(row.get("password_last_used")),
        mfa_active=_flag(row.get("mfa_active")),
        access_keys=keys,
        **_tags(raw),
    )


def _role(unit: Unit, raw: dict[str, Any]) -> IamRole:
    return IamRole(
        arn=raw["Arn"],
        name=raw["RoleName"],
        account_id=unit.account_id,
        region=GLOBAL,
        path=raw.get("Path", "/"),
        created=raw.get("CreateDate"),
        trust_policy=_document(raw.get("AssumeRolePolicyDocument", {})),
        attached_policy_arns=_attached(raw),
        inline_policies=_inline(raw.get("RolePolicyList", [])),
        permissions_boundary_arn=raw.get("PermissionsBoundary", {}).get("PermissionsBoundaryArn"),
        instance_profile_arns=tuple(p["Arn"] for p in raw.get("InstanceProfileList", [])),
        last_used=raw.get("RoleLastUsed", {}).get("LastUsedDate"),
        **_tags(raw),
    )


def _policy(unit: Unit, raw: dict[str, Any]) -> IamPolicy:
    versions = raw.get("PolicyVersionList", [])
    default: dict[str, Any] = next((v for v in versions if v.get("IsDefaultVersion")), {})
    return IamPolicy(
        arn=raw["Arn"],
        name=raw.get("PolicyName") or raw["Arn"].rsplit("/", 1)[-1],
        account_id=unit.account_id,
        region=GLOBAL,
        aws_managed=":iam::aws:policy/" in raw["Arn"],
        default_version_id=raw.get("DefaultVersionId", "v1"),
        document=_document(default.get("Document", {})),
        version_count=len(versions),
        attachment_count=raw.get("AttachmentCount", 0),
    )


def _attached(raw: dict[str, Any]) -> tuple[str, ...]:
    return tuple(p["PolicyArn"] for p in raw.get("AttachedManagedPolicies", []))


def _inline(policies: list[dict[str, Any]]) -> dict[str, JsonDict]:
    return {p["PolicyName"]: _document(p["PolicyDocument"]) for p in policies}


def _document(value: Any) -> JsonDict:
    """A policy document as a dict; IAM returns it URL-encoded when botocore did not decode.

    A document that cannot be read (not JSON, nested deeper than any policy grammar) raises
    ``JsonDocumentError``: the runner then records the whole IAM unit as a gap, because the
    account-wide analyses (administrators, escalation paths) cannot be decided without it.
    """
    if isinstance(value, dict):
        if nesting_depth(value, stop_above=MAX_DEPTH) > MAX_DEPTH:
            raise JsonDocumentError(f"a policy document nests deeper than {MAX_DEPTH} levels")
        return value
    decoded = parse_document(unquote(str(value)))
    return decoded if isinstance(decoded, dict) else {}


def _tags(raw: dict[str, Any]) -> dict[str, Any]:
    """A principal's ``tags`` (secret-like values masked) and ``tag_secrets``."""
    tags, found = scan_tags({t["Key"]: t["Value"] for t in raw.get("Tags", [])})
    return {"tags": tags, "tag_secrets": found}


def _flag(value: str | None) -> bool:
    return value == "true"


def _key_use(row: dict[str, str], number: int) -> tuple[bool, datetime | None]:
    """Whether the report says when access key ``number`` last signed a request, and when.

    "Getting credential reports for your AWS account" (IAM User Guide, the
    ``access_key_1_last_used_date`` column): an ISO 8601 time, or ``N/A`` when there is no
    key, it was never used, or not since April 22, 2015 (so None, "not used"). A report
    without the column, or with another value, is not known: False, so a check that judges
    key use says unknown rather than "never used".
    """
    value = row.get(f"access_key_{number}_last_used_date")
    if value == "N/A":
        return True, None
    if not value or not value[0].isdigit():
        return False, None
    try:
        used = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:  # digits that are not a time: not a date the report documents
        return False, None
    # The report's times are UTC with an offset; one written without is read as UTC.
    return True, used if used.tzinfo is not None else used.replace(tzinfo=UTC)


def _time(value: str | None) -> datetime | None:
    """A credential-report timestamp; ``N/A``, ``no_information`` and the like are None."""
    if not value or not value[0].isdigit():
        return None
    return datetime.fromisoformat(value.replace("Z", "+00:00"))
