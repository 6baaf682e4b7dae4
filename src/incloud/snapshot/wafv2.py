"""AWS WAF (v2): web ACLs and the regional resources they protect."""

from __future__ import annotations

from typing import ClassVar, Literal

from .base import Resource


class WebAcl(Resource):
    """A WAFv2 web ACL. ``scope`` is ``REGIONAL`` or ``CLOUDFRONT`` (listed in us-east-1).

    ``associated_alb_arns`` are the Application Load Balancers it protects
    (``ListResourcesForWebACL``); None when that was not read, and always None for
    CLOUDFRONT web ACLs, whose association is carried by each distribution (``WebACLId``).
    API Gateway stages carry their association too (``webAclArn``).
    """

    kind: Literal["wafv2.web-acl"] = "wafv2.web-acl"
    web_acl_id: str
    scope: str
    associated_alb_arns: tuple[str, ...] | None = None

    service: ClassVar[str] = "wafv2"
    listed_by: ClassVar[tuple[str, ...]] = ("wafv2:ListWebACLs",)
