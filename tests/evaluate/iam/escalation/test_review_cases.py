"""Adversarial cases for the bitset/partition escalation search, and a brute-force reference.

Decisions that depend on the target through ``Resource`` patterns (exact ARNs mixed with
wildcards, ``NotResource``, a Deny on one target, a boundary or an SCP naming some targets,
policy variables), cross-account trust, PassRole limited by ``iam:PassedToService``, group
joins, combined grant-then-become paths, tie-breaking on conditional steps, chains, cycles,
workloads (Lambda, EC2 Instance Connect) and sensitive goals. Each case asserts the exact path
or its absence. The last tests compare the search with a brute-force shortest path over the
graph's per-pair :meth:`~EscalationGraph.edges`, and those edges with per-pair engine decisions,
on seeded random snapshots.
"""

from __future__ import annotations

import random
from typing import Any

import pytest

from incloud.evaluate.iam.decide import PolicySet, Request, evaluate_request
from incloud.evaluate.iam.escalation import (
    ADMINISTRATOR,
    EscalationGraph,
    Path,
    Sensitive,
    escalation_paths,
)
from incloud.evaluate.iam.policy import parse_policy
from incloud.snapshot import Snapshot
from tests.fixtures import ACCOUNT, build_snapshot

OTHER = "210987654321"
REGION = "us-east-1"
MFA = {"Bool": {"aws:MultiFactorAuthPresent": "true"}}
NEVER = {"DateLessThan": {"aws:TokenIssueTime": "2020-01-01T00:00:00Z"}}


def _iam(kind: str, name: str, account: str = ACCOUNT) -> str:
    return f"arn:aws:iam::{account}:{kind}/{name}"


ALICE = _iam("user", "alice")
BOB = _iam("user", "bob")
CAROL = _iam("user", "carol")
DAVE = _iam("user", "dave")


def _doc(*statements: dict[str, Any]) -> dict[str, Any]:
    return {"Version": "2012-10-17", "Statement": list(statements)}


def _allow(
    action: str | list[str], resource: str | list[str] = "*", **extra: Any
) -> dict[str, Any]:
    return {"Effect": "Allow", "Action": action, "Resource": resource, **extra}


def _deny(action: str | list[str], resource: str | list[str] = "*", **extra: Any) -> dict[str, Any]:
    return {"Effect": "Deny", "Action": action, "Resource": resource, **extra}


ADMIN = _allow("*")


def _trust(principal: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return _doc({"Effect": "Allow", "Principal": principal, "Action": "sts:AssumeRole", **extra})


def _principal(
    kind: str, name: str, statements: tuple[dict[str, Any], ...], account: str, fields: Any
) -> dict[str, Any]:
    return {
        "kind": f"iam.{kind}",
        "name": name,
        "arn": _iam(kind, name, account),
        "account_id": account,
        "region": "global",
        "inline_policies": {"p": _doc(*statements)} if statements else {},
        **fields,
    }


def _user(name: str, *statements: dict[str, Any], account: str = ACCOUNT, **fields: Any) -> Any:
    return _principal("user", name, statements, account, fields)


def _role(
    name: str,
    trust: dict[str, Any],
    *statements: dict[str, Any],
    account: str = ACCOUNT,
    **fields: Any,
) -> dict[str, Any]:
    return _principal("role", name, statements, account, {"trust_policy": trust, **fields})


def _group(name: str, *statements: dict[str, Any], **fields: Any) -> dict[str, Any]:
    return _principal("group", name, statements, ACCOUNT, fields)


def _policy(name: str, document: dict[str, Any], **fields: Any) -> dict[str, Any]:
    return {
        "kind": "iam.policy",
        "name": name,
        "arn": _iam("policy", name),
        "region": "global",
        "document": document,
        **fields,
    }


def _snapshot(*resources: dict[str, Any]) -> Snapshot:
    return build_snapshot({"resources": list(resources)})


def _steps(path: Path) -> list[tuple[str, str, str, str]]:
    """(principal, technique, resource, target) of every step."""
    return [(s.principal, s.technique, s.resource, s.target) for s in path.steps]


def _become_targets(snapshot: Snapshot, node_id: str, technique: str) -> set[str]:
    graph = EscalationGraph(snapshot)
    return {
        e.target
        for e in graph.edges(node_id)
        if e.step.technique == technique and e.step.effect == "become"
    }


# -- decisions that depend on the target through Resource patterns ---------------------------


def test_a_resource_list_mixing_exact_arns_and_wildcards() -> None:
    # carol (an administrator outside both patterns) comes first: a part decided on the wrong
    # representative would hand her out
    alice = _user("alice", _allow("iam:CreateAccessKey", [BOB, _iam("user", "ops-*")]))
    snapshot = _snapshot(
        alice, _user("carol", ADMIN), _user("bob"), _user("ops-admin", ADMIN), _user("dev")
    )
    assert _become_targets(snapshot, ALICE, "create-access-key") == {BOB, _iam("user", "ops-admin")}
    path = escalation_paths(snapshot)[ALICE]
    assert _steps(path) == [
        (ALICE, "create-access-key", _iam("user", "ops-admin"), _iam("user", "ops-admin"))
    ]
    assert path.steps[0].statements == (
        "allowed by identity-based policy alice inline p statement 1",
    )
    assert not path.conditions


def test_not_resource_excludes_exactly_the_named_target() -> None:
    alice = _user(
        "alice",
        {"Effect": "Allow", "Action": "iam:CreateAccessKey", "NotResource": [CAROL]},
    )
    snapshot = _snapshot(alice, _user("carol", ADMIN), _user("dave", ADMIN), _user("bob"))
    assert _become_targets(snapshot, ALICE, "create-access-key") == {BOB, DAVE}
    assert _steps(escalation_paths(snapshot)[ALICE]) == [(ALICE, "create-access-key", DAVE, DAVE)]
    assert ALICE not in escalation_paths(_snapshot(alice, _user("carol", ADMIN), _user("bob")))


def test_a_deny_on_one_target_with_an_allow_on_every_target() -> None:
    alice = _user("alice", _allow("iam:CreateAccessKey"), _deny("iam:CreateAccessKey", CAROL))
    snapshot = _snapshot(alice, _user("carol", ADMIN), _user("dave", ADMIN))
    assert _become_targets(snapshot, ALICE, "create-access-key") == {DAVE}
    path = escalation_paths(snapshot)[ALICE]
    assert _steps(path) == [(ALICE, "create-access-key", DAVE, DAVE)]
    assert path.steps[0].statements == (
        "allowed by identity-based policy alice inline p statement 1",
    )
    assert not escalation_paths(_snapshot(alice, _user("carol", ADMIN)))


def test_a_boundary_allowing_only_some_targets() -> None:
    boundary = _policy("boundary", _doc(_allow("iam:CreateAccessKey", _iam("user", "team-*"))))
    alice = _user("alice", _allow("iam:*"), permissions_boundary_arn=boundary["arn"])
    team_lead = _iam("user", "team-lead")
    snapshot = _snapshot(boundary, alice, _user("carol", ADMIN), _user("team-lead", ADMIN))
    assert _become_targets(snapshot, ALICE, "create-access-key") == {team_lead}
    path = escalation_paths(snapshot)[ALICE]
    # the boundary also cuts every self-rewrite (iam:* is bounded to CreateAccessKey)
    assert _steps(path) == [(ALICE, "create-access-key", team_lead, team_lead)]
    assert not escalation_paths(_snapshot(boundary, alice, _user("carol", ADMIN)))


def test_an_scp_denying_one_resource_arn() -> None:
    alice = _user("alice", _allow("iam:CreateAccessKey"))
    snapshot = _snapshot(alice, _user("carol", ADMIN), _user("dave", ADMIN))
    allow_all = parse_policy(_doc(ADMIN), name="FullAWSAccess")
    deny_carol = parse_policy(_doc(_deny("iam:CreateAccessKey", CAROL)), name="ProtectCarol")
    scps = {ACCOUNT: ((allow_all,), (allow_all, deny_carol))}
    graph = EscalationGraph(snapshot, scps=scps)
    assert {e.target for e in graph.edges(ALICE)} == {DAVE}
    assert _steps(escalation_paths(snapshot, scps=scps)[ALICE]) == [
        (ALICE, "create-access-key", DAVE, DAVE)
    ]
    only_carol = _snapshot(alice, _user("carol", ADMIN))
    assert ALICE in escalation_paths(only_carol)
    assert not escalation_paths(only_carol, scps=scps)


def test_an_scp_deny_on_an_unknown_key_keeps_the_edge_conditionally() -> None:
    snapshot = _snapshot(_user("alice", _allow("iam:AttachUserPolicy")))
    allow_all = parse_policy(_doc(ADMIN), name="FullAWSAccess")
    mfa = parse_policy(
        _doc(_deny("iam:*", Condition={"BoolIfExists": {"aws:MultiFactorAuthPresent": "false"}})),
        name="RequireMfa",
    )
    paths = escalation_paths(snapshot, scps={ACCOUNT: ((allow_all,), (allow_all, mfa))})
    assert _steps(paths[ALICE]) == [(ALICE, "attach-user-policy", ALICE, ADMINISTRATOR)]
    assert paths[ALICE].conditions  # only with MFA


def test_a_policy_variable_in_resource_is_decided_per_principal_and_target() -> None:
    own_admin = _policy(
        "own-admin",
        _doc(_allow("iam:CreateAccessKey", _iam("user", "${aws:username}-admin"))),
    )
    attached = (own_admin["arn"],)
    snapshot = _snapshot(
        own_admin,
        _user("alice", attached_policy_arns=attached),
        _user("bob", attached_policy_arns=attached),
        _user("bob-admin", ADMIN),
        _user("alice-admin", ADMIN),
        _role("worker", _trust({"AWS": ACCOUNT}), attached_policy_arns=attached),
    )
    paths = escalation_paths(snapshot)
    alice_admin, bob_admin = _iam("user", "alice-admin"), _iam("user", "bob-admin")
    assert _steps(paths[ALICE]) == [(ALICE, "create-access-key", alice_admin, alice_admin)]
    assert _steps(paths[BOB]) == [(BOB, "create-access-key", bob_admin, bob_admin)]
    # a role session has no aws:username: the pattern matches nothing
    assert _iam("role", "worker") not in paths
    assert set(paths) == {ALICE, BOB}


def test_a_policy_variable_naming_oneself_is_a_self_escalation_only() -> None:
    own = _iam("user", "${aws:username}")
    alice = _user("alice", _allow(["iam:PutUserPolicy", "iam:CreateAccessKey"], own))
    paths = escalation_paths(_snapshot(alice, _user("carol", ADMIN)))
    assert _steps(paths[ALICE]) == [(ALICE, "put-user-policy", ALICE, ADMINISTRATOR)]
    assert not _become_targets(_snapshot(alice, _user("carol", ADMIN)), ALICE, "create-access-key")


# -- cross-account trust --------------------------------------------------------------------

OPS = _iam("role", "ops")
EXT = _iam("user", "ext", OTHER)


def test_cross_account_trust_of_the_other_account_needs_the_callers_policy_too() -> None:
    ops = _role("ops", _trust({"AWS": f"arn:aws:iam::{OTHER}:root"}), ADMIN)
    with_policy = _user("ext", _allow("sts:AssumeRole", OPS), account=OTHER)
    path = escalation_paths(_snapshot(ops, with_policy))[EXT]
    assert _steps(path) == [(EXT, "assume-role", OPS, OPS)]
    assert path.steps[0].statements == (
        "allowed by resource-based policy trust policy statement 1 (principal matched as account)",
        "allowed by identity-based policy ext inline p statement 1",
    )
    assert not escalation_paths(_snapshot(ops, _user("ext", account=OTHER)))
    # the identity policy names roles of its own account only
    own_roles = _user(
        "ext", _allow("sts:AssumeRole", f"arn:aws:iam::{OTHER}:role/*"), account=OTHER
    )
    assert not escalation_paths(_snapshot(ops, own_roles))
    # a principal of the role's own account is not named by the trust policy
    local = _user("local", _allow("sts:AssumeRole"))
    assert not escalation_paths(_snapshot(ops, local))


def test_cross_account_trust_naming_a_principal_still_needs_its_policy() -> None:
    ops = _role("ops", _trust({"AWS": EXT}), ADMIN)
    assert not escalation_paths(_snapshot(ops, _user("ext", account=OTHER)))
    path = escalation_paths(_snapshot(ops, _user("ext", _allow("sts:AssumeRole"), account=OTHER)))
    assert _steps(path[EXT]) == [(EXT, "assume-role", OPS, OPS)]
    assert path[EXT].steps[0].statements == (
        "allowed by resource-based policy trust policy statement 1 (principal matched as direct)",
        "allowed by identity-based policy ext inline p statement 1",
    )
    # another user of the other account is not named
    other = _user("other", _allow("sts:AssumeRole"), account=OTHER)
    assert not escalation_paths(_snapshot(ops, other))


def test_cross_account_only_assume_role_crosses() -> None:
    # ext may mint keys for any user, but carol lives in another account
    ext = _user("ext", _allow("iam:CreateAccessKey"), account=OTHER)
    assert not escalation_paths(_snapshot(ext, _user("carol", ADMIN)))


def test_a_trust_policy_naming_everyone_agrees_with_the_engine() -> None:
    trust = _trust({"AWS": "*"})
    snapshot = _snapshot(_user("alice"), _role("ops", trust, ADMIN))
    graph = EscalationGraph(snapshot)
    node = graph.nodes[ALICE]
    engine = evaluate_request(
        Request(node.request_principal, "sts:AssumeRole", OPS),
        PolicySet(identity=node.policies.identity, resource=parse_policy(trust, kind="resource")),
    )
    assert engine.decision == "Allowed"  # the engine's own answer
    assert _steps(escalation_paths(snapshot)[ALICE]) == [(ALICE, "assume-role", OPS, OPS)]


# -- PassRole ---------------------------------------------------------------------------------


def test_pass_role_limited_to_another_service_does_not_serve_lambda() -> None:
    fn_admin = _role("fn-admin", _trust({"Service": "lambda.amazonaws.com"}), ADMIN)
    lambda_actions = _allow(["lambda:CreateFunction", "lambda:InvokeFunction"])

    def passes_to(service: str) -> dict[str, Any]:
        condition = {"StringEquals": {"iam:PassedToService": service}}
        return _allow("iam:PassRole", Condition=condition)

    to_ec2 = _user("alice", passes_to("ec2.amazonaws.com"), lambda_actions)
    assert not escalation_paths(_snapshot(to_ec2, fn_admin))
    to_lambda = _user("alice", passes_to("lambda.amazonaws.com"), lambda_actions)
    path = escalation_paths(_snapshot(to_lambda, fn_admin))[ALICE]
    role = _iam("role", "fn-admin")
    assert _steps(path) == [(ALICE, "lambda-create-invoke", role, role)]
    assert path.steps[0].actions == (
        "iam:PassRole",
        "lambda:CreateFunction",
        "lambda:InvokeFunction",
    )
    assert path.steps[0].statements == (
        "allowed by identity-based policy alice inline p statement 1",
        "allowed by identity-based policy alice inline p statement 2",
    )
    assert not path.conditions


# -- groups -----------------------------------------------------------------------------------

KEYS = _iam("group", "keys")


def test_joining_a_group_that_grants_create_access_key() -> None:
    alice = _user("alice", _allow("iam:AddUserToGroup", KEYS))
    keys = _group("keys", _allow("iam:CreateAccessKey", CAROL))
    path = escalation_paths(_snapshot(keys, alice, _user("carol", ADMIN)))[ALICE]
    assert _steps(path) == [
        (ALICE, "add-user-to-group", KEYS, ALICE),
        (ALICE, "create-access-key", CAROL, CAROL),
    ]
    assert path.steps[1].statements == (
        "allowed by identity-based policy group keys inline p statement 1",
    )
    assert path.administrator == CAROL


def test_joining_a_group_that_holds_only_a_deny_changes_nothing() -> None:
    alice = _user("alice", _allow("iam:AddUserToGroup"))
    snapshot = _snapshot(_group("locked", _deny("*")), alice, _user("carol", ADMIN))
    assert not escalation_paths(snapshot)
    graph = EscalationGraph(snapshot)
    graph.principal_nodes()
    assert len(graph.order) == graph.base  # no joined-group node was made
    assert not graph.edges(ALICE)


def test_a_user_already_in_the_group_uses_it_without_joining() -> None:
    alice = _user("alice", _allow("iam:AddUserToGroup"), groups=("keys",))
    keys = _group("keys", _allow("iam:CreateAccessKey", CAROL))
    path = escalation_paths(_snapshot(keys, alice, _user("carol", ADMIN)))[ALICE]
    assert _steps(path) == [(ALICE, "create-access-key", CAROL, CAROL)]
    assert not _become_targets(
        _snapshot(keys, alice, _user("carol", ADMIN)), ALICE, "add-user-to-group"
    )


def test_joining_an_administrators_group() -> None:
    alice = _user("alice", _allow("iam:AddUserToGroup"))
    path = escalation_paths(_snapshot(_group("admins", ADMIN), alice))[ALICE]
    admins = _iam("group", "admins")
    assert _steps(path) == [(ALICE, "add-user-to-group", admins, ALICE)]
    assert path.administrator == ALICE


def test_joining_a_group_that_grants_a_sensitive_permission() -> None:
    payroll = "arn:aws:s3:::payroll/*"
    readers = _group("readers", _allow("s3:GetObject", payroll))
    alice = _user("alice", _allow("iam:AddUserToGroup"))
    paths = escalation_paths(
        _snapshot(readers, alice), sensitive=[Sensitive("s3:GetObject", payroll)]
    )
    assert _steps(paths[ALICE]) == [(ALICE, "add-user-to-group", _iam("group", "readers"), ALICE)]


def test_rewriting_a_group_of_a_user_one_then_becomes() -> None:
    devs = _iam("group", "devs")
    alice = _user(
        "alice", _allow("iam:AttachGroupPolicy", devs), _allow("iam:CreateAccessKey", BOB)
    )
    snapshot = _snapshot(_group("devs"), alice, _user("bob", groups=("devs",)))
    path = escalation_paths(snapshot)[ALICE]
    assert _steps(path) == [
        (ALICE, "attach-group-policy", devs, BOB),
        (ALICE, "create-access-key", BOB, BOB),
    ]
    assert path.administrator == BOB


# -- combined grant and become ----------------------------------------------------------------


def test_attach_role_policy_then_assume_the_role() -> None:
    ops = _role("ops", _trust({"AWS": ACCOUNT}))
    alice = _user("alice", _allow(["iam:AttachRolePolicy", "sts:AssumeRole"], OPS))
    path = escalation_paths(_snapshot(alice, ops))[ALICE]
    assert _steps(path) == [
        (ALICE, "attach-role-policy", OPS, OPS),
        (ALICE, "assume-role", OPS, OPS),
    ]
    assert path.steps[0].effect == "grant" and path.steps[1].effect == "become"
    assert path.administrator == OPS
    # without a way into the role, rewriting it is no path
    assert not escalation_paths(_snapshot(_user("alice", _allow("iam:AttachRolePolicy", OPS)), ops))
    elsewhere = _role("ops", _trust({"AWS": f"arn:aws:iam::{OTHER}:root"}))
    assert not escalation_paths(_snapshot(alice, elsewhere))


def test_create_policy_version_of_a_role_policy_then_assume_it() -> None:
    shared = _policy("shared", _doc(_allow("s3:ListBucket")))
    ops = _role("ops", _trust({"AWS": ALICE}), attached_policy_arns=(shared["arn"],))
    alice = _user("alice", _allow("iam:CreatePolicyVersion", shared["arn"]))
    path = escalation_paths(_snapshot(shared, ops, alice))[ALICE]
    assert _steps(path) == [
        (ALICE, "create-policy-version", shared["arn"], OPS),
        (ALICE, "assume-role", OPS, OPS),
    ]


# -- tie-breaking and shortest paths ---------------------------------------------------------


def test_at_equal_length_the_path_with_fewer_conditional_steps_wins() -> None:
    # bob (first, so the lowest bit) is reached only with MFA; dave unconditionally
    alice = _user(
        "alice",
        _allow("iam:CreateAccessKey", BOB, Condition=MFA),
        _allow("iam:CreateAccessKey", DAVE),
    )
    bob = _user("bob", _allow("iam:CreateAccessKey", CAROL))
    dave = _user("dave", _allow("iam:CreateAccessKey", CAROL))
    path = escalation_paths(_snapshot(alice, bob, dave, _user("carol", ADMIN)))[ALICE]
    assert _steps(path) == [
        (ALICE, "create-access-key", DAVE, DAVE),
        (DAVE, "create-access-key", CAROL, CAROL),
    ]
    assert not path.conditions


def test_a_conditional_second_step_loses_to_an_unconditional_one() -> None:
    alice = _user("alice", _allow("iam:CreateAccessKey", [BOB, DAVE]))
    bob = _user("bob", _allow("iam:CreateAccessKey", CAROL, Condition=MFA))
    dave = _user("dave", _allow("iam:CreateAccessKey", CAROL))
    paths = escalation_paths(_snapshot(alice, bob, dave, _user("carol", ADMIN)))
    assert [s.target for s in paths[ALICE].steps] == [DAVE, CAROL]
    assert paths[BOB].conditions == ('Bool aws:MultiFactorAuthPresent "true"',)


def test_a_shorter_conditional_path_beats_a_longer_unconditional_one() -> None:
    alice = _user(
        "alice",
        _allow("iam:PutUserPolicy", ALICE, Condition=MFA),
        _allow("iam:CreateAccessKey", BOB),
    )
    bob = _user("bob", _allow("iam:CreateAccessKey", CAROL))
    path = escalation_paths(_snapshot(alice, bob, _user("carol", ADMIN)))[ALICE]
    assert _steps(path) == [(ALICE, "put-user-policy", ALICE, ADMINISTRATOR)]
    assert path.conditions == ('Bool aws:MultiFactorAuthPresent "true"',)


def test_a_conditional_self_escalation_loses_to_an_unconditional_combined_path() -> None:
    ops = _role("ops", _trust({"AWS": ALICE}))
    alice = _user(
        "alice",
        _allow("iam:PutUserPolicy", ALICE, Condition=MFA),
        _allow("iam:PutRolePolicy", OPS),
    )
    path = escalation_paths(_snapshot(alice, ops))[ALICE]
    # length 1 conditional beats length 2 unconditional
    assert [s.technique for s in path.steps] == ["put-user-policy"]
    # with only the conditional self-rewrite at length 2 the combined unconditional one wins
    alice = _user(
        "alice",
        _allow("iam:CreateAccessKey", BOB),
        _allow("iam:PutRolePolicy", OPS),
    )
    bob = _user("bob", _allow("iam:PutUserPolicy", BOB, Condition=MFA))
    path = escalation_paths(_snapshot(alice, bob, ops))[ALICE]
    assert _steps(path) == [
        (ALICE, "put-role-policy", OPS, OPS),
        (ALICE, "assume-role", OPS, OPS),
    ]


def _chain_role(name: str, trusted: str, *statements: dict[str, Any]) -> dict[str, Any]:
    return _role(name, _trust({"AWS": trusted}), *statements)


def test_a_chain_of_four_and_the_shortest_of_two_chains() -> None:
    r1, r2, r3 = _iam("role", "r1"), _iam("role", "r2"), _iam("role", "r3")
    alice = _user("alice", _allow("iam:CreateAccessKey", BOB))
    chain = [
        _user("bob"),
        _chain_role("r1", BOB),
        _chain_role("r2", r1),
        _chain_role("r3", r2, ADMIN),
    ]
    path = escalation_paths(_snapshot(alice, *chain))[ALICE]
    assert [(s.principal, s.technique, s.target) for s in path.steps] == [
        (ALICE, "create-access-key", BOB),
        (BOB, "assume-role", r1),
        (r1, "assume-role", r2),
        (r2, "assume-role", r3),
    ]
    # a second way into r2 (through erin) saves a step
    erin = _iam("user", "erin")
    alice = _user("alice", _allow("iam:CreateAccessKey", [BOB, erin]))
    shortcut = _role("r2", _trust({"AWS": [r1, erin]}))
    paths = escalation_paths(_snapshot(alice, _user("erin"), *chain[:2], shortcut, chain[3]))
    assert [(s.principal, s.technique, s.target) for s in paths[ALICE].steps] == [
        (ALICE, "create-access-key", erin),
        (erin, "assume-role", r2),
        (r2, "assume-role", r3),
    ]
    assert len(paths[BOB].steps) == 3
    assert len(paths[r1].steps) == 2


def test_cycles_and_self_loops_terminate_without_a_path() -> None:
    alice = _user("alice", _allow("iam:CreateAccessKey", BOB))
    bob = _user("bob", _allow("iam:CreateAccessKey", ALICE))
    loop = _role("loop", _trust({"AWS": _iam("role", "loop")}), _allow("sts:AssumeRole"))
    snapshot = _snapshot(alice, bob, loop)
    assert not escalation_paths(snapshot)
    graph = EscalationGraph(snapshot)
    assert {e.target for e in graph.edges(ALICE)} == {BOB}
    assert {e.target for e in graph.edges(BOB)} == {ALICE}
    assert not graph.edges(_iam("role", "loop"))  # a role does not assume itself


def test_a_cycle_with_an_exit() -> None:
    alice = _user("alice", _allow("iam:CreateAccessKey", BOB))
    bob = _user("bob", _allow("iam:CreateAccessKey", [ALICE, CAROL]))
    paths = escalation_paths(_snapshot(alice, bob, _user("carol", ADMIN)))
    assert [s.target for s in paths[ALICE].steps] == [BOB, CAROL]
    assert [s.target for s in paths[BOB].steps] == [CAROL]


# -- permissions boundaries -------------------------------------------------------------------


def test_a_boundary_cuts_the_rewrite_but_not_another_technique() -> None:
    boundary = _policy("boundary", _doc(_allow("iam:CreateAccessKey")))
    alice = _user("alice", _allow("iam:*"), permissions_boundary_arn=boundary["arn"])
    path = escalation_paths(_snapshot(boundary, alice, _user("carol", ADMIN)))[ALICE]
    assert _steps(path) == [(ALICE, "create-access-key", CAROL, CAROL)]
    assert not escalation_paths(_snapshot(boundary, alice))


def test_a_boundary_that_allows_the_rewrite_still_caps_the_result() -> None:
    boundary = _policy("boundary", _doc(_allow(["iam:PutUserPolicy", "s3:*"])))
    alice = _user("alice", _allow("iam:PutUserPolicy"), permissions_boundary_arn=boundary["arn"])
    # attaching AdministratorAccess leaves alice with iam:PutUserPolicy and s3:* only
    assert not escalation_paths(_snapshot(boundary, alice))


# -- workloads --------------------------------------------------------------------------------

FN_ROLE = _iam("role", "fn-admin")


def _function(name: str, role: str) -> dict[str, Any]:
    return {
        "kind": "lambda.function",
        "name": name,
        "arn": f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:{name}",
        "role_arn": role,
    }


def test_lambda_update_code_on_a_function_whose_role_is_an_administrator() -> None:
    fn_admin = _role("fn-admin", _trust({"Service": "lambda.amazonaws.com"}), ADMIN)
    fn_low = _role("fn-low", _trust({"Service": "lambda.amazonaws.com"}))
    functions = [_function("a-low", _iam("role", "fn-low")), _function("b-admin", FN_ROLE)]
    admin_arn = functions[1]["arn"]
    everything = _user("alice", _allow("lambda:UpdateFunctionCode"))
    path = escalation_paths(_snapshot(everything, fn_admin, fn_low, *functions))[ALICE]
    assert _steps(path) == [(ALICE, "lambda-update-code", admin_arn, FN_ROLE)]
    assert path.steps[0].actions == ("lambda:UpdateFunctionCode",)
    only_low = _user("alice", _allow("lambda:UpdateFunctionCode", functions[0]["arn"]))
    assert not escalation_paths(_snapshot(only_low, fn_admin, fn_low, *functions))
    denied = _user("alice", _allow("lambda:UpdateFunctionCode"), _deny("lambda:*", admin_arn))
    assert not escalation_paths(_snapshot(denied, fn_admin, fn_low, *functions))


def _instance(instance_id: str, profile: str, **fields: Any) -> dict[str, Any]:
    return {
        "kind": "ec2.instance",
        "name": instance_id,
        "instance_id": instance_id,
        "arn": f"arn:aws:ec2:{REGION}:{ACCOUNT}:instance/{instance_id}",
        "iam_instance_profile_arn": profile,
        **fields,
    }


def test_ec2_instance_connect_to_an_instance_whose_profile_role_is_an_administrator() -> None:
    profile = _iam("instance-profile", "admin")
    role = _role(
        "ec2-admin",
        _trust({"Service": "ec2.amazonaws.com"}),
        ADMIN,
        instance_profile_arns=(profile,),
    )
    instance = _instance("i-0123456789abcdef0", profile)
    alice = _user("alice", _allow("ec2-instance-connect:SendSSHPublicKey", instance["arn"]))
    path = escalation_paths(_snapshot(alice, role, instance))[ALICE]
    assert _steps(path) == [
        (ALICE, "ec2-instance-connect", instance["arn"], _iam("role", "ec2-admin"))
    ]
    stopped = _instance("i-0123456789abcdef0", profile, state="stopped")
    assert not escalation_paths(_snapshot(alice, role, stopped))
    other = _user(
        "alice", _allow("ec2-instance-connect:SendSSHPublicKey", "arn:aws:ec2:*:*:instance/i-1*")
    )
    assert not escalation_paths(_snapshot(other, role, instance))


# -- sensitive goals --------------------------------------------------------------------------

PAYROLL = "arn:aws:s3:::payroll/*"
READ_PAYROLL = Sensitive("s3:GetObject", PAYROLL)


def test_an_unconditional_holder_wins_over_a_conditional_one() -> None:
    alice = _user("alice", _allow("iam:CreateAccessKey", [BOB, DAVE]))
    bob = _user("bob", _allow("s3:GetObject", PAYROLL, Condition=MFA))
    dave = _user("dave", _allow("s3:GetObject", PAYROLL))
    paths = escalation_paths(_snapshot(alice, bob, dave), sensitive=[READ_PAYROLL])
    assert _steps(paths[ALICE]) == [(ALICE, "create-access-key", DAVE, DAVE)]
    assert paths[ALICE].goal == f"s3:GetObject on {PAYROLL}"
    assert set(paths) == {ALICE}  # bob and dave hold it (bob only with MFA) already


def test_a_path_to_a_conditional_holder_says_so() -> None:
    alice = _user("alice", _allow("iam:CreateAccessKey", BOB))
    bob = _user("bob", _allow("s3:GetObject", PAYROLL, Condition=MFA))
    path = escalation_paths(_snapshot(alice, bob), sensitive=[READ_PAYROLL])[ALICE]
    assert _steps(path) == [(ALICE, "create-access-key", BOB, BOB)]
    assert path.administrator == BOB
    assert path.conditions  # bob reads payroll only with MFA
    assert path.to_json()["conditional"] is True


def test_a_sensitive_goal_behind_a_deny_on_its_resource_is_not_held() -> None:
    alice = _user("alice", _allow("iam:CreateAccessKey", BOB))
    bob = _user("bob", _allow("s3:*"), _deny("s3:GetObject", "arn:aws:s3:::payroll/*"))
    assert not escalation_paths(_snapshot(alice, bob), sensitive=[READ_PAYROLL])
    bob = _user("bob", _allow("s3:*"), _deny("s3:GetObject", "arn:aws:s3:::public/*"))
    path = escalation_paths(_snapshot(alice, bob), sensitive=[READ_PAYROLL])[ALICE]
    assert (path.administrator, path.goal) == (BOB, str(READ_PAYROLL))


# -- brute force ------------------------------------------------------------------------------

_ACTIONS = (
    "iam:CreateAccessKey",
    "iam:CreateLoginProfile",
    "iam:UpdateLoginProfile",
    "iam:PutUserPolicy",
    "iam:AttachUserPolicy",
    "iam:PutRolePolicy",
    "iam:AttachRolePolicy",
    "iam:PutGroupPolicy",
    "iam:AttachGroupPolicy",
    "iam:AddUserToGroup",
    "iam:CreatePolicyVersion",
    "iam:SetDefaultPolicyVersion",
    "iam:UpdateAssumeRolePolicy",
    "iam:PassRole",
    "sts:AssumeRole",
    "lambda:CreateFunction",
    "lambda:InvokeFunction",
    "lambda:UpdateFunctionCode",
    "iam:Create*",
    "iam:Put*",
    "iam:DeleteUserPermissionsBoundary",
    "iam:DeleteRolePermissionsBoundary",
)
_BECOME_ACTIONS = (
    "iam:CreateAccessKey",
    "iam:UpdateLoginProfile",
    "iam:AddUserToGroup",
    "iam:AttachRolePolicy",
    "iam:PutGroupPolicy",
    "iam:CreatePolicyVersion",
    "sts:AssumeRole",
    "sts:AssumeRole",
    "lambda:UpdateFunctionCode",
)
"""For odd seeds: few self-rewrites, so paths are longer chains and ties are frequent."""


class _Random:
    """A small random account: users, roles, groups, managed policies, one function."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        rng = self.rng
        self.actions = _BECOME_ACTIONS if seed % 2 else _ACTIONS
        self.users = [f"u{i}" for i in range(rng.randint(3, 5))]
        self.roles = [f"r{i}" for i in range(rng.randint(2, 3))]
        self.groups = [f"g{i}" for i in range(rng.randint(0, 2))]
        self.policies = [f"m{i}" for i in range(rng.randint(0, 2))]
        self.arns = [_iam("user", u) for u in self.users] + [_iam("role", r) for r in self.roles]

    def resource(self) -> dict[str, Any]:
        rng = self.rng
        choice = rng.random()
        if choice < 0.35:
            return {"Resource": "*"}
        if choice < 0.6:
            return {"Resource": rng.sample(self.arns, rng.randint(1, 2))}
        if choice < 0.7:
            return {"Resource": _iam(rng.choice(["user", "role"]), rng.choice(["u", "r"]) + "*")}
        if choice < 0.8 and self.groups:
            return {"Resource": _iam("group", rng.choice(self.groups))}
        if choice < 0.85 and self.policies:
            return {"Resource": _iam("policy", rng.choice(self.policies))}
        if choice < 0.9:
            return {"Resource": _iam("user", "${aws:username}")}
        return {"NotResource": [rng.choice(self.arns)]}

    def statement(self) -> dict[str, Any]:
        rng = self.rng
        out: dict[str, Any] = {
            "Effect": "Deny" if rng.random() < 0.15 else "Allow",
            "Action": rng.sample(self.actions, rng.randint(1, 3)),
            **self.resource(),
        }
        roll = rng.random()
        if roll < 0.2:
            out["Condition"] = MFA
        elif roll < 0.27:
            out["Condition"] = NEVER
        return out

    def statements(self, most: int = 3) -> list[dict[str, Any]]:
        if self.rng.random() < 0.1:
            return [ADMIN]
        return [self.statement() for _ in range(self.rng.randint(0, most))]

    def inline(self) -> dict[str, Any]:
        found = self.statements()
        return {"p": _doc(*found)} if found else {}

    def attached(self) -> tuple[str, ...]:
        return tuple(_iam("policy", m) for m in self.policies if self.rng.random() < 0.3)

    def trust(self) -> dict[str, Any]:
        rng = self.rng
        principals: dict[str, Any] = {}
        roll = rng.random()
        if roll < 0.4:
            principals["AWS"] = rng.sample(self.arns, rng.randint(1, 2))
        elif roll < 0.7:
            principals["AWS"] = f"arn:aws:iam::{ACCOUNT}:root"
        if rng.random() < 0.3 or not principals:
            principals["Service"] = "lambda.amazonaws.com"
        extra = {"Condition": MFA} if rng.random() < 0.15 else {}
        return _trust(principals, **extra)

    def snapshot(self) -> Snapshot:
        rng = self.rng
        resources: list[dict[str, Any]] = []
        for name in self.policies:
            statements = self.statements(2)
            resources.append(
                _policy(
                    name,
                    _doc(*(statements or [_allow("s3:ListBucket")])),
                    version_count=rng.randint(1, 2),
                )
            )
        for name in self.groups:
            resources.append(
                {
                    **_group(name),
                    "inline_policies": self.inline(),
                    "attached_policy_arns": self.attached(),
                }
            )
        boundary = _policy(
            "boundary", _doc(_allow(["iam:*", "sts:*"], rng.choice(["*", _iam("user", "u*")])))
        )
        resources.append(boundary)
        for name in self.users:
            user = _user(
                name,
                groups=tuple(g for g in self.groups if rng.random() < 0.3),
                attached_policy_arns=self.attached(),
                password_enabled=rng.random() < 0.5,
            )
            user["inline_policies"] = self.inline()
            if rng.random() < 0.15:
                user["permissions_boundary_arn"] = boundary["arn"]
            resources.append(user)
        for name in self.roles:
            role = _role(name, self.trust(), attached_policy_arns=self.attached())
            role["inline_policies"] = self.inline()
            if rng.random() < 0.15:
                role["permissions_boundary_arn"] = boundary["arn"]
            resources.append(role)
        if rng.random() < 0.5:
            resources.append(_function("fn", _iam("role", rng.choice(self.roles))))
        return _snapshot(*resources)


Cost = tuple[int, int]


def _brute_force(graph: EscalationGraph) -> dict[str, Cost]:
    """(steps, conditional steps) of the best path from every node, by relaxation over the
    per-pair edges: a become edge costs one step plus its target's path; a grant on oneself is
    one step; a grant on a principal one becomes in one step is two (rewrite, then become).
    """
    graph.principal_nodes()
    nodes = list(graph.order)
    edges = {n.id: graph.edges(n.id) for n in nodes}
    best: dict[str, Cost] = {n.id: (0, 0) for n in nodes if n.admin}
    changed = True
    while changed:
        changed = False
        for node in nodes:
            if node.admin:
                continue
            candidates: list[Cost] = []
            become: dict[str, int] = {}
            for edge in edges[node.id]:
                cond = int(bool(edge.step.conditions))
                if edge.step.effect == "become":
                    become[edge.target] = min(become.get(edge.target, 1), cond)
                    if edge.target in best:
                        length, conditional = best[edge.target]
                        candidates.append((length + 1, conditional + cond))
            for edge in edges[node.id]:
                cond = int(bool(edge.step.conditions))
                if edge.step.effect != "grant":
                    continue
                if edge.target == node.id:
                    candidates.append((1, cond))
                elif edge.target in become:
                    candidates.append((2, cond + become[edge.target]))
            if candidates and min(candidates) < best.get(node.id, (1 << 30, 0)):
                best[node.id] = min(candidates)
                changed = True
    return best


SEEDS = range(200)


@pytest.mark.parametrize("seed", SEEDS)
def test_the_search_agrees_with_a_brute_force_over_per_pair_edges(seed: int) -> None:
    snapshot = _Random(seed).snapshot()
    paths = escalation_paths(snapshot)
    graph = EscalationGraph(snapshot)
    best = _brute_force(graph)
    for start in graph.starts():
        expected = best.get(start)
        path = paths.get(graph.nodes[start].arn)
        found = (
            None if path is None else (len(path.steps), sum(1 for s in path.steps if s.conditions))
        )
        assert found == expected, (seed, start, path and _steps(path))
        if path is not None:
            assert path.steps[0].principal == graph.nodes[start].arn
            for before, after in zip(path.steps, path.steps[1:], strict=False):
                assert after.principal == (
                    before.principal if before.effect == "grant" else before.target
                )


@pytest.mark.parametrize("seed", SEEDS)
def test_partitioned_edges_agree_with_per_pair_engine_decisions(seed: int) -> None:
    """create-access-key and assume-role edges against evaluate_request, one pair at a time."""
    snapshot = _Random(seed).snapshot()
    graph = EscalationGraph(snapshot)
    trust = {r.arn: r.trust_policy for r in graph.roles.values()}
    for node in graph.principal_nodes():
        edges = graph.edges(node.id)
        got_keys = {e.target for e in edges if e.step.technique == "create-access-key"}
        got_roles = {e.target for e in edges if e.step.technique == "assume-role"}
        want_keys, want_roles = set(), set()
        for other in graph.order[: graph.base]:
            if other.arn == node.arn:
                continue
            if (
                other.kind == "user"
                and len(graph.users[other.arn].access_keys) < 2
                and graph.decider.decide(node, "iam:CreateAccessKey", other.arn) is not None
            ):
                want_keys.add(other.id)
            if other.kind == "role":
                policy = parse_policy(trust[other.arn], kind="resource", name="trust policy")
                request = Request(
                    node.request_principal,
                    "sts:AssumeRole",
                    other.arn,
                    context=graph.decider._context(node, policy, {}),
                )
                policies = PolicySet(
                    identity=node.policies.identity,
                    resource=policy,
                    boundary=node.policies.boundary,
                )
                if evaluate_request(request, policies).decision == "Allowed":
                    want_roles.add(other.id)
        assert got_keys == want_keys, (seed, node.id)
        assert got_roles == want_roles, (seed, node.id)
