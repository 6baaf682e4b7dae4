"""Member accounts share clients: each request is signed, counted and paced for the account
the calling thread works for, never for another, and never for none.
"""

from __future__ import annotations

import threading
from collections import Counter
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from incloud.collect.org.enter import OrgRole, enter_account
from incloud.collect.readonly import WriteRefused
from incloud.collect.session import AwsSession, SessionOptions, open_session
from incloud.collect.shared_clients import Acting, NotActingError, SharedClients
from incloud.collect.stopping import working_for
from incloud.demo.org import OrgSeed


@pytest.fixture(scope="module")
def management(org: tuple[str, OrgSeed], monkeypatch_module: pytest.MonkeyPatch) -> AwsSession:
    return open_session(SessionOptions(endpoint_url=org[0]))


@pytest.fixture(scope="module")
def monkeypatch_module() -> Any:
    with pytest.MonkeyPatch.context() as patch:
        for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"):
            patch.setenv(name, "testing")
        yield patch


def entered(seed: OrgSeed) -> list[str]:
    return [a.account_id for a in seed.accounts if not a.role_missing]


def test_each_thread_reads_its_own_account_through_one_client(
    org: tuple[str, OrgSeed], management: AwsSession
) -> None:
    shared = SharedClients(management)
    accounts = entered(org[1])[:4]
    sessions = [enter_account(management, a, OrgRole(), shared) for a in accounts]
    seen: dict[str, list[str]] = {}
    start = threading.Barrier(len(sessions))

    def read(session: AwsSession) -> None:
        start.wait()
        with working_for(Acting(session)):
            for _ in range(5):  # interleaved with the other threads' calls
                identity = session.client("sts", "us-east-1").get_caller_identity()
                seen.setdefault(session.account_id, []).append(identity["Account"])

    threads = [threading.Thread(target=read, args=(s,)) for s in sessions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert {account: set(ids) for account, ids in seen.items()} == {a: {a} for a in accounts}
    assert sessions[0].client("sts", "us-east-1") is sessions[1].client("sts", "us-east-1")
    # entering made 2 clients (sts, iam) and the reads none more: shared, not per account
    assert len(shared) == 2
    # every call is counted for its own account: entering (2 calls) and the 5 reads
    for session in sessions:
        counted = Counter({c.operation: c.count for c in session.counter.snapshot()})
        assert counted["GetCallerIdentity"] == 6


def test_a_shared_client_outside_any_accounts_work_refuses_to_sign(
    org: tuple[str, OrgSeed], management: AwsSession
) -> None:
    shared = SharedClients(management)
    session = enter_account(management, entered(org[1])[0], OrgRole(), shared)
    client = session.client("sts", "us-east-1")
    with pytest.raises(NotActingError):
        client.get_caller_identity()


def test_shared_clients_are_read_only(org: tuple[str, OrgSeed], management: AwsSession) -> None:
    shared = SharedClients(management)
    session = enter_account(management, entered(org[1])[0], OrgRole(), shared)
    with working_for(Acting(session)), pytest.raises(WriteRefused):
        session.client("s3", "us-east-1").create_bucket(Bucket="never-made")


def test_requests_are_paced_in_the_acting_accounts_bucket(
    org: tuple[str, OrgSeed], management: AwsSession
) -> None:
    taken: list[tuple[str, str, str]] = []

    def limiter(account: str, region: str, service: str) -> Any:
        return lambda **_: taken.append((account, region, service))

    management.limiter = limiter
    try:
        shared = SharedClients(management)
        first, second = entered(org[1])[:2]
        sessions = [enter_account(management, a, OrgRole(), shared) for a in (first, second)]
    finally:
        management.limiter = None
    taken.clear()
    for session in sessions:
        with working_for(Acting(session)):
            session.client("iam", "us-east-1").list_roles()
    assert taken == [(first, "us-east-1", "iam"), (second, "us-east-1", "iam")]


def test_credentials_about_to_expire_are_renewed_before_signing(
    org: tuple[str, OrgSeed], management: AwsSession
) -> None:
    shared = SharedClients(management)
    account = entered(org[1])[0]
    session = enter_account(management, account, OrgRole(), shared)

    def assumed() -> int:
        return sum(c.count for c in management.counter.snapshot() if c.operation == "AssumeRole")

    before = assumed()
    credentials = session.boto._session.get_credentials()
    # half a minute left: inside botocore's mandatory refresh window (10 minutes)
    credentials._expiry_time = datetime.now(UTC) + timedelta(seconds=30)
    with working_for(Acting(session)):
        identity = session.client("sts", "us-east-1").get_caller_identity()
    assert identity["Account"] == account
    assert assumed() == before + 1
    assert credentials._expiry_time > datetime.now(UTC) + timedelta(minutes=10)
