"""API Gateway: who may call each REST API method and HTTP or WebSocket API route, and the
firewall in front of REST stages.
"""

from __future__ import annotations

from ....snapshot.apigateway import ApiStage, HttpApi, RestApi
from ...check import Domain, Outcome, Severity, check, failed, not_applicable, passed, unknown
from ...context import Context

PREFLIGHT = "OPTIONS"
"""CORS preflight requests carry no credentials by design, so OPTIONS methods are open."""


@check(
    id="apigateway.method-authorization",
    domain=Domain.APPLICATION,
    severity=Severity.MEDIUM,
    resource=RestApi,
    requires=("apigateway:GetResources",),
)
def method_authorization(api: RestApi, ctx: Context) -> Outcome:
    """REST API methods require an authorizer, IAM, a Cognito user pool, or an API key.

    A method with authorization type NONE and no API key requirement can be invoked by
    anyone who finds the endpoint, reaching the integration behind it (a Lambda function,
    a database-backed service) with no identity to audit or throttle. OPTIONS methods,
    which answer CORS preflight requests, are not judged. Private APIs are judged too:
    anything that can reach the VPC endpoint can call an open method unless the resource
    policy narrows it.

    Remediation: give each method an authorizer: `aws apigateway update-method
    --rest-api-id ID --resource-id RES --http-method GET --patch-operations
    op=replace,path=/authorizationType,value=AWS_IAM` (or a Lambda or Cognito authorizer),
    then redeploy the stage; Terraform `authorization` on `aws_api_gateway_method`. API
    keys identify callers for usage plans but are not a strong credential.
    """
    if api.methods is None:
        return unknown("the API's methods were not read")
    judged = [m for m in api.methods if m.http_method != PREFLIGHT]
    if not judged:
        return not_applicable("the API has no methods besides CORS preflight")
    unread = [f"{m.http_method} {m.path}" for m in judged if not m.authorization_type]
    open_methods = [
        f"{m.http_method} {m.path}"
        for m in judged
        if m.authorization_type == "NONE" and not m.api_key_required
    ]
    if open_methods:
        shown = ", ".join(open_methods[:10]) + (" ..." if len(open_methods) > 10 else "")
        return failed(
            f"open to anyone (no authorization, no API key): {shown} "
            f"({len(open_methods)} of {len(judged)} methods)",
            open_methods=open_methods,
            endpoint_types=list(api.endpoint_types),
        )
    if unread:
        return unknown(f"authorization type not reported for {', '.join(unread)}")
    return passed(f"all {len(judged)} methods require authorization or an API key")


@check(
    id="apigateway.stage-waf",
    domain=Domain.APPLICATION,
    severity=Severity.MEDIUM,
    resource=ApiStage,
)
def stage_waf(stage: ApiStage, ctx: Context) -> Outcome:
    """Stages of public REST APIs are protected by an AWS WAF web ACL.

    A web ACL filters injection attempts, known bad inputs and request floods before they
    reach the integrations, and rate-based rules cap what one client can do (Security Hub
    APIGateway.4). The association is read from the stage itself (`webAclArn`). Private
    APIs, reachable only through a VPC endpoint, are not judged.

    Remediation: `aws wafv2 associate-web-acl --web-acl-arn ACL_ARN --resource-arn
    arn:aws:apigateway:REGION::/restapis/ID/stages/STAGE`; Terraform
    `aws_wafv2_web_acl_association`.
    """
    if stage.endpoint_types and set(stage.endpoint_types) == {"PRIVATE"}:
        return not_applicable("private API: reachable only through a VPC endpoint")
    if stage.web_acl_arn:
        return passed("protected by a WAF web ACL", web_acl=stage.web_acl_arn)
    return failed("no WAF web ACL is associated with the stage")


WEBSOCKET_AUTHORIZED_ROUTE = "$connect"
"""The one WebSocket route that takes an authorizer: a connection is authorised when it is
opened, and the messages routed on it afterwards carry none."""


@check(
    id="apigateway.route-authorization",
    domain=Domain.APPLICATION,
    severity=Severity.MEDIUM,
    resource=HttpApi,
    requires=("apigatewayv2:GetRoutes",),
)
def route_authorization(api: HttpApi, ctx: Context) -> Outcome:
    """HTTP and WebSocket API routes require an authorizer or IAM.

    A route with authorization type NONE can be invoked by anyone who finds the endpoint,
    reaching the integration behind it with no identity to audit or throttle (Security Hub
    APIGateway.8). Every route of an HTTP API is judged; of a WebSocket API, the `$connect`
    route, the only one that takes an authorizer (API Gateway Developer Guide, "Controlling
    and managing access to WebSocket APIs").

    Remediation: `aws apigatewayv2 update-route --api-id ID --route-id ROUTE
    --authorization-type JWT --authorizer-id AUTH` (or `AWS_IAM`, or `CUSTOM` with a Lambda
    authorizer); Terraform `authorization_type` and `authorizer_id` on
    `aws_apigatewayv2_route`.
    """
    if api.routes is None:
        return unknown("the API's routes were not read")
    judged = [
        r
        for r in api.routes
        if api.protocol_type != "WEBSOCKET" or r.route_key == WEBSOCKET_AUTHORIZED_ROUTE
    ]
    if not judged:
        return not_applicable("no route that takes an authorizer")
    open_routes = [r.route_key for r in judged if r.authorization_type == "NONE"]
    if open_routes:
        shown = ", ".join(open_routes[:10]) + (" ..." if len(open_routes) > 10 else "")
        return failed(
            f"routes open to anyone (authorization NONE): {shown} "
            f"({len(open_routes)} of {len(judged)})",
            open_routes=open_routes,
        )
    return passed(f"all {len(judged)} routes require authorization")
