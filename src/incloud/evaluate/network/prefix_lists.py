"""Managed prefix lists: the CIDR blocks a security-group rule or a route names by id.

VPC User Guide, "Managed prefix lists": a prefix list is a set of CIDR blocks; a security
group rule or a route that references it behaves as one rule or route per entry ("Reference
prefix lists in your AWS resources"). AWS-managed lists are maintained by AWS for a service.
The CloudFront origin-facing list (CloudFront Developer Guide, "Use the CloudFront managed
prefix list") holds the addresses CloudFront uses to reach origins: a rule admitting only it
admits CloudFront, not internet clients, so what it opens is reachable *via CloudFront*.
"""

from __future__ import annotations

from collections.abc import Iterable

from ...snapshot.ec2 import ManagedPrefixList

CLOUDFRONT_ORIGIN_FACING = frozenset(
    {
        "com.amazonaws.global.cloudfront.origin-facing",
        "com.amazonaws.global.ipv6.cloudfront.origin-facing",
    }
)
"""The AWS-managed lists of CloudFront's origin-facing servers (IPv4 and IPv6)."""


class PrefixLists:
    """Prefix lists by id, with what a reference to one means."""

    def __init__(self, lists: Iterable[ManagedPrefixList]) -> None:
        self.by_id = {p.prefix_list_id: p for p in lists}

    def name(self, prefix_list_id: str) -> str:
        """The list's name, or its id when it is not in the snapshot."""
        found = self.by_id.get(prefix_list_id)
        return found.name if found is not None else prefix_list_id

    def is_cloudfront(self, prefix_list_id: str) -> bool:
        """True for CloudFront's origin-facing list (recognised by its AWS-managed name)."""
        found = self.by_id.get(prefix_list_id)
        return found is not None and found.name in CLOUDFRONT_ORIGIN_FACING

    def cidrs(self, prefix_list_id: str) -> tuple[str, ...] | None:
        """The list's CIDR blocks, or None when the list or its entries were not collected."""
        found = self.by_id.get(prefix_list_id)
        return None if found is None else found.entries
