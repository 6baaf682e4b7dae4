"""The demo's network exposure (``incloud.demo.seed.exposure`` and the subnets, databases and
clusters of the other areas) on moto's server, scanned through the live collection path: each
deliberate misconfiguration fails its network check, and its well-kept counterpart passes.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from incloud.collect.runner import collect
from incloud.collect.session import SessionOptions, open_session
from incloud.demo.run import demo_environment
from incloud.demo.seed import REGIONS, seed
from incloud.demo.server import DemoServer
from incloud.evaluate import Verdict, all_checks, evaluate
from incloud.snapshot import Snapshot

SERVICES = ("ec2", "rds", "redshift", "opensearch", "eks")
CHECKS = (
    "ec2.nacl-admin-ports",
    "ec2.subnet-auto-assign-public-ip",
    "ec2.unused-elastic-ip",
    "rds.instance-not-public",
    "redshift.cluster-not-public",
    "es.domain-not-public",
    "eks.endpoint-not-public",
)


@pytest.fixture(scope="module")
def verdicts() -> Iterator[dict[tuple[str, str], Verdict]]:
    with DemoServer() as server, demo_environment():
        seed(server.endpoint_url)
        session = open_session(SessionOptions(endpoint_url=server.endpoint_url, regions=REGIONS))
        snapshot: Snapshot = collect(session, services=SERVICES)
        # Elastic IPs are named by their address; the seed tags them with a Name.
        addresses = session.client("ec2", REGIONS[0]).describe_addresses()["Addresses"]
    tagged = {
        a["PublicIp"]: t["Value"]
        for a in addresses
        for t in a.get("Tags", [])
        if t["Key"] == "Name"
    }
    checks = [all_checks()[c] for c in CHECKS]
    yield {
        (f.check_id, tagged.get(f.resource_name, f.resource_name)): f.verdict
        for f in evaluate(snapshot, checks).findings
    }


@pytest.mark.parametrize(
    ("check_id", "name", "verdict"),
    [
        ("ec2.nacl-admin-ports", "legacy-admin-nacl", Verdict.FAIL),
        ("ec2.nacl-admin-ports", "private-nacl", Verdict.PASS),
        ("ec2.subnet-auto-assign-public-ip", "public-a", Verdict.FAIL),
        ("ec2.subnet-auto-assign-public-ip", "private-a", Verdict.PASS),
        ("ec2.unused-elastic-ip", "legacy-spare-eip", Verdict.FAIL),
        ("ec2.unused-elastic-ip", "web-eip", Verdict.PASS),
        ("ec2.unused-elastic-ip", "nat-eip", Verdict.PASS),
        ("rds.instance-not-public", "legacy-reporting-db", Verdict.FAIL),
        ("rds.instance-not-public", "orders-db", Verdict.PASS),
        ("redshift.cluster-not-public", "legacy-bi-dw", Verdict.FAIL),
        ("redshift.cluster-not-public", "analytics-dw", Verdict.PASS),
        ("es.domain-not-public", "legacy-logs", Verdict.FAIL),
        ("es.domain-not-public", "orders-search", Verdict.PASS),
        ("eks.endpoint-not-public", "legacy-k8s", Verdict.FAIL),
        ("eks.endpoint-not-public", "northwind-k8s", Verdict.PASS),
    ],
)
def test_seeded_exposure_gets_its_verdict(
    verdicts: dict[tuple[str, str], Verdict], check_id: str, name: str, verdict: Verdict
) -> None:
    assert verdicts[(check_id, name)] is verdict
