"""Benchmark collecting one account on a moto server, and profile where collection waits.

Starts moto in a process of its own and seeds it with either

* a synthetic account (``--account synthetic``, the default): N IAM users (each with an
  access key), M EC2 instances and K S3 buckets, scanned in us-east-1; or
* the demo company (``--account demo``): what ``incloud demo`` scans, in its regions (or
  ``--regions``),

then collects it in a child process (the library path ``incloud collect`` takes) and
reports the collection's wall time, the CPU the scanner and moto spent during it, API calls
per service and the child's peak memory. moto answers one request at a time (its server is
threaded, but under one GIL): when its CPU is near the collection's wall time, collection
waits on the emulator; when the scanner's own CPU is, it waits on its own processing (the
scanner is one process under one GIL too); when neither is, it waits on its scheduling.

``--repeat N`` collects N times, each on a freshly started and seeded server (a second
collection would find IAM's credential report already generated), and reports medians.
``--profile`` adds, for the median run, where each unit waited: how long it was queued for
a worker, when it started and finished, its calls and the seconds its threads spent in them,
how many units ran at once over the collection, and a timeline of the longest units.
``--latency MS`` delays every request by MS milliseconds in the scanner (a round trip to a
distant AWS region), which shows what scheduling costs when the server is not local.

    python bench/scan.py --users 1000 --instances 200 --buckets 50
    python bench/scan.py --account demo --repeat 3 --profile
    python bench/scan.py --account demo --regions us-east-1,eu-west-1,ap-southeast-2
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path
from typing import Any

import boto3

REGION = "us-east-1"
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
FAKE_CREDENTIALS = {
    "AWS_ACCESS_KEY_ID": "testing",
    "AWS_SECRET_ACCESS_KEY": "testing",
    "AWS_SESSION_TOKEN": "testing",
}
SAMPLE_SECONDS = 0.05
"""How often ``--profile`` samples moto's CPU and the scanner's."""
TIMELINE_UNITS = 15
"""Units shown in the profile's table and timeline (the longest)."""
TIMELINE_COLUMNS = 60


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def start_moto(port: int) -> subprocess.Popen[bytes]:
    env = os.environ | {"MOTO_EC2_LOAD_DEFAULT_AMIS": "false"}
    server = subprocess.Popen(
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return server
        except OSError:
            time.sleep(0.1)
    server.kill()
    raise SystemExit("moto server did not start")


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process, from /proc."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


def seed(endpoint: str, users: int, instances: int, buckets: int) -> None:
    session = boto3.Session(
        aws_access_key_id="testing", aws_secret_access_key="testing", region_name=REGION
    )

    def client(name: str) -> Any:
        return session.client(name, endpoint_url=endpoint)

    iam, ec2, s3 = client("iam"), client("ec2"), client("s3")
    iam.create_group(GroupName="engineers")
    for n in range(users):
        name = f"user-{n:05d}"
        iam.create_user(UserName=name)
        iam.create_access_key(UserName=name)
        if n % 10 == 0:
            iam.add_user_to_group(GroupName="engineers", UserName=name)
    image = ec2.register_image(Name="bench", RootDeviceName="/dev/xvda")["ImageId"]
    remaining = instances
    while remaining > 0:
        batch = min(remaining, 100)
        ec2.run_instances(ImageId=image, MinCount=batch, MaxCount=batch, InstanceType="t3.micro")
        remaining -= batch
    for n in range(buckets):
        s3.create_bucket(Bucket=f"bench-bucket-{n:04d}")


def seed_account(args: argparse.Namespace, endpoint: str) -> tuple[str, ...]:
    """Seed the asked account on the server at ``endpoint``; the regions to scan."""
    if args.account == "demo":
        from incloud.demo.seed import seed as seed_demo

        seeded = seed_demo(endpoint).regions
        return tuple(args.regions.split(",")) if args.regions else tuple(seeded)
    seed(endpoint, args.users, args.instances, args.buckets)
    return tuple(args.regions.split(",")) if args.regions else (REGION,)


# --- the child: one collection, measured ---------------------------------------------------


def child(config: dict[str, Any]) -> None:
    """Collect once (in this process) and print the figures as JSON."""
    from incloud.collect.runner import collect
    from incloud.collect.session import SessionOptions, open_session

    timings: list[Any] = []  # UnitTiming: what the runner tells on_unit
    moto_pid = int(config["moto_pid"])
    options = SessionOptions(endpoint_url=config["endpoint"], regions=tuple(config["regions"]))
    moto_before, own_before = cpu_seconds(moto_pid), time.process_time()
    started = time.monotonic()
    sampler = Sampler(moto_pid, started, moto_before, own_before) if config["profile"] else None
    session = open_session(options)
    if config["latency_ms"]:
        delay = config["latency_ms"] / 1000

        def round_trip(**_: Any) -> None:
            time.sleep(delay)

        session.boto.events.register("before-send", round_trip)
    extra: dict[str, Any] = {"on_unit": timings.append} if config["profile"] else {}
    collecting = time.monotonic() - started  # the zero of the units' timings
    snapshot = collect(session, workers=config["workers"], **extra)
    wall = time.monotonic() - started
    result = {
        "wall": wall,
        "moto_cpu": cpu_seconds(moto_pid) - moto_before,
        "own_cpu": time.process_time() - own_before,
        "resources": len(snapshot.resources),
        "gaps": len(snapshot.gaps),
        "calls": [[c.service, c.operation, c.count] for c in snapshot.api_calls],
        "units": [
            [
                t.service,
                t.region,
                collecting + t.started,
                collecting + t.finished,
                t.calls,
                t.call_seconds,
                t.client_seconds,
            ]
            for t in timings
        ],
        "samples": sampler.stop() if sampler is not None else [],
    }
    print(json.dumps(result))


class Sampler:
    """moto's and this process's CPU seconds, every ``SAMPLE_SECONDS``, on a thread."""

    def __init__(self, moto_pid: int, started: float, moto: float, own: float) -> None:
        self.samples: list[tuple[float, float, float]] = [(0.0, 0.0, 0.0)]
        self._moto_pid, self._started = moto_pid, started
        self._moto, self._own = moto, own
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._done.wait(SAMPLE_SECONDS):
            self._sample()

    def _sample(self) -> None:
        self.samples.append(
            (
                time.monotonic() - self._started,
                cpu_seconds(self._moto_pid) - self._moto,
                time.process_time() - self._own,
            )
        )

    def stop(self) -> list[tuple[float, float, float]]:
        """The samples, the last one taken now."""
        self._done.set()
        self._thread.join()
        self._sample()
        return self.samples


def run_child(
    args: argparse.Namespace, endpoint: str, moto_pid: int, regions: tuple[str, ...]
) -> dict[str, Any]:
    config = {
        "endpoint": endpoint,
        "moto_pid": moto_pid,
        "regions": list(regions),
        "workers": args.workers,
        "profile": args.profile,
        "latency_ms": args.latency,
    }
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, __file__, "--child", json.dumps(config)],
        env=os.environ | FAKE_CREDENTIALS,
        stdout=subprocess.PIPE,
    )
    assert process.stdout is not None
    output = process.stdout.read()
    _, status, usage = os.wait4(process.pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit("the collection failed")
    result: dict[str, Any] = json.loads(output)
    result["process_wall"] = time.perf_counter() - started
    result["peak_mib"] = usage.ru_maxrss / 1024
    return result


def one_run(args: argparse.Namespace) -> tuple[dict[str, Any], tuple[str, ...], float]:
    """Start and seed a server, collect once; the figures, the regions, seeding seconds."""
    port = free_port()
    endpoint = f"http://127.0.0.1:{port}"
    server = start_moto(port)
    try:
        started = time.perf_counter()
        regions = seed_account(args, endpoint)
        seeded = time.perf_counter() - started
        return run_child(args, endpoint, server.pid, regions), regions, seeded
    finally:
        server.terminate()
        server.wait()


# --- the report ---------------------------------------------------------------------------


def summary(runs: list[dict[str, Any]]) -> None:
    def median(key: str) -> float:
        return statistics.median(float(run[key]) for run in runs)

    def share(run: dict[str, Any], key: str) -> float:
        return float(run[key] / run["wall"])

    walls = ", ".join(f"{run['wall']:.2f}" for run in runs)
    moto = statistics.median(share(run, "moto_cpu") for run in runs)
    own = statistics.median(share(run, "own_cpu") for run in runs)
    print(f"collection wall time: {median('wall'):.2f} s (median of {len(runs)}: {walls})")
    print(f"  moto server CPU: {median('moto_cpu'):.2f} s, {100 * moto:.0f}% of the wall time")
    print(f"  scanner CPU:     {median('own_cpu'):.2f} s, {100 * own:.0f}% of the wall time")
    print(f"collector process wall time (start to exit): {median('process_wall'):.2f} s")
    print(f"peak memory (collector process): {median('peak_mib'):.0f} MiB")
    last = runs[-1]
    by_service: Counter[str] = Counter()
    for service, _operation, count in last["calls"]:
        by_service[service] += count
    print(f"resources: {last['resources']}, gaps: {last['gaps']}")
    print(f"API calls: {sum(by_service.values())}")
    for service, count in sorted(by_service.items()):
        print(f"  {service:14} {count}")
    iam_calls = {op: n for service, op, n in last["calls"] if service == "iam"}
    print(f"IAM calls by operation: {iam_calls}")


def profile(run: dict[str, Any], workers: int) -> None:
    """Where each unit waited, for one run."""
    units = [
        {"label": f"{s}/{r}", "start": a, "end": b, "calls": n, "in_calls": c, "clients": k}
        for s, r, a, b, n, c, k in run["units"]
    ]
    if not units:
        return
    wall = run["wall"]
    print()
    print(f"profile: {len(units)} units on {workers} workers, collection {wall:.2f} s")
    print(f"  running at once (seconds of the collection): {_concurrency(units, wall)}")
    last = max(units, key=lambda u: u["end"])
    alone = _alone(units, last)
    print(
        f"  last to finish: {last['label']} at {last['end']:.2f} s, "
        f"running alone for its last {alone:.2f} s"
    )
    longest = sorted(units, key=lambda u: u["start"] - u["end"])[:TIMELINE_UNITS]
    print(
        "  longest units (start: after waiting for a worker; in calls: its threads' seconds "
        "in API calls; overlap: in calls over its wall time; clients: seconds getting its "
        "clients):"
    )
    header = ("start", "end", "wall", "calls", "in calls", "overlap", "clients")
    print(f"    {'unit':24} " + " ".join(f"{name:>8}" for name in header))
    for unit in longest:
        own = unit["end"] - unit["start"]
        overlap = unit["in_calls"] / own if own > 0 else 0.0
        print(
            f"    {unit['label']:24} {unit['start']:8.2f} {unit['end']:8.2f} {own:8.2f} "
            f"{unit['calls']:8d} {unit['in_calls']:8.2f} {overlap:7.1f}x {unit['clients']:8.2f}"
        )
    step = max(wall, 1e-9) / TIMELINE_COLUMNS
    print(
        f"  timeline (one column = {step:.3f} s; units: '.' not started, '#' running; "
        f"CPU busy: '{BUSY}' from idle to one full core):"
    )
    for unit in sorted(longest, key=lambda u: u["start"]):
        first = int(unit["start"] / step)
        end = max(first + 1, round(unit["end"] / step))
        bar = "." * first + "#" * (end - first)
        print(f"    {unit['label']:24} |{bar:<{TIMELINE_COLUMNS}}|")
    samples = run["samples"]
    for name, column in (("moto server CPU", 1), ("scanner CPU", 2)):
        busy = _busy(samples, column, step)
        print(f"    {name:24} |{busy:<{TIMELINE_COLUMNS}}|")


BUSY = " .:-=#"
"""How busy a process was in a column of the timeline: idle to one full core."""


def _busy(samples: list[list[float]], column: int, step: float) -> str:
    """One character per timeline column: the share of a core ``samples[column]`` used."""
    used = [0.0] * TIMELINE_COLUMNS
    spans = [0.0] * TIMELINE_COLUMNS
    for before, after in itertools.pairwise(samples):
        middle = (before[0] + after[0]) / 2
        slot = min(TIMELINE_COLUMNS - 1, int(middle / step))
        used[slot] += after[column] - before[column]
        spans[slot] += after[0] - before[0]
    top = len(BUSY) - 1
    return "".join(
        BUSY[min(top, round(top * u / d))] if d > 0 else " "
        for u, d in zip(used, spans, strict=True)
    )


def _concurrency(units: list[dict[str, Any]], wall: float) -> str:
    """Seconds of the collection with 0, 1, 2-3, 4-7, 8-15, 16+ units running."""
    edges = sorted([(u["start"], 1) for u in units] + [(u["end"], -1) for u in units] + [(wall, 0)])
    buckets = {"0": 0.0, "1": 0.0, "2-3": 0.0, "4-7": 0.0, "8-15": 0.0, "16+": 0.0}
    running, previous = 0, 0.0
    for moment, change in edges:
        buckets[_bucket(running)] += max(0.0, moment - previous)
        running, previous = running + change, moment
    return ", ".join(f"{name}: {seconds:.2f}" for name, seconds in buckets.items())


def _bucket(running: int) -> str:
    if running >= 16:
        return "16+"
    if running >= 8:
        return "8-15"
    if running >= 4:
        return "4-7"
    if running >= 2:
        return "2-3"
    return str(running)


def _alone(units: list[dict[str, Any]], last: dict[str, Any]) -> float:
    """How long ``last`` ran after every other unit had finished."""
    others = [float(u["end"]) for u in units if u is not last]
    return max(0.0, float(last["end"]) - (max(others) if others else float(last["start"])))


def main() -> None:
    if len(sys.argv) == 3 and sys.argv[1] == "--child":
        child(json.loads(sys.argv[2]))
        return
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--account", choices=("synthetic", "demo"), default="synthetic")
    parser.add_argument("--users", type=int, default=1000)
    parser.add_argument("--instances", type=int, default=200)
    parser.add_argument("--buckets", type=int, default=50)
    parser.add_argument("--regions", help="comma-separated; default: the account's own")
    parser.add_argument("--workers", type=int, default=_default_workers())
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--latency", type=float, default=0.0, metavar="MS")
    args = parser.parse_args()

    runs: list[dict[str, Any]] = []
    for n in range(args.repeat):
        result, regions, seeded = one_run(args)
        runs.append(result)
        what = (
            "the demo account"
            if args.account == "demo"
            else f"{args.users} users, {args.instances} instances, {args.buckets} buckets"
        )
        print(
            f"run {n + 1}: seeded {what} in {seeded:.1f} s; collected {', '.join(regions)} "
            f"in {result['wall']:.2f} s"
        )
    summary(runs)
    if args.profile:
        ordered = sorted(runs, key=lambda run: run["wall"])
        profile(ordered[len(ordered) // 2], args.workers)


def _default_workers() -> int:
    from incloud.collect.limits import WORKERS

    return WORKERS


if __name__ == "__main__":
    main()
