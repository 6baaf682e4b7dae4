"""Compare two JSON reports of the demo account, ignoring what differs between any two runs.

    python tools/report_diff.py BEFORE.json AFTER.json
    python tools/report_diff.py --revisions BEFORE AFTER   # git revisions: run their demos

Two scans of the demo differ in timestamps, timings and the ids moto draws at random (security
groups, instances, volumes, subnets, CloudFront distributions, addresses ...). This script
replaces those by placeholders, then prints every finding (check, resource, verdict, severity,
domain, reason) and matrix cell (service, duty, owner, status) found in only one report. Exit 0
when the reports are the same, 1 when they differ.

``--revisions BEFORE AFTER`` makes the two reports first: each git revision is extracted with
``git archive`` into a temporary directory and its own ``incloud demo --format json`` runs
there (its ``src`` first on ``PYTHONPATH``, this environment's dependencies). Issue 13's check,
``--revisions df30490~1 cebd0b3`` (before its first commit, after its last), differs only in
the fixes it names: the 15 checks whose domain moved to their duty's, the resource-policy
family (one severity per exposure, no policy passes, the trusted-accounts variant for S3 and
KMS, one wording) and thresholds stated in reasons.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

VARYING = (
    (
        re.compile(
            r"\b(sg|i|vol|snap|subnet|acl|rtb|eni|vpc|igw|eigw|nat|ami|eipalloc|pl|lt|fs|r)-"
            r"[0-9a-f]{8,17}\b"
        ),
        r"\1-ID",
    ),
    (re.compile(r"\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b"), "UUID"),
    (re.compile(r"\b[A-Z0-9]{13,14}\b"), "CLOUDFRONT-ID"),
    (re.compile(r"\b127\.\d{1,3}\.\d{1,3}\.\d{1,3}\b"), "127.X.X.X"),
    (re.compile(r"\b54\.214\.\d{1,3}\.\d{1,3}\b"), "54.214.X.X"),  # moto's public addresses
    (re.compile(r"\b\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(\+00:00|Z)?"), "TIME"),
)
"""Patterns of what moto or the clock chooses, and their placeholders."""


def normalise(text: str) -> str:
    """``text`` with every varying part replaced by its placeholder."""
    for pattern, placeholder in VARYING:
        text = pattern.sub(placeholder, text)
    return text


def rows(report: dict[str, Any]) -> set[str]:
    """The report's findings and matrix cells, one normalised line each."""
    found = {
        normalise(
            " | ".join(
                str(f[k])
                for k in ("check_id", "resource_name", "verdict", "severity", "domain", "reason")
            )
        )
        for f in report["findings"]
    }
    for account in (report.get("matrix") or {}).get("accounts", []):
        found |= {
            normalise(f"cell | {c['service']} | {c['duty']} | {c['owner']} | {c['status']}")
            for c in account["cells"]
        }
    return found


def main(before: Path, after: Path) -> int:
    """Print what differs; 0 when nothing does."""
    old = rows(json.loads(before.read_text()))
    new = rows(json.loads(after.read_text()))
    for line in sorted(old - new):
        print(f"- {line}")
    for line in sorted(new - old):
        print(f"+ {line}")
    print(f"{len(old - new)} removed, {len(new - old)} added, {len(old & new)} the same")
    return 0 if old == new else 1


def demo_report(revision: str, scratch: Path) -> Path:
    """The JSON report of ``revision``'s demo, run from a ``git archive`` of it."""
    root = Path(__file__).resolve().parents[1]
    tree = scratch / revision.replace("/", "_").replace("~", "_")
    tree.mkdir()
    archive = subprocess.run(
        ["git", "-C", str(root), "archive", revision, "src"], check=True, capture_output=True
    ).stdout
    subprocess.run(["tar", "-x", "-C", str(tree)], input=archive, check=True)
    environment = {**os.environ, "PYTHONPATH": str(tree / "src")}
    report = tree / "report.json"
    with report.open("w") as out:
        subprocess.run(
            [
                sys.executable,
                "-m",
                "incloud.cli",
                "demo",
                "--format",
                "json",
                "-o",
                str(tree / "out"),
            ],
            cwd=tree,
            env=environment,
            stdout=out,
            check=True,
        )
    return report


def cli(arguments: list[str]) -> int:
    """``BEFORE.json AFTER.json``, or ``--revisions BEFORE AFTER``."""
    revisions = arguments[:1] == ["--revisions"]
    if revisions and len(arguments) == 3:
        with tempfile.TemporaryDirectory() as scratch:
            reports = [demo_report(r, Path(scratch)) for r in arguments[1:]]
            return main(*reports)
    if revisions or len(arguments) != 2:
        print(__doc__.split("\n\n")[1], file=sys.stderr)
        return 2
    return main(Path(arguments[0]), Path(arguments[1]))


if __name__ == "__main__":
    sys.exit(cli(sys.argv[1:]))
