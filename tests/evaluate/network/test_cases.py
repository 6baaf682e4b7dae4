"""Table-driven reachability cases: every ``cases/*.yaml`` case through the engine.

A case names the AWS documentation rule it rests on (``rule``), says why in one line
(``why``), gives a partial snapshot (``resources``, see tests/fixtures.build_snapshot) and its
expectations (``expect``):

* ``ports``: for one interface, protocol (default tcp) and port, ``verdict`` exposed | latent
  (directly, on the interface's own public address) | via (only through an intermediary:
  ``via`` is a substring of its name, ``kind`` optionally its exposure kind) | not-exposed (in
  no way); for not-exposed ones ``blocked`` names the stage that stopped the traffic, for the
  others ``path_contains`` lists substrings of the path's description;
* ``exposed_ports``: interface -> every exposed TCP port, as ``IntervalSet.describe`` writes it;
* ``no_exposures``: nothing at all is exposed; ``current_exposures``: how many exposures now;
* ``databases``: a DB instance's verdict from the route question (exposed | not-exposed);
* ``caveats_contain``: interface -> substrings of its caveats (what the answer assumed);
* ``listeners``: load balancer -> the TCP listener ports the internet opens on it (``""``:
  none); ``balancer_caveats``: load balancer -> substrings of its caveats;
* ``not_targets``: interfaces that are not evaluated on their own (unattached, or a load
  balancer's); ``attachments``: interface -> what it is attached to.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from incloud.evaluate.network.intervals import IntervalSet
from incloud.evaluate.network.reachability import Reachability, analyse, subnets_route
from incloud.snapshot.rds import DbInstance
from tests.fixtures import build_snapshot

CASES_DIR = Path(__file__).parent / "cases"
MIN_CASES = 25
_CASE_FIELDS = {"id", "issue", "rule", "why", "resources", "expect"}
_VERDICTS = {"exposed", "latent", "via", "not-exposed"}


def load_cases() -> list[dict[str, Any]]:
    """Every case in file and then document order."""
    found: list[dict[str, Any]] = []
    for path in sorted(CASES_DIR.glob("*.yaml")):
        document = yaml.safe_load(path.read_text())
        assert isinstance(document, dict), f"{path.name}: must be a mapping with 'cases'"
        found.extend(document["cases"])
    return found


CASES = load_cases()


def test_the_table_is_complete() -> None:
    assert len(CASES) >= MIN_CASES
    ids = [c["id"] for c in CASES]
    assert len(ids) == len(set(ids)), "case ids must be unique"
    for case in CASES:
        assert set(case) <= _CASE_FIELDS, case["id"]
        assert case.get("rule") and case.get("why"), f"{case['id']}: rule and why are required"
    covered = {c.get("issue") for c in CASES}
    assert set(range(1, 19)) <= covered


def _check_port(reach: Reachability, where: str, item: dict[str, Any]) -> None:
    verdict = reach.explain(item["interface"], item["port"], item.get("protocol", "tcp"))
    assert item["verdict"] in _VERDICTS, where
    if item["verdict"] == "not-exposed":
        assert not verdict.exposed, f"{where}: {verdict}"
        if "blocked" in item:
            stages = [b.stage for b in verdict.blocked]
            assert item["blocked"] in stages, f"{where}: blocked by {verdict.blocked}"
        return
    assert verdict.exposed, f"{where}: {verdict.blocked}"
    shown = [e for e in verdict.exposures if e.direct == (item["verdict"] != "via")]
    if item["verdict"] == "via":
        assert not verdict.direct, f"{where}: directly exposed: {verdict.exposures}"
        vias = [e.via or "" for e in shown]
        assert any(item["via"] in v for v in vias), f"{where}: via {vias}"
        if "kind" in item:
            assert {e.kind for e in shown} == {item["kind"]}, f"{where}: {shown}"
    else:
        assert verdict.direct, f"{where}: only {[e.via for e in verdict.exposures]}"
        wanted = "current" if item["verdict"] == "exposed" else "latent"
        assert shown[0].status == wanted, where
    described = " | ".join(
        p.describe() for e in shown for covered, p in e.paths if item["port"] in covered
    )
    for text in item.get("path_contains", []):
        assert text in described, f"{where}: {text!r} not in {described!r}"


@pytest.mark.parametrize("case", CASES, ids=[str(c["id"]) for c in CASES])
def test_case(case: dict[str, Any]) -> None:
    snapshot = build_snapshot({"resources": case["resources"]})
    reach = analyse(snapshot)
    expect = case["expect"]
    where = f"{case['id']}: {case['why']}"
    if expect.get("no_exposures"):
        assert reach.exposures() == [], f"{where}: {reach.exposures()}"
    if "current_exposures" in expect:
        assert len(reach.exposures("current")) == expect["current_exposures"], where
    for interface, ports in expect.get("exposed_ports", {}).items():
        assert reach.exposed_ports(interface).describe() == ports, where
    for item in expect.get("ports", []):
        _check_port(reach, where, item)
    for interface, texts in expect.get("caveats_contain", {}).items():
        caveats = " | ".join(reach.interfaces[interface].caveats)
        for text in texts:
            assert text in caveats, f"{where}: {text!r} not in {caveats!r}"
    for name, ports in expect.get("listeners", {}).items():
        found = [e for e in reach.load_balancers[name].exposures if e.protocol == "tcp"]
        opened = IntervalSet.of(r for e in found for r in e.ports).describe()
        assert opened == ports, f"{where}: {name} opens {opened!r}"
    for name, texts in expect.get("balancer_caveats", {}).items():
        caveats = " | ".join(reach.load_balancers[name].caveats)
        for text in texts:
            assert text in caveats, f"{where}: {text!r} not in {caveats!r}"
    for interface in expect.get("not_targets", []):
        assert interface not in reach.targets, f"{where}: {interface} evaluated on its own"
    for interface, kind in expect.get("attachments", {}).items():
        assert reach.targets[interface].attachment == kind, where
    databases = {d.name: d for d in snapshot.of_type(DbInstance)}
    for item in expect.get("databases", []):
        # the route question the database checks ask of a publicly accessible database
        database = databases[item["database"]]
        route = subnets_route(reach.network, database.subnet_ids)
        route = route if database.publicly_accessible else None
        assert (route is not None) == (item["verdict"] == "exposed"), f"{where}: {route}"
