"""Network Firewall policies and rule groups for tests: moto implements firewalls and their
logging only (no ``ListFirewallPolicies``, ``DescribeFirewallPolicy``, ``ListRuleGroups`` or
``DescribeRuleGroup``). :func:`seed_policy` and :func:`seed_stateless_rule_group` keep them on
moto's networkfirewall backend (reset with it), and :func:`install` gives moto's response
handler the four reads, answering from there in the shapes of the Network Firewall API
Reference (moto encodes the answers in the protocol botocore asks for).
"""

from __future__ import annotations

from typing import Any

ACCOUNT = "123456789012"
_STORE = "incloud_firewall_store"


def _store(region: str) -> dict[str, dict[str, Any]]:
    from moto.networkfirewall.models import networkfirewall_backends

    backend = networkfirewall_backends[ACCOUNT][region]
    store: dict[str, dict[str, Any]] = backend.__dict__.setdefault(
        _STORE, {"policies": {}, "groups": {}}
    )
    return store


def seed_policy(name: str, policy: dict[str, Any], region: str = "us-east-1") -> str:
    """A firewall policy (``FirewallPolicy`` body); its ARN."""
    install()
    arn = f"arn:aws:network-firewall:{region}:{ACCOUNT}:firewall-policy/{name}"
    _store(region)["policies"][arn] = {"name": name, "policy": policy}
    return arn


def seed_stateless_rule_group(
    name: str, rules: list[dict[str, Any]], region: str = "us-east-1"
) -> str:
    """A stateless rule group holding ``rules`` (``StatelessRules`` entries); its ARN."""
    install()
    arn = f"arn:aws:network-firewall:{region}:{ACCOUNT}:stateless-rulegroup/{name}"
    _store(region)["groups"][arn] = {"name": name, "rules": rules}
    return arn


def install() -> None:
    """Add the four reads to moto's Network Firewall handler (once; idempotent)."""
    from moto.core.responses import ActionResult
    from moto.networkfirewall.responses import NetworkFirewallResponse

    if hasattr(NetworkFirewallResponse, "describe_firewall_policy"):
        return

    def store(self: Any) -> dict[str, dict[str, Any]]:
        return _store(self.region)

    def list_firewall_policies(self: Any) -> Any:
        policies = store(self)["policies"]
        return ActionResult(
            {"FirewallPolicies": [{"Name": v["name"], "Arn": k} for k, v in policies.items()]}
        )

    def describe_firewall_policy(self: Any) -> Any:
        arn = self._get_param("FirewallPolicyArn")
        entry = store(self)["policies"][arn]
        response = {
            "FirewallPolicyName": entry["name"],
            "FirewallPolicyArn": arn,
            "FirewallPolicyId": entry["name"],
        }
        return ActionResult(
            {
                "UpdateToken": "token",
                "FirewallPolicyResponse": response,
                "FirewallPolicy": entry["policy"],
            }
        )

    def list_rule_groups(self: Any) -> Any:
        groups = store(self)["groups"]
        wanted = self._get_param("Type")
        listed = [{"Name": v["name"], "Arn": k} for k, v in groups.items()]
        return ActionResult({"RuleGroups": listed if wanted in (None, "STATELESS") else []})

    def describe_rule_group(self: Any) -> Any:
        arn = self._get_param("RuleGroupArn")
        entry = store(self)["groups"][arn]
        source = {"StatelessRulesAndCustomActions": {"StatelessRules": entry["rules"]}}
        response = {
            "RuleGroupName": entry["name"],
            "RuleGroupArn": arn,
            "RuleGroupId": entry["name"],
            "Type": "STATELESS",
        }
        return ActionResult(
            {
                "UpdateToken": "token",
                "RuleGroup": {"RulesSource": source},
                "RuleGroupResponse": response,
            }
        )

    for fn in (
        list_firewall_policies,
        describe_firewall_policy,
        list_rule_groups,
        describe_rule_group,
    ):
        setattr(NetworkFirewallResponse, fn.__name__, fn)
