"""``incloud network exposure``: every exposed address, port, protocol and path, from a saved
snapshot (the issue's case 12 plus a directly exposed interface and a CloudFront origin)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from incloud.cli import main
from incloud.snapshot import save_snapshot
from tests.evaluate.network.test_cases import CASES
from tests.fixtures import build_snapshot


def _resources(*case_ids: str) -> list[dict[str, Any]]:
    found: dict[str, dict[str, Any]] = {}
    for case in CASES:
        if case["id"] in case_ids:
            for raw in case["resources"]:
                found.setdefault(f"{raw['kind']}/{raw['name']}", raw)
    return list(found.values())


@pytest.fixture
def snapshot_file(tmp_path: Path) -> Path:
    path = tmp_path / "snapshot.json"
    resources = _resources("issue-12-nlb-without-groups-instance-targets")
    resources += [
        {"kind": "ec2.security-group", "name": "ssh", "group_id": "sg-ssh", "vpc_id": "vpc-1",
         "ingress": [{"protocol": "tcp", "from_port": 22, "to_port": 22,
                      "cidr_ipv4": "0.0.0.0/0"}]},
        {"kind": "ec2.network-interface", "name": "eni-1", "interface_id": "eni-1",
         "subnet_id": "subnet-1", "vpc_id": "vpc-1", "private_ips": ["10.0.1.10"],
         "public_ips": ["54.1.2.3"], "security_group_ids": ["sg-ssh"]},
    ]  # fmt: skip
    save_snapshot(build_snapshot({"resources": resources}), path)
    return path


def test_json_lists_every_exposure_with_its_path(
    capsys: pytest.CaptureFixture[str], snapshot_file: Path
) -> None:
    code = main(["network", "exposure", "--snapshot", str(snapshot_file), "--format", "json"])
    answer = json.loads(capsys.readouterr().out)
    rows = answer["exposures"]

    assert code == 0
    assert (answer["complete"], answer["unread"]) == (True, [])
    found = {(r["kind"], r["address"], r["protocol"], r["ports"], r["via"]) for r in rows}
    assert found == {
        ("direct", "54.1.2.3", "tcp", "22", None),
        ("load-balancer", "web-nlb-2.elb.us-east-1.amazonaws.com", "tcp", "80", None),
        ("via-load-balancer", "web-nlb-2.elb.us-east-1.amazonaws.com", "tcp", "8080", "web-nlb:80"),
    }
    via = next(r for r in rows if r["kind"] == "via-load-balancer")
    assert (via["interface"], via["instance"], via["private_address"]) == (
        "eni-2",
        "i-2",
        "10.0.2.10",
    )
    assert "web-nlb:80 forwards from the client" in via["paths"][0]["path"]


def test_terminal_names_the_load_balancer_and_the_path(
    capsys: pytest.CaptureFixture[str], snapshot_file: Path
) -> None:
    code = main(["network", "exposure", "--snapshot", str(snapshot_file)])
    out = capsys.readouterr().out

    assert code == 0
    assert "[direct] 54.1.2.3 tcp 22 on eni-1" in out
    assert (
        "[via-load-balancer] web-nlb-2.elb.us-east-1.amazonaws.com tcp 8080 on eni-2 (i-2) "
        "via web-nlb:80" in out
    )
    assert "security group rule sg-ssh tcp 22 from 0.0.0.0/0" in out


def test_unknown_format_is_one_line_error(
    capsys: pytest.CaptureFixture[str], snapshot_file: Path
) -> None:
    code = main(["network", "exposure", "--snapshot", str(snapshot_file), "--format", "xml"])
    err = capsys.readouterr().err

    assert code == 2
    assert err.strip().count("\n") == 0 and "unknown --format" in err
