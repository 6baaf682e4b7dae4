"""What the collector could not read, and how many calls it made."""

from __future__ import annotations

from .base import Frozen

IAM_ACTION_FOR_OPERATION = {
    "s3:ListBuckets": "s3:ListAllMyBuckets",
    "s3:GetBucketEncryption": "s3:GetEncryptionConfiguration",
    "s3:GetPublicAccessBlock": "s3:GetBucketPublicAccessBlock",
    "s3control:GetPublicAccessBlock": "s3:GetAccountPublicAccessBlock",
    "accessanalyzer:ListAnalyzers": "access-analyzer:ListAnalyzers",
    # boto3's elbv2 client is IAM's elasticloadbalancing; API Gateway's management API is
    # authorised by HTTP verb ("Actions defined by Amazon API Gateway Management").
    "elbv2:DescribeLoadBalancers": "elasticloadbalancing:DescribeLoadBalancers",
    "elbv2:DescribeListeners": "elasticloadbalancing:DescribeListeners",
    "elbv2:DescribeRules": "elasticloadbalancing:DescribeRules",
    "elbv2:DescribeLoadBalancerAttributes": "elasticloadbalancing:DescribeLoadBalancerAttributes",
    "elbv2:DescribeTargetGroups": "elasticloadbalancing:DescribeTargetGroups",
    "elbv2:DescribeTargetHealth": "elasticloadbalancing:DescribeTargetHealth",
    "elbv2:DescribeTargetGroupAttributes": "elasticloadbalancing:DescribeTargetGroupAttributes",
    # The Classic Load Balancer client (elb) signs for elasticloadbalancing too.
    "elb:DescribeLoadBalancers": "elasticloadbalancing:DescribeLoadBalancers",
    "elb:DescribeLoadBalancerAttributes": "elasticloadbalancing:DescribeLoadBalancerAttributes",
    "elb:DescribeLoadBalancerPolicies": "elasticloadbalancing:DescribeLoadBalancerPolicies",
    "apigateway:GetRestApis": "apigateway:GET",
    "apigateway:GetResources": "apigateway:GET",
    "apigateway:GetStages": "apigateway:GET",
    "apigatewayv2:GetApis": "apigateway:GET",
    "apigatewayv2:GetRoutes": "apigateway:GET",
    "apigatewayv2:GetStages": "apigateway:GET",
    "s3:GetObjectLockConfiguration": "s3:GetBucketObjectLockConfiguration",
    "s3:GetBucketReplication": "s3:GetReplicationConfiguration",
    "s3:GetBucketLifecycleConfiguration": "s3:GetLifecycleConfiguration",
    "s3:GetBucketNotificationConfiguration": "s3:GetBucketNotification",
    "s3control:ListAccessPoints": "s3:ListAccessPoints",
    "s3control:GetAccessPoint": "s3:GetAccessPoint",
    # The efs and opensearch clients sign for the elasticfilesystem and es IAM prefixes.
    "efs:DescribeFileSystems": "elasticfilesystem:DescribeFileSystems",
    "efs:DescribeFileSystemPolicy": "elasticfilesystem:DescribeFileSystemPolicy",
    "efs:DescribeAccessPoints": "elasticfilesystem:DescribeAccessPoints",
    "opensearch:ListDomainNames": "es:ListDomainNames",
    "opensearch:DescribeDomains": "es:DescribeDomains",
    # The emr and stepfunctions clients sign for the elasticmapreduce and states prefixes.
    "emr:ListClusters": "elasticmapreduce:ListClusters",
    "emr:DescribeCluster": "elasticmapreduce:DescribeCluster",
    "emr:ListInstances": "elasticmapreduce:ListInstances",
    "emr:GetBlockPublicAccessConfiguration": "elasticmapreduce:GetBlockPublicAccessConfiguration",
    "stepfunctions:ListStateMachines": "states:ListStateMachines",
    "stepfunctions:DescribeStateMachine": "states:DescribeStateMachine",
}
"""API operations whose IAM action has another name (Service Authorization Reference,
"Actions defined by Amazon S3"); every other operation's action is ``service:Operation``."""


def iam_action(action: str) -> str:
    """The IAM action that permits the API operation ``service:Operation``."""
    return IAM_ACTION_FOR_OPERATION.get(action, action)


DENIED_MARKERS = ("AccessDenied", "Unauthorized", "AuthorizationError", "Forbidden")
"""Error codes that mean "not permitted" contain one of these (S3 ``AccessDenied``, EC2
``UnauthorizedOperation``, SNS ``AuthorizationError``, KMS ``AccessDeniedException``)."""


class CollectionGap(Frozen):
    """One API call that failed, so whatever depends on it cannot be assessed.

    ``resource_arn`` is set when the call concerned one resource (a bucket's policy, say);
    otherwise the gap covers the whole operation in that account and region.
    """

    account_id: str
    region: str
    service: str
    operation: str
    error_code: str
    message: str
    resource_arn: str | None = None

    @property
    def action(self) -> str:
        """The gap's operation as ``service:Operation``, the form checks declare."""
        return f"{self.service}:{self.operation}"

    @property
    def iam_action(self) -> str:
        """The IAM action to grant so that this call succeeds."""
        return iam_action(self.action)

    @property
    def denied(self) -> bool:
        """True when the call was refused for lack of permission."""
        return any(marker in self.error_code for marker in DENIED_MARKERS)

    def describe(self) -> str:
        """A one-line human description; a refused call names the IAM action to grant."""
        where = self.resource_arn or f"{self.account_id}/{self.region}"
        grant = f"; grant {self.iam_action}" if self.denied else ""
        return f"{self.action} failed on {where}: {self.error_code} ({self.message}){grant}"


class ApiCallCount(Frozen):
    """How many times one operation was invoked during collection (retries not counted)."""

    service: str
    operation: str
    count: int
