"""AWS Network Firewall collector: firewalls with their endpoints and logging, firewall
policies, and stateless rule groups with their rules.

The listings name resources only, so each firewall costs ``DescribeFirewall`` and
``DescribeLoggingConfiguration``, each policy ``DescribeFirewallPolicy`` and each stateless
rule group ``DescribeRuleGroup`` (stateful groups are not read: their Suricata rules are not
judged). A failed read leaves the resource's fields None and a gap on it.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ...snapshot import Resource
from ...snapshot.networkfirewall import (
    Firewall,
    FirewallPolicy,
    PortRange,
    RuleGroupReference,
    StatelessRule,
    StatelessRuleGroup,
)
from ..registry import collector
from ..unit import Unit


@collector(
    service="network-firewall",
    scope="regional",
    operations=(
        "network-firewall:ListFirewalls",
        "network-firewall:DescribeFirewall",
        "network-firewall:DescribeLoggingConfiguration",
        "network-firewall:ListFirewallPolicies",
        "network-firewall:DescribeFirewallPolicy",
        "network-firewall:ListRuleGroups",
        "network-firewall:DescribeRuleGroup",
    ),
)
def collect_network_firewall(unit: Unit) -> Iterator[Resource]:
    """Every firewall, firewall policy and stateless rule group in the region."""
    yield from unit.gather(
        lambda: _firewalls(unit),
        lambda: _policies(unit),
        lambda: _rule_groups(unit),
    )


def _common(unit: Unit, arn: str, name: str) -> dict[str, str]:
    return {"arn": arn, "name": name, "account_id": unit.account_id, "region": unit.region}


def _firewalls(unit: Unit) -> list[Firewall]:
    # Names and ARNs identify what the listings name (optional in botocore's model only).
    listed = unit.pages("list_firewalls", "Firewalls")
    return unit.fan_out(
        lambda raw: _firewall(unit, raw["FirewallArn"], raw["FirewallName"]), listed
    )


def _firewall(unit: Unit, arn: str, name: str) -> Firewall:
    answer = unit.call("describe_firewall", resource_arn=arn, FirewallArn=arn)
    logging = unit.call("describe_logging_configuration", resource_arn=arn, FirewallArn=arn)
    fields: dict[str, Any] = {}
    if answer is not None:
        body = answer.get("Firewall") or {}
        if "DeleteProtection" not in body and body:
            unit.malformed(
                "describe_firewall", "the answer has no DeleteProtection", resource_arn=arn
            )
        endpoints = {}
        for state in ((answer.get("FirewallStatus") or {}).get("SyncStates") or {}).values():
            attachment = state.get("Attachment") or {}
            if attachment.get("SubnetId") and attachment.get("EndpointId"):
                endpoints[attachment["SubnetId"]] = attachment["EndpointId"]
        fields = {
            "vpc_id": body.get("VpcId", ""),
            "policy_arn": body.get("FirewallPolicyArn", ""),
            "subnet_ids": tuple(m["SubnetId"] for m in body.get("SubnetMappings", [])),
            "endpoints": endpoints,
            "delete_protection": body.get("DeleteProtection"),
        }
    if logging is not None:
        configs = (logging.get("LoggingConfiguration") or {}).get("LogDestinationConfigs") or []
        fields["log_types"] = tuple(sorted({c["LogType"] for c in configs if c.get("LogType")}))
    return Firewall(**_common(unit, arn, name), **fields)


def _policies(unit: Unit) -> list[FirewallPolicy]:
    listed = unit.pages("list_firewall_policies", "FirewallPolicies")
    return unit.fan_out(lambda raw: _policy(unit, raw["Arn"], raw["Name"]), listed)


def _policy(unit: Unit, arn: str, name: str) -> FirewallPolicy:
    answer = unit.call("describe_firewall_policy", resource_arn=arn, FirewallPolicyArn=arn)
    policy = (answer or {}).get("FirewallPolicy")
    if answer is not None and not isinstance(policy, dict):
        unit.malformed(
            "describe_firewall_policy", "the answer has no FirewallPolicy", resource_arn=arn
        )
    if not isinstance(policy, dict):
        return FirewallPolicy(**_common(unit, arn, name))
    return FirewallPolicy(
        **_common(unit, arn, name),
        # Both default action lists are required members of a FirewallPolicy.
        stateless_default_actions=tuple(policy["StatelessDefaultActions"]),
        stateless_fragment_default_actions=tuple(policy["StatelessFragmentDefaultActions"]),
        stateless_rule_groups=tuple(
            RuleGroupReference(arn=r["ResourceArn"], priority=r.get("Priority"))
            for r in policy.get("StatelessRuleGroupReferences", [])
        ),
        stateful_rule_groups=tuple(
            RuleGroupReference(arn=r["ResourceArn"], priority=r.get("Priority"))
            for r in policy.get("StatefulRuleGroupReferences", [])
        ),
        stateful_default_actions=tuple(policy.get("StatefulDefaultActions", [])),
    )


def _rule_groups(unit: Unit) -> list[StatelessRuleGroup]:
    listed = unit.pages("list_rule_groups", "RuleGroups", Type="STATELESS")
    return unit.fan_out(lambda raw: _rule_group(unit, raw["Arn"], raw["Name"]), listed)


def _rule_group(unit: Unit, arn: str, name: str) -> StatelessRuleGroup:
    answer = unit.call("describe_rule_group", resource_arn=arn, RuleGroupArn=arn, Type="STATELESS")
    if answer is None:
        return StatelessRuleGroup(**_common(unit, arn, name))
    source = (answer.get("RuleGroup") or {}).get("RulesSource") or {}
    stateless = source.get("StatelessRulesAndCustomActions") or {}
    return StatelessRuleGroup(
        **_common(unit, arn, name),
        rules=tuple(_rule(raw) for raw in stateless.get("StatelessRules", [])),
    )


def _rule(raw: dict[str, Any]) -> StatelessRule:
    """One stateless rule; ``RuleDefinition``, ``MatchAttributes`` and ``Actions`` are
    required members of it (a KeyError on a malformed answer is a gap on the collector).
    """
    definition = raw["RuleDefinition"]
    match = definition["MatchAttributes"]
    return StatelessRule(
        priority=raw["Priority"],
        actions=tuple(definition["Actions"]),
        sources=tuple(a["AddressDefinition"] for a in match.get("Sources", [])),
        destinations=tuple(a["AddressDefinition"] for a in match.get("Destinations", [])),
        source_ports=_ports(match.get("SourcePorts", [])),
        destination_ports=_ports(match.get("DestinationPorts", [])),
        protocols=tuple(match.get("Protocols", [])),
        tcp_flags=bool(match.get("TCPFlags")),
    )


def _ports(ranges: list[dict[str, int]]) -> tuple[PortRange, ...]:
    return tuple(PortRange(low=r["FromPort"], high=r["ToPort"]) for r in ranges)
