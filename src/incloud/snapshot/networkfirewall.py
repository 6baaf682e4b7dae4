"""AWS Network Firewall: firewalls, firewall policies and stateless rule groups."""

from __future__ import annotations

from typing import ClassVar, Literal

from .base import Frozen, Resource


class Firewall(Resource):
    """A Network Firewall firewall: its policy, the endpoint it has in each subnet, and
    where it logs.

    ``endpoints`` maps each firewall subnet to the VPC endpoint (``vpce-...``) that route
    tables name to send traffic through the firewall (``DescribeFirewall``'s
    ``FirewallStatus.SyncStates``). ``log_types`` lists the log types with a destination
    (``FLOW``, ``ALERT``, ``TLS``); None when the logging configuration was not read.
    """

    kind: Literal["network-firewall.firewall"] = "network-firewall.firewall"
    vpc_id: str = ""
    policy_arn: str = ""
    subnet_ids: tuple[str, ...] = ()
    endpoints: dict[str, str] = {}
    delete_protection: bool | None = None
    """``DeleteProtection``; None when the firewall's description was not read."""
    log_types: tuple[str, ...] | None = None

    service: ClassVar[str] = "network-firewall"
    listed_by: ClassVar[tuple[str, ...]] = ("network-firewall:ListFirewalls",)


class RuleGroupReference(Frozen):
    """A rule group a policy uses; stateless groups run in ascending ``priority``."""

    arn: str
    priority: int | None = None


class FirewallPolicy(Resource):
    """A firewall policy: what the stateless engine does with packets no stateless rule
    matched (full packets and fragments), and the rule groups it uses.

    Default actions are ``aws:pass``, ``aws:drop`` or ``aws:forward_to_sfe`` (to the
    stateful engine), possibly with a custom action's name. ``stateless_default_actions`` is
    None when the policy was not read.
    """

    kind: Literal["network-firewall.firewall-policy"] = "network-firewall.firewall-policy"
    stateless_default_actions: tuple[str, ...] | None = None
    stateless_fragment_default_actions: tuple[str, ...] | None = None
    stateless_rule_groups: tuple[RuleGroupReference, ...] = ()
    stateful_rule_groups: tuple[RuleGroupReference, ...] = ()
    stateful_default_actions: tuple[str, ...] = ()

    service: ClassVar[str] = "network-firewall"
    listed_by: ClassVar[tuple[str, ...]] = ("network-firewall:ListFirewallPolicies",)


class PortRange(Frozen):
    """An inclusive port range of a stateless rule."""

    low: int
    high: int


class StatelessRule(Frozen):
    """One stateless rule: the packets it matches and its actions (the first standard one,
    ``aws:pass``, ``aws:drop`` or ``aws:forward_to_sfe``, decides). An empty match list
    matches everything of that attribute.
    """

    priority: int
    actions: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    destinations: tuple[str, ...] = ()
    source_ports: tuple[PortRange, ...] = ()
    destination_ports: tuple[PortRange, ...] = ()
    protocols: tuple[int, ...] = ()
    tcp_flags: bool = False
    """True when the rule also matches on TCP flags (not modelled by reachability)."""


class StatelessRuleGroup(Resource):
    """A stateless rule group with its rules (``DescribeRuleGroup``); ``rules`` is None when
    the group was not read.
    """

    kind: Literal["network-firewall.stateless-rule-group"] = "network-firewall.stateless-rule-group"
    rules: tuple[StatelessRule, ...] | None = None

    service: ClassVar[str] = "network-firewall"
    listed_by: ClassVar[tuple[str, ...]] = ("network-firewall:ListRuleGroups",)
