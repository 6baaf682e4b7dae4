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
    each gap to the same account and region. The document may set ``collected_at``.
    """
    resources = []
    for raw in document.get("resources", []):
        item = {"account_id": ACCOUNT, "region": REGION, **raw}
        item.setdefault("arn", f"arn:aws:test:{item['region']}:{ACCOUNT}:{item['kind']}/{item['name']}")
        resources.append(item)
    gaps = [
        {"account_id": ACCOUNT, "region": REGION, "message": "denied", **raw}
        for raw in document.get("gaps", [])
    ]
    regions = sorted({r["region"] for r in resources if r["region"] != "global"} | {REGION})
    return Snapshot.model_validate(
        {
            "collected_at": document.get("collected_at", COLLECTED_AT),
            "accounts": [Account(account_id=ACCOUNT, regions=tuple(regions))],
            "resources": resources,
            "gaps": gaps,
        }
    )


def load_fixture(path: Path) -> Snapshot:
    """A fixture file (YAML) as a snapshot."""
    return build_snapshot(yaml.safe_load(path.read_text()))
