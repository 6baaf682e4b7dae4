"""Which accounts' SCPs and RCPs are applied, and why not where they are not."""

from __future__ import annotations

from typing import Any

import pytest

from incloud.evaluate.iam.controls import OrganisationControls
from tests.fixtures import ACCOUNT, build_snapshot

from .organisation import (
    FULL_AWS_ACCESS,
    MANAGEMENT,
    ORG,
    ROOT,
    control,
    controls,
    gap,
    level,
    membership,
)


def _controls(*resources: dict[str, Any], gaps: tuple[dict[str, Any], ...] = ()) -> Any:
    return OrganisationControls(build_snapshot({"resources": list(resources), "gaps": list(gaps)}))


@pytest.mark.parametrize(
    ("resources", "gaps", "scp", "rcp", "says"),
    [
        # not in an organisation: nothing to apply, nothing to say
        ((), (), "none", "none", ""),
        # a member whose controls are not in the snapshot: said, never silent
        ((membership(),), (), "unapplied", "unapplied", f"member of {ORG}"),
        # the membership itself could not be read
        ((), (gap("DescribeOrganization"),), "unapplied", "unapplied", "DescribeOrganization"),
        # controls read, but one of the reads they rest on failed
        (
            (membership(), controls()),
            (gap("ListPoliciesForTarget"),),
            "unapplied",
            "unapplied",
            "organizations:ListPoliciesForTarget (AccessDeniedException)",
        ),
        # a failed read made from the management account about this member
        (
            (controls(),),
            (
                gap(
                    "DescribePolicy",
                    account=MANAGEMENT,
                    resource_arn=f"arn:aws:organizations::{MANAGEMENT}:account/{ORG}/{ACCOUNT}",
                ),
            ),
            "unapplied",
            "unapplied",
            "organizations:DescribePolicy",
        ),
        ((controls(),), (), "applied", "applied", "r-ab12 (Root) > ou-ab12-workload (Workloads)"),
        ((controls(scps_enabled=False),), (), "disabled", "applied", "not enabled"),
        ((controls(scps=[]),), (), "unapplied", "applied", "no level of them was collected"),
        (
            (controls(scps=[level(ROOT, FULL_AWS_ACCESS), level(ACCOUNT)]),),
            (),
            "unapplied",
            "applied",
            f"no SCP was collected for {ACCOUNT}, where AWS always attaches one",
        ),
        (
            (controls(scps=[level(ROOT, control("Broken", {"Effect": "Perhaps"}))]),),
            (),
            "unapplied",
            "applied",
            "could not be parsed",
        ),
        ((controls(management=ACCOUNT),), (), "exempt", "exempt", "management account"),
        ((membership(management=ACCOUNT),), (), "exempt", "exempt", "management account"),
    ],
)
def test_bindings(
    resources: tuple[dict[str, Any], ...],
    gaps: tuple[dict[str, Any], ...],
    scp: str,
    rcp: str,
    says: str,
) -> None:
    found = _controls(*resources, gaps=gaps)
    assert (found.scp(ACCOUNT).state, found.rcp(ACCOUNT).state) == (scp, rcp)
    assert says in found.scp(ACCOUNT).note
    assert bool(found.scp(ACCOUNT).levels) is (scp == "applied")
    assert (ACCOUNT in found.scps) is (scp == "applied")


def test_applied_levels_name_each_policy_by_its_target() -> None:
    found = _controls(controls())
    levels = found.scp(ACCOUNT).levels
    assert [[p.name for p in lv] for lv in levels] == [
        ["FullAWSAccess at r-ab12 (Root)"],
        ["FullAWSAccess at ou-ab12-workload (Workloads)"],
        [f"FullAWSAccess at {ACCOUNT}"],
    ]
    assert found.rcp(ACCOUNT).organization_id == ORG


def test_notes_for_the_views_and_for_findings() -> None:
    other = "210987654321"
    found = _controls(membership(), controls(account=other, scps=[level(ROOT, FULL_AWS_ACCESS)]))
    assert found.scp_notes([ACCOUNT, other, ACCOUNT]) == (found.scp(ACCOUNT).note,)
    assert "SCPs not applied to account 123456789012" in found.scp(ACCOUNT).note
    notes = found.notes("SCP")
    assert len(notes) == 2
    assert any(f"applied to account {other}" in note for note in notes)
    assert found.scp("000000000000").state == "none"  # an account the snapshot lacks
