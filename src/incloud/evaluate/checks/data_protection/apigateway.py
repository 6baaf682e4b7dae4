"""API Gateway: who a REST API's resource policy lets invoke it."""

from __future__ import annotations

from ....snapshot.apigateway import RestApi
from ..factories import resource_policy_checks

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
