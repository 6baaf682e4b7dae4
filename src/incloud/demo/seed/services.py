"""Managed services of the demo account: Kinesis, Step Functions, Route 53, Macie and EMR's
account setting (few, and cheap to seed: each new service costs the moto server a backend to load).

Deliberate misconfigurations: the incloud check each should fail, then the Security Hub
control it corresponds to.

Kinesis Data Streams
  - ``legacy-clickstream``: records stored unencrypted -> kinesis.stream-encrypted; Kinesis.1
  Fine: ``orders-stream`` (SSE-KMS with the data key).
Step Functions
  - ``legacy-nightly-export``: logging OFF -> states.state-machine-logging; StepFunctions.1
  Fine: ``order-fulfilment`` (errors logged to CloudWatch Logs).
Route 53
  - ``legacy-promo.example.``: public zone without DNS query logging ->
    route53.hosted-zone-query-logging; Route53.2
  Fine: ``northwind-notes.example.`` (queries logged); ``internal.northwind.`` is private
  (not judged).
Macie
  - off in eu-west-1 -> macie2.enabled; Macie.1 (on in us-east-1: moto's server starts with it
    enabled in every region)
EMR
  Block public access as AWS sets it for every account (on, port 22 only) in both regions:
  moto answers an unset setting without the flag AWS always sends.

moto notes: every read the collectors make is implemented.
"""

from __future__ import annotations

import json

from ._common import ACCOUNT_ID, EU_REGION, MAIN_REGION, _Seeder

_DEFINITION = json.dumps({"StartAt": "Done", "States": {"Done": {"Type": "Succeed"}}})


def seed_services(s: _Seeder) -> None:
    """Create one well-kept and one neglected resource of each managed service."""
    kinesis = s("kinesis")
    for name in ("orders-stream", "legacy-clickstream"):
        kinesis.create_stream(StreamName=name, ShardCount=1)
    kinesis.start_stream_encryption(
        StreamName="orders-stream", EncryptionType="KMS", KeyId=s.data_key
    )
    group = _log_group(s, "/northwind/workflows")
    states = s("stepfunctions")
    role = f"arn:aws:iam::{ACCOUNT_ID}:role/northwind-workflows"
    states.create_state_machine(
        name="order-fulfilment",
        definition=_DEFINITION,
        roleArn=role,
        loggingConfiguration={
            "level": "ERROR",
            "includeExecutionData": False,
            "destinations": [{"cloudWatchLogsLogGroup": {"logGroupArn": group}}],
        },
    )
    states.create_state_machine(name="legacy-nightly-export", definition=_DEFINITION, roleArn=role)
    _seed_dns(s)
    s("macie2", EU_REGION).disable_macie()
    for region in (MAIN_REGION, EU_REGION):
        s("emr", region).put_block_public_access_configuration(
            BlockPublicAccessConfiguration={
                "BlockPublicSecurityGroupRules": True,
                "PermittedPublicSecurityGroupRuleRanges": [{"MinRange": 22, "MaxRange": 22}],
            }
        )


def _log_group(s: _Seeder, name: str) -> str:
    logs = s("logs")
    logs.create_log_group(logGroupName=name)
    found = logs.describe_log_groups(logGroupNamePrefix=name)["logGroups"]
    return str(found[0]["arn"])


def _seed_dns(s: _Seeder) -> None:
    route53 = s("route53")
    logged = route53.create_hosted_zone(Name="northwind-notes.example", CallerReference="notes")
    route53.create_hosted_zone(Name="legacy-promo.example", CallerReference="promo")
    vpc = s("ec2").describe_vpcs()["Vpcs"][0]["VpcId"]
    route53.create_hosted_zone(
        Name="internal.northwind",
        CallerReference="internal",
        VPC={"VPCRegion": MAIN_REGION, "VPCId": vpc},
        HostedZoneConfig={"PrivateZone": True},
    )
    route53.create_query_logging_config(
        HostedZoneId=logged["HostedZone"]["Id"],
        CloudWatchLogsLogGroupArn=_log_group(s, "/aws/route53/northwind-notes.example"),
    )
