"""The search's shortcuts against the plain computations they stand for.

The graph skips work it can prove gives nothing: techniques whose actions no policy of the
principal names, identity policies that do not name the requested action, administrator
verdicts that cannot be ``admin``, trust policies that cannot name a service, group joins
that cannot make an administrator, documents parsed before, and nodes the search cannot reach
at a level. Each test here runs the same account twice, with the shortcuts and with every one
of them replaced by the plain computation (the code before the shortcuts), and asserts the
same answer: every path, every node's edges step by step (statements and conditions
included), who is an administrator and whose policies a grant rewrites.
"""

from __future__ import annotations

import random
from dataclasses import replace
from typing import Any

import pytest

from incloud.evaluate.iam.actions import universe
from incloud.evaluate.iam.admin import admin_verdict
from incloud.evaluate.iam.escalation import (
    TECHNIQUES,
    EscalationGraph,
    Sensitive,
    escalation_paths,
)
from incloud.evaluate.iam.escalation import state as state_module
from incloud.evaluate.iam.escalation.decisions import Decider
from incloud.evaluate.iam.escalation.model import Node
from incloud.evaluate.iam.escalation.rights import ADMINISTRATOR_POLICY, Rights
from incloud.evaluate.iam.escalation.search import Search, Via
from incloud.evaluate.iam.escalation.state import AccountState
from incloud.evaluate.iam.escalation.trust import names_action
from incloud.evaluate.iam.escalation.universe import Universe, lowest
from incloud.evaluate.iam.policy import Policy, Statement, parse_policy
from incloud.evaluate.iam.principals import PolicyIndex, PrincipalPolicies
from incloud.evaluate.iam.scp_limits import Subject, restrict
from incloud.snapshot import Snapshot
from incloud.snapshot.iam import IamUser
from tests.fixtures import ACCOUNT

from .test_review_cases import (
    ADMIN,
    SEEDS,
    _allow,
    _deny,
    _doc,
    _iam,
    _policy,
    _Random,
    _snapshot,
    _trust,
    _user,
)

MFA_OFF = {"BoolIfExists": {"aws:MultiFactorAuthPresent": "false"}}

# -- the plain computations -------------------------------------------------------------------


def _plain_may(self: Decider, node: Node, action: str) -> bool:
    return any(
        statement.effect == "Allow" and names_action(statement, action)
        for policy in node.policies.identity
        for statement in policy.statements
    )


def _plain_naming(self: Decider, policy: Policy, action: str) -> list[Statement]:
    return [s for s in policy.statements if names_action(s, action)]


def _plain_administrator(
    self: Rights, policies: PrincipalPolicies, subject: Subject | None = None
) -> bool:
    verdict = admin_verdict(policies)
    limit = self.limit(subject)
    return (verdict if limit is None else restrict(verdict, limit)).status == "admin"


def _plain_administrator_if_granted(
    self: Rights, policies: PrincipalPolicies, subject: Subject | None = None
) -> bool:
    granted = replace(policies, identity=(*policies.identity, ADMINISTRATOR_POLICY))
    return _plain_administrator(self, granted, subject)


def _plain_solve(self: Search) -> None:
    """The search's level loop as it was: every node looked at on every level."""
    pending: dict[int, list[Via]] = {}
    for position, node in enumerate(self.nodes):
        held = self._held(node)
        if held is not None:
            self.best[position] = held
        else:
            pending[position] = self._rewrites(position, node)
    frontier = dict(self.best)
    level = 0
    while frontier or level < 2:
        level += 1
        by_cost: dict[int, int] = {}
        for position, via in frontier.items():
            by_cost[via.cost[1]] = by_cost.get(via.cost[1], 0) | 1 << position
        reached = sum(by_cost.values())
        found: dict[int, Via] = {}
        for position, node in enumerate(self.nodes):
            if position in self.best:
                continue
            candidates = [v for v in pending.get(position, ()) if v.cost[0] == level]
            reach = self.graph.expanded(node)
            if reach is not None and reach.obtains & reached:
                for conditional, bits in sorted(by_cost.items()):
                    hit = reach.obtains & bits
                    if hit:
                        target = lowest(reach.unconditional & bits or hit)
                        option, cost = self._become_option(reach.become, target)
                        candidates.append(
                            Via((level, conditional + cost), "become", option, target=target)
                        )
            if candidates:
                found[position] = min(candidates, key=lambda v: v.cost)
        self.best.update(found)
        frontier = found


def _plain_where(self: Universe, keep: Any) -> int:
    out = 0
    for position, flag in enumerate(keep):
        if flag:
            out |= 1 << position
    return out


def _without_shortcuts(monkeypatch: pytest.MonkeyPatch) -> None:
    patches: list[tuple[object, str, object]] = [
        (EscalationGraph, "_applicable", lambda self, node: self.techniques),
        (AccountState, "may_complete", lambda self, node, number: True),
        (Decider, "may", _plain_may),
        (Decider, "_naming", _plain_naming),
        (Decider, "_identity_for", lambda self, node, action: node.policies.identity),
        (Rights, "administrator", _plain_administrator),
        (Rights, "administrator_if_granted", _plain_administrator_if_granted),
        (state_module, "_may_name_service", lambda trust, service: True),
        (PolicyIndex, "_parse_document", lambda self, name, doc: parse_policy(doc, name=name)),
        (Search, "_solve", _plain_solve),
        (Universe, "where", _plain_where),
    ]
    for owner, name, value in patches:
        monkeypatch.setattr(owner, name, value)


Answer = tuple[object, ...]


def _answer(snapshot: Snapshot, sensitive: tuple[Sensitive, ...], scps: Any = None) -> Answer:
    """Every path, and every node's edges, administrator flag and rewritability."""
    paths = escalation_paths(snapshot, scps=scps, sensitive=sensitive)
    graph = EscalationGraph(snapshot, scps=scps, sensitive=sensitive)
    graph.principal_nodes()
    edges = []
    for node in list(graph.order):  # edges() may add joined-group nodes to the order
        edges.append((node.id, [(e.target, e.step) for e in graph.edges(node.id)]))
    flags = [(n.id, n.admin, graph.rewritable(n)) for n in graph.order]
    return {arn: p.to_json() for arn, p in paths.items()}, edges, flags


def _both(
    monkeypatch: pytest.MonkeyPatch, snapshot: Snapshot, *sensitive: Sensitive, scps: Any = None
) -> None:
    fast = _answer(snapshot, sensitive, scps)
    with monkeypatch.context() as patched:
        _without_shortcuts(patched)
        plain = _answer(snapshot, sensitive, scps)
    assert fast == plain


# -- random accounts ----------------------------------------------------------------------------


class _Wider(_Random):
    """``_Random`` with statements the shortcuts reason about: ``NotAction``, wildcards in the
    service, Denies of everything, and trust policies naming everyone or several services.
    """

    def statement(self) -> dict[str, Any]:
        out = super().statement()
        roll = self.rng.random()
        if roll < 0.1:
            out["NotAction"] = out.pop("Action")
        elif roll < 0.2:
            out["Action"] = self.rng.choice(["*", "iam:*", "i?m:Create*", "*:AssumeRole", "s*:*"])
        return out

    def trust(self) -> dict[str, Any]:
        roll = self.rng.random()
        if roll < 0.1:
            return _trust({"AWS": "*"})
        if roll < 0.2:
            return _trust({"Service": ["ec2.amazonaws.com", "lambda.amazonaws.com"]})
        return super().trust()


GOALS = (Sensitive("iam:PassRole"), Sensitive("lambda:InvokeFunction", "arn:aws:lambda:*"))


@pytest.mark.parametrize("seed", SEEDS)
def test_random_accounts_agree_without_shortcuts(
    monkeypatch: pytest.MonkeyPatch, seed: int
) -> None:
    _both(monkeypatch, _Random(seed).snapshot())


@pytest.mark.parametrize("seed", SEEDS)
def test_wider_random_accounts_agree_without_shortcuts(
    monkeypatch: pytest.MonkeyPatch, seed: int
) -> None:
    sensitive = GOALS[: seed % 3]
    _both(monkeypatch, _Wider(seed).snapshot(), *sensitive)


_SCP_SHAPES = (
    _deny("iam:*", Condition={"ArnLike": {"aws:PrincipalArn": _iam("user", "u1")}}),
    _deny("*", Condition={"StringLike": {"aws:PrincipalArn": _iam("role", "*")}}),
    _deny("iam:CreateAccessKey"),
    _deny("iam:*", Condition={"ArnLike": {"aws:PrincipalArn": _iam("user", "u0")}, **MFA_OFF}),
    _deny("sts:AssumeRole", Condition=MFA_OFF),
    _allow(["iam:*", "sts:*", "lambda:*"]),
)


@pytest.mark.parametrize("seed", SEEDS[:60])
def test_random_accounts_under_scps_agree_without_shortcuts(
    monkeypatch: pytest.MonkeyPatch, seed: int
) -> None:
    """SCPs aimed at some principals (administrators no more, steps taken away or made
    conditional) and binding everyone alike: the shortcuts still agree.
    """
    rng = random.Random(seed)
    full = parse_policy(_doc(ADMIN), name="FullAWSAccess")
    chosen = rng.sample(_SCP_SHAPES, rng.randint(1, 3))
    ou = parse_policy(_doc(*chosen), name="ou")
    levels = ((full,), (ou,) if rng.random() < 0.3 else (full, ou))
    _both(monkeypatch, _Wider(seed).snapshot(), scps={ACCOUNT: levels})


# -- the cases each shortcut turns on -----------------------------------------------------------


def _every_service() -> list[str]:
    return [f"{prefix}:*" for prefix, bits in universe().service_bits().items() if bits]


@pytest.mark.parametrize(
    "statements",
    [
        pytest.param([ADMIN], id="allow-everything"),
        pytest.param([_allow(_every_service())], id="every-service-named"),
        pytest.param([_allow(_every_service()[1:])], id="one-service-short"),
        pytest.param([{"Effect": "Allow", "NotAction": "iam:*", "Resource": "*"}], id="not-action"),
        pytest.param(
            [{"Effect": "Allow", "NotAction": "iam:*", "Resource": "*"}, _allow("iam:*")],
            id="not-action-and-the-rest",
        ),
        pytest.param([_allow("*:*")], id="wildcard-service"),
        pytest.param([_allow(["?" * n + ":*" for n in range(1, 64)])], id="question-marks"),
        pytest.param([ADMIN, _deny("iam:*")], id="denied-part"),
        pytest.param([ADMIN, _deny("iam:*", _iam("user", "x"))], id="denied-on-one-resource"),
        pytest.param([_allow("s3:*"), _deny("*")], id="denied-everything"),
    ],
)
@pytest.mark.parametrize("bounded", [False, True])
def test_administrator_verdicts_agree_with_admin_verdict(
    statements: list[dict[str, Any]], bounded: bool
) -> None:
    boundary = _policy("boundary", _doc(_allow(["iam:*", "sts:*"])))
    user = _user("u", *statements, permissions_boundary_arn=boundary["arn"] if bounded else None)
    snapshot = _snapshot(boundary, user)
    policies = PolicyIndex(snapshot).for_user(next(snapshot.of_type(IamUser)))
    rights = Rights()
    assert rights.administrator(policies) is (admin_verdict(policies).status == "admin")
    granted = replace(policies, identity=(*policies.identity, ADMINISTRATOR_POLICY))
    expected = admin_verdict(granted).status == "admin"
    assert rights.administrator_if_granted(policies) is expected


def test_a_policy_naming_every_service_makes_an_administrator() -> None:
    """The service count is a filter, never the answer: naming every service is ``admin``."""
    alice = _user("alice", _allow("iam:CreateAccessKey", _iam("user", "bob")))
    snapshot = _snapshot(alice, _user("bob", _allow(_every_service())))
    path = escalation_paths(snapshot)[_iam("user", "alice")]
    assert [s.technique for s in path.steps] == ["create-access-key"]


def test_random_policy_sets_agree_with_admin_verdict() -> None:
    rng = random.Random(5)
    shapes = [
        ADMIN,
        _allow("*:*"),
        _allow("iam:*"),
        _allow(_every_service()),
        _allow(_every_service()[::2]),
        _allow(_every_service()[1::2]),
        _allow("*", _iam("user", "x")),
        _allow("*", Condition={"Bool": {"aws:MultiFactorAuthPresent": "true"}}),
        {"Effect": "Allow", "NotAction": "s3:*", "Resource": "*"},
        _allow("s3:*"),
        _deny("s3:GetObject"),
        _deny("*", _iam("user", "x")),
        _deny("iam:*", Condition={"Bool": {"aws:MultiFactorAuthPresent": "true"}}),
    ]
    rights = Rights()
    for n in range(300):
        parsed = tuple(
            parse_policy(_doc(*rng.sample(shapes, rng.randint(1, 3))), name=f"p{n}.{i}")
            for i in range(rng.randint(0, 3))
        )
        boundary = parse_policy(_doc(rng.choice(shapes))) if rng.random() < 0.3 else None
        policies = PrincipalPolicies("arn:aws:iam::123456789012:user/u", parsed, boundary)
        assert rights.administrator(policies) is (admin_verdict(policies).status == "admin")
        granted = replace(policies, identity=(*policies.identity, ADMINISTRATOR_POLICY))
        expected = admin_verdict(granted).status == "admin"
        assert rights.administrator_if_granted(policies) is expected


def test_trust_policies_of_services_everyone_and_not_principal(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assume = {"Action": "sts:AssumeRole"}
    ec2 = {"Service": "ec2.amazonaws.com"}
    roles = [
        _role_trusting("everyone", _trust({"AWS": "*"})),
        _role_trusting("star", _doc({"Effect": "Allow", "Principal": "*", **assume})),
        _role_trusting("lambda", _trust({"Service": "lambda.amazonaws.com"})),
        _role_trusting("both", _trust({"Service": ["ec2.amazonaws.com", "glue.amazonaws.com"]})),
        _role_trusting("account", _trust({"AWS": "arn:aws:iam::123456789012:root"})),
        _role_trusting(
            "not-principal",
            _doc({"Effect": "Allow", "NotPrincipal": {"AWS": _iam("user", "x")}, **assume}),
        ),
        _role_trusting(
            "denied",
            _doc(
                {"Effect": "Allow", "Principal": ec2, **assume},
                {"Effect": "Deny", "Principal": ec2, **assume},
            ),
        ),
    ]
    passer = _user("alice", _allow(["iam:PassRole", "ec2:RunInstances", "lambda:*", "glue:*"]))
    snapshot = _snapshot(passer, *roles)
    services = ["ec2.amazonaws.com", "lambda.amazonaws.com", "glue.amazonaws.com", "*"]
    graph = EscalationGraph(snapshot)
    fast = [graph.trusting(s) for s in services]
    with monkeypatch.context() as patched:
        patched.setattr(state_module, "_may_name_service", lambda trust, service: True)
        graph = EscalationGraph(snapshot)
        plain = [graph.trusting(s) for s in services]
    assert fast == plain
    assert all(fast[:3])
    _both(monkeypatch, snapshot)


def _role_trusting(name: str, trust: dict[str, Any]) -> dict[str, Any]:
    return {
        "kind": "iam.role",
        "name": name,
        "arn": _iam("role", name),
        "region": "global",
        "trust_policy": trust,
        "inline_policies": {"p": _doc(ADMIN)},
        "instance_profile_arns": (f"arn:aws:iam::123456789012:instance-profile/{name}",),
    }


def test_group_joins_that_make_an_administrator(monkeypatch: pytest.MonkeyPatch) -> None:
    """A group naming no technique action still matters when it completes the member's
    rights: alice holds every technique's service and half the others, the group the other
    half; a Deny on her own ARN keeps her from rewriting her own policies instead.
    """
    used = {need.action.split(":")[0].lower() for t in TECHNIQUES for need in t.needs}
    others = [s for s in _every_service() if s.split(":")[0] not in used]
    group = {
        "kind": "iam.group",
        "name": "half",
        "arn": _iam("group", "half"),
        "region": "global",
        "inline_policies": {"p": _doc(_allow(others[1::2]))},
    }
    other = {**group, "name": "other", "arn": _iam("group", "other")}
    other["inline_policies"] = {"p": _doc(_allow(others[1::3]))}
    alice = _user(
        "alice",
        _allow([f"{service}:*" for service in sorted(used)] + others[::2]),
        _deny("iam:*", _iam("user", "alice")),
    )
    snapshot = _snapshot(alice, group, other)
    path = escalation_paths(snapshot)[_iam("user", "alice")]
    assert [(s.technique, s.resource) for s in path.steps] == [
        ("add-user-to-group", _iam("group", "half"))
    ]
    _both(monkeypatch, snapshot)


def test_options_of_a_node_whose_policies_name_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    """Only a trust policy naming the principal can give it anything."""
    alice = _user("alice", _allow("s3:*"))
    ops = {
        "kind": "iam.role",
        "name": "ops",
        "arn": _iam("role", "ops"),
        "region": "global",
        "trust_policy": _trust({"AWS": _iam("user", "alice")}),
        "inline_policies": {"p": _doc(ADMIN)},
    }
    snapshot = _snapshot(alice, ops)
    assert [s.technique for s in escalation_paths(snapshot)[_iam("user", "alice")].steps] == [
        "assume-role"
    ]
    _both(monkeypatch, snapshot)


def test_unparseable_documents_shared_by_principals(monkeypatch: pytest.MonkeyPatch) -> None:
    broken = _doc({"Effect": "Maybe", "Action": "*", "Resource": "*"})
    snapshot = _snapshot(
        _policy("a", broken),
        _policy("b", broken),
        _user("alice", attached_policy_arns=(_iam("policy", "a"),)),
        _user("bob", attached_policy_arns=(_iam("policy", "b"),)),
    )
    _both(monkeypatch, snapshot)
