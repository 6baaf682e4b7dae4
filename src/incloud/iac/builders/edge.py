"""CloudFront distributions and API Gateway REST APIs, their resources, methods and stages,
and the web ACL associations that protect a stage.
"""

from __future__ import annotations

from typing import Any

from ...snapshot.apigateway import ApiMethod, ApiStage, RestApi
from ...snapshot.cloudfront import CacheBehavior, Distribution, Origin, ViewerCertificate
from ..assembly import Assembly, Declared, Draft
from .registry import builds, flag, listed


def _origin(item: dict[str, Any]) -> Origin:
    custom = item.get("CustomOriginConfig")
    if isinstance(item.get("VpcOriginConfig"), dict):
        kind = "vpc"
    elif isinstance(custom, dict):
        kind = "custom"
    else:
        kind = "s3"
    s3 = item.get("S3OriginConfig") if isinstance(item.get("S3OriginConfig"), dict) else {}
    return Origin(
        origin_id=str(item.get("Id", "")),
        domain_name=str(item.get("DomainName", "")),
        origin_type=kind,
        protocol_policy=str(custom.get("OriginProtocolPolicy", "http-only"))
        if isinstance(custom, dict)
        else None,
        ssl_protocols=tuple(str(p) for p in listed((custom or {}).get("OriginSSLProtocols")))
        if isinstance(custom, dict)
        else (),
        origin_access_control_id=item.get("OriginAccessControlId") or None,
        origin_access_identity=(s3 or {}).get("OriginAccessIdentity") or None,
    )


@builds("AWS::CloudFront::Distribution")
def distribution(asm: Assembly, declared: Declared) -> None:
    """A distribution: origins, behaviours, viewer certificate, WAF, logging."""
    props = declared.properties
    ident = asm.identity(declared).ident
    draft = asm.add(
        Distribution,
        declared,
        distribution_id=ident,
        arn=f"arn:{asm.partition}:cloudfront::{asm.account_id}:distribution/{ident}",
        region="global",
    )
    config = asm.known(draft, props, "DistributionConfig", {})
    config = config if isinstance(config, dict) else {}
    default = config.get("DefaultCacheBehavior") or {}
    behaviors = [
        CacheBehavior(
            path_pattern="*",
            target_origin_id=str(default.get("TargetOriginId", "")),
            viewer_protocol_policy=str(default.get("ViewerProtocolPolicy", "allow-all")),
        )
    ]
    behaviors += [
        CacheBehavior(
            path_pattern=str(b.get("PathPattern", "")),
            target_origin_id=str(b.get("TargetOriginId", "")),
            viewer_protocol_policy=str(b.get("ViewerProtocolPolicy", "allow-all")),
        )
        for b in listed(config.get("CacheBehaviors"))
        if isinstance(b, dict)
    ]
    certificate = config.get("ViewerCertificate")
    if isinstance(certificate, dict) and not flag(certificate.get("CloudFrontDefaultCertificate")):
        viewer = ViewerCertificate(
            acm_certificate_arn=certificate.get("AcmCertificateArn"),
            iam_certificate_id=certificate.get("IamCertificateId"),
            minimum_protocol_version=str(certificate.get("MinimumProtocolVersion", "TLSv1")),
            ssl_support_method=certificate.get("SslSupportMethod"),
        )
    else:
        viewer = ViewerCertificate(cloudfront_default=True, minimum_protocol_version="TLSv1")
    groups = config.get("OriginGroups") or {}
    logging = config.get("Logging")
    draft.fields.update(
        domain_name=f"{ident}.cloudfront.net",
        aliases=tuple(str(a) for a in listed(config.get("Aliases"))),
        enabled=flag(config.get("Enabled", True), True),
        origins=tuple(_origin(o) for o in listed(config.get("Origins")) if isinstance(o, dict)),
        origin_groups={
            str(g.get("Id")): tuple(
                str(m.get("OriginId"))
                for m in listed((g.get("Members") or {}).get("Items"))
                if isinstance(m, dict)
            )
            for g in listed(groups.get("Items") if isinstance(groups, dict) else None)
            if isinstance(g, dict)
        },
        behaviors=tuple(behaviors),
        viewer_certificate=viewer,
        web_acl_id=config.get("WebACLId") or None,
        logging_enabled=isinstance(logging, dict),
        logging_bucket=logging.get("Bucket") if isinstance(logging, dict) else None,
        default_root_object=str(config.get("DefaultRootObject", "")),
    )


@builds("AWS::ApiGateway::RestApi")
def rest_api(asm: Assembly, declared: Declared) -> None:
    """A REST API: endpoint types, the default endpoint switch, its policy."""
    props = declared.properties
    ident = asm.identity(declared).ident
    draft = asm.add(
        RestApi,
        declared,
        api_id=ident,
        arn=f"arn:{asm.partition}:apigateway:{asm.region}::/restapis/{ident}",
        name=str(props.get("Name", ident)) if isinstance(props.get("Name"), str) else ident,
        methods=[],
    )
    endpoint = props.get("EndpointConfiguration")
    draft.fields["endpoint_types"] = tuple(
        str(t) for t in listed(endpoint.get("Types") if isinstance(endpoint, dict) else None)
    ) or ("EDGE",)
    draft.fields["disable_execute_api_endpoint"] = flag(props.get("DisableExecuteApiEndpoint"))
    policy = asm.known(draft, props, "Policy", None, action="apigateway:GetRestApis")
    draft.fields["policy"] = policy if isinstance(policy, dict) else None


def _api(asm: Assembly, api_id: Any) -> Draft | None:
    return asm.by_field(RestApi, "api_id", api_id)


@builds("AWS::ApiGateway::Method")
def method(asm: Assembly, declared: Declared) -> None:
    """A method, listed on its API (its path from the resource tree when the files hold it)."""
    props = declared.properties

    def add(asm: Assembly) -> None:
        api = _api(asm, props.get("RestApiId"))
        if api is None:
            return
        paths = asm.groupings.get("api-resource", {})
        resource = props.get("ResourceId")
        path = paths.get(str(resource), "/") if isinstance(resource, str) else "/"
        authorization = asm.known(
            api, props, "AuthorizationType", "NONE", action="apigateway:GetResources"
        )
        api.fields["methods"].append(
            ApiMethod(
                path=str(path),
                http_method=str(props.get("HttpMethod", "ANY")),
                authorization_type=str(authorization),
                api_key_required=flag(props.get("ApiKeyRequired")),
            )
        )

    asm.deferred.append(add)


@builds("AWS::ApiGateway::Resource")
def api_resource(asm: Assembly, declared: Declared) -> None:
    """A path part of an API: remembered so that its methods name their path."""
    props = declared.properties
    ident = asm.identity(declared).ident
    paths = asm.groupings.setdefault("api-resource", {})
    parent = props.get("ParentId")
    base = paths.get(str(parent), "") if isinstance(parent, str) else ""
    paths[ident] = f"{base}/{props.get('PathPart', '')}"


@builds("AWS::ApiGateway::Stage")
def stage(asm: Assembly, declared: Declared) -> None:
    """A stage: logging, tracing, caching, client certificate."""
    props = declared.properties
    api_id = props.get("RestApiId")
    name = str(props.get("StageName", declared.name))
    settings = [s for s in listed(props.get("MethodSettings")) if isinstance(s, dict)]
    wide = next(
        (
            s
            for s in settings
            if s.get("ResourcePath") in ("/*", "*") and s.get("HttpMethod") in ("*", None)
        ),
        {},
    )
    access = props.get("AccessLogSetting")
    draft = asm.add(
        ApiStage,
        declared,
        api_id=str(api_id),
        stage_name=name,
        arn=f"arn:{asm.partition}:apigateway:{asm.region}::/restapis/{api_id}/stages/{name}",
        name=f"{api_id}/{name}",
        execution_logging=str(wide.get("LoggingLevel", "OFF")),
        access_log_destination=access.get("DestinationArn") if isinstance(access, dict) else None,
        client_certificate_id=props.get("ClientCertificateId") or None,
        tracing_enabled=flag(props.get("TracingEnabled")),
        cache_cluster_enabled=flag(props.get("CacheClusterEnabled")),
    )

    def place(asm: Assembly) -> None:
        api = _api(asm, api_id)
        if api is not None:
            draft.fields["api_name"] = api.fields["name"]
            draft.fields["endpoint_types"] = api.fields["endpoint_types"]

    asm.deferred.append(place)


@builds("AWS::WAFv2::WebACLAssociation")
def web_acl_association(asm: Assembly, declared: Declared) -> None:
    """A regional web ACL associated with a stage (by the stage's ARN)."""
    props = declared.properties

    def associate(asm: Assembly) -> None:
        if not isinstance(props.get("ResourceArn"), str):
            # which stage it protects is known only after apply: any stage may be it
            for stage in [d for d in asm.drafts.values() if d.model is ApiStage]:
                if stage.fields.get("web_acl_arn") is None:
                    asm.undecide(
                        [(stage, "web_acl_arn")],
                        ((None,), ("(after apply)",)),
                        f"{declared.name} associates a web ACL with a resource "
                        "known only after apply",
                    )
            return
        target = asm.find(str(props.get("ResourceArn")))
        if target is not None and target.model is ApiStage:
            web_acl = asm.known(
                target, props, "WebACLArn", None, action="wafv2:ListResourcesForWebACL"
            )
            target.fields["web_acl_arn"] = web_acl

    asm.deferred.append(associate)
