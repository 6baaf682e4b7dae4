"""Amazon EventBridge: custom event buses with a resource-based policy, and what it grants."""

from __future__ import annotations

from ....snapshot.events import EventBus
from ...check import Domain, Severity
from ..factories import flag_check, resource_policy_checks

READS = ("events:ListEventBuses",)
"""The policy comes with the listing; a policy it returned unreadable is a gap on the bus."""

event_bus_policy_attached = flag_check(
    id="events.event-bus-policy-attached",
    domain=Domain.DATA_PROTECTION,
    severity=Severity.LOW,
    resource=EventBus,
    requires=READS,
    exempt=lambda bus: None if bus.custom else "not a custom event bus",
    is_ok=lambda bus: bus.policy is not None,
    ok="a resource-based policy says who may use the bus",
    bad="no resource-based policy: who may use the bus rests on identity policies alone",
    doc="""Custom EventBridge event buses have a resource-based policy.

    A bus's resource-based policy names the accounts, organisations and services that may
    put events on it or manage its rules, in one place next to the bus; without one, only
    identity policies decide, scattered over every role of the account (Security Hub
    EventBridge.3; Amazon EventBridge User Guide, "Permissions for event buses"). The default
    bus and partner buses are not judged; what the policy grants is judged by
    `events.event-bus-policy-not-public` and `events.event-bus-policy-trusted-accounts`.

    Remediation: `aws events put-permission --event-bus-name NAME --policy file://policy.json`
    with statements for the principals that publish to the bus; Terraform
    `aws_cloudwatch_event_bus_policy`.
    """,
)

event_bus_policy_not_public, event_bus_policy_trusted_accounts = resource_policy_checks(
    prefix="events.event-bus",
    resource=EventBus,
    policy=lambda bus: bus.policy,
    requires=READS,
    remedy="`aws events put-permission --event-bus-name NAME --policy file://policy.json`; "
    "Terraform `aws_cloudwatch_event_bus_policy`.",
)
