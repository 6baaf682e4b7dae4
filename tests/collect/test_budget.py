"""Slow and hung calls: a unit's time budget, abandoning a unit that will not finish, Ctrl-C,
and progress that names the slow units.

A ``before-send`` handler on the session's cached client stands in for a slow endpoint: it
sleeps before moto answers, as a server that takes its time would.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest

from incloud.cli.running import SlowUnits
from incloud.collect.registry import all_collectors
from incloud.collect.runner import CollectionInterruptedError, Status, collect
from incloud.collect.session import AwsSession
from incloud.snapshot.coverage import coverage
from incloud.snapshot.kms import KmsKey
from tests.collect.moto_account import make_session, raw_client

RELEASE = threading.Event()
"""Set at the end of each test: hung handlers return, so no thread outlives the mock."""


@pytest.fixture
def fast_session(aws: None) -> Iterator[AwsSession]:
    """A session whose calls give up quickly (so a unit's grace period is short)."""
    raw_client("kms").create_key(Description="k")
    RELEASE.clear()
    yield make_session(connect_timeout=0.2, read_timeout=0.2, max_attempts=1)
    RELEASE.set()


def _slow(session: AwsSession, event: str, seconds: float) -> None:
    def sleep(**_: Any) -> None:
        RELEASE.wait(seconds)

    service = event.split(".")[1]
    session.client(service, "us-east-1").meta.events.register_first(
        f"before-send.{event.split('.', 1)[1]}", sleep
    )


def test_a_unit_past_its_budget_records_what_it_did_not_read(fast_session: AwsSession) -> None:
    _slow(fast_session, "before-send.kms.ListKeys", 1.2)

    snapshot = collect(fast_session, services=["kms"], unit_seconds=1.0)

    late = {g.operation for g in snapshot.gaps if g.error_code == "UnitTimeBudgetExceeded"}
    assert late and late <= {"ListAliases", "DescribeKey", "GetKeyRotationStatus", "GetKeyPolicy"}
    assert all(g.region == "us-east-1" for g in snapshot.gaps)  # eu-west-1 finished in time


def test_a_unit_that_will_not_finish_is_abandoned_and_recorded(fast_session: AwsSession) -> None:
    _slow(fast_session, "before-send.kms.ListKeys", 60)  # ignores every timeout
    started = time.monotonic()

    snapshot = collect(fast_session, services=["kms"], unit_seconds=1.0)

    assert time.monotonic() - started < 5  # budget 1 s + grace 0.4 s + a tick
    abandoned = {g.action for g in snapshot.gaps if g.region == "us-east-1"}
    assert abandoned == set(all_collectors()["kms"].operations)
    assert {g.error_code for g in snapshot.gaps} == {"UnitTimeBudgetExceeded"}
    assert [k.region for k in snapshot.of_type(KmsKey)] == []  # us-east-1's key is unknown


def test_ctrl_c_stops_within_a_tick_and_keeps_what_was_collected(
    fast_session: AwsSession,
) -> None:
    _slow(fast_session, "before-send.kms.ListKeys", 60)
    seen: list[Status] = []

    def interrupt_once_iam_is_done(status: Status) -> None:
        seen.append(status)
        if status.done >= 2:  # s3 and kms in eu-west-1 have finished; kms in us-east-1 hangs
            raise KeyboardInterrupt

    started = time.monotonic()
    with pytest.raises(CollectionInterruptedError) as stopped:
        collect(fast_session, services=["kms", "s3"], progress=interrupt_once_iam_is_done)
    assert time.monotonic() - started < 3
    snapshot = stopped.value.snapshot
    interrupted = {(g.service, g.region) for g in snapshot.gaps if g.error_code == "Interrupted"}
    assert ("kms", "us-east-1") in interrupted
    assert coverage(snapshot).interrupted and coverage(snapshot).incomplete
    assert seen[-1].running and seen[-1].running[0][0] == "kms/us-east-1"


def test_progress_names_the_slowest_units_and_is_quiet_while_all_is_quick() -> None:
    lines: list[str] = []
    note = SlowUnits(lines.append)
    note(Status(3, 10, (("s3/global", 4.0),)))
    assert lines == []
    note(Status(4, 10, (("ec2/us-east-1", 41.0), ("s3/global\x1b[2J", 31.0), ("kms/eu", 2.0))))
    assert lines == [
        "incloud: collected 4 of 10 units; waiting on ec2/us-east-1 (41 s), "
        "s3/global\\x1b[2J (31 s)"
    ]
    note(Status(5, 10, (("ec2/us-east-1", 50.0),)))
    assert len(lines) == 1  # at most once a minute
