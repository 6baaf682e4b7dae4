"""SCPs and RCPs applied by the checks, the escalation analysis and the iam paths view; notes
where they could not be applied.

Each case evaluates a small account under one organisation setting and asserts the verdict and
what the reason says; the first row of each table is the account outside any organisation, so
every other row differs from it only by the controls.
"""

from __future__ import annotations

from typing import Any

import pytest

from incloud.evaluate import Verdict, all_checks, evaluate
from incloud.evaluate.finding import Finding
from incloud.evaluate.iam.controls import OrganisationControls
from incloud.evaluate.iam.escalation import EscalationGraph, escalation_paths
from incloud.evaluate.views import paths_view
from incloud.snapshot import Snapshot
from tests.fixtures import ACCOUNT, build_snapshot

from .iam.organisation import (
    DATA_PERIMETER,
    FULL_AWS_ACCESS,
    ROOT,
    WORKLOADS,
    control,
    controls,
    doc,
    gap,
    level,
    membership,
    rcp_levels,
    scp_levels,
)

IAM = f"arn:aws:iam::{ACCOUNT}"
ALLOW_ALL = {"Effect": "Allow", "Action": "*", "Resource": "*"}
MFA_OFF = {"BoolIfExists": {"aws:MultiFactorAuthPresent": "false"}}


def _user(name: str, *statements: dict[str, Any]) -> dict[str, Any]:
    return {
        "kind": "iam.user",
        "name": name,
        "arn": f"{IAM}:user/{name}",
        "region": "global",
        "inline_policies": {"p": doc(*statements)},
    }


def _role(name: str, *statements: dict[str, Any], path: str = "/") -> dict[str, Any]:
    trust = doc(
        {
            "Effect": "Allow",
            "Principal": {"Service": "ec2.amazonaws.com"},
            "Action": "sts:AssumeRole",
        }
    )
    return {
        "kind": "iam.role",
        "name": name,
        "arn": f"{IAM}:role{path}{name}",
        "region": "global",
        "path": path,
        "trust_policy": trust,
        "inline_policies": {"p": doc(*statements)},
    }


def _deny(action: str, **extra: Any) -> dict[str, Any]:
    return {"Effect": "Deny", "Action": action, "Resource": "*", **extra}


def _findings(
    check_id: str, resources: list[dict[str, Any]], gaps: list[dict[str, Any]] | None = None
) -> dict[str, Finding]:
    snapshot = build_snapshot({"resources": resources, "gaps": gaps or []})
    found = evaluate(snapshot, [all_checks()[check_id]]).findings
    return {f.resource_name: f for f in found}


AIMED_AT_ALICE = control(
    "DenyAlice", _deny("iam:*", Condition={"ArnLike": {"aws:PrincipalArn": f"{IAM}:user/alice"}})
)
ALICE_WITHOUT_MFA = control(
    "AliceNeedsMfa",
    _deny("iam:*", Condition={"ArnLike": {"aws:PrincipalArn": f"{IAM}:user/alice"}, **MFA_OFF}),
)
NOT_APPLIED = "SCPs not applied to account 123456789012"

# -- administrators --------------------------------------------------------------------------

ADMIN_CASES = [
    pytest.param([], [], Verdict.FAIL, "full administrator", id="no-organisation"),
    pytest.param(
        [controls(scps=scp_levels(AIMED_AT_ALICE))],
        [],
        Verdict.PASS,
        "denied by SCP DenyAlice at ou-ab12-workload (Workloads) statement 1",
        id="scp-deny-removes-admin",
    ),
    pytest.param(
        [controls(scps=scp_levels(control("NoIam", _deny("iam:*"))))],
        [],
        Verdict.FAIL,
        "full administrator",
        id="guardrail-for-everyone-keeps-admin",
    ),
    pytest.param(
        [controls(scps=scp_levels(control("NothingAtAll", _deny("*"))))],
        [],
        Verdict.PASS,
        "allow no action",
        id="scps-allowing-nothing",
    ),
    pytest.param(
        [controls(scps=scp_levels(ALICE_WITHOUT_MFA))],
        [],
        Verdict.FAIL,
        "aws:MultiFactorAuthPresent",
        id="scp-deny-on-unknown-context-stays-conditional",
    ),
    pytest.param(
        [controls(management=ACCOUNT, scps=scp_levels(AIMED_AT_ALICE))],
        [],
        Verdict.FAIL,
        "full administrator",
        id="management-account-exempt",
    ),
    pytest.param(
        [controls(scps_enabled=False, scps=scp_levels(AIMED_AT_ALICE))],
        [],
        Verdict.FAIL,
        "full administrator",
        id="scps-not-enabled-ignored",
    ),
    pytest.param(
        [membership()],
        [],
        Verdict.FAIL,
        f"{NOT_APPLIED}: it is a member of o-abc123def4",
        id="member-without-controls-noted",
    ),
    pytest.param(
        [controls(scps=scp_levels(AIMED_AT_ALICE))],
        [gap("ListPoliciesForTarget")],
        Verdict.FAIL,
        f"{NOT_APPLIED}: its SCPs could not be read whole (organizations:ListPoliciesForTarget",
        id="gap-on-the-controls-noted",
    ),
]


@pytest.mark.parametrize(("organisation", "gaps", "verdict", "says"), ADMIN_CASES)
def test_administrators(
    organisation: list[dict[str, Any]], gaps: list[dict[str, Any]], verdict: Verdict, says: str
) -> None:
    finding = _findings(
        "iam.user-not-full-admin", [_user("alice", ALLOW_ALL), *organisation], gaps
    )["alice"]
    assert finding.verdict is verdict
    assert says in finding.reason
    noted = "organisation_controls" in finding.evidence
    assert noted is (NOT_APPLIED in says)


def test_an_scp_condition_on_unknown_context_makes_the_administrator_conditional() -> None:
    finding = _findings(
        "iam.user-not-full-admin",
        [_user("alice", ALLOW_ALL), controls(scps=scp_levels(ALICE_WITHOUT_MFA))],
    )["alice"]
    assert finding.reason.startswith("administrator when its policy conditions hold")


# -- escalation ------------------------------------------------------------------------------

DEV = _user("dev", {"Effect": "Allow", "Action": "iam:CreateAccessKey", "Resource": "*"})
BOSS = _user("boss", ALLOW_ALL)
S3_ONLY = control("S3Only", {"Effect": "Allow", "Action": ["s3:*", "iam:Get*"], "Resource": "*"})
ALLOW_LIST_OU = [
    level(ROOT, FULL_AWS_ACCESS),
    level(WORKLOADS, S3_ONLY),
    level(ACCOUNT, FULL_AWS_ACCESS),
]
KEYS_WITHOUT_MFA = control("KeysNeedMfa", _deny("iam:CreateAccessKey", Condition=MFA_OFF))
NO_KEYS = control("NoKeys", _deny("iam:CreateAccessKey"))

ESCALATION_CASES = [
    pytest.param([], [], Verdict.FAIL, "create-access-key", id="no-organisation"),
    pytest.param(
        [controls(scps=ALLOW_LIST_OU)],
        [],
        Verdict.PASS,
        "with the SCPs of its account applied",
        id="ou-allow-list-without-the-action-removes-the-path",
    ),
    pytest.param(
        [controls(scps=scp_levels(NO_KEYS))],
        [],
        Verdict.PASS,
        "no path to administrator found",
        id="scp-deny-removes-the-path",
    ),
    pytest.param(
        [controls(scps=scp_levels(KEYS_WITHOUT_MFA))],
        [],
        Verdict.FAIL,
        "only if: not (BoolIfExists aws:MultiFactorAuthPresent",
        id="scp-deny-on-unknown-context-stays-conditional",
    ),
    pytest.param(
        [controls(management=ACCOUNT, scps=scp_levels(NO_KEYS))],
        [],
        Verdict.FAIL,
        "create-access-key",
        id="management-account-exempt",
    ),
    pytest.param(
        [controls(scps_enabled=False, scps=scp_levels(NO_KEYS))],
        [],
        Verdict.FAIL,
        "create-access-key",
        id="scps-not-enabled-ignored",
    ),
    pytest.param(
        [membership()],
        [],
        Verdict.FAIL,
        f"(note: {NOT_APPLIED}: it is a member",
        id="member-without-controls-noted",
    ),
    pytest.param(
        [controls(scps=scp_levels(NO_KEYS))],
        [gap("DescribePolicy")],
        Verdict.FAIL,
        f"(note: {NOT_APPLIED}: its SCPs could not be read whole",
        id="gap-on-the-controls-noted",
    ),
]


@pytest.mark.parametrize(("organisation", "gaps", "verdict", "says"), ESCALATION_CASES)
def test_escalation(
    organisation: list[dict[str, Any]], gaps: list[dict[str, Any]], verdict: Verdict, says: str
) -> None:
    finding = _findings("iam.privilege-escalation", [DEV, BOSS, *organisation], gaps)["dev"]
    assert finding.verdict is verdict
    assert says in finding.reason
    assert ("organisation_controls" in finding.evidence) is (NOT_APPLIED in says)


def _scps(snapshot: Snapshot) -> dict[str, Any]:
    return OrganisationControls(snapshot).scps


def test_service_linked_roles_are_not_restricted_by_scps() -> None:
    grant_keys = {"Effect": "Allow", "Action": "iam:CreateAccessKey", "Resource": "*"}
    path = "/aws-service-role/support.amazonaws.com/"
    linked = _role("AWSServiceRoleForSupport", grant_keys, path=path)
    plain = _role("worker", grant_keys)
    snapshot = build_snapshot(
        {"resources": [BOSS, linked, plain, controls(scps=scp_levels(NO_KEYS))]}
    )
    assert {linked["arn"], plain["arn"]} <= set(escalation_paths(snapshot))
    # the SCP takes the step from the role it binds; the service-linked role keeps it
    assert set(escalation_paths(snapshot, scps=_scps(snapshot))) == {linked["arn"]}


def test_service_linked_roles_stay_administrators_under_scps() -> None:
    path = "/aws-service-role/x.amazonaws.com/"
    linked = _role("AWSServiceRoleForAll", ALLOW_ALL, path=path)
    aimed = control(
        "DenyAll", _deny("*", Condition={"StringLike": {"aws:PrincipalArn": f"{IAM}:*"}})
    )
    snapshot = build_snapshot({"resources": [BOSS, linked, controls(scps=scp_levels(aimed))]})
    graph = EscalationGraph(snapshot, scps=_scps(snapshot))
    assert graph.nodes[linked["arn"]].admin
    assert not graph.nodes[BOSS["arn"]].admin
    assert EscalationGraph(snapshot).nodes[BOSS["arn"]].admin


def test_the_paths_view_applies_the_scps_and_says_so() -> None:
    applied = build_snapshot(
        {"resources": [DEV, BOSS, _user("alice", ALLOW_ALL), controls(scps=ALLOW_LIST_OU)]}
    )
    view = paths_view(applied)
    assert view.paths == {}
    assert view.organisation == (
        "SCPs of o-abc123def4 applied to account 123456789012: r-ab12 (Root) > "
        "ou-ab12-workload (Workloads) > 123456789012",
    )
    aimed = build_snapshot(
        {"resources": [_user("alice", ALLOW_ALL), controls(scps=scp_levels(AIMED_AT_ALICE))]}
    )
    assert not paths_view(aimed, "alice").administrator
    assert paths_view(
        build_snapshot({"resources": [_user("alice", ALLOW_ALL)]}), "alice"
    ).administrator
    member = build_snapshot({"resources": [DEV, BOSS, membership()]})
    view = paths_view(member)
    assert set(view.paths) == {DEV["arn"]}
    assert view.complete  # over-approximated, said, not unknown
    assert len(view.organisation) == 1
    assert view.organisation[0].startswith(NOT_APPLIED)


# -- resource policies -------------------------------------------------------------------------

BUCKET = {
    "kind": "s3.bucket",
    "name": "public-assets",
    "arn": "arn:aws:s3:::public-assets",
    "policy": doc(
        {
            "Effect": "Allow",
            "Principal": "*",
            "Action": "s3:GetObject",
            "Resource": "arn:aws:s3:::public-assets/*",
        }
    ),
}
PERIMETER = rcp_levels(DATA_PERIMETER)
SECURE_TRANSPORT = control(
    "SecureTransport",
    {
        "Effect": "Deny",
        "Principal": "*",
        "Action": "s3:*",
        "Resource": "*",
        "Condition": {"BoolIfExists": {"aws:SecureTransport": "false"}},
    },
)
RCPS_NOT_APPLIED = "RCPs not applied to account 123456789012"

BUCKET_CASES = [
    pytest.param([], Verdict.FAIL, "grants access to everyone", id="no-organisation"),
    pytest.param(
        [controls(rcps=PERIMETER)],
        Verdict.PASS,
        "explicitly denied by RCP DataPerimeter at r-ab12 (Root) statement 1",
        id="rcp-closes-a-public-bucket",
    ),
    pytest.param(
        [controls(management=ACCOUNT, rcps=PERIMETER)],
        Verdict.FAIL,
        "grants access to everyone",
        id="rcp-does-not-apply-in-the-management-account",
    ),
    pytest.param(
        [controls(rcps_enabled=False, rcps=PERIMETER)],
        Verdict.FAIL,
        "grants access to everyone",
        id="rcps-not-enabled-ignored",
    ),
    pytest.param(
        [controls(rcps=rcp_levels(SECURE_TRANSPORT))],
        Verdict.FAIL,
        "the RCPs let it through only if: statement 1: an anonymous caller: "
        "not (BoolIfExists aws:SecureTransport",
        id="rcp-on-unknown-context-stays-open",
    ),
    pytest.param(
        [membership()],
        Verdict.FAIL,
        f"(note: {RCPS_NOT_APPLIED}: it is a member of o-abc123def4",
        id="member-without-controls-noted",
    ),
]


@pytest.mark.parametrize(("organisation", "verdict", "says"), BUCKET_CASES)
def test_public_bucket_policies(
    organisation: list[dict[str, Any]], verdict: Verdict, says: str
) -> None:
    finding = _findings("s3.bucket-policy-not-public", [BUCKET, *organisation])["public-assets"]
    assert finding.verdict is verdict
    assert says in finding.reason
    assert ("organisation_controls" in finding.evidence) is (RCPS_NOT_APPLIED in says)
    assert ("blocked_by_rcp" in finding.evidence) is (verdict is Verdict.PASS)


def test_rcps_close_other_organisations_and_public_role_trust() -> None:
    partner = {
        **BUCKET,
        "policy": doc(
            {
                "Effect": "Allow",
                "Principal": "*",
                "Action": "s3:GetObject",
                "Resource": "arn:aws:s3:::public-assets/*",
                "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-partner0000"}},
            }
        ),
    }
    check = "s3.bucket-policy-trusted-accounts"
    assert _findings(check, [partner])["public-assets"].verdict is Verdict.FAIL
    assert (
        _findings(check, [partner, controls(rcps=PERIMETER)])["public-assets"].verdict
        is Verdict.PASS
    )
    role = {
        **_role("open"),
        "trust_policy": doc(
            {"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "sts:AssumeRole"}
        ),
    }
    check = "iam.role-trust-not-public"
    assert _findings(check, [role])["open"].verdict is Verdict.FAIL
    assert _findings(check, [role, controls(rcps=PERIMETER)])["open"].verdict is Verdict.PASS


def test_rcps_do_not_judge_services_they_do_not_support() -> None:
    topic = {
        "kind": "sns.topic",
        "name": "alerts",
        "policy": doc(
            {"Effect": "Allow", "Principal": "*", "Action": "sns:Publish", "Resource": "*"}
        ),
    }
    wide = control(
        "DenyOutsiders",
        {
            "Effect": "Deny",
            "Principal": "*",
            "Action": "*",
            "Resource": "*",
            "Condition": {"StringNotEqualsIfExists": {"aws:PrincipalOrgID": "o-abc123def4"}},
        },
    )
    finding = _findings("sns.topic-policy-not-public", [topic, controls(rcps=rcp_levels(wide))])[
        "alerts"
    ]
    assert finding.verdict is Verdict.FAIL
    assert "RCP" not in finding.reason
