"""AWS Network Firewall configuration: policies use rule groups and drop or inspect what no
stateless rule matched, stateless rule groups hold rules, firewalls resist deletion and
log (Security Hub NetworkFirewall.2, 3, 4, 5, 6, 9).
"""

from __future__ import annotations

from ....snapshot.networkfirewall import Firewall, FirewallPolicy, StatelessRuleGroup
from ...check import Domain, Severity
from ..factories import flag_check

SAFE_DEFAULTS = frozenset({"aws:drop", "aws:forward_to_sfe"})
"""Stateless default actions that do not let an unmatched packet through uninspected."""


def _safe(actions: tuple[str, ...] | None) -> bool | None:
    return None if actions is None else bool(SAFE_DEFAULTS.intersection(actions))


policy_default_action_full_packets = flag_check(
    id="network-firewall.policy-default-action-full-packets",
    domain=Domain.NETWORK,
    severity=Severity.MEDIUM,
    resource=FirewallPolicy,
    is_ok=lambda p: _safe(p.stateless_default_actions),
    ok="full packets no stateless rule matches are dropped or sent to the stateful engine",
    bad="full packets no stateless rule matches pass uninspected (aws:pass)",
    unread="the policy's stateless default actions were not read",
    doc="""Firewall policies drop, or inspect statefully, full packets no stateless rule matches.

    The stateless default action decides every packet the policy's stateless rules do not
    match; `aws:pass` lets it through without the stateful rules ever seeing it, so the
    firewall allows whatever nobody wrote a rule for (Network Firewall Developer Guide,
    "Stateless default actions in your firewall policy"; Security Hub NetworkFirewall.4).

    Remediation: `aws network-firewall update-firewall-policy --firewall-policy-arn ARN
    --update-token TOKEN --firewall-policy file://policy.json` with
    `"StatelessDefaultActions": ["aws:forward_to_sfe"]` (or `aws:drop`); Terraform
    `stateless_default_actions = ["aws:forward_to_sfe"]` in `aws_networkfirewall_firewall_policy`.
    """,
)


policy_default_action_fragments = flag_check(
    id="network-firewall.policy-default-action-fragments",
    domain=Domain.NETWORK,
    severity=Severity.MEDIUM,
    resource=FirewallPolicy,
    is_ok=lambda p: _safe(p.stateless_fragment_default_actions),
    ok="fragmented packets no stateless rule matches are dropped or sent to the stateful engine",
    bad="fragmented packets no stateless rule matches pass uninspected (aws:pass)",
    unread="the policy's stateless fragment default actions were not read",
    doc="""Firewall policies drop, or inspect statefully, the fragments no stateless rule matches.

    Fragments are a classic way around packet filters; the fragment default action decides
    those no stateless rule matched, and `aws:pass` lets them through uninspected (Network
    Firewall Developer Guide, "Stateless default actions in your firewall policy"; Security
    Hub NetworkFirewall.5).

    Remediation: `aws network-firewall update-firewall-policy --firewall-policy-arn ARN
    --update-token TOKEN --firewall-policy file://policy.json` with
    `"StatelessFragmentDefaultActions": ["aws:forward_to_sfe"]` (or `aws:drop`); Terraform
    `stateless_fragment_default_actions` in `aws_networkfirewall_firewall_policy`.
    """,
)


policy_rule_groups = flag_check(
    id="network-firewall.policy-rule-groups",
    domain=Domain.NETWORK,
    severity=Severity.MEDIUM,
    resource=FirewallPolicy,
    is_ok=lambda p: (
        None
        if p.stateless_default_actions is None
        else bool(p.stateless_rule_groups or p.stateful_rule_groups)
    ),
    ok="the policy uses at least one rule group",
    bad="the policy uses no rule group: only its default actions decide",
    unread="the policy was not read",
    doc="""Firewall policies use at least one stateless or stateful rule group.

    A policy without rule groups filters nothing by address, port or content: every packet
    meets the default actions alone (Network Firewall Developer Guide, "Firewall policies";
    Security Hub NetworkFirewall.3).

    Remediation: create a rule group (`aws network-firewall create-rule-group`) and add it
    to the policy (`aws network-firewall update-firewall-policy ...` with
    `StatefulRuleGroupReferences` or `StatelessRuleGroupReferences`); Terraform
    `stateful_rule_group_reference` blocks in `aws_networkfirewall_firewall_policy`.
    """,
)


stateless_rule_group_not_empty = flag_check(
    id="network-firewall.stateless-rule-group-not-empty",
    domain=Domain.NETWORK,
    severity=Severity.MEDIUM,
    resource=StatelessRuleGroup,
    is_ok=lambda g: None if g.rules is None else bool(g.rules),
    ok="the rule group holds rules",
    bad="the rule group holds no rule: it reserves capacity and filters nothing",
    unread="the rule group's rules were not read",
    doc="""Stateless rule groups hold at least one rule.

    An empty stateless group filters nothing while a policy using it looks protected
    (Network Firewall Developer Guide, "Stateless rule groups"; Security Hub
    NetworkFirewall.6).

    Remediation: add rules (`aws network-firewall update-rule-group --rule-group-arn ARN
    --update-token TOKEN --rule-group file://rules.json`) or delete the group; Terraform
    `stateless_rules_and_custom_actions` in `aws_networkfirewall_rule_group`.
    """,
)


firewall_deletion_protection = flag_check(
    id="network-firewall.firewall-deletion-protection",
    domain=Domain.NETWORK,
    severity=Severity.MEDIUM,
    resource=Firewall,
    is_ok=lambda f: f.delete_protection,
    ok="deletion protection on",
    bad="deletion protection off: one API call removes the firewall from the traffic's way",
    unread="the firewall's description was not read",
    doc="""Network Firewall firewalls have deletion protection on.

    Deleting a firewall removes its endpoints; routes to them black-hole traffic or, once
    changed, send it around any inspection. Deletion protection makes the delete call fail
    until someone turns it off on purpose (Network Firewall Developer Guide, "Deleting a
    firewall"; Security Hub NetworkFirewall.9).

    Remediation: `aws network-firewall update-firewall-delete-protection --firewall-arn ARN
    --delete-protection`; Terraform `delete_protection = true` on
    `aws_networkfirewall_firewall`.
    """,
)


firewall_logging = flag_check(
    id="network-firewall.firewall-logging",
    domain=Domain.NETWORK,
    severity=Severity.MEDIUM,
    resource=Firewall,
    is_ok=lambda f: None if f.log_types is None else bool(f.log_types),
    ok="the firewall sends logs to a destination",
    bad="the firewall logs nothing: no record of what it allowed, dropped or alerted on",
    unread="the firewall's logging configuration was not read",
    requires=("network-firewall:DescribeLoggingConfiguration",),
    doc="""Network Firewall firewalls log to S3, CloudWatch Logs or Kinesis Data Firehose.

    Flow logs record the traffic the stateful engine saw and alert logs the rules that
    matched; without a destination the firewall keeps no record an investigation could use
    (Network Firewall Developer Guide, "Logging network traffic from AWS Network Firewall";
    Security Hub NetworkFirewall.2).

    Remediation: `aws network-firewall update-logging-configuration --firewall-arn ARN
    --logging-configuration '{"LogDestinationConfigs":[{"LogType":"ALERT",
    "LogDestinationType":"CloudWatchLogs","LogDestination":{"logGroup":"GROUP"}}]}'` (and a
    FLOW entry); Terraform `aws_networkfirewall_logging_configuration`.
    """,
)
