"""Benchmark `incloud collect` against a synthetic account on a moto server.

Seeds N IAM users (each with an access key), M EC2 instances and K S3 buckets, then runs
`incloud collect` in a child process and reports wall time, API calls per service, the child's
peak memory, and the moto server's CPU share (moto is single-threaded in effect, so much of the
wall time is the emulator, not incloud).

    python bench/scan.py --users 1000 --instances 200 --buckets 50
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import socket
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

import boto3

REGION = "us-east-1"
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--users", type=int, default=1000)
    parser.add_argument("--instances", type=int, default=200)
    parser.add_argument("--buckets", type=int, default=50)
    parser.add_argument("--workers", type=int, default=8)
    args = parser.parse_args()

    port = free_port()
    endpoint = f"http://127.0.0.1:{port}"
    server = start_moto(port)
    try:
        started = time.perf_counter()
        seed(endpoint, args.users, args.instances, args.buckets)
        print(
            f"seeded {args.users} users, {args.instances} instances, {args.buckets} buckets "
            f"in {time.perf_counter() - started:.1f}s"
        )
        with tempfile.TemporaryDirectory() as tmp:
            output = Path(tmp) / "snapshot.json.gz"
            env = os.environ | {
                "AWS_ACCESS_KEY_ID": "testing",
                "AWS_SECRET_ACCESS_KEY": "testing",
            }
            moto_cpu_before = cpu_seconds(server.pid)
            started = time.perf_counter()
            subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "incloud.cli",
                    "collect",
                    "-o",
                    str(output),
                    "--regions",
                    REGION,
                    "--endpoint-url",
                    endpoint,
                    "--workers",
                    str(args.workers),
                ],
                env=env,
                check=True,
            )
            wall = time.perf_counter() - started
            moto_cpu = cpu_seconds(server.pid) - moto_cpu_before
            peak_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
            snapshot = json.loads(__import__("gzip").decompress(output.read_bytes()))
    finally:
        server.terminate()
        server.wait()

    by_service: Counter[str] = Counter()
    for call in snapshot["api_calls"]:
        by_service[call["service"]] += call["count"]
    print(
        f"collect wall time: {wall:.1f}s (moto server CPU: {moto_cpu:.1f}s, "
        f"{100 * moto_cpu / wall:.0f}% of wall)"
    )
    print(f"peak memory (incloud collect process): {peak_kib / 1024:.0f} MiB")
    print(f"resources: {len(snapshot['resources'])}, gaps: {len(snapshot['gaps'])}")
    print(f"API calls: {sum(by_service.values())}")
    for service, count in sorted(by_service.items()):
        print(f"  {service:12} {count}")
    iam_calls = {c["operation"]: c["count"] for c in snapshot["api_calls"] if c["service"] == "iam"}
    print(f"IAM calls by operation: {iam_calls}")


if __name__ == "__main__":
    main()
