"""An AWS session for collection: credentials, identity, regions and guarded clients.

Every client made here carries the read-only guard and the call counter, uses botocore's
``standard`` retry mode, and is cached per (service, region) so threads share them (boto3
clients are thread-safe; creating them is not, hence the lock).
"""

from __future__ import annotations

import os
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any, Protocol
from urllib.parse import urlsplit

import boto3
import botocore.config
import botocore.exceptions
import botocore.parsers

from ..errors import InputError
from . import limits
from .answers import refuse_unreadable_body
from .counter import CallCounter, count_for_current_unit
from .readonly import refuse_writes
from .stopping import refuse_when_stopped

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
    connect_timeout: float = limits.CONNECT_SECONDS
    read_timeout: float = limits.CALL_SECONDS

    def validate(self) -> None:
        """Refuse a malformed role ARN or endpoint URL before any call (InputError)."""
        if self.role_arn is not None and not _ROLE_ARN.fullmatch(self.role_arn):
            raise InputError(
                f"--role-arn {self.role_arn[:200]!r} is not an IAM role ARN "
                "(arn:aws:iam::123456789012:role/NAME)"
            )
        if self.endpoint_url is not None:
            check_endpoint_url(self.endpoint_url, "--endpoint-url")
        for timeout in (self.connect_timeout, self.read_timeout):
            if not timeout > 0:
                raise InputError(f"timeouts must be positive, not {timeout}")


_ROLE_ARN = re.compile(r"arn:aws(-[a-z]+)*:iam::\d{12}:role/[\w+=,.@/-]{1,512}")
"""IAM User Guide, "IAM identifiers": role ARNs, with an optional path, in any partition."""


def check_endpoint_url(url: str, source: str) -> None:
    """InputError unless ``url`` is an http(s) URL with a host (``source`` names where the
    URL came from: the option or the environment variable).
    """
    try:
        parts = urlsplit(url)
        port_ok = parts.port is None or 0 < parts.port < 65536
    except ValueError:
        port_ok = False
        parts = urlsplit("")
    if parts.scheme not in ("http", "https") or not parts.hostname or not port_ok:
        raise InputError(f"{source} {url[:200]!r} is not an http(s) URL with a host")


Limiter = Callable[[str, str, str], Callable[..., None]]
"""Makes the botocore ``before-send`` hook that paces one (account, region, service)'s
requests (see :mod:`.ratelimit`)."""


class ClientSource(Protocol):
    """Where a session's clients come from when it has none of its own (the member
    accounts of an organisation scan share them: see :mod:`.shared_clients`).
    """

    def client(self, service: str, region: str) -> Any:
        """The guarded client for ``service`` in ``region``."""
        ...


@dataclass
class AwsSession:
    """A guarded, counted view of one AWS account."""

    options: SessionOptions
    boto: Any
    account_id: str
    partition: str
    counter: CallCounter = field(default_factory=CallCounter)
    limiter: Limiter | None = None
    """Paces requests per (account, region, service) when set (organisation scans)."""
    shared: ClientSource | None = None
    """Clients shared with other accounts, signing for whichever account the calling thread
    works for (organisation scans); None: this session makes its own."""
    _clients: ClientCache = field(init=False)

    def __post_init__(self) -> None:
        self._clients = ClientCache(self._make_client)

    def client(self, service: str, region: str) -> Any:
        """A cached, guarded boto3 client for ``service`` in ``region``."""
        if self.shared is not None:
            return self.shared.client(service, region)
        return self._clients.get(service, region)

    def _make_client(self, service: str, region: str) -> Any:
        emulated = self.options.endpoint_url is not None
        client = new_client(self.boto, self.options, service, region)
        guard(client, self.counter)
        if self.limiter is not None:
            # before-send fires once per HTTP attempt: retries spend the budget too.
            client.meta.events.register(
                "before-send.*.*", self.limiter(self.account_id, region, service)
            )
        if emulated and service == "s3control":
            client.meta.events.register("before-send.s3-control", strip_account_host_prefix)
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
        except (botocore.exceptions.BotoCoreError, botocore.parsers.ResponseParserError) as error:
            raise InputError(f"cannot list regions: {_one_line(error)}") from None
        listed = answer.get("Regions")
        if not isinstance(listed, list) or not all(isinstance(r, dict) for r in listed):
            raise InputError("cannot list regions: the endpoint's answer has no region list")
        enabled = sorted(
            str(r.get("RegionName"))
            for r in listed
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


class ClientCache:
    """Clients made once per (service, region) by ``make``, shared by every thread (boto3
    clients are thread-safe; creating them is not, hence the lock).
    """

    def __init__(self, make: Callable[[str, str], Any]) -> None:
        self._make = make
        self._clients: dict[tuple[str, str], Any] = {}
        self._lock = threading.Lock()

    def get(self, service: str, region: str) -> Any:
        """The client for ``service`` in ``region``, made on first use."""
        key = (service, region)
        with self._lock:
            if key not in self._clients:
                self._clients[key] = self._make(service, region)
            return self._clients[key]

    def __len__(self) -> int:
        with self._lock:
            return len(self._clients)


def new_client(boto: Any, options: SessionOptions, service: str, region: str) -> Any:
    """A bare boto3 client of ``boto`` with incloud's endpoint, retries and timeouts (not yet
    guarded: see :func:`guard`).
    """
    return boto.client(
        service,
        region_name=region,
        endpoint_url=options.endpoint_url,
        config=client_config(options),
    )


def client_config(options: SessionOptions) -> botocore.config.Config:
    """Retries, timeouts and pool size for every client, the STS ones included."""
    emulated = options.endpoint_url is not None
    return botocore.config.Config(
        retries={
            "mode": "standard",
            # botocore's "max_attempts" counts retries only; this counts every attempt.
            "total_max_attempts": 1 if emulated else options.max_attempts,
        },
        connect_timeout=options.connect_timeout,
        read_timeout=options.read_timeout,
        max_pool_connections=16,
        user_agent_extra="incloud",
    )


def guard(client: Any, counter: CallCounter | None = None) -> None:
    """Attach the read-only guard, the stop check (:mod:`.stopping`), the answer check
    (:mod:`.answers`) and, optionally, the call counter to a boto3 client.
    """
    client.meta.events.register_first("before-call.*.*", refuse_writes)
    client.meta.events.register("before-call.*.*", refuse_when_stopped)
    client.meta.events.register("before-parse.*.*", refuse_unreadable_body)
    if counter is not None:
        client.meta.events.register("before-call.*.*", counter.on_call)
        client.meta.events.register("before-call.*.*", count_for_current_unit)


def strip_account_host_prefix(request: Any, **_: Any) -> None:
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
    return _one_line(f"{err.get('Code', 'Unknown')}: {err.get('Message', '')}".strip())


def _one_line(error: object) -> str:
    """An error's text on one line, shortened (it may quote a file or an endpoint)."""
    return " ".join(str(error).split())[:300]


def open_session(options: SessionOptions) -> AwsSession:
    """Resolve credentials (profile, then role), identity, partition and the endpoint.

    An endpoint set in the AWS configuration (``AWS_ENDPOINT_URL`` or ``endpoint_url`` in
    the profile) is treated exactly like ``--endpoint-url``. Raises :class:`InputError` for
    a bad option, a missing profile, unreadable configuration, missing, partial or failing
    credentials, or a failed AssumeRole, so the CLI can print one line and exit 2.
    """
    options.validate()
    try:
        return _open(options)
    except botocore.exceptions.ProfileNotFound:
        raise InputError(f"AWS profile {options.profile!r} not found") from None
    except (
        botocore.exceptions.NoCredentialsError,
        botocore.exceptions.PartialCredentialsError,
    ) as error:
        raise InputError(
            f"{_credentials_problem(error)} (set a profile with --profile, "
            "environment variables, or an instance role)"
        ) from None
    except botocore.exceptions.ClientError as error:
        raise InputError(f"credentials rejected: {_error_line(error)}") from None
    except botocore.parsers.ResponseParserError:
        where = options.endpoint_url or "AWS STS"
        raise InputError(
            f"{where} did not answer like AWS STS (its answer is not an API response)"
        ) from None
    except botocore.exceptions.BotoCoreError as error:
        raise InputError(f"AWS configuration or credentials: {_one_line(error)}") from None


def _credentials_problem(error: Exception) -> str:
    if isinstance(error, botocore.exceptions.PartialCredentialsError):
        return f"incomplete AWS credentials: {_one_line(error)}"
    return "no AWS credentials found"


def _open(options: SessionOptions) -> AwsSession:
    base = boto3.Session(profile_name=options.profile, region_name=options.default_region)
    options = _with_configured_endpoint(base, options)
    _resolve_credentials(base)
    boto = _assume_role(base, options) if options.role_arn else base
    sts = boto.client(
        "sts",
        endpoint_url=options.endpoint_url,
        region_name=options.default_region,
        config=client_config(options),
    )
    guard(sts)
    try:
        identity = sts.get_caller_identity()
    except (botocore.exceptions.HTTPClientError, botocore.exceptions.ConnectionError) as error:
        raise InputError(f"cannot reach AWS STS: {_one_line(error)}") from None
    arn, account = identity.get("Arn"), identity.get("Account")
    if not isinstance(arn, str) or arn.count(":") < 5 or not isinstance(account, str):
        raise InputError("cannot read the caller identity: STS gave no ARN and account")
    return AwsSession(options=options, boto=boto, account_id=account, partition=arn.split(":")[1])


SOURCE_ANSWER_ERRORS = (AttributeError, TypeError, ValueError, KeyError)
"""What botocore raises when a credential source (``credential_process``, a container or
SSO cache file) answers with JSON of the wrong shape: it reads the answer unchecked."""


def _resolve_credentials(boto: Any) -> None:
    """Resolve the session's credentials now, so every way they can fail is reported here."""
    try:
        credentials = boto.get_credentials()
    except SOURCE_ANSWER_ERRORS as error:
        raise InputError(
            "AWS configuration or credentials: the credential source gave an unreadable "
            f"answer ({type(error).__name__})"
        ) from None
    if credentials is None:
        raise botocore.exceptions.NoCredentialsError()


def _with_configured_endpoint(base: Any, options: SessionOptions) -> SessionOptions:
    """``options`` with the endpoint the AWS configuration sets, when the option does not."""
    if options.endpoint_url is not None:
        return options
    # botocore's global endpoint: the environment variable, then the profile's setting
    # (botocore.configprovider.ConfiguredEndpointProvider, "global" locations).
    configured = os.environ.get("AWS_ENDPOINT_URL") or base._session.get_scoped_config().get(
        "endpoint_url"
    )
    ignored = base._session.get_config_variable("ignore_configured_endpoint_urls")
    if not configured or ignored:
        return options
    check_endpoint_url(str(configured), "AWS_ENDPOINT_URL (or endpoint_url in the profile)")
    return replace(options, endpoint_url=str(configured))


def _assume_role(base: Any, options: SessionOptions) -> Any:
    sts = base.client("sts", endpoint_url=options.endpoint_url, region_name=options.default_region)
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
    except (botocore.exceptions.HTTPClientError, botocore.exceptions.ConnectionError) as error:
        raise InputError(f"cannot reach AWS STS to assume the role: {_one_line(error)}") from None
    return boto3.Session(
        aws_access_key_id=creds["AccessKeyId"],
        aws_secret_access_key=creds["SecretAccessKey"],
        aws_session_token=creds["SessionToken"],
        region_name=options.default_region,
    )
