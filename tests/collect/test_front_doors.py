"""Front doors on moto: ACM, ELBv2, WAFv2, CloudFront and API Gateway collectors, and the
verdicts of their checks on what they collect.

moto lacks ``wafv2:ListResourcesForWebACL``: a regional web ACL's ALB associations are then
a gap, and ``elasticloadbalancing.alb-waf`` must say unknown, never pass, even for an ALB
that moto knows is associated.
"""

from __future__ import annotations

import functools
import json
import re
from datetime import UTC, datetime
from typing import Any, TypeVar

import pytest
from botocore.awsrequest import AWSResponse
from moto.core.botocore_stubber import MockRawResponse

from incloud.collect.registry import IAM_ACTION_FOR_OPERATION, all_collectors, required_permissions
from incloud.collect.runner import collect
from incloud.collect.session import AwsSession
from incloud.demo.seed.front_doors import self_signed_certificate
from incloud.evaluate import Verdict, all_checks, evaluate, select_checks
from incloud.snapshot import GLOBAL, Resource, Snapshot
from incloud.snapshot.acm import Certificate
from incloud.snapshot.apigateway import (
    ApiMethod,
    ApiRoute,
    ApiStage,
    HttpApi,
    HttpApiStage,
    RestApi,
)
from incloud.snapshot.cloudfront import CacheBehavior, Distribution, Origin
from incloud.snapshot.elbv2 import Listener, ListenerAction, LoadBalancer
from incloud.snapshot.wafv2 import GlobalClassicWebAcl, RuleGroup, WebAcl
from tests.collect.moto_account import ACCOUNT, raw_client
from tests.collect.waf_classic import seed_waf_classic

R = TypeVar("R", bound=Resource)

SERVICES = (
    "acm",
    "elbv2",
    "wafv2",
    "waf",
    "waf-regional",
    "cloudfront",
    "apigateway",
    "apigatewayv2",
)
"""The collectors under test (boto3 client names)."""

MY_CHECKS = (
    "acm.certificate-not-expiring",
    "elasticloadbalancing.listener-https",
    "elasticloadbalancing.listener-tls-policy",
    "elasticloadbalancing.alb-waf",
    "cloudfront.viewer-https",
    "cloudfront.minimum-tls",
    "cloudfront.origin-https",
    "cloudfront.distribution-waf",
    "apigateway.stage-waf",
    "apigateway.stage-logging",
    "apigateway.method-authorization",
)

VISIBILITY = {
    "SampledRequestsEnabled": False,
    "CloudWatchMetricsEnabled": False,
    "MetricName": "front-doors",
}


# --- seeding ---------------------------------------------------------------------------------


@functools.cache
def self_signed(domain: str, *, days_left: int) -> tuple[bytes, bytes]:
    """The demo's self-signed certificate, made once per process (RSA key generation is the
    slow part of these tests)."""
    return self_signed_certificate(domain, days_left=days_left, issued_days_ago=30)


def import_certificate(domain: str, *, days_left: int, region: str = "us-east-1") -> str:
    certificate, key = self_signed(domain, days_left=days_left)
    answer = raw_client("acm", region).import_certificate(Certificate=certificate, PrivateKey=key)
    return str(answer["CertificateArn"])


def seed_load_balancers(*, with_web_acl: bool) -> dict[str, str]:
    """An internet-facing ALB (HTTP forward, HTTP redirect, HTTPS with the CLI default
    policy and an expiring imported certificate), an internal ALB (HTTPS, TLS 1.2+) and an
    NLB (TLS with a TLS 1.0 floor, TCP); optionally a regional web ACL associated with the
    public ALB.
    """
    ec2 = raw_client("ec2")
    vpc = ec2.create_vpc(CidrBlock="10.1.0.0/16")["Vpc"]["VpcId"]
    subnets = [
        ec2.create_subnet(VpcId=vpc, CidrBlock=f"10.1.{n}.0/24", AvailabilityZone=f"us-east-1{az}")[
            "Subnet"
        ]["SubnetId"]
        for n, az in ((1, "a"), (2, "b"))
    ]
    elb = raw_client("elbv2")
    public = elb.create_load_balancer(
        Name="shop-public", Subnets=subnets, Scheme="internet-facing", Type="application"
    )["LoadBalancers"][0]["LoadBalancerArn"]
    internal = elb.create_load_balancer(
        Name="shop-internal", Subnets=subnets, Scheme="internal", Type="application"
    )["LoadBalancers"][0]["LoadBalancerArn"]
    network = elb.create_load_balancer(
        Name="shop-nlb", Subnets=subnets, Scheme="internet-facing", Type="network"
    )["LoadBalancers"][0]["LoadBalancerArn"]
    group = elb.create_target_group(Name="shop", Protocol="HTTP", Port=80, VpcId=vpc)
    forward = [{"Type": "forward", "TargetGroupArn": group["TargetGroups"][0]["TargetGroupArn"]}]
    expiring = import_certificate("shop.example.com", days_left=10)
    fresh = import_certificate("api.example.com", days_left=300)
    elb.create_listener(LoadBalancerArn=public, Protocol="HTTP", Port=80, DefaultActions=forward)
    elb.create_listener(
        LoadBalancerArn=public,
        Protocol="HTTP",
        Port=8080,
        DefaultActions=[
            {
                "Type": "redirect",
                "RedirectConfig": {"Protocol": "HTTPS", "Port": "443", "StatusCode": "HTTP_301"},
            }
        ],
    )
    elb.create_listener(
        LoadBalancerArn=public,
        Protocol="HTTPS",
        Port=443,
        SslPolicy="ELBSecurityPolicy-2016-08",
        Certificates=[{"CertificateArn": expiring}],
        DefaultActions=forward,
    )
    elb.create_listener(
        LoadBalancerArn=internal,
        Protocol="HTTPS",
        Port=443,
        SslPolicy="ELBSecurityPolicy-TLS13-1-2-2021-06",
        Certificates=[{"CertificateArn": fresh}],
        DefaultActions=forward,
    )
    elb.create_listener(
        LoadBalancerArn=network,
        Protocol="TLS",
        Port=443,
        SslPolicy="ELBSecurityPolicy-TLS13-1-0-2021-06",
        Certificates=[{"CertificateArn": fresh}],
        DefaultActions=forward,
    )
    elb.create_listener(LoadBalancerArn=network, Protocol="TCP", Port=22, DefaultActions=forward)
    seeded = {"public": public, "internal": internal, "network": network}
    seeded |= {"expiring": expiring, "fresh": fresh}
    if with_web_acl:
        waf = raw_client("wafv2")
        acl = waf.create_web_acl(
            Name="shop-acl",
            Scope="REGIONAL",
            DefaultAction={"Allow": {}},
            VisibilityConfig=VISIBILITY,
        )["Summary"]["ARN"]
        waf.associate_web_acl(WebACLArn=acl, ResourceArn=public)
        seeded["web_acl"] = acl
    return seeded


def seed_rest_api() -> dict[str, str]:
    """A REST API with an open GET, an IAM POST, a keyed GET and a CORS preflight; a logged
    ``prod`` stage behind a web ACL and an unlogged ``dev`` stage; and a private API.
    """
    api = raw_client("apigateway")
    rest = api.create_rest_api(name="notes", endpointConfiguration={"types": ["REGIONAL"]})
    api_id, root = rest["id"], rest["rootResourceId"]
    notes = api.create_resource(restApiId=api_id, parentId=root, pathPart="notes")["id"]
    for resource, verb, auth, keyed in (
        (notes, "GET", "NONE", False),
        (notes, "POST", "AWS_IAM", False),
        (notes, "OPTIONS", "NONE", False),
        (root, "GET", "NONE", True),
    ):
        api.put_method(
            restApiId=api_id,
            resourceId=resource,
            httpMethod=verb,
            authorizationType=auth,
            apiKeyRequired=keyed,
        )
        api.put_integration(restApiId=api_id, resourceId=resource, httpMethod=verb, type="MOCK")
    api.create_deployment(restApiId=api_id, stageName="prod")
    api.create_deployment(restApiId=api_id, stageName="dev")
    api.update_stage(
        restApiId=api_id,
        stageName="prod",
        patchOperations=[
            {"op": "replace", "path": "/*/*/logging/loglevel", "value": "ERROR"},
            {
                "op": "replace",
                "path": "/accessLogSettings/destinationArn",
                "value": f"arn:aws:logs:us-east-1:{ACCOUNT}:log-group:notes-access",
            },
            {"op": "replace", "path": "/accessLogSettings/format", "value": "$context.requestId"},
            {"op": "replace", "path": "/tracingEnabled", "value": "true"},
            {"op": "replace", "path": "/cacheClusterEnabled", "value": "true"},
            {"op": "replace", "path": "/*/*/caching/enabled", "value": "true"},
            {"op": "replace", "path": "/*/*/caching/dataEncrypted", "value": "true"},
        ],
    )
    waf = raw_client("wafv2")
    acl = waf.create_web_acl(
        Name="api-acl", Scope="REGIONAL", DefaultAction={"Allow": {}}, VisibilityConfig=VISIBILITY
    )["Summary"]["ARN"]
    stage_arn = f"arn:aws:apigateway:us-east-1::/restapis/{api_id}/stages/prod"
    waf.associate_web_acl(WebACLArn=acl, ResourceArn=stage_arn)
    private = api.create_rest_api(name="internal", endpointConfiguration={"types": ["PRIVATE"]})
    seed_http_apis()
    return {"api_id": api_id, "private_id": private["id"], "web_acl": acl}


def seed_http_apis() -> dict[str, str]:
    """An HTTP API with a JWT route and an open one, its stage logging access; a WebSocket
    API whose $connect route is open, its stage not logging."""
    v2 = raw_client("apigatewayv2")
    http = v2.create_api(Name="orders", ProtocolType="HTTP")["ApiId"]
    v2.create_route(ApiId=http, RouteKey="GET /orders", AuthorizationType="JWT", AuthorizerId="a1")
    v2.create_route(ApiId=http, RouteKey="$default")
    v2.create_stage(
        ApiId=http,
        StageName="prod",
        AccessLogSettings={
            "DestinationArn": f"arn:aws:logs:us-east-1:{ACCOUNT}:log-group:orders-access",
            "Format": "$context.requestId",
        },
    )
    chat = v2.create_api(
        Name="chat", ProtocolType="WEBSOCKET", RouteSelectionExpression="$request.body.action"
    )["ApiId"]
    v2.create_route(ApiId=chat, RouteKey="$connect")
    v2.create_stage(ApiId=chat, StageName="live")
    return {"http": http, "chat": chat}


def _distribution_config(reference: str, **overrides: Any) -> dict[str, Any]:
    forwarded = {"QueryString": False, "Cookies": {"Forward": "none"}}
    config: dict[str, Any] = {
        "CallerReference": reference,
        "Comment": reference,
        "Enabled": True,
        "Origins": {
            "Quantity": 2,
            "Items": [
                {
                    "Id": "web",
                    "DomainName": "shop-public.example.com",
                    "CustomOriginConfig": {
                        "HTTPPort": 80,
                        "HTTPSPort": 443,
                        "OriginProtocolPolicy": "http-only",
                    },
                },
                {
                    "Id": "assets",
                    "DomainName": "assets.s3.us-east-1.amazonaws.com",
                    "S3OriginConfig": {"OriginAccessIdentity": ""},
                },
            ],
        },
        "DefaultCacheBehavior": {
            "TargetOriginId": "web",
            "ViewerProtocolPolicy": "allow-all",
            "MinTTL": 0,
            "ForwardedValues": forwarded,
        },
        "CacheBehaviors": {
            "Quantity": 1,
            "Items": [
                {
                    "PathPattern": "/static/*",
                    "TargetOriginId": "assets",
                    "ViewerProtocolPolicy": "https-only",
                    "MinTTL": 0,
                    "ForwardedValues": forwarded,
                }
            ],
        },
    }
    return config | overrides


def seed_distributions() -> dict[str, str]:
    """A legacy distribution (HTTP viewers, HTTP origin, default certificate, no WAF) and a
    hardened one (HTTPS everywhere, ACM certificate with TLSv1.2_2021, a CloudFront web ACL).
    """
    cloudfront = raw_client("cloudfront")
    legacy = cloudfront.create_distribution(DistributionConfig=_distribution_config("legacy"))
    certificate = import_certificate("www.example.com", days_left=200)
    edge_acl = raw_client("wafv2").create_web_acl(
        Name="edge-acl",
        Scope="CLOUDFRONT",
        DefaultAction={"Allow": {}},
        VisibilityConfig=VISIBILITY,
    )["Summary"]["ARN"]
    base = _distribution_config("hardened")
    base["Origins"]["Items"][0]["CustomOriginConfig"]["OriginProtocolPolicy"] = "https-only"
    base["DefaultCacheBehavior"]["ViewerProtocolPolicy"] = "redirect-to-https"
    hardened = cloudfront.create_distribution(
        DistributionConfig=base
        | {
            "Aliases": {"Quantity": 1, "Items": ["www.example.com"]},
            "ViewerCertificate": {
                # moto assumes the default certificate unless told otherwise.
                "CloudFrontDefaultCertificate": False,
                "ACMCertificateArn": certificate,
                "SSLSupportMethod": "sni-only",
                "MinimumProtocolVersion": "TLSv1.2_2021",
            },
            "WebACLId": edge_acl,
            "DefaultRootObject": "index.html",
        }
    )
    seed_waf_rules()
    return {
        "legacy": legacy["Distribution"]["Id"],
        "hardened": hardened["Distribution"]["Id"],
        "edge_acl": edge_acl,
    }


def seed_waf_rules() -> None:
    """A regional web ACL with a rule that logs (moto lists no CLOUDFRONT-scope logging
    configuration: it looks for ``:global:`` in ARNs that have ``:global/``), a regional rule
    group with one rule whose metrics are off, and AWS WAF Classic (emulated): a global web
    ACL with a rule that logs, a rule without conditions, a regional empty web ACL and rule
    group.
    """
    waf = raw_client("wafv2")
    logged = waf.create_web_acl(
        Name="logged-acl",
        Scope="REGIONAL",
        DefaultAction={"Allow": {}},
        VisibilityConfig=VISIBILITY,
        Rules=[
            {
                "Name": "block-kp",
                "Priority": 1,
                "Statement": {"GeoMatchStatement": {"CountryCodes": ["KP"]}},
                "Action": {"Block": {}},
                "VisibilityConfig": VISIBILITY,
            }
        ],
    )["Summary"]["ARN"]
    waf.put_logging_configuration(
        LoggingConfiguration={
            "ResourceArn": logged,
            "LogDestinationConfigs": [
                f"arn:aws:logs:us-east-1:{ACCOUNT}:log-group:aws-waf-logs-shop"
            ],
        }
    )
    quiet = {**VISIBILITY, "CloudWatchMetricsEnabled": False}
    waf.create_rule_group(
        Name="bots",
        Scope="REGIONAL",
        Capacity=10,
        VisibilityConfig={**VISIBILITY, "CloudWatchMetricsEnabled": True},
        Rules=[
            {
                "Name": "block-kp",
                "Priority": 1,
                "Statement": {"GeoMatchStatement": {"CountryCodes": ["KP"]}},
                "Action": {"Block": {}},
                "VisibilityConfig": quiet,
            }
        ],
    )
    seed_waf_classic(
        "waf",
        web_acls={"edge-classic": ["r-ip"]},
        rules={"r-ip": [("IPMatch", "ipset-1")], "r-empty": []},
        rule_groups={"g-classic": ["r-ip"]},
        logging={"edge-classic": "aws-waf-logs-classic"},
    )
    seed_waf_classic(
        "waf-regional",
        "us-east-1",
        web_acls={"alb-classic": []},
        rules={"r-geo": [("GeoMatch", "geo-1")]},
        rule_groups={"g-empty": []},
    )


# --- helpers ---------------------------------------------------------------------------------


def of_type(snapshot: Snapshot, kind: type[R]) -> dict[str, R]:
    found = list(snapshot.of_type(kind))
    by_name = {r.name: r for r in found}
    assert len(by_name) == len(found), f"duplicate {kind.__name__} names"
    return by_name


def verdicts(snapshot: Snapshot, check_id: str) -> dict[str, Verdict]:
    """The check's verdict per resource name (inventory-level findings keyed by their name)."""
    assessment = evaluate(snapshot, [all_checks()[check_id]])
    return {f.resource_name: f.verdict for f in assessment.findings}


def fail_operation(session: AwsSession, service: str, operation: str, region: str) -> None:
    """Make ``operation`` answer AccessDenied on the session's (cached) client."""
    client = session.client(service, region)

    def deny(**_: Any) -> tuple[AWSResponse, dict[str, Any]]:
        body = {"Error": {"Code": "AccessDeniedException", "Message": "denied by test"}}
        http = AWSResponse("https://denied", 403, {}, MockRawResponse(json.dumps(body)))
        return http, {**body, "ResponseMetadata": {"HTTPStatusCode": 403}}

    client.meta.events.register(f"before-call.{service}.{operation}", deny)


# --- collectors ------------------------------------------------------------------------------


def test_acm_certificates_from_the_bulk_listing(session: AwsSession) -> None:
    seeded = seed_load_balancers(with_web_acl=False)
    pending = raw_client("acm").request_certificate(
        DomainName="new.example.com", ValidationMethod="DNS"
    )["CertificateArn"]
    raw_client("acm", "eu-west-1").request_certificate(
        DomainName="eu.example.com", ValidationMethod="DNS"
    )

    snapshot = collect(session, services=["acm"])

    assert snapshot.gaps == ()
    certificates = {c.arn: c for c in snapshot.of_type(Certificate)}
    expiring = certificates[seeded["expiring"]]
    assert (expiring.name, expiring.domain_name) == ("shop.example.com", "shop.example.com")
    assert (expiring.status, expiring.cert_type, expiring.key_algorithm) == (
        "ISSUED",
        "IMPORTED",
        "RSA_2048",
    )
    assert expiring.attached is True  # the HTTPS listener presents it
    assert expiring.not_after is not None
    assert 9 <= (expiring.not_after - datetime.now(UTC)).days <= 10
    assert certificates[pending].status == "PENDING_VALIDATION"
    assert {c.region for c in certificates.values()} == {"us-east-1", "eu-west-1"}
    calls = {(c.service, c.operation): c.count for c in snapshot.api_calls}
    assert calls[("acm", "ListCertificates")] == 2  # one bulk call per region, no describes


def test_elbv2_load_balancers_and_listeners(session: AwsSession) -> None:
    seeded = seed_load_balancers(with_web_acl=False)

    snapshot = collect(session, services=["elbv2"])

    assert snapshot.gaps == ()
    balancers = of_type(snapshot, LoadBalancer)
    assert set(balancers) == {"shop-public", "shop-internal", "shop-nlb"}
    public = balancers["shop-public"]
    assert public.arn == seeded["public"]
    assert (public.lb_type, public.scheme, public.region) == (
        "application",
        "internet-facing",
        "us-east-1",
    )
    assert len(public.subnet_ids) == 2 and public.vpc_id
    assert balancers["shop-nlb"].lb_type == "network"
    assert balancers["shop-internal"].scheme == "internal"

    listeners = of_type(snapshot, Listener)
    assert set(listeners) == {
        "shop-public:80/HTTP",
        "shop-public:8080/HTTP",
        "shop-public:443/HTTPS",
        "shop-internal:443/HTTPS",
        "shop-nlb:443/TLS",
        "shop-nlb:22/TCP",
    }
    https = listeners["shop-public:443/HTTPS"]
    assert https.load_balancer_arn == public.arn
    assert (https.ssl_policy, https.certificate_arns) == (
        "ELBSecurityPolicy-2016-08",
        (seeded["expiring"],),
    )
    assert https.default_actions == (ListenerAction(type="forward"),)
    redirect = listeners["shop-public:8080/HTTP"]
    assert redirect.default_actions == (ListenerAction(type="redirect", redirect_protocol="HTTPS"),)
    assert (redirect.lb_type, redirect.scheme) == ("application", "internet-facing")
    assert not https.in_use() and public.in_use()


def test_wafv2_associations_are_a_gap_on_moto(session: AwsSession) -> None:
    seeded = seed_load_balancers(with_web_acl=True)
    seed_distributions()

    snapshot = collect(session, services=["wafv2"])

    acls = of_type(snapshot, WebAcl)
    assert set(acls) == {"shop-acl", "edge-acl", "logged-acl"}
    regional, edge = acls["shop-acl"], acls["edge-acl"]
    assert (regional.arn, regional.scope, regional.region) == (
        seeded["web_acl"],
        "REGIONAL",
        "us-east-1",
    )
    # moto lacks ListResourcesForWebACL: not read, which is not "protects nothing".
    assert regional.associated_alb_arns is None
    assert {(g.action, g.error_code, g.resource_arn) for g in snapshot.gaps} == {
        ("wafv2:ListResourcesForWebACL", "NotImplemented", acl.arn)
        for acl in (regional, acls["logged-acl"])
    }
    # CloudFront web ACLs are listed once, from us-east-1; associations live on distributions.
    assert (edge.scope, edge.region, edge.associated_alb_arns) == ("CLOUDFRONT", "us-east-1", None)


def test_cloudfront_distributions_from_the_listing(session: AwsSession) -> None:
    seeded = seed_distributions()

    snapshot = collect(session, services=["cloudfront"])

    assert snapshot.gaps == ()
    distributions = {d.distribution_id: d for d in snapshot.of_type(Distribution)}
    legacy, hardened = distributions[seeded["legacy"]], distributions[seeded["hardened"]]
    assert legacy.region == GLOBAL
    assert legacy.arn == f"arn:aws:cloudfront::{ACCOUNT}:distribution/{seeded['legacy']}"
    assert legacy.origins == (
        Origin(
            origin_id="web",
            domain_name="shop-public.example.com",
            origin_type="custom",
            protocol_policy="http-only",
        ),
        Origin(
            origin_id="assets", domain_name="assets.s3.us-east-1.amazonaws.com", origin_type="s3"
        ),
    )
    assert legacy.behaviors == (
        CacheBehavior(path_pattern="*", target_origin_id="web", viewer_protocol_policy="allow-all"),
        CacheBehavior(
            path_pattern="/static/*", target_origin_id="assets", viewer_protocol_policy="https-only"
        ),
    )
    assert legacy.viewer_certificate.cloudfront_default is True
    assert legacy.web_acl_id is None
    assert hardened.aliases == ("www.example.com",)
    assert hardened.display_name() == "www.example.com"
    assert hardened.web_acl_id == seeded["edge_acl"]
    certificate = hardened.viewer_certificate
    assert not certificate.cloudfront_default
    assert certificate.acm_certificate_arn and certificate.acm_certificate_arn.startswith(
        "arn:aws:acm:"
    )
    assert certificate.minimum_protocol_version == "TLSv1.2_2021"
    # GetDistributionConfig: the default root object ("" when none).
    assert (legacy.default_root_object, hardened.default_root_object) == ("", "index.html")
    # moto answers an S3 origin without S3OriginConfig or OriginAccessControlId, which is
    # what an origin read anonymously looks like (the fixtures cover OAC and OAI).
    assert legacy.origins[1].origin_access_control_id is None


def test_apigateway_apis_methods_and_stages(session: AwsSession) -> None:
    seeded = seed_rest_api()

    snapshot = collect(session, services=["apigateway"])

    assert snapshot.gaps == ()
    apis = of_type(snapshot, RestApi)
    notes = apis["notes"]
    assert notes.arn == f"arn:aws:apigateway:us-east-1::/restapis/{seeded['api_id']}"
    assert notes.endpoint_types == ("REGIONAL",)
    assert notes.methods is not None
    assert set(notes.methods) == {
        ApiMethod(path="/", http_method="GET", authorization_type="NONE", api_key_required=True),
        ApiMethod(path="/notes", http_method="GET", authorization_type="NONE"),
        ApiMethod(path="/notes", http_method="POST", authorization_type="AWS_IAM"),
        ApiMethod(path="/notes", http_method="OPTIONS", authorization_type="NONE"),
    }
    assert apis["internal"].endpoint_types == ("PRIVATE",)
    assert apis["internal"].methods == ()

    stages = of_type(snapshot, ApiStage)
    assert set(stages) == {"notes/prod", "notes/dev"}
    prod, dev = stages["notes/prod"], stages["notes/dev"]
    assert prod.arn == f"{notes.arn}/stages/prod"
    assert (prod.execution_logging, prod.web_acl_arn) == ("ERROR", seeded["web_acl"])
    assert (prod.tracing_enabled, prod.cache_cluster_enabled) == (True, True)
    assert prod.method_caching == {"*/*": True}
    assert (dev.tracing_enabled, dev.method_caching, dev.client_certificate_id) == (False, {}, None)
    assert prod.access_log_destination == (
        f"arn:aws:logs:us-east-1:{ACCOUNT}:log-group:notes-access"
    )
    assert (dev.execution_logging, dev.access_log_destination, dev.web_acl_arn) == (
        "OFF",
        None,
        None,
    )
    assert prod.endpoint_types == ("REGIONAL",) and not prod.in_use()


def test_acm_asks_for_every_key_type(session: AwsSession) -> None:
    """ListCertificates returns only RSA_1024 and RSA_2048 certificates unless asked."""
    sent: list[dict[str, Any]] = []
    session.client("acm", "us-east-1").meta.events.register(
        "provide-client-params.acm.ListCertificates", lambda params, **_: sent.append(params)
    )

    collect(session, services=["acm"])

    (params,) = sent
    assert {"EC_prime256v1", "EC_secp384r1", "RSA_4096"} <= set(params["Includes"]["keyTypes"])


ARN_SHAPES = {
    "acm.certificate": r"arn:aws:acm:(us-east-1|eu-west-1):123456789012:certificate/[0-9a-f-]+",
    "elasticloadbalancing.load-balancer": (
        r"arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/(app|net)/[\w-]+/\w+"
    ),
    "elasticloadbalancing.listener": (
        r"arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/(app|net)/[\w-]+/\w+/\w+"
    ),
    "elasticloadbalancing.target-group": (
        r"arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/[\w-]+/\w+"
    ),
    "wafv2.web-acl": r"arn:aws:wafv2:us-east-1:123456789012:(regional|global)/webacl/[\w-]+/[\w-]+",
    "wafv2.rule-group": r"arn:aws:wafv2:us-east-1:123456789012:regional/rulegroup/[\w-]+/[\w-]+",
    "waf.web-acl": r"arn:aws:waf::123456789012:webacl/[\w-]+",
    "waf.rule": r"arn:aws:waf::123456789012:rule/[\w-]+",
    "waf.rule-group": r"arn:aws:waf::123456789012:rulegroup/[\w-]+",
    "waf-regional.web-acl": r"arn:aws:waf-regional:us-east-1:123456789012:webacl/[\w-]+",
    "waf-regional.rule": r"arn:aws:waf-regional:us-east-1:123456789012:rule/[\w-]+",
    "waf-regional.rule-group": r"arn:aws:waf-regional:us-east-1:123456789012:rulegroup/[\w-]+",
    "cloudfront.distribution": r"arn:aws:cloudfront::123456789012:distribution/[A-Z0-9]+",
    "apigateway.rest-api": r"arn:aws:apigateway:us-east-1::/restapis/\w+",
    "apigateway.stage": r"arn:aws:apigateway:us-east-1::/restapis/\w+/stages/\w+",
    "apigateway.v2-api": r"arn:aws:apigateway:us-east-1::/apis/\w+",
    "apigateway.v2-stage": r"arn:aws:apigateway:us-east-1::/apis/\w+/stages/\w+",
}


def test_front_door_arns_regions_and_accounts(session: AwsSession) -> None:
    seed_load_balancers(with_web_acl=True)
    seed_rest_api()
    seed_distributions()

    snapshot = collect(session, services=SERVICES)

    def kind(resource: Resource) -> str:
        return str(type(resource).model_fields["kind"].default)

    assert {kind(r) for r in snapshot.resources} == set(ARN_SHAPES)
    for resource in snapshot.resources:
        assert re.fullmatch(ARN_SHAPES[kind(resource)], resource.arn), resource.arn
        assert resource.account_id == ACCOUNT
        global_kind = resource.kind == "cloudfront.distribution" or resource.kind.startswith("waf.")
        expected = GLOBAL if global_kind else "us-east-1"
        assert resource.region == expected, resource.arn


def test_waf_rules_logging_rule_groups_and_classic(session: AwsSession) -> None:
    seeded = seed_distributions()

    snapshot = collect(session, services=["wafv2", "waf", "waf-regional"])

    # moto lacks ListResourcesForWebACL (see test_wafv2_associations_are_a_gap_on_moto).
    assert {g.action for g in snapshot.gaps} == {"wafv2:ListResourcesForWebACL"}
    acls = of_type(snapshot, WebAcl)
    edge, logged = acls["edge-acl"], acls["logged-acl"]
    assert (edge.arn, edge.rule_names, edge.logging_destinations) == (seeded["edge_acl"], (), ())
    assert logged.rule_names == ("block-kp",)
    assert logged.logging_destinations == (
        f"arn:aws:logs:us-east-1:{ACCOUNT}:log-group:aws-waf-logs-shop",
    )
    bots = of_type(snapshot, RuleGroup)["bots"]
    assert (bots.scope, bots.metrics_enabled, bots.rules_without_metrics) == (
        "REGIONAL",
        True,
        ("block-kp",),
    )
    classic = of_type(snapshot, GlobalClassicWebAcl)["edge-classic"]
    assert (classic.region, classic.rule_ids) == (GLOBAL, ("r-ip",))
    assert classic.logging_destinations == (
        f"arn:aws:firehose:us-east-1:{ACCOUNT}:deliverystream/aws-waf-logs-classic",
    )
    found = {
        (f.check_id, f.resource_name): f.verdict
        for f in evaluate(snapshot, select_checks(services=["wafv2"])).findings
    }
    assert found == {
        ("wafv2.web-acl-not-empty", "edge-acl"): Verdict.FAIL,
        ("wafv2.web-acl-logging", "edge-acl"): Verdict.FAIL,
        ("wafv2.web-acl-not-empty", "logged-acl"): Verdict.PASS,
        ("wafv2.web-acl-logging", "logged-acl"): Verdict.PASS,
        ("wafv2.rule-group-metrics", "bots"): Verdict.FAIL,
        ("wafv2.classic-global-web-acl-not-empty", "edge-classic"): Verdict.PASS,
        ("wafv2.classic-global-web-acl-logging", "edge-classic"): Verdict.PASS,
        ("wafv2.classic-global-rule-conditions", "r-ip"): Verdict.PASS,
        ("wafv2.classic-global-rule-conditions", "r-empty"): Verdict.FAIL,
        ("wafv2.classic-global-rule-group-not-empty", "g-classic"): Verdict.PASS,
        ("wafv2.classic-regional-web-acl-not-empty", "alb-classic"): Verdict.FAIL,
        ("wafv2.classic-regional-rule-conditions", "r-geo"): Verdict.PASS,
        ("wafv2.classic-regional-rule-group-not-empty", "g-empty"): Verdict.FAIL,
    }


def test_waf_classic_refused_reads_are_gaps_and_unknown(session: AwsSession) -> None:
    """moto has no AWS WAF Classic (the tests emulate its reads): a refused read is a gap
    on the resource, and the checks that need it say unknown, never pass."""
    seed_waf_classic("waf", web_acls={"edge-classic": ["r-ip"]}, rules={"r-ip": []})
    fail_operation(session, "waf", "GetWebACL", "us-east-1")
    fail_operation(session, "waf", "ListLoggingConfigurations", "us-east-1")

    snapshot = collect(session, services=["waf"])

    acl = of_type(snapshot, GlobalClassicWebAcl)["edge-classic"]
    assert (acl.rule_ids, acl.logging_destinations) == (None, None)
    assert {(g.action, g.resource_arn) for g in snapshot.gaps} == {
        ("waf:GetWebACL", acl.arn),
        ("waf:ListLoggingConfigurations", None),
    }
    assert verdicts(snapshot, "wafv2.classic-global-web-acl-not-empty") == {
        "edge-classic": Verdict.UNKNOWN
    }
    assert verdicts(snapshot, "wafv2.classic-global-web-acl-logging") == {
        "edge-classic": Verdict.UNKNOWN
    }
    assert verdicts(snapshot, "wafv2.classic-global-rule-conditions") == {"r-ip": Verdict.FAIL}


def test_http_and_websocket_apis_routes_and_stages(session: AwsSession) -> None:
    seeded = seed_http_apis()

    snapshot = collect(session, services=["apigatewayv2"])

    assert snapshot.gaps == ()
    apis = of_type(snapshot, HttpApi)
    orders, chat = apis["orders"], apis["chat"]
    assert orders.arn == f"arn:aws:apigateway:us-east-1::/apis/{seeded['http']}"
    assert (orders.protocol_type, chat.protocol_type) == ("HTTP", "WEBSOCKET")
    assert orders.routes == (
        ApiRoute(route_key="GET /orders", authorization_type="JWT"),
        ApiRoute(route_key="$default", authorization_type="NONE"),
    )
    stages = of_type(snapshot, HttpApiStage)
    assert stages["orders/prod"].access_log_destination == (
        f"arn:aws:logs:us-east-1:{ACCOUNT}:log-group:orders-access"
    )
    assert stages["chat/live"].access_log_destination is None
    assert verdicts(snapshot, "apigateway.route-authorization") == {
        "orders": Verdict.FAIL,
        "chat": Verdict.FAIL,
    }
    assert verdicts(snapshot, "apigateway.v2-stage-access-logging") == {
        "orders/prod": Verdict.PASS,
        "chat/live": Verdict.FAIL,
    }


# --- checks on what moto gives ---------------------------------------------------------------


def test_front_door_verdicts_on_moto(session: AwsSession) -> None:
    seed_load_balancers(with_web_acl=False)
    seed_rest_api()
    seeded = seed_distributions()

    snapshot = collect(session, services=SERVICES)

    assert verdicts(snapshot, "acm.certificate-not-expiring") == {
        "shop.example.com": Verdict.FAIL,
        "api.example.com": Verdict.PASS,
        "www.example.com": Verdict.PASS,
    }
    assert verdicts(snapshot, "elasticloadbalancing.listener-https") == {
        "shop-public:80/HTTP": Verdict.FAIL,
        "shop-public:8080/HTTP": Verdict.PASS,
        "shop-public:443/HTTPS": Verdict.PASS,
        "shop-internal:443/HTTPS": Verdict.PASS,
        "shop-nlb:443/TLS": Verdict.PASS,
        "shop-nlb:22/TCP": Verdict.NOT_APPLICABLE,
    }
    tls = verdicts(snapshot, "elasticloadbalancing.listener-tls-policy")
    assert tls["shop-public:443/HTTPS"] is Verdict.FAIL
    assert tls["shop-nlb:443/TLS"] is Verdict.FAIL
    assert tls["shop-internal:443/HTTPS"] is Verdict.PASS
    assert tls["shop-public:80/HTTP"] is Verdict.NOT_APPLICABLE  # moto reports a policy there
    # Only the API's web ACL is in us-east-1, and moto cannot list what it protects.
    assert verdicts(snapshot, "elasticloadbalancing.alb-waf") == {
        "shop-public": Verdict.UNKNOWN,
        "shop-internal": Verdict.NOT_APPLICABLE,
        "shop-nlb": Verdict.NOT_APPLICABLE,
    }
    legacy, hardened = seeded["legacy"], "www.example.com"
    for check_id in (
        "cloudfront.viewer-https",
        "cloudfront.minimum-tls",
        "cloudfront.origin-https",
        "cloudfront.distribution-waf",
    ):
        assert verdicts(snapshot, check_id) == {legacy: Verdict.FAIL, hardened: Verdict.PASS}
    assert verdicts(snapshot, "apigateway.method-authorization") == {
        "notes": Verdict.FAIL,
        "internal": Verdict.NOT_APPLICABLE,
    }
    assert verdicts(snapshot, "apigateway.stage-logging") == {
        "notes/prod": Verdict.PASS,
        "notes/dev": Verdict.FAIL,
    }
    assert verdicts(snapshot, "apigateway.stage-waf") == {
        "notes/prod": Verdict.PASS,
        "notes/dev": Verdict.FAIL,
    }


def test_alb_waf_is_unknown_never_pass_when_associations_cannot_be_listed(
    session: AwsSession,
) -> None:
    seeded = seed_load_balancers(with_web_acl=True)
    # moto itself knows the association ...
    assert raw_client("wafv2").get_web_acl_for_resource(ResourceArn=seeded["public"])["WebACL"]

    snapshot = collect(session, services=["elbv2", "wafv2"])

    # ... but incloud reads associations with ListResourcesForWebACL, which moto lacks.
    assessment = evaluate(snapshot, [all_checks()["elasticloadbalancing.alb-waf"]])
    (finding,) = [f for f in assessment.findings if f.resource == seeded["public"]]
    assert finding.verdict is Verdict.UNKNOWN
    assert "shop-acl" in finding.reason


def test_alb_waf_fails_where_the_region_has_no_web_acl(session: AwsSession) -> None:
    seeded = seed_load_balancers(with_web_acl=False)

    snapshot = collect(session, services=["elbv2", "wafv2"])

    assert snapshot.gaps == ()  # no web ACL, so nothing to list resources for
    assert verdicts(snapshot, "elasticloadbalancing.alb-waf")["shop-public"] is Verdict.FAIL
    assert seeded["public"] in snapshot.by_arn


# --- failures --------------------------------------------------------------------------------


def test_denied_get_resources_makes_method_authorization_unknown(session: AwsSession) -> None:
    seeded = seed_rest_api()
    fail_operation(session, "apigateway", "GetResources", "us-east-1")

    snapshot = collect(session, services=["apigateway"])

    notes = of_type(snapshot, RestApi)["notes"]
    assert notes.methods is None
    gaps = [g for g in snapshot.gaps if g.action == "apigateway:GetResources"]
    assert {g.resource_arn for g in gaps} == {
        notes.arn,
        f"arn:aws:apigateway:us-east-1::/restapis/{seeded['private_id']}",
    }
    assert all(g.error_code == "AccessDeniedException" for g in gaps)
    assert verdicts(snapshot, "apigateway.method-authorization")["notes"] is Verdict.UNKNOWN
    # Stages were still read.
    assert set(of_type(snapshot, ApiStage)) == {"notes/prod", "notes/dev"}


def test_denied_get_stages_leaves_the_stage_inventory_incomplete(session: AwsSession) -> None:
    seed_rest_api()
    fail_operation(session, "apigateway", "GetStages", "us-east-1")

    snapshot = collect(session, services=["apigateway"])

    assert list(snapshot.of_type(ApiStage)) == []
    for check_id in ("apigateway.stage-logging", "apigateway.stage-waf"):
        assessment = evaluate(snapshot, [all_checks()[check_id]])
        (finding,) = [f for f in assessment.findings if f.region == "us-east-1"]
        assert finding.verdict is Verdict.UNKNOWN
        assert "inventory incomplete" in finding.reason


def test_denied_listeners_leave_the_listener_inventory_incomplete(session: AwsSession) -> None:
    seed_load_balancers(with_web_acl=False)
    fail_operation(session, "elbv2", "DescribeListeners", "us-east-1")

    snapshot = collect(session, services=["elbv2"])

    assert list(snapshot.of_type(Listener)) == []
    assert len(list(snapshot.of_type(LoadBalancer))) == 3
    assessment = evaluate(snapshot, [all_checks()["elasticloadbalancing.listener-https"]])
    assert [f.verdict for f in assessment.findings] == [Verdict.UNKNOWN]


def test_denied_web_acl_listing_makes_alb_waf_unknown(session: AwsSession) -> None:
    seed_load_balancers(with_web_acl=False)
    fail_operation(session, "wafv2", "ListWebACLs", "us-east-1")

    snapshot = collect(session, services=["elbv2", "wafv2"])

    assert verdicts(snapshot, "elasticloadbalancing.alb-waf")["shop-public"] is Verdict.UNKNOWN


def test_denied_distribution_listing_is_an_unknown_inventory(session: AwsSession) -> None:
    seed_distributions()
    fail_operation(session, "cloudfront", "ListDistributions", "us-east-1")

    snapshot = collect(session, services=["cloudfront"])

    assert list(snapshot.of_type(Distribution)) == []
    (gap,) = snapshot.gaps
    assert (gap.action, gap.region) == ("cloudfront:ListDistributions", GLOBAL)
    for check_id in MY_CHECKS:
        if check_id.startswith("cloudfront."):
            assert set(verdicts(snapshot, check_id).values()) == {Verdict.UNKNOWN}


# --- declarations ----------------------------------------------------------------------------


def test_front_door_collectors_call_exactly_what_they_declare(session: AwsSession) -> None:
    """``seed_everything`` in moto_account.py does not reach these collectors' per-resource
    operations, so the repository-wide declaration test is repeated here for them.
    """
    seed_load_balancers(with_web_acl=True)
    seed_rest_api()
    seed_distributions()

    snapshot = collect(session, services=SERVICES)

    called = {f"{c.service}:{c.operation}" for c in snapshot.api_calls}
    declared = {op for s in SERVICES for op in all_collectors()[s].operations}
    session_calls = {"sts:GetCallerIdentity", "ec2:DescribeRegions"}
    assert called - session_calls == declared


def test_front_door_permissions_are_iam_actions() -> None:
    permissions = set(required_permissions())
    assert {
        "elasticloadbalancing:DescribeLoadBalancers",
        "elasticloadbalancing:DescribeListeners",
        "apigateway:GET",
        "acm:ListCertificates",
        "cloudfront:ListDistributions",
        "wafv2:ListWebACLs",
        "wafv2:ListResourcesForWebACL",
    } <= permissions
    assert not any(p.startswith("elbv2:") for p in permissions)
    assert not {"apigateway:GetRestApis", "apigateway:GetStages"} & permissions
    assert IAM_ACTION_FOR_OPERATION["apigateway:GetResources"] == "apigateway:GET"


@pytest.mark.parametrize("check_id", MY_CHECKS)
def test_front_door_checks_are_linked_to_a_duty(check_id: str) -> None:
    from incloud.responsibility.catalogue import duties

    assert any(check_id in duty.checks for duty in duties().values())
