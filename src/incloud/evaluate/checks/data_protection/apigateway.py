"""API Gateway: who a REST API's resource policy lets invoke it, backend authentication,
cached responses encrypted.
"""

from __future__ import annotations

from ....snapshot.apigateway import ApiStage, RestApi
from ...check import Domain, Outcome, Severity, check, failed, not_applicable, passed
from ...context import Context
from ..factories import flag_check, resource_policy_checks

rest_api_policy_not_public, rest_api_policy_trusted_accounts = resource_policy_checks(
    prefix="apigateway.rest-api",
    resource=RestApi,
    policy=lambda api: api.policy,
    requires=("apigateway:GetRestApis",),
    noun="REST API",
    about="A REST API's resource policy says who may call `execute-api:Invoke` on its methods "
    '(API Gateway Developer Guide, "Control access to a REST API with API Gateway resource '
    "policies\"); with `AWS_IAM` authorization it is weighed with the caller's IAM "
    "policies (a caller from another account needs both to allow), and for a private API it "
    "is what keeps callers to the VPC endpoints meant. The policy's "
    "`Resource` names `arn:aws:execute-api:REGION:ACCOUNT:API-ID/STAGE/METHOD/PATH`; the "
    "finding is about the API itself. The guide's private-API example (Allow `*`, then Deny "
    "everyone unless `aws:SourceVpce`) passes: the policy's own Deny is credited when it "
    "covers what the Allow grants and binds every stranger. An allow "
    "restricted to public `aws:SourceIp` ranges is still public: anyone at those addresses "
    "may call.",
    remedy="Apply the new policy with `aws apigateway update-rest-api --rest-api-id ID "
    "--patch-operations op=replace,path=/policy,value=...`, then redeploy the API "
    "(`aws apigateway create-deployment`): a changed policy takes effect only once deployed "
    '("Create and attach an API Gateway resource policy to an API").',
)

apigateway_stage_client_certificate = flag_check(
    id="apigateway.stage-client-certificate",
    domain=Domain.DATA_PROTECTION,
    severity=Severity.MEDIUM,
    resource=ApiStage,
    is_ok=lambda stage: stage.client_certificate_id is not None,
    ok="presents a client certificate to its integration endpoints",
    bad="no client certificate: the backend cannot tell API Gateway's requests from others",
    doc="""REST API stages present a client certificate to their backends.

    With a client certificate on the stage, API Gateway authenticates itself to HTTP
    integration endpoints with mutual TLS, so a backend reachable from the internet can
    refuse every request that did not come through the API (and its authorisation,
    throttling and WAF) (Security Hub APIGateway.2; API Gateway Developer Guide, "Generate
    and configure an SSL certificate for backend authentication").

    Remediation: `aws apigateway generate-client-certificate`, then `aws apigateway
    update-stage --rest-api-id ID --stage-name STAGE --patch-operations
    op=replace,path=/clientCertificateId,value=CERT_ID`, and make the backend require it;
    Terraform `aws_api_gateway_client_certificate` and `client_certificate_id` on
    `aws_api_gateway_stage`.
    """,
)


@check(
    id="apigateway.stage-cache-encrypted",
    domain=Domain.DATA_PROTECTION,
    severity=Severity.MEDIUM,
    resource=ApiStage,
)
def stage_cache_encrypted(stage: ApiStage, ctx: Context) -> Outcome:
    """REST API stages encrypt the responses they cache.

    A stage cache keeps integration responses (often personal or account data) for their
    time to live; unless `cacheDataEncrypted` is set for each method settings entry that
    caches, they are stored unencrypted (Security Hub APIGateway.5, which judges only
    methods with caching on; API Gateway Developer Guide, "Cache settings for REST APIs").
    A method that caches is judged even while the stage's cache cluster is off, as
    Security Hub does; a stage with no method that caches is not applicable.

    Remediation: `aws apigateway update-stage --rest-api-id ID --stage-name STAGE
    --patch-operations op=replace,path=/*/*/caching/dataEncrypted,value=true` (and for each
    method override that caches); Terraform `cache_data_encrypted = true` in the `settings`
    of `aws_api_gateway_method_settings`.
    """
    if not stage.method_caching:
        return not_applicable("no method of the stage caches responses")
    plain = sorted(key for key, encrypted in stage.method_caching.items() if not encrypted)
    if plain:
        return failed(f"cached unencrypted: {', '.join(plain)}", method_settings=plain)
    return passed(f"every caching method setting encrypts ({len(stage.method_caching)})")
