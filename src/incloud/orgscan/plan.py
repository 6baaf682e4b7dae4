"""The shards of one account: global services once, regional ones in each region."""

from __future__ import annotations

from collections.abc import Iterable

from ..collect.registry import all_collectors
from ..collect.shard import ShardKey
from ..snapshot import GLOBAL


def account_shards(
    account_id: str, regions: Iterable[str], services: Iterable[str] | None = None
) -> list[ShardKey]:
    """Every (account, region, service) shard to collect, global services first."""
    collectors = all_collectors()
    wanted = set(services) if services is not None else set(collectors)
    regions = tuple(regions)
    keys: list[ShardKey] = []
    for name, item in sorted(collectors.items(), key=lambda pair: pair[1].scope != "global"):
        if name not in wanted:
            continue
        if item.scope == "global":
            keys.append(ShardKey(account_id, GLOBAL, name))
        else:
            keys.extend(ShardKey(account_id, region, name) for region in regions)
    return keys
