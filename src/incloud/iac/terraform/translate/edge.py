"""Terraform translators: load balancers and listeners, API Gateway REST APIs, WAF
associations and CloudFront distributions.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ...assembly import Declared
from ._registry import each, first, policy, translates


def _lb(v: dict[str, Any], make: Any) -> Iterator[Declared]:
    logs = first(v.get("access_logs"))
    attributes = [
        {"Key": "deletion_protection.enabled", "Value": v.get("enable_deletion_protection")},
        {
            "Key": "routing.http.drop_invalid_header_fields.enabled",
            "Value": v.get("drop_invalid_header_fields"),
        },
        {"Key": "routing.http.desync_mitigation_mode", "Value": v.get("desync_mitigation_mode")},
    ]
    if isinstance(logs, dict):
        attributes += [
            {"Key": "access_logs.s3.enabled", "Value": logs.get("enabled")},
            {"Key": "access_logs.s3.bucket", "Value": logs.get("bucket")},
        ]
    yield make(
        "AWS::ElasticLoadBalancingV2::LoadBalancer",
        {
            "Name": v.get("name"),
            "Type": v.get("load_balancer_type"),
            "Scheme": "internal" if v.get("internal") is True else "internet-facing",
            "SecurityGroups": v.get("security_groups"),
            "Subnets": v.get("subnets"),
            "IpAddressType": v.get("ip_address_type"),
            "LoadBalancerAttributes": [a for a in attributes if a["Value"] is not None],
        },
    )


def _listener(v: dict[str, Any], make: Any) -> Iterator[Declared]:
    actions = [
        {
            "Type": a.get("type"),
            "RedirectConfig": {"Protocol": (first(a.get("redirect")) or {}).get("protocol")},
        }
        for a in each(v.get("default_action"))
        if isinstance(a, dict)
    ]
    yield make(
        "AWS::ElasticLoadBalancingV2::Listener",
        {
            "LoadBalancerArn": v.get("load_balancer_arn"),
            "Protocol": v.get("protocol"),
            "Port": v.get("port"),
            "SslPolicy": v.get("ssl_policy") or None,
            "Certificates": [{"CertificateArn": v.get("certificate_arn")}]
            if v.get("certificate_arn")
            else None,
            "DefaultActions": actions,
        },
    )


for _name in ("aws_lb", "aws_alb"):
    translates(_name)(_lb)
for _name in ("aws_lb_listener", "aws_alb_listener"):
    translates(_name)(_listener)


@translates("aws_api_gateway_rest_api")
def _rest_api(v: dict[str, Any], make: Any) -> Iterator[Declared]:
    endpoint = first(v.get("endpoint_configuration"))
    yield make(
        "AWS::ApiGateway::RestApi",
        {
            "Name": v.get("name"),
            "Policy": policy(v.get("policy")) or None,
            "DisableExecuteApiEndpoint": v.get("disable_execute_api_endpoint"),
            "EndpointConfiguration": {"Types": endpoint.get("types")}
            if isinstance(endpoint, dict)
            else None,
        },
    )


@translates("aws_api_gateway_resource")
def _api_resource(v: dict[str, Any], make: Any) -> Iterator[Declared]:
    yield make(
        "AWS::ApiGateway::Resource",
        {
            "RestApiId": v.get("rest_api_id"),
            "ParentId": v.get("parent_id"),
            "PathPart": v.get("path_part"),
        },
    )


@translates("aws_api_gateway_method")
def _api_method(v: dict[str, Any], make: Any) -> Iterator[Declared]:
    yield make(
        "AWS::ApiGateway::Method",
        {
            "RestApiId": v.get("rest_api_id"),
            "ResourceId": v.get("resource_id"),
            "HttpMethod": v.get("http_method"),
            "AuthorizationType": v.get("authorization"),
            "ApiKeyRequired": v.get("api_key_required"),
        },
    )


@translates("aws_api_gateway_stage")
def _api_stage(v: dict[str, Any], make: Any) -> Iterator[Declared]:
    access = first(v.get("access_log_settings"))
    yield make(
        "AWS::ApiGateway::Stage",
        {
            "RestApiId": v.get("rest_api_id"),
            "StageName": v.get("stage_name"),
            "TracingEnabled": v.get("xray_tracing_enabled"),
            "CacheClusterEnabled": v.get("cache_cluster_enabled"),
            "ClientCertificateId": v.get("client_certificate_id") or None,
            "AccessLogSetting": {"DestinationArn": access.get("destination_arn")}
            if isinstance(access, dict)
            else None,
        },
    )


@translates("aws_wafv2_web_acl_association")
def _waf_association(v: dict[str, Any], make: Any) -> Iterator[Declared]:
    yield make(
        "AWS::WAFv2::WebACLAssociation",
        {"ResourceArn": v.get("resource_arn"), "WebACLArn": v.get("web_acl_arn")},
    )


def _behavior(b: dict[str, Any], path: str | None) -> dict[str, Any]:
    return {
        "PathPattern": path,
        "TargetOriginId": b.get("target_origin_id"),
        "ViewerProtocolPolicy": b.get("viewer_protocol_policy"),
    }


@translates("aws_cloudfront_distribution")
def _distribution(v: dict[str, Any], make: Any) -> Iterator[Declared]:
    origins = []
    for o in each(v.get("origin")):
        if not isinstance(o, dict):
            continue
        item: dict[str, Any] = {
            "Id": o.get("origin_id"),
            "DomainName": o.get("domain_name"),
            "OriginAccessControlId": o.get("origin_access_control_id") or None,
        }
        custom = first(o.get("custom_origin_config"))
        s3 = first(o.get("s3_origin_config"))
        if isinstance(custom, dict):
            item["CustomOriginConfig"] = {
                "OriginProtocolPolicy": custom.get("origin_protocol_policy"),
                "OriginSSLProtocols": custom.get("origin_ssl_protocols"),
            }
        elif isinstance(first(o.get("vpc_origin_config")), dict):
            item["VpcOriginConfig"] = {}
        else:
            item["S3OriginConfig"] = {
                "OriginAccessIdentity": (s3 or {}).get("origin_access_identity")
                if isinstance(s3, dict)
                else None
            }
        origins.append(item)
    certificate = first(v.get("viewer_certificate"))
    logging = first(v.get("logging_config"))
    default = first(v.get("default_cache_behavior"))
    yield make(
        "AWS::CloudFront::Distribution",
        {
            "DistributionConfig": {
                "Enabled": v.get("enabled"),
                "Aliases": v.get("aliases"),
                "Origins": origins,
                "DefaultCacheBehavior": _behavior(default, None)
                if isinstance(default, dict)
                else {},
                "CacheBehaviors": [
                    _behavior(b, b.get("path_pattern"))
                    for b in each(v.get("ordered_cache_behavior"))
                    if isinstance(b, dict)
                ],
                "ViewerCertificate": {
                    "CloudFrontDefaultCertificate": certificate.get(
                        "cloudfront_default_certificate"
                    ),
                    "AcmCertificateArn": certificate.get("acm_certificate_arn") or None,
                    "IamCertificateId": certificate.get("iam_certificate_id") or None,
                    "MinimumProtocolVersion": certificate.get("minimum_protocol_version"),
                    "SslSupportMethod": certificate.get("ssl_support_method") or None,
                }
                if isinstance(certificate, dict)
                else None,
                "WebACLId": v.get("web_acl_id") or None,
                "Logging": {"Bucket": logging.get("bucket")} if isinstance(logging, dict) else None,
                "DefaultRootObject": v.get("default_root_object"),
            }
        },
    )
