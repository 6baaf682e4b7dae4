"""CloudFormation templates: decoding, intrinsic functions, conditions and parameters, and
values known only at deploy judged ``unknown``, never pass."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from incloud.errors import InputError
from incloud.evaluate.check import Verdict
from incloud.snapshot.ec2 import Ec2Instance, SecurityGroup
from incloud.snapshot.iam import IamRole
from incloud.snapshot.s3 import S3Bucket

from .helpers import TEMPLATE, read, template, verdicts

_VPC = """
  Vpc:
    Type: AWS::EC2::VPC
    Properties: {CidrBlock: 10.0.0.0/16}
  Igw:
    Type: AWS::EC2::InternetGateway
  Attach:
    Type: AWS::EC2::VPCGatewayAttachment
    Properties: {VpcId: !Ref Vpc, InternetGatewayId: !Ref Igw}
  Public:
    Type: AWS::EC2::Subnet
    Properties: {VpcId: !Ref Vpc, CidrBlock: 10.0.1.0/24, MapPublicIpOnLaunch: true}
  Routes:
    Type: AWS::EC2::RouteTable
    Properties: {VpcId: !Ref Vpc}
  Out:
    Type: AWS::EC2::Route
    Properties: {RouteTableId: !Ref Routes, DestinationCidrBlock: 0.0.0.0/0, GatewayId: !Ref Igw}
  Assoc:
    Type: AWS::EC2::SubnetRouteTableAssociation
    Properties: {RouteTableId: !Ref Routes, SubnetId: !Ref Public}
"""


def _exposed(source: str, tokens: str = "required") -> str:
    return f"""
Parameters:
  Admin:
    Type: String
{source}
Resources:{_VPC}
  Sg:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: admin
      VpcId: !Ref Vpc
      SecurityGroupIngress: [{{IpProtocol: tcp, FromPort: 22, ToPort: 22, CidrIp: !Ref Admin}}]
  Box:
    Type: AWS::EC2::Instance
    Properties:
      ImageId: ami-1
      SubnetId: !Ref Public
      SecurityGroupIds: [!Ref Sg]
      MetadataOptions: {{HttpTokens: {tokens}}}
"""


def test_short_form_tags_and_json_read_alike(tmp_path: Path) -> None:
    yaml_path = template(tmp_path, _exposed("    Default: 0.0.0.0/0"))
    from cfnlint.decode import decode_str  # type: ignore[import-untyped]

    decoded, _ = decode_str(yaml_path.read_text())
    json_path = template(tmp_path, json.dumps(decoded), "stack.json")
    assert verdicts(read(yaml_path)) == verdicts(read(json_path))


def test_reachability_from_a_template_is_the_engines(tmp_path: Path) -> None:
    reading = read(template(tmp_path, _exposed("    Default: 0.0.0.0/0")))
    found = verdicts(reading, "ec2.admin-port-internet-reachable")
    assert found == {("ec2.admin-port-internet-reachable", "i-stack-box"): Verdict.FAIL}
    private = read(template(tmp_path, _exposed("    Default: 10.0.0.0/8")))
    assert verdicts(private, "ec2.admin-port-internet-reachable") == {
        ("ec2.admin-port-internet-reachable", "i-stack-box"): Verdict.PASS
    }


def test_a_parameter_without_default_is_unknown_never_pass(tmp_path: Path) -> None:
    reading = read(template(tmp_path, _exposed("")))
    found = verdicts(reading, "ec2.admin-port-internet-reachable", "ec2.security-group-admin-ports")
    assert found[("ec2.admin-port-internet-reachable", "i-stack-box")] is Verdict.UNKNOWN
    assert found[("ec2.security-group-admin-ports", "sg-stack-sg")] is Verdict.UNKNOWN
    assert found[("ec2.security-group-admin-ports", "default")] is Verdict.PASS  # known
    gaps = [g for g in reading.result.snapshot.gaps if "parameter Admin" in g.message]
    assert gaps and all(g.error_code == "NotKnownBeforeDeploy" for g in gaps)
    given = read(template(tmp_path, _exposed("")), parameters={"Admin": "0.0.0.0/0"})
    assert Verdict.FAIL in verdicts(given, "ec2.admin-port-internet-reachable").values()


def test_missing_metadata_options_leave_only_the_imds_verdict_open(tmp_path: Path) -> None:
    body = _exposed("    Default: 0.0.0.0/0").replace(
        "      MetadataOptions: {HttpTokens: required}\n", ""
    )
    found = verdicts(
        read(template(tmp_path, body)), "ec2.instance-imdsv2", "ec2.admin-port-internet-reachable"
    )
    assert found[("ec2.instance-imdsv2", "i-stack-box")] is Verdict.UNKNOWN
    assert found[("ec2.admin-port-internet-reachable", "i-stack-box")] is Verdict.FAIL


def test_intrinsics_resolve_to_the_names_and_arns_they_build(tmp_path: Path) -> None:
    body = """
Parameters:
  Env: {Type: String, Default: prod}
Conditions:
  Prod: !Equals [!Ref Env, prod]
  NotProd: !Not [!Condition Prod]
Resources:
  Data:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: !Join ["-", [!Ref Env, !Select [1, !Split [",", "a,data"]]]]
      VersioningConfiguration: !If [Prod, {Status: Enabled}, !Ref AWS::NoValue]
  Policy:
    Type: AWS::S3::BucketPolicy
    Properties:
      Bucket: !Ref Data
      PolicyDocument:
        Statement:
          - Effect: Allow
            Principal: {AWS: !GetAtt Reader.Arn}
            Action: s3:GetObject
            Resource: !Sub "${Data.Arn}/*"
  Reader:
    Type: AWS::IAM::Role
    Properties:
      RoleName: !Sub "${AWS::StackName}-reader-${AWS::Region}"
      AssumeRolePolicyDocument:
        Statement:
          - {Effect: Allow, Principal: {Service: ec2.amazonaws.com}, Action: sts:AssumeRole}
  Skipped:
    Type: AWS::S3::Bucket
    Condition: NotProd
"""
    snapshot = read(template(tmp_path, body), region="eu-west-1").result.snapshot
    buckets = {b.name: b for b in snapshot.of_type(S3Bucket)}
    assert list(buckets) == ["prod-data"]
    assert buckets["prod-data"].versioning == "Enabled"
    role = next(snapshot.of_type(IamRole))
    assert role.arn == "arn:aws:iam::123456789012:role/stack-reader-eu-west-1"
    statement = buckets["prod-data"].policy["Statement"][0]  # type: ignore[index]
    assert statement["Principal"] == {"AWS": role.arn}
    assert statement["Resource"] == "arn:aws:s3:::prod-data/*"


def test_an_imported_policy_is_unknown_for_the_policy_checks_only(tmp_path: Path) -> None:
    body = """
Resources:
  Data:
    Type: AWS::S3::Bucket
    Properties: {BucketName: data, VersioningConfiguration: {Status: Suspended}}
  Policy:
    Type: AWS::S3::BucketPolicy
    Properties: {Bucket: !Ref Data, PolicyDocument: !ImportValue shared-policy}
"""
    found = verdicts(
        read(template(tmp_path, body)), "s3.bucket-policy-not-public", "s3.bucket-versioning"
    )
    assert found == {
        ("s3.bucket-policy-not-public", "data"): Verdict.UNKNOWN,
        ("s3.bucket-versioning", "data"): Verdict.FAIL,
    }


def test_an_unknown_condition_makes_its_resources_unknown(tmp_path: Path) -> None:
    body = """
Parameters:
  Env: {Type: String}
Conditions:
  Prod: !Equals [!Ref Env, prod]
Resources:
  Data:
    Type: AWS::S3::Bucket
    Condition: Prod
    Properties: {BucketName: data}
"""
    found = verdicts(read(template(tmp_path, body)), "s3.bucket-versioning")
    assert found == {("s3.bucket-versioning", "data"): Verdict.UNKNOWN}


def test_an_instance_outside_the_files_network_is_unknown(tmp_path: Path) -> None:
    body = """
Resources:
  Box:
    Type: AWS::EC2::Instance
    Properties: {ImageId: ami-1, MetadataOptions: {HttpTokens: required}}
"""
    found = verdicts(
        read(template(tmp_path, body)),
        "ec2.instance-no-public-ip",
        "ec2.admin-port-internet-reachable",
    )
    assert set(found.values()) == {Verdict.UNKNOWN}


def test_lines_point_at_the_logical_ids() -> None:
    sources = read(TEMPLATE).result.sources
    lines = TEMPLATE.read_text().splitlines()
    assert sources
    for source in sources.values():
        assert source.line is not None
        assert lines[source.line - 1].strip() == f"{source.name}:"


def test_generated_names_follow_the_stack(tmp_path: Path) -> None:
    body = "Resources:\n  Logs:\n    Type: AWS::S3::Bucket\n"
    snapshot = read(template(tmp_path, body, "Team_Stack.yaml")).result.snapshot
    assert [b.name for b in snapshot.of_type(S3Bucket)] == ["team-stack-logs"]


def test_default_groups_come_with_the_vpc(tmp_path: Path) -> None:
    snapshot = read(template(tmp_path, _exposed("    Default: 0.0.0.0/0"))).result.snapshot
    names = sorted(g.name for g in snapshot.of_type(SecurityGroup))
    assert names == ["default", "sg-stack-sg"]
    box = next(snapshot.of_type(Ec2Instance))
    assert box.public_ip is not None and box.public_ip.startswith("203.0.113.")


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("Resources: [\n", "not valid YAML or JSON"),
        ("a: b: c\n", "not valid YAML or JSON"),
        (
            "Resources:\n  A:\n    Type: AWS::S3::Bucket\n    Properties: {BucketName: !Bogus x}\n",
            "unknown intrinsic function",
        ),
        (
            "Resources:\n  A:\n    Type: AWS::S3::Bucket\n"
            "    Properties: {BucketName: !Ref Nope}\n",
            "neither a parameter nor a resource",
        ),
        (
            "Transform: AWS::Serverless-2016-10-31\nResources:\n  A: {Type: AWS::S3::Bucket}\n",
            "Transform",
        ),
        ("Description: nothing\n", "no Resources section"),
        ("Resources:\n  bad-id:\n    Type: AWS::S3::Bucket\n", "not a logical id"),
        ("Resources:\n  A:\n    Properties: {}\n", "has no Type"),
        (
            "Resources:\n  A:\n    Type: AWS::EC2::SecurityGroup\n    Properties:\n"
            "      SecurityGroupIngress:\n"
            "        [{IpProtocol: tcp, FromPort: x, ToPort: 2, CidrIp: 1.2.3.4/32}]\n",
            "A",
        ),
    ],
)
def test_bad_templates_are_one_input_error(tmp_path: Path, body: str, message: str) -> None:
    with pytest.raises(InputError, match=message):
        read(template(tmp_path, body))


def test_yaml_alias_bombs_are_bounded(tmp_path: Path) -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{n}: &a{n} [" + ", ".join([f"*a{n - 1}"] * 10) + "]" for n in range(1, 9)]
    body = (
        "\n".join(lines) + "\nResources:\n  A:\n    Type: AWS::S3::Bucket\n    Properties:\n"
        "      Tags: *a8\n"
    )
    with pytest.raises(InputError):
        read(template(tmp_path, body))
    assert yaml  # the bomb is ordinary YAML; only resolution is bounded
