"""Clients shared by every member account of an organisation scan.

Creating a boto3 client costs about 6 ms of CPU (botocore copies its event hooks and builds
a class with a method per operation), and an account needs about a hundred (each service in
each region). Measured on the simulated organisation, that was half the CPU of an
organisation scan: more than the emulator serving every request. So member accounts do not
get clients of their own. One client per (service, region) serves them all, and each
request is signed with the credentials of the account the calling thread works for.

Which account that is, the thread says already: a unit marks its threads with
:func:`~incloud.collect.stopping.working_for` (its own and its fan-out threads), and the
unit knows its session. Work outside a unit (entering an account) marks itself with
:class:`Acting`. A shared client used by a thread that works for no account raises
:class:`NotActingError` before anything is signed: it never falls back to other
credentials. Counting and pacing follow the same thread: each request is counted in the
acting account's counter and takes a token from its (account, region, service) bucket.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import boto3
import botocore.credentials
import botocore.session

from .counter import count_for_current_unit
from .session import AwsSession, ClientCache, guard, new_client, strip_account_host_prefix
from .stopping import current_owner


class NotActingError(RuntimeError):
    """A shared client was called by a thread that works for no account (a bug)."""


@dataclass(frozen=True)
class Acting:
    """Marks a thread as working for ``session`` outside any unit (entering an account);
    use with :func:`~incloud.collect.stopping.working_for`.
    """

    session: AwsSession

    def stop_reason(self) -> tuple[str, str] | None:
        """Never stopped: entering an account is not a unit with a budget."""
        return None


def acting_session() -> AwsSession:
    """The session of the account the calling thread works for."""
    session = getattr(current_owner(), "session", None)
    if not isinstance(session, AwsSession):
        raise NotActingError("a shared client was called outside any account's work")
    return session


class ActingCredentials(botocore.credentials.Credentials):  # type: ignore[misc]
    """Credentials that are, at each request, those of the acting account (its own
    credentials refresh themselves).
    """

    method = "incloud-acting-account"

    def __init__(self) -> None:  # no static keys: there are none to hold
        pass

    def get_frozen_credentials(self) -> botocore.credentials.ReadOnlyCredentials:
        """The acting account's current credentials."""
        credentials = acting_session().boto._session.get_credentials()
        if credentials is None:
            raise NotActingError("the acting account has no credentials")
        frozen: botocore.credentials.ReadOnlyCredentials = credentials.get_frozen_credentials()
        return frozen

    @property
    def access_key(self) -> str:
        """The acting account's access key."""
        return str(self.get_frozen_credentials().access_key)

    @property
    def secret_key(self) -> str:
        """The acting account's secret key."""
        return str(self.get_frozen_credentials().secret_key)

    @property
    def token(self) -> str | None:
        """The acting account's session token."""
        token = self.get_frozen_credentials().token
        return None if token is None else str(token)


class SharedClients:
    """One guarded client per (service, region), for every member account of a scan."""

    def __init__(self, parent: AwsSession) -> None:
        core = botocore.session.get_session()
        # Service models are read-only data: read them once, through the parent's loader.
        core.register_component("data_loader", parent.boto._session.get_component("data_loader"))
        core._credentials = ActingCredentials()
        self.options = parent.options
        self._boto = boto3.Session(botocore_session=core, region_name=parent.options.default_region)
        self._clients = ClientCache(self._make_client)

    def client(self, service: str, region: str) -> Any:
        """The shared client for ``service`` in ``region`` (made on first use)."""
        return self._clients.get(service, region)

    def _make_client(self, service: str, region: str) -> Any:
        client = new_client(self._boto, self.options, service, region)
        guard(client)
        client.meta.events.register("before-call.*.*", _count_for_acting_account)
        client.meta.events.register("before-call.*.*", count_for_current_unit)
        # before-send fires once per HTTP attempt: retries spend the budget too.
        client.meta.events.register("before-send.*.*", _pacer(region, service))
        if self.options.endpoint_url is not None and service == "s3control":
            client.meta.events.register("before-send.s3-control", strip_account_host_prefix)
        return client

    def __len__(self) -> int:
        return len(self._clients)


def _count_for_acting_account(model: Any, **_: Any) -> None:
    """Botocore ``before-call`` hook: count the call for the acting account."""
    acting_session().counter.on_call(model)


def _pacer(region: str, service: str) -> Any:
    """A ``before-send`` hook taking a token of the acting account's bucket for
    (``region``, ``service``), when the account's requests are paced.
    """

    def before_send(**kwargs: Any) -> None:
        session = acting_session()
        if session.limiter is not None:
            session.limiter(session.account_id, region, service)(**kwargs)

    return before_send
