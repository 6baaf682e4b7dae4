"""Every reporter of every subject, rendered from fixed inputs and compared with its golden
file in tests/report/golden/. A change in a report shows up here as a diff to review.

After an intended change, regenerate with ``INCLOUD_UPDATE_GOLDEN=1 pytest tests/report`` and
read the diff before committing it.
"""

from __future__ import annotations

import difflib
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from incloud.assessment import Assessment, assess, with_posture
from incloud.compliance.attestations import Attestation
from incloud.compliance.model import load_framework
from incloud.compliance.posture import assess_frameworks
from incloud.evaluate.views import exposure_view, paths_view
from incloud.report import EXTENSIONS, REPORTERS, Formats
from incloud.report.compliance import LISTING, POSTURE, Listing
from incloud.report.matrix import formats as matrix_formats
from incloud.report.org import ORG_REPORTERS
from incloud.report.views import EXPOSURE, PATHS
from incloud.snapshot import Snapshot
from tests.evaluate.network.test_cases import CASES as NETWORK_CASES
from tests.fixtures import build_snapshot
from tests.report.org_fixture import org_assessment

GOLDEN = Path(__file__).parent / "golden"
WIDTH = 100
IAM = "arn:aws:iam::123456789012"
ALLOW_ALL = {
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}],
}


def _statement(action: str, resource: str) -> dict[str, Any]:
    return {
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Action": action, "Resource": resource}],
    }


SNAPSHOT: dict[str, Any] = {
    "resources": [
        {
            "kind": "s3.bucket",
            "name": "public-assets",
            "acl_grants": [
                {
                    "grantee_type": "Group",
                    "permission": "READ",
                    "grantee": "http://acs.amazonaws.com/groups/global/AllUsers",
                }
            ],
        },
        {"kind": "kms.key", "name": "legacy", "key_id": "k1", "rotation_enabled": False},
        {"kind": "ec2.volume", "name": "data", "volume_id": "vol-1", "encrypted": True},
        {
            "kind": "iam.user",
            "name": "builder",
            "region": "global",
            "arn": f"{IAM}:user/builder",
            "inline_policies": {"p": _statement("iam:AttachUserPolicy", f"{IAM}:user/builder")},
        },
        {
            "kind": "iam.user",
            "name": "admin",
            "region": "global",
            "arn": f"{IAM}:user/admin",
            "inline_policies": {"all": ALLOW_ALL},
        },
    ],
    "gaps": [
        {"service": "lambda", "operation": "ListFunctions", "error_code": "AccessDenied"},
    ],
}
"""A small account with a failure in most domains, an escalation path and a gap."""


def _snapshot() -> Snapshot:
    return build_snapshot(SNAPSHOT)


def _network() -> Snapshot:
    """A load balancer forwarding to targets (a network case), a directly exposed SSH port,
    and a region whose security groups could not be read.
    """
    wanted = "issue-12-nlb-without-groups-instance-targets"
    (case,) = [c for c in NETWORK_CASES if c["id"] == wanted]
    ssh = {"protocol": "tcp", "from_port": 22, "to_port": 22, "cidr_ipv4": "0.0.0.0/0"}
    extra = [
        {"kind": "ec2.security-group", "name": "ssh", "group_id": "sg-ssh", "vpc_id": "vpc-1",
         "ingress": [ssh]},
        {"kind": "ec2.network-interface", "name": "eni-1", "interface_id": "eni-1",
         "subnet_id": "subnet-1", "vpc_id": "vpc-1", "private_ips": ["10.0.1.10"],
         "public_ips": ["54.1.2.3"], "security_group_ids": ["sg-ssh"]},
    ]  # fmt: skip
    gap = {"service": "ec2", "operation": "DescribeSecurityGroups", "error_code": "AccessDenied",
           "region": "eu-west-1"}  # fmt: skip
    return build_snapshot({"resources": [*case["resources"], *extra], "gaps": [gap]})


def _assessment() -> Assessment:
    snapshot = _snapshot()
    attestation = Attestation.model_validate(
        {
            "framework": "cis-5.0",
            "requirement": "1.1",
            "by": "security@example.com",
            "date": "2026-10-01",
            "expires": "2027-10-01",
            "note": "contact details reviewed",
        }
    )
    assessed = assess(snapshot, programme="hipaa")
    assessed = with_posture(
        assessed, snapshot, [load_framework("cis-5.0")], attestations=[attestation]
    )
    return assessed.model_copy(update={"timings": {}})  # timings are the only varying field


SUBJECTS: dict[str, tuple[Callable[[], Any], Formats[Any]]] = {
    "assessment": (_assessment, REPORTERS),
    "matrix": (_assessment, matrix_formats()),
    "matrix-s3": (_assessment, matrix_formats("s3")),
    "posture-cis-5.0": (lambda: _assessment().compliance[0], POSTURE),
    "listing": (
        lambda: Listing(
            _snapshot().collected_at,
            assess_frameworks(_snapshot(), [load_framework("cis-5.0"), load_framework("gdpr")]),
        ),
        LISTING,
    ),
    "iam-paths": (lambda: paths_view(_snapshot()), PATHS),
    "network-exposure": (lambda: exposure_view(_network()), EXPOSURE),
    "organization": (org_assessment, ORG_REPORTERS),
}
"""Each subject, how to build it, and its formats."""

CASES = [(name, kind) for name, (_, formats) in SUBJECTS.items() for kind in formats]


@pytest.mark.parametrize(("name", "kind"), CASES, ids=[f"{n}.{k}" for n, k in CASES])
def test_rendering_matches_the_golden_file(name: str, kind: str) -> None:
    build, formats = SUBJECTS[name]
    rendered = formats[kind](build(), color=False, width=WIDTH)
    golden = GOLDEN / f"{name}.{EXTENSIONS[kind]}"
    if os.environ.get("INCLOUD_UPDATE_GOLDEN"):
        GOLDEN.mkdir(exist_ok=True)
        golden.write_text(rendered)
    expected = golden.read_text()
    diff = "".join(
        difflib.unified_diff(
            expected.splitlines(keepends=True),
            rendered.splitlines(keepends=True),
            str(golden),
            "rendered",
        )
    )
    assert rendered == expected, f"regenerate with INCLOUD_UPDATE_GOLDEN=1 if intended:\n{diff}"


def test_every_golden_file_has_a_case() -> None:
    expected = {f"{name}.{EXTENSIONS[kind]}" for name, kind in CASES}
    assert {p.name for p in GOLDEN.iterdir()} == expected
