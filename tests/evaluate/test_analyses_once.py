"""Heavy analyses are built once per evaluation, however many checks use them (issue 13,
item 6): the network is indexed once for the database-route checks and the reachability
checks together, and IAM policies are parsed once for every identity check.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from incloud.evaluate import Verdict, all_checks, evaluate
from incloud.evaluate.iam.principals import PolicyIndex
from incloud.evaluate.network.core import Network
from incloud.evaluate.network.reachability import Reachability
from tests.fixtures import build_snapshot

FIXTURES = Path(__file__).parent / "fixtures"

EXPOSED = [
    {
        "kind": "ec2.security-group",
        "name": "open-ssh",
        "group_id": "sg-open",
        "vpc_id": "vpc-1",
        "ingress": [{"protocol": "tcp", "from_port": 22, "to_port": 22, "cidr_ipv4": "0.0.0.0/0"}],
        "egress": [{"protocol": "-1", "cidr_ipv4": "0.0.0.0/0"}],
    },
    {
        "kind": "ec2.instance",
        "name": "web",
        "instance_id": "i-1",
        "vpc_id": "vpc-1",
        "subnet_id": "subnet-public",
        "network_interface_ids": ["eni-1"],
    },
    {
        "kind": "ec2.network-interface",
        "name": "eni-1",
        "interface_id": "eni-1",
        "subnet_id": "subnet-public",
        "vpc_id": "vpc-1",
        "private_ips": ["10.0.1.10"],
        "public_ips": ["54.1.2.3"],
        "security_group_ids": ["sg-open"],
        "attached_instance_id": "i-1",
    },
    {"kind": "iam.user", "name": "alice"},
    {"kind": "iam.role", "name": "app"},
]


def _counting(monkeypatch: pytest.MonkeyPatch, cls: type[Any], counts: dict[str, int]) -> None:
    """Count ``cls``'s constructions."""
    original = cls.__init__

    def init(self: Any, *args: Any, **kwargs: Any) -> None:
        counts[cls.__name__] = counts.get(cls.__name__, 0) + 1
        original(self, *args, **kwargs)

    monkeypatch.setattr(cls, "__init__", init)


def test_one_network_index_and_one_policy_index_per_evaluation(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    document = yaml.safe_load((FIXTURES / "rds.instance-not-public.yaml").read_text())
    snapshot = build_snapshot({"resources": [*document["resources"], *EXPOSED]})
    counts: dict[str, int] = {}
    for cls in (Network, Reachability, PolicyIndex):
        _counting(monkeypatch, cls, counts)

    checks = all_checks()
    findings = evaluate(snapshot, checks.values()).findings

    def verdicts(check_id: str) -> set[Verdict]:
        return {f.verdict for f in findings if f.check_id == check_id}

    # both users of the network index ran and judged something
    assert Verdict.FAIL in verdicts("rds.instance-not-public")
    assert Verdict.FAIL in verdicts("ec2.admin-port-internet-reachable")
    identity = [i for i, c in checks.items() if i.startswith("iam.") and verdicts(i)]
    assert len(identity) > 5
    assert counts == {"Network": 1, "Reachability": 1, "PolicyIndex": 1}
