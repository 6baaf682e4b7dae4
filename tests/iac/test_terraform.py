"""Terraform plans: the same builders, references linked through the configuration,
provider defaults for what the configuration leaves unset, unknown for the rest."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from incloud.errors import InputError
from incloud.evaluate.check import Verdict
from incloud.snapshot.ec2 import Ec2Instance, RouteTable

from .helpers import PLAN, read, verdicts


def test_the_plan_twin_is_judged_by_the_engines() -> None:
    found = verdicts(
        read(PLAN),
        "ec2.admin-port-internet-reachable",
        "iam.privilege-escalation",
        "rds.instance-not-public",
        "s3.bucket-acl-not-public",
        "ec2.security-group-admin-ports",
    )
    assert found[("ec2.admin-port-internet-reachable", "bastion")] is Verdict.FAIL
    assert found[("ec2.admin-port-internet-reachable", "web-legacy")] is Verdict.PASS
    assert found[("iam.privilege-escalation", "deploy-automation")] is Verdict.FAIL
    assert found[("rds.instance-not-public", "legacy-reporting-db")] is Verdict.FAIL
    assert found[("s3.bucket-acl-not-public", "northwind-public-assets")] is Verdict.FAIL
    assert found[("ec2.security-group-admin-ports", "bastion-sg")] is Verdict.FAIL


def test_references_link_resources_the_plan_creates() -> None:
    snapshot = read(PLAN).result.snapshot
    table = next(t for t in snapshot.of_type(RouteTable) if t.name == "public")
    assert [(r.destination, r.target_kind) for r in table.routes] == [("0.0.0.0/0", "gateway")]
    assert table.routes[0].target_id == "igw-northwind-tfplan-aws-internet-gateway-main"
    bastion = next(i for i in snapshot.of_type(Ec2Instance) if i.name == "bastion")
    assert bastion.security_group_ids == ("sg-northwind-tfplan-aws-security-group-bastion",)


def test_values_known_after_apply_are_unknown() -> None:
    found = verdicts(read(PLAN), "s3.bucket-policy-not-public", "ec2.instance-imdsv2")
    # the policy comes from a data source the plan does not show
    assert found[("s3.bucket-policy-not-public", "northwind-public-assets")] is Verdict.UNKNOWN
    # metadata options left to the AMI and the account defaults
    assert found[("ec2.instance-imdsv2", "web-legacy")] is Verdict.UNKNOWN
    assert found[("ec2.instance-imdsv2", "bastion")] is Verdict.PASS


_BAD_RULE = {"from_port": "x", "to_port": 2, "protocol": "tcp", "cidr_blocks": ["1.2.3.4/32"]}


def _plan(tmp_path: Path, document: Any) -> Path:
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(document))
    return path


@pytest.mark.parametrize(
    ("document", "message"),
    [
        ({"format_version": "1.0", "values": {"root_module": {}}}, "Terraform state, not a plan"),
        ({"format_version": "1.2"}, "not a Terraform plan"),
        ({"format_version": "1.2", "resource_changes": [{"change": {}}]}, "without an address"),
        (
            {
                "format_version": "1.2",
                "resource_changes": [
                    {
                        "address": "aws_iam_role.r",
                        "type": "aws_iam_role",
                        "change": {
                            "actions": ["create"],
                            "after": {"name": "r", "assume_role_policy": "{not json"},
                        },
                    }
                ],
            },
            "not JSON",
        ),
        (
            {
                "format_version": "1.2",
                "resource_changes": [
                    {
                        "address": "aws_security_group.g",
                        "type": "aws_security_group",
                        "change": {"actions": ["create"], "after": {"ingress": [_BAD_RULE]}},
                    }
                ],
            },
            "aws_security_group.g",
        ),
        ({"Description": "neither"}, "neither a CloudFormation template"),
    ],
)
def test_wrong_plans_are_one_input_error(tmp_path: Path, document: Any, message: str) -> None:
    with pytest.raises(InputError, match=message):
        read(_plan(tmp_path, document))


def test_deleted_resources_are_not_judged(tmp_path: Path) -> None:
    plan = json.loads(PLAN.read_text())
    for change in plan["resource_changes"]:
        change["change"]["actions"] = ["delete"]
    assert read(_plan(tmp_path, plan)).result.snapshot.resources == ()


def test_references_inside_modules_link(tmp_path: Path) -> None:
    def change(address: str, after: dict[str, Any], unknown: dict[str, Any]) -> Any:
        return {
            "address": address,
            "module_address": "module.net",
            "type": address.split(".")[2],
            "change": {"actions": ["create"], "after": after, "after_unknown": unknown},
        }

    plan = {
        "format_version": "1.2",
        "resource_changes": [
            change("module.net.aws_vpc.main", {"cidr_block": "10.1.0.0/16"}, {"id": True}),
            change(
                "module.net.aws_subnet.a[0]",
                {"cidr_block": "10.1.1.0/24"},
                {"id": True, "vpc_id": True},
            ),
        ],
        "configuration": {
            "root_module": {
                "module_calls": {
                    "net": {
                        "module": {
                            "resources": [
                                {
                                    "address": "aws_subnet.a",
                                    "expressions": {
                                        "vpc_id": {
                                            "references": ["aws_vpc.main.id", "aws_vpc.main"]
                                        }
                                    },
                                },
                            ]
                        }
                    }
                }
            }
        },
    }
    snapshot = read(_plan(tmp_path, plan)).result.snapshot
    from incloud.snapshot.ec2 import Subnet, Vpc

    vpc = next(snapshot.of_type(Vpc))
    subnet = next(snapshot.of_type(Subnet))
    assert subnet.vpc_id == vpc.vpc_id
    assert not [g for g in snapshot.gaps if "vpc_id" in g.message]
