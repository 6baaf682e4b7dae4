"""SimpleDB collector: domain names only, enough to know the service is in use."""

from __future__ import annotations

from collections.abc import Iterator

from ...snapshot import Resource
from ...snapshot.sdb import SimpleDbDomain
from ..registry import collector
from ..unit import Unit

SIMPLEDB_REGIONS = frozenset(
    {
        "us-east-1",
        "us-west-1",
        "us-west-2",
        "eu-west-1",
        "ap-northeast-1",
        "ap-southeast-1",
        "ap-southeast-2",
        "sa-east-1",
    }
)
"""Regions with a SimpleDB endpoint (AWS General Reference, "Amazon SimpleDB endpoints");
elsewhere the API does not exist, so asking would only record a connection failure."""


@collector(service="sdb", scope="regional", operations=("sdb:ListDomains",))
def collect_sdb(unit: Unit) -> Iterator[Resource]:
    """Every SimpleDB domain in the region."""
    if unit.region not in SIMPLEDB_REGIONS:
        return
    for name in unit.pages("list_domains", "DomainNames"):
        yield SimpleDbDomain(
            arn=unit.arn(f"domain/{name}"),
            name=name,
            account_id=unit.account_id,
            region=unit.region,
        )
