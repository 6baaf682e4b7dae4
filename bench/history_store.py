"""Measure the posture history at a year of daily scans: diff of the last two, the
dashboard's overview, and the store's size.

    python bench/history_store.py                      # 365 scans of 1,000 findings, SQLite
    python bench/history_store.py --scans 30 --findings 200
    python bench/history_store.py --store postgresql://postgres@127.0.0.1:5432/test

Records ``--scans`` daily scans of one account into a fresh store (a temporary SQLite file,
or a fresh schema in the PostgreSQL database given, dropped afterwards). Each scan has
``--findings`` findings over 8 domains and services (about 30% failing, 10% unknown, 2% muted;
each day about 1% of the verdicts change), 150 matrix cells, 120 framework requirements with a
score, 12 services and a handful of gaps. Then it times, as the median of ``--repeat`` runs:
the diff of the last two scans (``pick_scans`` + ``diff``, what ``incloud diff`` does after
starting), ``incloud diff --format json`` as a fresh process (interpreter start included), and
the dashboard's overview page (``GET /`` on a uvicorn server on loopback, and ``GET
/accounts/ID`` with its trend charts over every scan). Prints the store's size (SQLite: the
file, after a checkpoint; PostgreSQL: the tables' total relation size). Targets (issue 20):
diff under 1 s, overview under 300 ms.
"""

from __future__ import annotations

import argparse
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import sqlalchemy as sa  # noqa: E402

from incloud.store import PostureStore, Recording, open_posture_store  # noqa: E402
from incloud.store.posture import (  # noqa: E402
    CellRow,
    FindingRow,
    FrameworkRow,
    GapRow,
    RequirementRow,
    ServiceRow,
)

ACCOUNT = "111122223333"
DOMAINS = ("identity", "data_protection", "network", "compliance", "application")
SERVICES = (
    "s3",
    "ec2",
    "iam",
    "rds",
    "lambda",
    "kms",
    "sqs",
    "sns",
    "ecs",
    "eks",
    "logs",
    "dynamodb",
)
STATUSES = ("met", "not_met", "unknown", "partly_met", "manual", "inherited")
VERDICTS = ("fail",) * 30 + ("unknown",) * 10 + ("pass",) * 50 + ("not_applicable",) * 10


def recordings(scans: int, findings: int, seed: int = 7) -> list[Recording]:
    """``scans`` daily scans of one account, each changing about 1% of the verdicts."""
    rng = random.Random(seed)
    identities = [
        (
            f"incloud-{uuid.UUID(int=rng.getrandbits(128)).hex}",
            f"{SERVICES[n % len(SERVICES)]}.check-{n % 97}",
            SERVICES[n % len(SERVICES)],
            DOMAINS[n % len(DOMAINS)],
            f"resource-{n}",
        )
        for n in range(findings)
    ]
    verdicts = [rng.choice(VERDICTS) for _ in identities]
    muted = [rng.random() < 0.02 for _ in identities]
    cells = [(s, f"duty-{d}", rng.choice(STATUSES)) for s in SERVICES for d in range(12)][:150]
    requirements = [(f"{n // 10 + 1}.{n % 10}", rng.choice(STATUSES[:5])) for n in range(120)]
    start = datetime(2026, 1, 1, 6, tzinfo=UTC)
    out = []
    for day in range(scans):
        for n in rng.sample(range(findings), max(1, findings // 100)):
            verdicts[n] = rng.choice(VERDICTS)
        when = start + timedelta(days=day)
        rows = [
            FindingRow(
                uid=uid,
                check_id=check,
                title=f"{check} holds",
                domain=domain,
                service=service,
                account_id=ACCOUNT,
                region="eu-west-1",
                resource=f"arn:aws:{service}:::{name}",
                resource_name=name,
                verdict=verdicts[n],
                severity=("high", "medium", "low")[n % 3],
                muted=muted[n],
                mute_reason="accepted" if muted[n] else None,
                reason=f"{name} is {verdicts[n]}",
            )
            for n, (uid, check, service, domain, name) in enumerate(identities)
        ]
        counts: dict[str, dict[str, int]] = {}
        for f in rows:
            counts.setdefault(f.domain, {}).setdefault(f.verdict, 0)
            counts[f.domain][f.verdict] += 1
        met = sum(1 for _, s in requirements if s == "met")
        out.append(
            Recording(
                scan_id=f"p-{when:%Y%m%dT%H%M%SZ}-{day:06x}",
                recorded_at=when,
                collected_at=when,
                incloud_version="0.1.0",
                settings_digest="0123456789abcdef",
                command="scan",
                accounts={ACCOUNT: "read"},
                findings=rows,
                gaps=[
                    GapRow(ACCOUNT, "eu-west-1", "ec2", f"Describe{g}", "AccessDenied", "denied")
                    for g in range(day % 4)
                ],
                cells=[
                    CellRow(ACCOUNT, s, d, "data_protection", "customer", st, "")
                    for s, d, st in cells
                ],
                services=[ServiceRow(ACCOUNT, s, 10, False) for s in SERVICES],
                requirements=[
                    RequirementRow("cis-5.0", r, "customer", st) for r, st in requirements
                ],
                frameworks=[
                    FrameworkRow(
                        "cis-5.0", "CIS 5.0", 100.0 * met / len(requirements), {"met": met}
                    )
                ],
                counts=counts,
            )
        )
    return out


def median_seconds(action: Callable[[], object], repeat: int) -> float:
    """The median wall time of ``repeat`` runs (after one warm-up run)."""
    action()
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def fetch(url: str) -> None:
    with urllib.request.urlopen(url, timeout=30) as answer:
        assert answer.status == 200
        answer.read()


def serve(store: PostureStore) -> tuple[str, Callable[[], None]]:
    """The dashboard on a loopback port in this process: its URL and a stop function."""
    import uvicorn

    from incloud.serve.app import create_app

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(store), port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)

    def stop() -> None:
        server.should_exit = True
        thread.join(10)

    return f"http://127.0.0.1:{port}", stop


def size(store: PostureStore, url: str) -> str:
    if store.engine.dialect.name == "sqlite":
        with store.engine.begin() as connection:
            connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        path = Path(url)
        return f"{path.stat().st_size / 2**20:.1f} MiB (SQLite file)"
    with store.engine.connect() as connection:
        total = connection.execute(
            sa.text(
                "select sum(pg_total_relation_size(c.oid)) from pg_class c join pg_namespace n "
                "on n.oid = c.relnamespace where n.nspname = current_schema() and c.relkind = 'r'"
            )
        ).scalar_one()
    return f"{int(total) / 2**20:.1f} MiB (PostgreSQL tables with indexes and TOAST)"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--scans", type=int, default=365)
    parser.add_argument("--findings", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--store", help="a PostgreSQL URL (default: a temporary SQLite file)")
    args = parser.parse_args()

    from incloud.history.diff import diff, pick_scans

    schema = None
    folder = Path(tempfile.mkdtemp(prefix="incloud-bench-history-"))
    if args.store:
        schema = f"incloud_bench_{uuid.uuid4().hex[:8]}"
        admin = sa.create_engine(args.store.replace("postgresql://", "postgresql+psycopg://", 1))
        with admin.begin() as connection:
            connection.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
        url = f"{args.store}?options=-csearch_path%3D{schema}"
    else:
        url = str(folder / "history.db")
    try:
        store = open_posture_store(url)
        built = recordings(args.scans, args.findings)
        started = time.perf_counter()
        for recording in built:
            store.record(recording)
        recorded = time.perf_counter() - started
        print(
            f"recorded {args.scans} scans of {args.findings} findings in {recorded:.1f} s "
            f"({1000 * recorded / args.scans:.0f} ms a scan)"
        )
        print(f"store size: {size(store, url)}")

        def diff_last_two() -> object:
            return diff(store, *pick_scans(store))

        changes = diff(store, *pick_scans(store))
        print(
            f"diff of the last two: {len(changes.new)} new, {len(changes.resolved)} resolved, "
            f"{len(changes.regressed)} regressed, {len(changes.still_failing)} still failing"
        )
        print(
            f"diff (in process): {1000 * median_seconds(diff_last_two, args.repeat):.0f} ms median"
        )
        command = [sys.executable, "-m", "incloud.cli", "diff", "--format", "json", "--store", url]
        env = {**os.environ}
        cli = median_seconds(
            lambda: subprocess.run(command, check=True, capture_output=True, env=env),
            max(1, args.repeat // 2),
        )
        print(f"incloud diff --format json (new process, start-up included): {1000 * cli:.0f} ms")
        base, stop = serve(store)
        try:
            overview = median_seconds(lambda: fetch(base + "/"), args.repeat)
            account = median_seconds(lambda: fetch(f"{base}/accounts/{ACCOUNT}"), args.repeat)
            findings = median_seconds(lambda: fetch(f"{base}/findings?verdict=fail"), args.repeat)
        finally:
            stop()
        print(f"overview page GET /: {1000 * overview:.0f} ms median")
        print(f"account page, trend charts over {args.scans} scans: {1000 * account:.0f} ms median")
        print(f"findings explorer (failing): {1000 * findings:.0f} ms median")
        store.engine.dispose()
    finally:
        if schema is not None:
            with admin.begin() as connection:
                connection.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))


if __name__ == "__main__":
    main()
