"""Loading partial snapshots written by hand (check fixtures) through the real models."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import yaml

from incloud.snapshot import Account, Snapshot

ACCOUNT = "123456789012"
REGION = "us-east-1"
COLLECTED_AT = datetime(2026, 11, 1, tzinfo=UTC)


def build_snapshot(document: dict[str, Any]) -> Snapshot:
    """A snapshot from a fixture document, filling the fields every resource repeats.

    Each resource defaults to account 123456789012, region us-east-1 and a synthetic ARN;
    each gap to the same account and region. The document may set ``collected_at`` and
    ``api_calls`` (the reads made: without them, or a resource or gap, nothing was read). A
    resource's ``expect`` key (see :func:`expectations`) is not part of the model.
    """
    resources = []
    for raw in document.get("resources", []):
        item = {"account_id": ACCOUNT, "region": REGION, **raw}
        item.pop("expect", None)
        item.setdefault(
            "arn", f"arn:aws:test:{item['region']}:{ACCOUNT}:{item['kind']}/{item['name']}"
        )
        resources.append(item)
    gaps = [
        {"account_id": ACCOUNT, "region": REGION, "message": "denied", **raw}
        for raw in document.get("gaps", [])
    ]
    regions = sorted({r["region"] for r in resources if r["region"] != "global"} | {REGION})
    accounts = sorted({ACCOUNT} | {item["account_id"] for item in [*resources, *gaps]})
    return Snapshot.model_validate(
        {
            "collected_at": document.get("collected_at", COLLECTED_AT),
            "accounts": [Account(account_id=a, regions=tuple(regions)) for a in accounts],
            "resources": resources,
            "gaps": gaps,
            "api_calls": document.get("api_calls", []),
        }
    )


PREFIXES = {
    "pass-": "pass",
    "fail-": "fail",
    "na-": "not_applicable",
    "unknown-": "unknown",
}
"""Resource-name prefixes that state the verdict a check must give."""


def expectations(document: dict[str, Any], snapshot: Snapshot) -> dict[str, str]:
    """The verdict each resource must get, by ARN: its ``expect`` key, else its name's prefix.

    ``expect`` serves resources whose name the check itself reads (a default security group
    must be called ``default``). Resources with neither are supporting data.
    """
    expected: dict[str, str] = {}
    for raw, resource in zip(document.get("resources", []), snapshot.resources, strict=True):
        if "expect" in raw:
            expected[resource.arn] = str(raw["expect"])
            continue
        for prefix, verdict in PREFIXES.items():
            if resource.name.startswith(prefix):
                expected[resource.arn] = verdict
    return expected


def load_fixture(path: Path) -> tuple[Snapshot, dict[str, str]]:
    """A fixture file (YAML) as a snapshot, with the verdict expected per resource ARN."""
    document = yaml.safe_load(path.read_text())
    snapshot = build_snapshot(document)
    return snapshot, expectations(document, snapshot)
