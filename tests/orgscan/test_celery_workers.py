"""Celery workers against the real Redis and PostgreSQL of this machine: an organisation scan
on two ``incloud worker`` processes, one of them killed with SIGKILL in the middle, loses no
shard and stores none twice.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

from incloud.demo.org import OrgSeed
from incloud.orgscan.plan import account_shards
from incloud.store import ScanStore, open_store

from .conftest import REGIONS, run_cli

redis = pytest.importorskip("redis")
pytest.importorskip("celery")
pytest.importorskip("psycopg")

BROKER = os.environ.get("INCLOUD_TEST_BROKER", "redis://127.0.0.1:6379/14")
STORE = os.environ.get("INCLOUD_TEST_STORE", "postgresql://postgres@127.0.0.1:5432/test")
"""The machine's services (``.ci/run`` starts them where they are not running)."""


@pytest.fixture(scope="module")
def services_up() -> None:
    try:
        redis.Redis.from_url(BROKER).ping()
        open_store(STORE)
    except Exception as error:  # noqa: BLE001 - any failure to reach them means "not here"
        pytest.fail(f"the machine's Redis and PostgreSQL must run (.ci/run starts them): {error}")
    redis.Redis.from_url(BROKER).flushdb()


def start_worker(home: Path, name: str) -> subprocess.Popen[bytes]:
    command = [
        sys.executable,
        "-m",
        "incloud.cli",
        "worker",
        "--broker",
        BROKER,
        "--concurrency",
        "3",
        "--visibility-timeout",
        "8",
        "--name",
        name,
    ]
    env = dict(os.environ, INCLOUD_HOME=str(home))
    # A file, not a pipe: a pipe nobody reads fills up and blocks the worker mid-scan.
    with (home / f"{name.split('@', maxsplit=1)[0]}.log").open("ab") as log:
        return subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=log)


def worker_logs(home: Path) -> str:
    """The workers' own output, for a failure message."""
    return "\n".join(f"{p.name}: {p.read_text()[-3000:]}" for p in sorted(home.glob("kill-*.log")))


@pytest.fixture
def workers(home: Path, services_up: None) -> Iterator[list[subprocess.Popen[bytes]]]:
    started = [
        start_worker(home, f"kill-a@{os.getpid()}"),
        start_worker(home, f"kill-b@{os.getpid()}"),
    ]
    yield started
    for process in started:
        if process.poll() is None:
            process.terminate()
    for process in started:
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()


def newest_scan(store: ScanStore, after: float) -> str | None:
    for record in store.scans(limit=5):
        if record.created_at.timestamp() >= after:
            return record.scan_id
    return None


def test_sigkill_of_a_worker_mid_scan_loses_and_duplicates_no_shard(
    org: tuple[str, OrgSeed], workers: list[subprocess.Popen[bytes]], home: Path
) -> None:
    url, seed = org
    store = open_store(STORE)
    result: dict[str, tuple[int, str, str]] = {}
    began = time.time() - 1

    def coordinate() -> None:
        result["run"] = run_cli(
            "scan",
            "--org",
            "--endpoint-url",
            url,
            "--regions",
            ",".join(REGIONS),
            "--executor",
            "celery",
            "--broker",
            BROKER,
            "--store",
            STORE,
            "--rate-scale",
            "0.5",
            "--stall-timeout",
            "120",
            "--format",
            "json",
        )

    coordinator = threading.Thread(target=coordinate, daemon=True)
    coordinator.start()
    deadline = time.monotonic() + 120
    scan_id = None
    stored = 0
    while time.monotonic() < deadline:
        scan_id = scan_id or newest_scan(store, began)
        if scan_id is not None:
            stored = len(store.shard_keys(scan_id))
            if stored >= 40:
                break
        time.sleep(0.2)
    assert scan_id is not None and stored >= 40, "the workers never got going"
    victim = workers[0]
    victim.send_signal(signal.SIGKILL)
    victim.wait(timeout=10)
    killed_at = len(store.shard_keys(scan_id))

    coordinator.join(timeout=400)
    assert not coordinator.is_alive(), "the scan did not finish after the worker died"
    code, out, err = result["run"]
    report = json.loads(out)

    entries = store.accounts(scan_id)
    planned: set[object] = set()
    for entry in entries.values():
        if entry.entered:
            planned |= set(account_shards(entry.account_id, entry.regions))
    rows = store.shard_rows(scan_id)
    keys = Counter(key for key, _, _ in rows)
    assert set(keys) == planned, "a shard was lost"
    assert max(keys.values()) == 1, "a shard was stored twice"
    assert killed_at < len(planned), "the worker was killed after the scan had finished"
    states = Counter(state for _, state, _ in rows)
    assert set(states) == {"done"}, f"a shard became a gap instead: {states}\n{worker_logs(home)}"
    by_worker = Counter(worker.split(":")[0] for _, _, worker in rows)
    assert len(by_worker) >= 1
    assert len(entries) == len(seed.accounts) + 1
    unreachable = {a.account_id for a in seed.accounts if a.role_missing}
    assert {a["account_id"] for a in report["accounts"] if a["state"] == "unreachable"} == (
        unreachable
    )
    assert all(
        a["state"] == "assessed" for a in report["accounts"] if a["account_id"] not in unreachable
    ), err
    assert code == 3
