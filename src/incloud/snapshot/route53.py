"""Amazon Route 53: hosted zones and where their DNS queries are logged."""

from __future__ import annotations

from typing import ClassVar, Literal

from .base import Resource


class HostedZone(Resource):
    """A hosted zone (global). ``query_log_groups`` are the CloudWatch Logs groups its
    public DNS queries are logged to (Route 53 query logging, for public zones only).
    """

    kind: Literal["route53.hosted-zone"] = "route53.hosted-zone"
    zone_id: str
    private: bool
    query_log_groups: tuple[str, ...] = ()

    service: ClassVar[str] = "route53"
    listed_by: ClassVar[tuple[str, ...]] = ("route53:ListHostedZones",)
