"""Entering a member account: assuming the organisation role, verified, kept fresh.

The management account's credentials assume ``ROLE`` in each member account (IAM User
Guide, "Accessing member accounts in your organization"). The credentials are refreshable:
botocore renews them shortly before they expire, so a scan that outlives the session
duration keeps working (``RefreshableCredentials``, the mechanism of botocore's own
assume-role provider).

An account the scan cannot enter is never an abort: :class:`AccountUnreachable` says why,
and the coordinator records the account as a coverage gap. Entering is verified twice: the
caller identity must name the account, and the role must exist there (``GetRole``). The
second check costs one call and matters where AssumeRole does not verify the role itself,
as in moto's emulated STS (docs/organizations.md, "How the simulated organisation fakes a
missing role"); a refusal of ``GetRole`` proves nothing either way and is ignored.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

import boto3
import botocore.credentials
import botocore.exceptions
import botocore.session

from ...errors import InputError
from ..session import AwsSession, ClientSource
from ..shared_clients import Acting
from ..stopping import working_for
from ..unit import CALL_ERRORS

DEFAULT_ROLE = "OrganizationAccountAccessRole"
"""The role AWS Organizations creates in every account it creates."""

_ROLE_NAME = re.compile(r"(/[\w+=,.@-]+)*/?[\w+=,.@-]{1,64}")
"""IAM User Guide, "IAM identifiers": a role name, optionally after a path."""


@dataclass(frozen=True)
class OrgRole:
    """The role assumed in every member account, and how."""

    name: str = DEFAULT_ROLE
    external_id: str | None = None
    duration_seconds: int = 3600
    session_name: str = "incloud-org-scan"

    def validate(self) -> None:
        """InputError for a malformed role name or a duration STS would refuse."""
        if not _ROLE_NAME.fullmatch(self.name):
            raise InputError(f"--org-role {self.name[:100]!r} is not an IAM role name")
        if not 900 <= self.duration_seconds <= 43200:
            raise InputError("--session-duration must be between 900 and 43200 seconds")

    def arn(self, partition: str, account_id: str) -> str:
        """The role's ARN in ``account_id``."""
        return f"arn:{partition}:iam::{account_id}:role/{self.name.strip('/')}"


class AccountUnreachable(Exception):  # noqa: N818 - an outcome, reported as a gap
    """The scan cannot work in an account: ``code`` and ``message`` say why."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message


def enter_account(
    management: AwsSession, account_id: str, role: OrgRole, clients: ClientSource | None = None
) -> AwsSession:
    """A session in ``account_id`` through ``role`` (:class:`AccountUnreachable` if not),
    with clients of its own or, given ``clients``, those shared with the other members.
    """
    options = replace(management.options, role_arn=None, external_id=None, regions=None)
    role_arn = role.arn(management.partition, account_id)
    sts = management.client("sts", options.default_region)

    def fetch() -> dict[str, str]:
        params: dict[str, Any] = {
            "RoleArn": role_arn,
            "RoleSessionName": role.session_name,
            "DurationSeconds": role.duration_seconds,
        }
        if role.external_id:
            params["ExternalId"] = role.external_id
        credentials = sts.assume_role(**params)["Credentials"]
        expiry = credentials["Expiration"]
        return {
            "access_key": credentials["AccessKeyId"],
            "secret_key": credentials["SecretAccessKey"],
            "token": credentials["SessionToken"],
            "expiry_time": expiry.isoformat() if isinstance(expiry, datetime) else str(expiry),
        }

    try:
        metadata = fetch()
    except CALL_ERRORS as error:
        message = f"cannot assume {role_arn}: {_text(error)}"
        raise AccountUnreachable(_code(error), message) from None
    core = botocore.session.get_session()
    # Service models are read-only data: every member session reads them through the
    # management session's loader, so fifty accounts parse EC2's model once, not fifty
    # times (about 60 MB per account otherwise).
    core.register_component("data_loader", management.boto._session.get_component("data_loader"))
    core._credentials = botocore.credentials.RefreshableCredentials.create_from_metadata(
        metadata=metadata, refresh_using=fetch, method="sts-assume-role"
    )
    boto = boto3.Session(botocore_session=core, region_name=options.default_region)
    session = AwsSession(
        options=options,
        boto=boto,
        account_id=account_id,
        partition=management.partition,
        limiter=management.limiter,
        shared=clients,
    )
    with working_for(Acting(session)):
        _verify(session, role)
    return session


def _verify(session: AwsSession, role: OrgRole) -> None:
    """The credentials act in the expected account, and the role exists there."""
    region = session.options.default_region
    try:
        identity = session.client("sts", region).get_caller_identity()
    except CALL_ERRORS as error:
        message = f"cannot read the assumed role's identity: {_text(error)}"
        raise AccountUnreachable(_code(error), message) from None
    if identity.get("Account") != session.account_id:
        raise AccountUnreachable(
            "WrongAccount",
            f"assuming the role gave credentials for account {identity.get('Account')!r}",
        )
    role_name = role.name.strip("/").rsplit("/", 1)[-1]
    try:
        session.client("iam", region).get_role(RoleName=role_name)
    except botocore.exceptions.ClientError as error:
        if _code(error) == "NoSuchEntity":
            raise AccountUnreachable(
                "RoleNotFound", f"role {role.name} does not exist in account {session.account_id}"
            ) from None
    except CALL_ERRORS:
        pass  # could not ask; AssumeRole succeeding is the evidence that counts


def account_regions(session: AwsSession, wanted: tuple[str, ...] | None) -> tuple[str, ...]:
    """The account's enabled regions, limited to ``wanted`` when given (a region the account
    has not enabled holds nothing to scan there).
    """
    try:
        with working_for(Acting(session)):
            enabled = session.enabled_regions()
    except InputError as error:
        raise AccountUnreachable("RegionsUnreadable", str(error)) from None
    return enabled if wanted is None else tuple(r for r in enabled if r in wanted)


def _code(error: Exception) -> str:
    if isinstance(error, botocore.exceptions.ClientError):
        return str(error.response.get("Error", {}).get("Code", "Unknown"))
    return type(error).__name__


def _text(error: Exception) -> str:
    if isinstance(error, botocore.exceptions.ClientError):
        message = str(error.response.get("Error", {}).get("Message", ""))
        return f"{_code(error)}: {' '.join(message.split())[:250]}"
    return " ".join(str(error).split())[:250]
