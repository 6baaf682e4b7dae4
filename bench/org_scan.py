"""Benchmark organisation scans on a simulated organisation in moto.

Seeds the simulated organisation (``incloud.demo.org``: 50 accounts in 5 OUs, a small workload
in each of 3 regions) on a moto server of its own process, then scans it

* with the local executor (threads in the ``incloud scan`` process), and
* with Celery: two ``incloud worker`` processes, Redis as broker, PostgreSQL as store,

and reports wall time, API calls per account, the peak memory of the coordinator and of each
worker, the busiest second of any shard against its request budget, and moto's CPU share
(moto answers one request at a time: when its CPU is near the wall time, the scan waits on
the emulator, not on its own scheduling). It also scans the first 10 accounts alone, to show
the coordinator's memory does not grow with the number of accounts.

    python bench/org_scan.py                        # 50 accounts, local and Celery
    python bench/org_scan.py --accounts 10 --executors local
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from scan import cpu_seconds, free_port, start_moto

REGIONS = ("us-east-1", "eu-west-1", "ap-southeast-2")
BROKER = os.environ.get("INCLOUD_BENCH_BROKER", "redis://127.0.0.1:6379/13")
STORE = os.environ.get("INCLOUD_BENCH_STORE", "postgresql://postgres@127.0.0.1:5432/test")
INCLOUD = [sys.executable, "-m", "incloud.cli"]
FAKE_CREDENTIALS = {
    "AWS_ACCESS_KEY_ID": "testing",
    "AWS_SECRET_ACCESS_KEY": "testing",
    "AWS_SESSION_TOKEN": "testing",
}


def wait_rss(process: subprocess.Popen[bytes]) -> tuple[int, float]:
    """Wait for ``process``; its exit code and peak resident memory in MB."""
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    return process.returncode, usage.ru_maxrss / 1024


def scan(endpoint: str, home: Path, moto_pid: int, extra: list[str]) -> dict[str, Any]:
    """One organisation scan in a child process; its figures."""
    env = os.environ | FAKE_CREDENTIALS | {"INCLOUD_HOME": str(home)}
    started_cpu = cpu_seconds(moto_pid)
    started = time.perf_counter()
    child = subprocess.Popen(
        [
            *INCLOUD,
            "scan",
            "--org",
            "--endpoint-url",
            endpoint,
            "--regions",
            ",".join(REGIONS),
            "--format",
            "json",
            *extra,
        ],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
    )
    assert child.stdout is not None
    out = child.stdout.read()
    code, rss = wait_rss(child)
    wall = time.perf_counter() - started
    moto = cpu_seconds(moto_pid) - started_cpu
    report = json.loads(out)
    read = [a for a in report["accounts"] if a["state"] != "unreachable"]
    calls = sorted(a["api_calls"] for a in read)
    busiest = max(read, key=lambda a: a["busiest_second"])
    over = [a for a in read if a["busiest_second"] > a["budget_rate"] + a["budget_burst"]]
    return {
        "exit": code,
        "accounts": len(report["accounts"]),
        "read": len(read),
        "not_entered": len(report["accounts"]) - len(read),
        "wall_s": round(wall, 1),
        "api_calls": report["api_calls"],
        "calls_per_account": {"min": calls[0], "median": calls[len(calls) // 2], "max": calls[-1]},
        "coordinator_peak_mb": round(rss, 1),
        "moto_cpu_share": round(moto / wall, 2),
        "busiest_shard": {
            "shard": busiest["busiest_shard"],
            "calls_in_one_second": busiest["busiest_second"],
            "budget_rate": busiest["budget_rate"],
            "budget_burst": busiest["budget_burst"],
        },
        "shards_over_budget": len(over),
    }


def celery_scan(endpoint: str, home: Path, moto_pid: int, workers: int) -> dict[str, Any]:
    """The scan on ``workers`` Celery workers; adds each worker's peak memory."""
    import redis

    redis.Redis.from_url(BROKER).flushdb()
    env = os.environ | FAKE_CREDENTIALS | {"INCLOUD_HOME": str(home)}
    started = [
        subprocess.Popen(
            [
                *INCLOUD,
                "worker",
                "--broker",
                BROKER,
                "--concurrency",
                "8",
                "--name",
                f"bench{n}@%h",
            ],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for n in range(workers)
    ]
    try:
        figures = scan(
            endpoint,
            home,
            moto_pid,
            ["--executor", "celery", "--broker", BROKER, "--store", STORE],
        )
    finally:
        for process in started:
            process.send_signal(signal.SIGTERM)
    figures["worker_peak_mb"] = [round(wait_rss(p)[1], 1) for p in started]
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--accounts", type=int, default=50)
    parser.add_argument("--executors", default="local,celery")
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    os.environ.update(FAKE_CREDENTIALS)
    from incloud.demo.org import seed_organization

    port = free_port()
    moto = start_moto(port)
    endpoint = f"http://127.0.0.1:{port}"
    results: dict[str, Any] = {}
    try:
        seed = seed_organization(endpoint, accounts=args.accounts, regions=REGIONS)
        results["seed"] = {"accounts": len(seed.accounts) + 1, "seconds": round(seed.seconds, 1)}
        with tempfile.TemporaryDirectory() as home:
            if "local" in args.executors:
                results["local"] = scan(endpoint, Path(home), moto.pid, [])
                first = [a.account_id for a in seed.accounts[:9]]
                accounts = ",".join([seed.management_account_id, *first])
                results["local_10_accounts"] = scan(
                    endpoint, Path(home), moto.pid, ["--accounts", accounts]
                )
            if "celery" in args.executors:
                results["celery"] = celery_scan(endpoint, Path(home), moto.pid, args.workers)
    finally:
        moto.terminate()
        moto.wait(timeout=30)
    results["bench_peak_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
