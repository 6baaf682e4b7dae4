"""DynamoDB, EFS, ECR, EKS, CloudTrail and load balancers from a template and a plan."""

from __future__ import annotations

import json
from pathlib import Path

from incloud.evaluate.check import Verdict

from .helpers import read, template, verdicts

TEMPLATE_BODY = """
Resources:
  Table:
    Type: AWS::DynamoDB::Table
    Properties:
      TableName: orders
      BillingMode: PAY_PER_REQUEST
      PointInTimeRecoverySpecification: {PointInTimeRecoveryEnabled: true}
  Fs:
    Type: AWS::EFS::FileSystem
    Properties: {Encrypted: false}
  Repo:
    Type: AWS::ECR::Repository
    Properties: {RepositoryName: app, ImageTagMutability: IMMUTABLE}
  Eks:
    Type: AWS::EKS::Cluster
    Properties:
      Name: main
      RoleArn: arn:aws:iam::123456789012:role/eks
      ResourcesVpcConfig: {SubnetIds: [], EndpointPublicAccess: false,
                           EndpointPrivateAccess: true}
  Trail:
    Type: AWS::CloudTrail::Trail
    Properties: {TrailName: main, IsLogging: true, S3BucketName: logs,
                 EnableLogFileValidation: true, IsMultiRegionTrail: true}
  Lb:
    Type: AWS::ElasticLoadBalancingV2::LoadBalancer
    Properties: {Name: web, Subnets: []}
  Plain:
    Type: AWS::ElasticLoadBalancingV2::Listener
    Properties:
      LoadBalancerArn: !Ref Lb
      Protocol: HTTP
      Port: 80
      DefaultActions: [{Type: redirect, RedirectConfig: {Protocol: HTTPS}}]
"""


def test_services_from_a_template(tmp_path: Path) -> None:
    found = verdicts(read(template(tmp_path, TEMPLATE_BODY)))
    expected = {
        ("dynamodb.table-pitr", "orders"): Verdict.PASS,
        ("dynamodb.table-deletion-protection", "orders"): Verdict.FAIL,
        ("dynamodb.table-backup-plan", "orders"): Verdict.UNKNOWN,
        ("elasticfilesystem.file-system-encrypted", "fs-stack-fs"): Verdict.FAIL,
        ("ecr.tag-immutability", "app"): Verdict.PASS,
        ("ecr.scan-on-push", "app"): Verdict.UNKNOWN,  # registry scanning: an account setting
        ("eks.endpoint-not-public", "main"): Verdict.PASS,
        ("eks.cluster-version-supported", "main"): Verdict.UNKNOWN,  # EKS picks its default
        ("eks.secrets-encrypted", "main"): Verdict.FAIL,
        ("cloudtrail.log-file-validation", "main"): Verdict.PASS,
        ("cloudtrail.kms-encryption", "main"): Verdict.FAIL,
        ("elasticloadbalancing.deletion-protection", "web"): Verdict.FAIL,
        ("elasticloadbalancing.listener-https", "stack-plain"): Verdict.PASS,  # redirects
    }
    assert {key: found.get(key) for key in expected} == expected


def test_services_from_a_plan(tmp_path: Path) -> None:
    def change(address: str, after: dict[str, object], unknown: dict[str, object]) -> object:
        return {
            "address": address,
            "type": address.split(".", maxsplit=1)[0],
            "change": {"actions": ["create"], "after": after, "after_unknown": unknown},
        }

    plan = {
        "format_version": "1.2",
        "resource_changes": [
            change(
                "aws_lb.web",
                {
                    "name": "web",
                    "load_balancer_type": "application",
                    "internal": False,
                    "enable_deletion_protection": True,
                    "drop_invalid_header_fields": True,
                },
                {"arn": True, "id": True},
            ),
            change(
                "aws_lb_listener.plain",
                {"protocol": "HTTP", "port": 80, "default_action": [{"type": "forward"}]},
                {"load_balancer_arn": True},
            ),
            change(
                "aws_dynamodb_table.orders",
                {
                    "name": "orders",
                    "billing_mode": "PROVISIONED",
                    "deletion_protection_enabled": True,
                },
                {"arn": True},
            ),
        ],
        "configuration": {
            "root_module": {
                "resources": [
                    {
                        "address": "aws_lb_listener.plain",
                        "expressions": {
                            "load_balancer_arn": {"references": ["aws_lb.web.arn", "aws_lb.web"]}
                        },
                    },
                ]
            }
        },
    }
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(plan))
    found = verdicts(read(path))
    assert found[("elasticloadbalancing.deletion-protection", "web")] is Verdict.PASS
    assert found[("elasticloadbalancing.listener-https", "plan-aws-lb-listener-plain")] is (
        Verdict.FAIL
    )
    assert found[("dynamodb.table-deletion-protection", "orders")] is Verdict.PASS
    # a provisioned table's auto scaling is registered elsewhere: unknown, never a pass
    assert found[("dynamodb.table-autoscaling", "orders")] is Verdict.UNKNOWN


EDGE = """
Resources:
  Site:
    Type: AWS::S3::Bucket
    Properties: {BucketName: site}
  Cdn:
    Type: AWS::CloudFront::Distribution
    Properties:
      DistributionConfig:
        Enabled: true
        Origins:
          - Id: s3
            DomainName: !GetAtt Site.RegionalDomainName
            OriginAccessControlId: oac-1
            S3OriginConfig: {OriginAccessIdentity: ""}
        DefaultCacheBehavior: {TargetOriginId: s3, ViewerProtocolPolicy: redirect-to-https}
  Api:
    Type: AWS::ApiGateway::RestApi
    Properties: {Name: orders}
  Orders:
    Type: AWS::ApiGateway::Resource
    Properties: {RestApiId: !Ref Api, ParentId: !GetAtt Api.RootResourceId, PathPart: orders}
  Get:
    Type: AWS::ApiGateway::Method
    Properties: {RestApiId: !Ref Api, ResourceId: !Ref Orders, HttpMethod: GET,
                 AuthorizationType: NONE}
  Prod:
    Type: AWS::ApiGateway::Stage
    Properties: {RestApiId: !Ref Api, StageName: prod, TracingEnabled: true}
  Guard:
    Type: AWS::WAFv2::WebACLAssociation
    Properties:
      ResourceArn: !Sub "arn:aws:apigateway:${AWS::Region}::/restapis/${Api}/stages/prod"
      WebACLArn: arn:aws:wafv2:us-east-1:123456789012:regional/webacl/guard/1
"""


def test_cloudfront_and_api_gateway_from_a_template(tmp_path: Path) -> None:
    found = verdicts(read(template(tmp_path, EDGE)))
    expected = {
        ("cloudfront.viewer-https", "stack-Cdn"): Verdict.PASS,
        ("cloudfront.s3-origin-access-control", "stack-Cdn"): Verdict.PASS,
        ("cloudfront.custom-certificate", "stack-Cdn"): Verdict.FAIL,
        ("apigateway.method-authorization", "orders"): Verdict.FAIL,
        ("apigateway.stage-xray-tracing", "stack-api/prod"): Verdict.PASS,
        ("apigateway.stage-waf", "stack-api/prod"): Verdict.PASS,
        ("apigateway.stage-logging", "stack-api/prod"): Verdict.FAIL,
    }
    assert {key: found.get(key) for key in expected} == expected
    unguarded = EDGE.split("  Guard:", maxsplit=1)[0]
    found = verdicts(read(template(tmp_path, unguarded, "bare.yaml")))
    assert found[("apigateway.stage-waf", "bare-api/prod")] is Verdict.FAIL


def test_a_web_acl_associated_after_apply_leaves_stages_open(tmp_path: Path) -> None:
    def change(address: str, after: dict[str, object], unknown: dict[str, object]) -> object:
        return {
            "address": address,
            "type": address.split(".", maxsplit=1)[0],
            "change": {"actions": ["create"], "after": after, "after_unknown": unknown},
        }

    plan = {
        "format_version": "1.2",
        "resource_changes": [
            change("aws_api_gateway_rest_api.api", {"name": "orders"}, {"id": True}),
            change(
                "aws_api_gateway_stage.prod",
                {"stage_name": "prod"},
                {"rest_api_id": True, "arn": True},
            ),
            change(
                "aws_wafv2_web_acl_association.guard",
                {"web_acl_arn": "arn:aws:wafv2:us-east-1:123456789012:regional/webacl/g/1"},
                {"resource_arn": True},
            ),
        ],
        "configuration": {
            "root_module": {
                "resources": [
                    {
                        "address": "aws_api_gateway_stage.prod",
                        "expressions": {
                            "rest_api_id": {
                                "references": [
                                    "aws_api_gateway_rest_api.api.id",
                                    "aws_api_gateway_rest_api.api",
                                ]
                            }
                        },
                    },
                    {
                        "address": "aws_wafv2_web_acl_association.guard",
                        "expressions": {
                            "resource_arn": {
                                "references": [
                                    "aws_api_gateway_stage.prod.arn",
                                    "aws_api_gateway_stage.prod",
                                ]
                            }
                        },
                    },
                ]
            }
        },
    }
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(plan))
    found = verdicts(read(path))
    stage = "plan-aws-api-gateway-rest-api-api/prod"
    assert found[("apigateway.stage-waf", stage)] is Verdict.UNKNOWN
