"""The demo account's front doors: certificates, load balancers, a CDN, APIs and their WAF.

Deliberate misconfigurations: the incloud check each should fail, then the Security Hub
control(s) it corresponds to; "(no check yet)" marks findings no incloud check covers today.

ACM
  - ``shop.northwind-notes.example``: an imported certificate 12 days from expiry, presented by
    ``northwind-web``'s HTTPS listener -> acm.certificate-not-expiring; ACM.1
  Fine: ``api.northwind-notes.example`` and ``www.northwind-notes.example`` (months left);
  ``app.northwind-notes.example`` is still pending validation (not applicable). moto refuses to
  import a certificate that has already expired, so the demo has none.
Elastic Load Balancing
  - ``northwind-web`` (internet-facing ALB): HTTP listener on port 80 forwarding in clear
    text -> elasticloadbalancing.listener-https (ELB.1); HTTPS listener on
    ``ELBSecurityPolicy-2016-08``, which allows TLS 1.0 and 1.1 ->
    elasticloadbalancing.listener-tls-policy (ELB.17); no WAF web ACL ->
    elasticloadbalancing.alb-waf (ELB.16); no access logs (ELB.5), (no check yet)
  Fine: ``northwind-internal-api`` (internal ALB: HTTP redirects to HTTPS, TLS 1.2+ policy).
CloudFront
  - ``northwind-legacy-site`` (the distribution without an alias): viewers allowed on HTTP
    -> cloudfront.viewer-https (CloudFront.3); the default ``*.cloudfront.net`` certificate,
    so TLSv1 -> cloudfront.minimum-tls; an ``http-only`` custom origin ->
    cloudfront.origin-https (CloudFront.9); no WAF -> cloudfront.distribution-waf
    (CloudFront.6); no standard logging -> cloudfront.access-logging (CloudFront.5); no
    default root object -> cloudfront.default-root-object (CloudFront.1); the default
    certificate -> cloudfront.custom-certificate (CloudFront.7)
  Fine: ``www.northwind-notes.example`` (HTTPS only, ACM certificate with TLSv1.2_2021, an
  ``https-only`` origin and an S3 origin, a CLOUDFRONT-scope web ACL, standard logging to the
  log bucket, ``index.html`` as its default root object).
API Gateway
  - ``northwind-public-api``: ``GET /notes`` with no authorization and no API key ->
    apigateway.method-authorization; stage ``prod`` without access or execution logs ->
    apigateway.stage-logging (APIGateway.1), and without WAF -> apigateway.stage-waf
    (APIGateway.4)
  Fine: ``northwind-eu-api`` (eu-west-1: IAM authorization, stage ``prod`` with access logs,
  ERROR execution logs and a regional web ACL).
  - ``northwind-chat-api`` (HTTP API): its ``$default`` route takes no authorization ->
    apigateway.route-authorization (APIGateway.8); stage ``$default`` writes no access
    logs -> apigateway.v2-stage-access-logging (APIGateway.9)
AWS WAF
  - ``northwind-edge`` (CLOUDFRONT scope) does not log -> wafv2.web-acl-logging (WAF.11)
  Fine: ``northwind-eu-api`` (a managed-style rule, logging to CloudWatch Logs).

moto facts: moto has no ``wafv2:ListResourcesForWebACL``, so any regional web ACL's ALB
associations are a gap. The only regional web ACL is in eu-west-1 (where no ALB runs), so
``northwind-web`` in us-east-1 is judged (fail) rather than unknown; the eu-west-1 gap shows
in the coverage report. moto assumes ``CloudFrontDefaultCertificate`` unless it is set to
false, and its ``ListCertificates`` does not count CloudFront as a certificate user.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from ._common import ACCOUNT_ID, EU_REGION, LOG_BUCKET, _Seeder

DOMAIN = "northwind-notes.example"

_VISIBILITY = {
    "SampledRequestsEnabled": True,
    "CloudWatchMetricsEnabled": True,
    "MetricName": "northwind",
}
_FORWARD_NOTHING = {"QueryString": False, "Cookies": {"Forward": "none"}}
_BLOCK_FLOODS = {
    "Name": "rate-limit",
    "Priority": 1,
    "Statement": {"RateBasedStatement": {"Limit": 2000, "AggregateKeyType": "IP"}},
    "Action": {"Block": {}},
    "VisibilityConfig": _VISIBILITY,
}


def seed_front_doors(s: _Seeder) -> None:
    """Create the certificates, two ALBs, a Classic Load Balancer, two distributions and two
    REST APIs.
    """
    certificates = {
        name: _import_certificate(s, f"{name}.{DOMAIN}", days_left=days)
        for name, days in (("shop", 12), ("api", 300), ("www", 200))
    }
    s("acm").request_certificate(DomainName=f"app.{DOMAIN}", ValidationMethod="DNS")
    web_dns = _seed_load_balancers(s, certificates)
    _seed_classic_load_balancer(s)
    _seed_distributions(s, web_dns, certificates["www"])
    _seed_public_api(s)
    _seed_eu_api(s)
    _seed_chat_api(s)


# --- ACM -----------------------------------------------------------------------------------


def self_signed_certificate(
    domain: str, *, days_left: int, issued_days_ago: int = 60
) -> tuple[bytes, bytes]:
    """A self-signed certificate for ``domain`` and its private key (both PEM), valid from
    ``issued_days_ago`` days ago until ``days_left`` days from now.
    """
    # cryptography comes with moto (the demo extra); it is not a core dependency.
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.x509.oid import NameOID

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, domain)])
    now = datetime.now(UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=issued_days_ago))
        .not_valid_after(now + timedelta(days=days_left))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName(domain)]), critical=False)
        .sign(key, hashes.SHA256())
    )
    private = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.TraditionalOpenSSL,
        serialization.NoEncryption(),
    )
    return certificate.public_bytes(serialization.Encoding.PEM), private


def _import_certificate(s: _Seeder, domain: str, *, days_left: int) -> str:
    """Import a self-signed certificate for ``domain`` ending ``days_left`` days from now."""
    certificate, private = self_signed_certificate(domain, days_left=days_left)
    answer = s("acm").import_certificate(
        Certificate=certificate,
        PrivateKey=private,
        Tags=[{"Key": "company", "Value": "northwind-notes"}],
    )
    return str(answer["CertificateArn"])


# --- Elastic Load Balancing ----------------------------------------------------------------


def _seed_load_balancers(s: _Seeder, certificates: dict[str, str]) -> str:
    """Create the public and the internal ALB with their listeners; return the public DNS."""
    elb = s("elbv2")
    vpc = s("ec2").describe_subnets(SubnetIds=s.public_subnets[:1])["Subnets"][0]["VpcId"]
    group = elb.create_target_group(Name="northwind-web", Protocol="HTTP", Port=80, VpcId=vpc)
    forward = [{"Type": "forward", "TargetGroupArn": group["TargetGroups"][0]["TargetGroupArn"]}]
    web = elb.create_load_balancer(
        Name="northwind-web",
        Subnets=s.public_subnets,
        SecurityGroups=[s.sg["web-sg"]],
        Scheme="internet-facing",
        Type="application",
    )["LoadBalancers"][0]
    elb.create_listener(
        LoadBalancerArn=web["LoadBalancerArn"], Protocol="HTTP", Port=80, DefaultActions=forward
    )
    elb.create_listener(
        LoadBalancerArn=web["LoadBalancerArn"],
        Protocol="HTTPS",
        Port=443,
        SslPolicy="ELBSecurityPolicy-2016-08",  # the CLI's default: TLS 1.0 and 1.1 allowed
        Certificates=[{"CertificateArn": certificates["shop"]}],
        DefaultActions=forward,
    )
    # HTTP hygiene left at its weakest on the public ALB (set explicitly: moto reports these
    # attributes only once set).
    elb.modify_load_balancer_attributes(
        LoadBalancerArn=web["LoadBalancerArn"],
        Attributes=[
            {"Key": "routing.http.drop_invalid_header_fields.enabled", "Value": "false"},
            {"Key": "routing.http.desync_mitigation_mode", "Value": "monitor"},
        ],
    )
    internal = elb.create_load_balancer(
        Name="northwind-internal-api",
        Subnets=s.private_subnets,
        SecurityGroups=[s.sg["app-sg"]],
        Scheme="internal",
        Type="application",
    )["LoadBalancers"][0]["LoadBalancerArn"]
    elb.modify_load_balancer_attributes(
        LoadBalancerArn=internal,
        Attributes=[
            {"Key": "routing.http.drop_invalid_header_fields.enabled", "Value": "true"},
            {"Key": "routing.http.desync_mitigation_mode", "Value": "strictest"},
            {"Key": "deletion_protection.enabled", "Value": "true"},
        ],
    )
    redirect = {"Protocol": "HTTPS", "Port": "443", "StatusCode": "HTTP_301"}
    elb.create_listener(
        LoadBalancerArn=internal,
        Protocol="HTTP",
        Port=80,
        DefaultActions=[{"Type": "redirect", "RedirectConfig": redirect}],
    )
    elb.create_listener(
        LoadBalancerArn=internal,
        Protocol="HTTPS",
        Port=443,
        SslPolicy="ELBSecurityPolicy-TLS13-1-2-2021-06",
        Certificates=[{"CertificateArn": certificates["api"]}],
        DefaultActions=forward,
    )
    return str(web["DNSName"])


def _seed_classic_load_balancer(s: _Seeder) -> None:
    """A Classic Load Balancer left from before the ALBs: plain HTTP, no access logs, no
    connection draining, desync mitigation in monitor mode, one zone's subnet only; nothing
    registered with it any more.
    """
    s("elb").create_load_balancer(
        LoadBalancerName="northwind-legacy",
        Listeners=[
            {
                "Protocol": "HTTP",
                "LoadBalancerPort": 80,
                "InstanceProtocol": "HTTP",
                "InstancePort": 8080,
            }
        ],
        Subnets=s.public_subnets[:1],
        SecurityGroups=[s.sg["web-sg"]],
        Scheme="internet-facing",
    )
    s("elb").modify_load_balancer_attributes(
        LoadBalancerName="northwind-legacy",
        LoadBalancerAttributes={
            "AdditionalAttributes": [{"Key": "elb.http.desyncmitigationmode", "Value": "monitor"}]
        },
    )


# --- CloudFront ----------------------------------------------------------------------------


def _distribution(reference: str, origin_domain: str, origin_policy: str, viewer: str) -> Any:
    """A distribution config: a custom origin (default behaviour) and an S3 origin for assets."""
    return {
        "CallerReference": reference,
        "Comment": reference,
        "Enabled": True,
        "Origins": {
            "Quantity": 2,
            "Items": [
                {
                    "Id": "web",
                    "DomainName": origin_domain,
                    "CustomOriginConfig": {
                        "HTTPPort": 80,
                        "HTTPSPort": 443,
                        "OriginProtocolPolicy": origin_policy,
                    },
                },
                {
                    "Id": "assets",
                    "DomainName": "northwind-public-assets.s3.us-east-1.amazonaws.com",
                    "S3OriginConfig": {"OriginAccessIdentity": ""},
                },
            ],
        },
        "DefaultCacheBehavior": {
            "TargetOriginId": "web",
            "ViewerProtocolPolicy": viewer,
            "MinTTL": 0,
            "ForwardedValues": _FORWARD_NOTHING,
        },
        "CacheBehaviors": {
            "Quantity": 1,
            "Items": [
                {
                    "PathPattern": "/assets/*",
                    "TargetOriginId": "assets",
                    "ViewerProtocolPolicy": viewer,
                    "MinTTL": 0,
                    "ForwardedValues": _FORWARD_NOTHING,
                }
            ],
        },
    }


def _seed_distributions(s: _Seeder, web_dns: str, certificate: str) -> None:
    """Create the legacy site on the default certificate and the hardened ``www`` site."""
    cloudfront = s("cloudfront")
    cloudfront.create_distribution(
        DistributionConfig=_distribution("northwind-legacy-site", web_dns, "http-only", "allow-all")
    )
    edge_acl = s("wafv2").create_web_acl(
        Name="northwind-edge",
        Scope="CLOUDFRONT",
        DefaultAction={"Allow": {}},
        VisibilityConfig=_VISIBILITY,
        Rules=[_BLOCK_FLOODS],
    )["Summary"]["ARN"]
    hardened = _distribution("northwind-www", f"origin.{DOMAIN}", "https-only", "redirect-to-https")
    hardened |= {
        "Aliases": {"Quantity": 1, "Items": [f"www.{DOMAIN}"]},
        "ViewerCertificate": {
            "CloudFrontDefaultCertificate": False,  # moto assumes True when it is left out
            "ACMCertificateArn": certificate,
            "SSLSupportMethod": "sni-only",
            "MinimumProtocolVersion": "TLSv1.2_2021",
        },
        "WebACLId": edge_acl,
        "DefaultRootObject": "index.html",
        "Logging": {
            "Enabled": True,
            "IncludeCookies": False,
            "Bucket": f"{LOG_BUCKET}.s3.amazonaws.com",
            "Prefix": "cloudfront/",
        },
    }
    cloudfront.create_distribution(DistributionConfig=hardened)


# --- API Gateway ---------------------------------------------------------------------------


def _rest_api(api: Any, name: str, methods: tuple[tuple[str, str], ...]) -> str:
    """Create a regional REST API with ``/notes`` methods (verb, authorization); deploy
    ``prod``; return the API id.
    """
    rest = api.create_rest_api(
        name=name,
        endpointConfiguration={"types": ["REGIONAL"]},
        tags={"company": "northwind-notes"},
    )
    api_id = rest["id"]
    notes = api.create_resource(restApiId=api_id, parentId=rest["rootResourceId"], pathPart="notes")
    for verb, authorization in methods:
        api.put_method(
            restApiId=api_id,
            resourceId=notes["id"],
            httpMethod=verb,
            authorizationType=authorization,
        )
        api.put_integration(restApiId=api_id, resourceId=notes["id"], httpMethod=verb, type="MOCK")
    api.create_deployment(restApiId=api_id, stageName="prod")
    return str(api_id)


def _seed_public_api(s: _Seeder) -> None:
    """An API whose ``GET /notes`` anyone may call; its stage logs nothing and has no WAF."""
    _rest_api(
        s("apigateway"),
        "northwind-public-api",
        (("GET", "NONE"), ("POST", "AWS_IAM"), ("OPTIONS", "NONE")),
    )


def _seed_eu_api(s: _Seeder) -> None:
    """An IAM-authorised API in eu-west-1 with access and execution logs and a web ACL."""
    api = s("apigateway", EU_REGION)
    api_id = _rest_api(api, "northwind-eu-api", (("GET", "AWS_IAM"), ("PUT", "AWS_IAM")))
    log_group = f"arn:aws:logs:{EU_REGION}:{ACCOUNT_ID}:log-group:northwind-eu-api-access"
    api.update_stage(
        restApiId=api_id,
        stageName="prod",
        patchOperations=[
            {"op": "replace", "path": "/*/*/logging/loglevel", "value": "ERROR"},
            {"op": "replace", "path": "/accessLogSettings/destinationArn", "value": log_group},
            {"op": "replace", "path": "/accessLogSettings/format", "value": "$context.requestId"},
        ],
    )
    waf = s("wafv2", EU_REGION)
    acl = waf.create_web_acl(
        Name="northwind-eu-api",
        Scope="REGIONAL",
        DefaultAction={"Allow": {}},
        VisibilityConfig=_VISIBILITY,
        Rules=[_BLOCK_FLOODS],
    )["Summary"]["ARN"]
    waf.put_logging_configuration(
        LoggingConfiguration={
            "ResourceArn": acl,
            "LogDestinationConfigs": [
                f"arn:aws:logs:{EU_REGION}:{ACCOUNT_ID}:log-group:aws-waf-logs-northwind-eu"
            ],
        }
    )
    stage = f"arn:aws:apigateway:{EU_REGION}::/restapis/{api_id}/stages/prod"
    waf.associate_web_acl(WebACLArn=acl, ResourceArn=stage)


def _seed_chat_api(s: _Seeder) -> None:
    """An HTTP API whose ``$default`` route anyone may call; its stage writes no access logs."""
    v2 = s("apigatewayv2")
    api_id = v2.create_api(Name="northwind-chat-api", ProtocolType="HTTP")["ApiId"]
    v2.create_route(ApiId=api_id, RouteKey="$default")
    v2.create_stage(ApiId=api_id, StageName="$default")
