"""Terraform's AWS provider resources in CloudFormation's shapes, for the same builders.

Each translator reads one resource's planned values (attributes the plan leaves to apply are
:class:`~incloud.iac.values.Unknown`, or already linked to the planned resource they name)
and yields the CloudFormation declarations it amounts to. Policies are JSON text in
Terraform: they are parsed here (a policy that is not JSON is one error line).

The translators live in one module per family of services (network, compute, storage, iam,
stores, services, edge), as the builders they feed do; importing this package registers
them all.
"""

from __future__ import annotations

from typing import Any

from ...assembly import Declared
from ...source import Source
from . import compute, edge, iam, network, services, storage, stores
from ._registry import TRANSLATORS, without_nulls

CFN_TYPE = {
    "aws_vpc": "AWS::EC2::VPC",
    "aws_subnet": "AWS::EC2::Subnet",
    "aws_internet_gateway": "AWS::EC2::InternetGateway",
    "aws_nat_gateway": "AWS::EC2::NatGateway",
    "aws_eip": "AWS::EC2::EIP",
    "aws_route_table": "AWS::EC2::RouteTable",
    "aws_network_acl": "AWS::EC2::NetworkAcl",
    "aws_security_group": "AWS::EC2::SecurityGroup",
    "aws_instance": "AWS::EC2::Instance",
    "aws_launch_template": "AWS::EC2::LaunchTemplate",
    "aws_s3_bucket": "AWS::S3::Bucket",
    "aws_iam_role": "AWS::IAM::Role",
    "aws_iam_user": "AWS::IAM::User",
    "aws_iam_group": "AWS::IAM::Group",
    "aws_iam_policy": "AWS::IAM::ManagedPolicy",
    "aws_iam_instance_profile": "AWS::IAM::InstanceProfile",
    "aws_db_instance": "AWS::RDS::DBInstance",
    "aws_rds_cluster": "AWS::RDS::DBCluster",
    "aws_db_subnet_group": "AWS::RDS::DBSubnetGroup",
    "aws_lambda_function": "AWS::Lambda::Function",
    "aws_kms_key": "AWS::KMS::Key",
    "aws_sqs_queue": "AWS::SQS::Queue",
    "aws_sns_topic": "AWS::SNS::Topic",
    "aws_dynamodb_table": "AWS::DynamoDB::Table",
    "aws_efs_file_system": "AWS::EFS::FileSystem",
    "aws_ecr_repository": "AWS::ECR::Repository",
    "aws_eks_cluster": "AWS::EKS::Cluster",
    "aws_cloudtrail": "AWS::CloudTrail::Trail",
    "aws_lb": "AWS::ElasticLoadBalancingV2::LoadBalancer",
    "aws_alb": "AWS::ElasticLoadBalancingV2::LoadBalancer",
    "aws_lb_listener": "AWS::ElasticLoadBalancingV2::Listener",
    "aws_alb_listener": "AWS::ElasticLoadBalancingV2::Listener",
    "aws_api_gateway_rest_api": "AWS::ApiGateway::RestApi",
    "aws_api_gateway_resource": "AWS::ApiGateway::Resource",
    "aws_cloudfront_distribution": "AWS::CloudFront::Distribution",
}
"""The Terraform types that create a resource other declarations refer to."""

NAME_ATTRIBUTE = {
    "aws_s3_bucket": "bucket",
    "aws_iam_role": "name",
    "aws_iam_user": "name",
    "aws_iam_group": "name",
    "aws_iam_policy": "name",
    "aws_iam_instance_profile": "name",
    "aws_db_instance": "identifier",
    "aws_rds_cluster": "cluster_identifier",
    "aws_db_subnet_group": "name",
    "aws_lambda_function": "function_name",
    "aws_sqs_queue": "name",
    "aws_sns_topic": "name",
    "aws_security_group": "name",
    "aws_launch_template": "name",
    "aws_dynamodb_table": "name",
    "aws_ecr_repository": "name",
    "aws_eks_cluster": "name",
    "aws_cloudtrail": "name",
    "aws_lb": "name",
    "aws_alb": "name",
}
"""The attribute that names a resource of each type."""


def translate(
    tf_type: str, address: str, values: dict[str, Any], source: Source, stack: str
) -> list[Declared]:
    """The declarations ``values`` (of a ``tf_type`` resource at ``address``) amount to;
    a type without a translator is one declaration of its own Terraform type (reported as
    not modelled).
    """

    def make(kind: str, properties: dict[str, Any]) -> Declared:
        return Declared(address, kind, without_nulls(properties), source, stack)

    translator = TRANSLATORS.get(tf_type)
    if translator is None:
        return [Declared(address, tf_type, {}, source, stack)]
    return list(translator(values, make))


__all__ = ["CFN_TYPE", "NAME_ATTRIBUTE", "translate"]
_FAMILIES = (compute, edge, iam, network, services, storage, stores)
"""The family modules, imported for their registrations."""
