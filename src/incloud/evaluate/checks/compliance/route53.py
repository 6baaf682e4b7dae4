"""Amazon Route 53: DNS query logging on public hosted zones."""

from __future__ import annotations

from ....snapshot.route53 import HostedZone
from ...check import Domain, Severity
from ..factories import flag_check

hosted_zone_query_logging = flag_check(
    id="route53.hosted-zone-query-logging",
    domain=Domain.COMPLIANCE,
    severity=Severity.MEDIUM,
    resource=HostedZone,
    requires=("route53:ListQueryLoggingConfigs",),
    exempt=lambda zone: "a private hosted zone" if zone.private else None,
    is_ok=lambda zone: bool(zone.query_log_groups),
    ok="DNS queries are logged to CloudWatch Logs",
    bad="DNS queries to the zone are not logged",
    doc="""Route 53 public hosted zones log the DNS queries they answer.

    Query logs record each name resolvers asked for, with the edge location and response
    code: they show which hosts are looked up, subdomain enumeration, and records asked for
    that should no longer exist (Security Hub Route53.2; Amazon Route 53 Developer Guide,
    "Public DNS query logging"). Private zones are not judged: their queries are logged by
    Resolver query logging in the VPC.

    Remediation: create a log group in us-east-1 whose resource policy lets
    `route53.amazonaws.com` write to it, then `aws route53 create-query-logging-config
    --hosted-zone-id ID --cloud-watch-logs-log-group-arn LOG_GROUP_ARN`; Terraform
    `aws_route53_query_log`.
    """,
)
