"""An AWS session for collection: credentials, identity, regions and guarded clients.

Every client made here carries the read-only guard and the call counter, uses botocore's
``standard`` retry mode, and is cached per (service, region) so threads share them (boto3
clients are thread-safe; creating them is not, hence the lock).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import Any

import boto3
import botocore.config
import botocore.exceptions

from ..errors import InputError
from .counter import CallCounter
from .readonly import refuse_writes

DEFAULT_MAX_ATTEMPTS = 3
"""botocore's standard-mode default, kept explicit."""

ENABLED_OPT_IN_STATUSES = frozenset({"opt-in-not-required", "opted-in"})
"""``DescribeRegions`` opt-in statuses of regions the account can use."""


@dataclass(frozen=True)
class SessionOptions:
    """How to reach the account: profile or role, regions, and an optional endpoint override.

    ``endpoint_url`` points every client at an emulator (moto's server for the demo). An
    emulator answers unimplemented APIs with HTTP 500, which standard retries would back off
    on; since an emulator never throttles, clients then make a single attempt.
    """

    profile: str | None = None
    role_arn: str | None = None
    external_id: str | None = None
    regions: tuple[str, ...] | None = None
    endpoint_url: str | None = None
    default_region: str = "us-east-1"
    max_attempts: int = DEFAULT_MAX_ATTEMPTS
    connect_timeout: float = 10.0
    read_timeout: float = 30.0


@dataclass
class AwsSession:
    """A guarded, counted view of one AWS account."""

    options: SessionOptions
    boto: Any
    account_id: str
    partition: str
    counter: CallCounter = field(default_factory=CallCounter)
    _clients: dict[tuple[str, str], Any] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def client(self, service: str, region: str) -> Any:
        """A cached, guarded boto3 client for ``service`` in ``region``."""
        key = (service, region)
        with self._lock:
            if key not in self._clients:
                self._clients[key] = self._make_client(service, region)
            return self._clients[key]

    def _make_client(self, service: str, region: str) -> Any:
        emulated = self.options.endpoint_url is not None
        config = botocore.config.Config(
            retries={
                "mode": "standard",
                # botocore's "max_attempts" counts retries only; this counts every attempt.
                "total_max_attempts": 1 if emulated else self.options.max_attempts,
            },
            connect_timeout=self.options.connect_timeout,
            read_timeout=self.options.read_timeout,
            max_pool_connections=16,
            user_agent_extra="incloud",
        )
        client = self.boto.client(
            service, region_name=region, endpoint_url=self.options.endpoint_url, config=config
        )
        guard(client, self.counter)
        if emulated and service == "s3control":
            client.meta.events.register("before-send.s3-control", _strip_account_host_prefix)
        return client

    def arn(self, service: str, region: str, resource: str) -> str:
        """An ARN in this account's partition (``region`` empty for global services)."""
        return f"arn:{self.partition}:{service}:{region}:{self.account_id}:{resource}"

    def enabled_regions(self) -> tuple[str, ...]:
        """The regions to scan: those asked for, checked against the enabled ones."""
        ec2 = self.client("ec2", self.options.default_region)
        try:
            answer = ec2.describe_regions(AllRegions=True)
        except botocore.exceptions.ClientError as error:
            raise InputError(f"cannot list regions: {_error_line(error)}") from None
        enabled = sorted(
            r["RegionName"]
            for r in answer["Regions"]
            if r.get("OptInStatus", "opt-in-not-required") in ENABLED_OPT_IN_STATUSES
        )
        if self.options.regions is None:
            return tuple(enabled)
        unknown = [r for r in self.options.regions if r not in enabled]
        if unknown:
            raise InputError(
                f"region(s) not enabled for account {self.account_id} or unknown: "
                f"{', '.join(unknown)}"
            )
        return self.options.regions


def guard(client: Any, counter: CallCounter | None = None) -> None:
    """Attach the read-only guard (and, optionally, the call counter) to a boto3 client."""
    client.meta.events.register_first("before-call.*.*", refuse_writes)
    if counter is not None:
        client.meta.events.register("before-call.*.*", counter.on_call)


def _strip_account_host_prefix(request: Any, **_: Any) -> None:
    """s3control puts the account id in the host (``<account>.127.0.0.1``), which an
    emulator on a loopback address cannot resolve; send it to the bare endpoint instead.
    """
    scheme, _sep, rest = request.url.partition("://")
    host, _slash, path = rest.partition("/")
    first, dot, remainder = host.partition(".")
    if dot and first.isdigit() and len(first) == 12:
        request.url = f"{scheme}://{remainder}/{path}"


def _error_line(error: botocore.exceptions.ClientError) -> str:
    err = error.response.get("Error", {})
    return f"{err.get('Code', 'Unknown')}: {err.get('Message', '')}".strip()


def open_session(options: SessionOptions) -> AwsSession:
    """Resolve credentials (profile, then role), identity and partition.

    Raises :class:`InputError` for a missing profile, missing credentials or a failed
    AssumeRole, so the CLI can print one line and exit 2.
    """
    try:
        base = boto3.Session(profile_name=options.profile, region_name=options.default_region)
    except botocore.exceptions.ProfileNotFound:
        raise InputError(f"AWS profile {options.profile!r} not found") from None
    boto = base
    if options.role_arn:
        boto = _assume_role(base, options)
    sts = boto.client("sts", endpoint_url=options.endpoint_url, region_name=options.default_region)
    guard(sts)
    try:
        identity = sts.get_caller_identity()
    except botocore.exceptions.NoCredentialsError:
        raise InputError(
            "no AWS credentials found (set a profile with --profile, environment "
            "variables, or an instance role)"
        ) from None
    except botocore.exceptions.ClientError as error:
        raise InputError(f"credentials rejected: {_error_line(error)}") from None
    except botocore.exceptions.BotoCoreError as error:
        raise InputError(f"cannot reach AWS STS: {error}") from None
    partition = str(identity["Arn"]).split(":")[1]
    return AwsSession(
        options=options, boto=boto, account_id=str(identity["Account"]), partition=partition
    )


def _assume_role(base: Any, options: SessionOptions) -> Any:
    sts = base.client("sts", endpoint_url=options.endpoint_url)
    guard(sts)
    params: dict[str, Any] = {"RoleArn": options.role_arn, "RoleSessionName": "incloud"}
    if options.external_id:
        params["ExternalId"] = options.external_id
    try:
        creds = sts.assume_role(**params)["Credentials"]
    except botocore.exceptions.NoCredentialsError:
        raise InputError("no AWS credentials found to assume the role with") from None
    except botocore.exceptions.ClientError as error:
        raise InputError(f"cannot assume {options.role_arn}: {_error_line(error)}") from None
    return boto3.Session(
        aws_access_key_id=creds["AccessKeyId"],
        aws_secret_access_key=creds["SecretAccessKey"],
        aws_session_token=creds["SessionToken"],
        region_name=options.default_region,
    )
