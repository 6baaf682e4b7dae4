"""The demo's front doors (ACM, ALBs, CloudFront, API Gateway, WAF) on moto's server, scanned
through the live collection path: the seeded misconfigurations fail, the fine ones pass, and
what moto cannot answer is unknown.

Only the steps the front doors need are seeded (S3 for the flow log's bucket, the network for
subnets and security groups), to keep this quicker than the full demo.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from incloud.api import collect_account
from incloud.assessment import Assessment, assess
from incloud.collect.session import SessionOptions
from incloud.demo.run import demo_environment
from incloud.demo.seed import REGIONS
from incloud.demo.seed._common import _Seeder
from incloud.demo.seed.front_doors import seed_front_doors
from incloud.demo.seed.network import seed_network
from incloud.demo.seed.storage import seed_s3
from incloud.demo.server import DemoServer
from incloud.evaluate import Verdict, all_checks

SERVICES = ("acm", "elbv2", "elb", "wafv2", "cloudfront", "apigateway", "apigatewayv2")


@pytest.fixture(scope="module")
def assessment() -> Iterator[Assessment]:
    with DemoServer() as server, demo_environment():
        s = _Seeder(server.endpoint_url)
        for step in (seed_s3, seed_network, seed_front_doors):
            step(s)
        options = SessionOptions(endpoint_url=server.endpoint_url, regions=REGIONS)
        snapshot, _ = collect_account(options, services=SERVICES)
    checks = [
        c
        for c in all_checks().values()
        if c.service in {"acm", "elasticloadbalancing", "elb", "cloudfront", "apigateway", "wafv2"}
    ]
    yield assess(snapshot, checks)


def _verdicts(assessment: Assessment, verdict: Verdict) -> set[tuple[str, str]]:
    return {(f.check_id, f.resource_name) for f in assessment.findings if f.verdict is verdict}


def test_seeded_front_door_misconfigurations_fail(assessment: Assessment) -> None:
    failed = _verdicts(assessment, Verdict.FAIL)
    legacy = {
        f.resource_name
        for f in assessment.findings
        if f.check_id == "cloudfront.minimum-tls"
        and f.resource_name != "www.northwind-notes.example"
    }
    assert len(legacy) == 1
    (legacy_site,) = legacy
    for expected in [
        ("acm.certificate-not-expiring", "shop.northwind-notes.example"),
        ("elasticloadbalancing.listener-https", "northwind-web:80/HTTP"),
        ("elasticloadbalancing.listener-tls-policy", "northwind-web:443/HTTPS"),
        ("elasticloadbalancing.alb-waf", "northwind-web"),
        ("elasticloadbalancing.drop-invalid-headers", "northwind-web"),
        ("elasticloadbalancing.desync-mitigation", "northwind-web"),
        ("elasticloadbalancing.deletion-protection", "northwind-web"),
        ("elb.listener-encrypted", "northwind-legacy"),
        ("elb.access-logging", "northwind-legacy"),
        ("elb.connection-draining", "northwind-legacy"),
        ("elb.cross-zone", "northwind-legacy"),
        ("elb.desync-mitigation", "northwind-legacy"),
        ("cloudfront.viewer-https", legacy_site),
        ("cloudfront.minimum-tls", legacy_site),
        ("cloudfront.origin-https", legacy_site),
        ("cloudfront.distribution-waf", legacy_site),
        ("cloudfront.default-root-object", legacy_site),
        ("cloudfront.custom-certificate", legacy_site),
        ("apigateway.route-authorization", "northwind-chat-api"),
        ("apigateway.v2-stage-access-logging", "northwind-chat-api/$default"),
        ("wafv2.web-acl-logging", "northwind-edge"),
        ("apigateway.method-authorization", "northwind-public-api"),
        ("apigateway.stage-logging", "northwind-public-api/prod"),
        ("apigateway.stage-waf", "northwind-public-api/prod"),
    ]:
        assert expected in failed


def test_well_kept_front_doors_pass(assessment: Assessment) -> None:
    passed = _verdicts(assessment, Verdict.PASS)
    for expected in [
        ("acm.certificate-not-expiring", "api.northwind-notes.example"),
        ("elasticloadbalancing.listener-https", "northwind-internal-api:80/HTTP"),
        ("elasticloadbalancing.listener-tls-policy", "northwind-internal-api:443/HTTPS"),
        ("elasticloadbalancing.drop-invalid-headers", "northwind-internal-api"),
        ("elasticloadbalancing.desync-mitigation", "northwind-internal-api"),
        ("elasticloadbalancing.deletion-protection", "northwind-internal-api"),
        ("cloudfront.viewer-https", "www.northwind-notes.example"),
        ("cloudfront.minimum-tls", "www.northwind-notes.example"),
        ("cloudfront.origin-https", "www.northwind-notes.example"),
        ("cloudfront.distribution-waf", "www.northwind-notes.example"),
        ("cloudfront.default-root-object", "www.northwind-notes.example"),
        ("wafv2.web-acl-not-empty", "northwind-edge"),
        ("wafv2.web-acl-logging", "northwind-eu-api"),
        ("apigateway.method-authorization", "northwind-eu-api"),
        ("apigateway.stage-logging", "northwind-eu-api/prod"),
        ("apigateway.stage-waf", "northwind-eu-api/prod"),
    ]:
        assert expected in passed
    not_applicable = _verdicts(assessment, Verdict.NOT_APPLICABLE)
    assert ("acm.certificate-not-expiring", "app.northwind-notes.example") in not_applicable
    assert ("elasticloadbalancing.alb-waf", "northwind-internal-api") in not_applicable


def test_what_moto_lacks_is_a_gap_not_a_verdict(assessment: Assessment) -> None:
    gaps = [g for g in assessment.gaps if g.action == "wafv2:ListResourcesForWebACL"]
    assert [(g.region, g.error_code) for g in gaps] == [("eu-west-1", "NotImplemented")]
    # No ALB runs in eu-west-1, so no verdict depends on that gap.
    assert not any(
        f.verdict is Verdict.UNKNOWN
        for f in assessment.findings
        if f.check_id.startswith("elastic")
    )
