"""Seed a moto server with "Northwind Notes", a fictional small SaaS company.

Account 123456789012 (moto's default); main region us-east-1, a smaller footprint in eu-west-1.
Names hint at the verdict: ``legacy``/``public``/``scratch`` are the bad ones, ``app``/``orders``/
``customer-data`` the well-kept ones. Plain boto3, one function per service; no CloudFormation
(moto drops resource properties from templates).

Deliberate misconfigurations, with the incloud check each should fail ("no check yet" where none
covers it today). Each area module's docstring lists them in full, with the Security Hub
controls, the resources that are fine, and the moto quirks behind some of them.

:mod:`.identity` (IAM, KMS)
  weak password policy (iam.password-policy-strong); ``bob`` without MFA (iam.console-user-mfa);
  ``ci-deploy``'s own policies (iam.user-policies-via-groups); ``admins`` with ``*`` on ``*``
  (no check yet); no root row in moto's credential report (iam.root-* say unknown);
  ``alias/northwind-legacy`` without rotation (kms.key-rotation-enabled).
:mod:`.storage` (S3, EBS, RDS, SimpleDB)
  no account-level Block Public Access (s3.account-public-access-block);
  ``northwind-public-assets`` public, unversioned, unlogged (s3.bucket-acl-not-public,
  s3.bucket-versioning, s3.bucket-access-logging); the log bucket unversioned and unlogged;
  EBS default encryption off in us-east-1 (ec2.ebs-encryption-by-default); unencrypted volumes
  (ec2.volume-encrypted) and a public snapshot (ec2.snapshot-not-public);
  ``legacy-reporting-db`` public and unencrypted (rds.instance-not-public,
  rds.instance-storage-encrypted) with a public manual snapshot (no check yet);
  ``legacy-report-index``, a SimpleDB domain: the company declares HIPAA (``incloud demo``
  scans with ``--scope hipaa``) and SimpleDB is not in AWS's HIPAA scope in the programme data.
:mod:`.network` (VPCs, subnets, routes, security groups, flow logs)
  SSH and RDP open to the internet (ec2.security-group-admin-ports); default security groups
  as AWS creates them (ec2.default-security-group-closed); VPCs without a flow log
  (ec2.vpc-flow-logs); public subnets mapping public IPs (ec2.subnet-auto-assign-public-ip).
:mod:`.exposure` (network ACLs, Elastic IPs, Redshift and OpenSearch placement)
  ``legacy-admin-nacl`` and the default ACLs admit SSH/RDP from anywhere
  (ec2.nacl-admin-ports); ``legacy-spare-eip`` unassociated (ec2.unused-elastic-ip);
  ``legacy-bi-dw`` publicly accessible in routed public subnets (redshift.cluster-not-public);
  ``legacy-logs`` outside a VPC, unlike ``orders-search`` (es.domain-not-public).
:mod:`.compute` (EC2 instances and launch templates, Lambda, CloudTrail)
  IMDSv1 on ``web-legacy`` and ``web-lt`` (ec2.instance-imdsv2, ec2.launch-template-imdsv2);
  ``legacy-report-export`` on python3.7 (lambda.runtime-supported) behind an unauthenticated
  URL (lambda.function-url-auth), holding ``DB_PASSWORD`` (lambda.no-secrets-in-environment;
  never print it); a single-region trail without log file validation or a KMS key, to a log
  bucket without access logging (cloudtrail.multi-region-logging,
  cloudtrail.log-file-validation, cloudtrail.kms-encryption,
  cloudtrail.bucket-access-logging).
:mod:`.detection` (AWS Config, GuardDuty, Security Hub, AWS Backup)
  all on in us-east-1 and off in eu-west-1 (config.recorder-enabled, guardduty.enabled,
  securityhub.enabled, backup.data-stores-covered); moto lacks Security Hub's standards and
  Backup's selections, so those two are unknown in us-east-1.
:mod:`.application` (secrets in configuration, ECR, ECS, EKS)
  an access key pair in ``batch-legacy``'s user data and a password in ``batch-lt``'s
  (ec2.no-secrets-in-user-data, ec2.no-secrets-in-launch-template); ``legacy/report-builder``
  unscanned with mutable tags (ecr.scan-on-push, ecr.tag-immutability); a GitHub token in the
  ``report-builder`` task definition (ecs.no-secrets-in-task-definition); ``legacy-k8s`` on
  Kubernetes 1.27 with its API endpoint open to 0.0.0.0/0 (eks.cluster-version-supported,
  eks.endpoint-not-public).
:mod:`.services` (Kinesis, Step Functions, Route 53, Macie, EMR's account setting)
  ``legacy-clickstream`` unencrypted (kinesis.stream-encrypted); ``legacy-nightly-export``
  without logging (states.state-machine-logging); ``legacy-promo.example`` without DNS query
  logging (route53.hosted-zone-query-logging); Macie off in eu-west-1 (macie2.enabled).
:mod:`.migration` (Neptune, DMS, Network Firewall)
  ``legacy-recommendations`` unencrypted, one day of backups, unprotected, no audit log
  (neptune.cluster-*); ``legacy-migration`` public without minor upgrades, ``orders-source``
  without TLS, ``legacy-copy`` without logging (dms.*); ``northwind-egress`` unprotected and
  not logging (network-firewall.firewall-*).
:mod:`.monitoring` (CloudWatch Logs, metric filters, alarms)
  the trail's log group has a complete root-usage alarm chain, but the trail is single-region
  (cloudwatch.alarm-root-usage); an IAM-policy filter without an alarm
  (cloudwatch.alarm-iam-policy-changes); no filter for the other activities; a function log
  group kept 7 days (logs.log-group-retention).
:mod:`.fsbp_breadth` (S3 and EFS access points, SSM documents, a partner bucket, IAM)
  ``northwind-analytics`` with Block Public Access off (s3.access-point-public-access-block);
  ``legacy-shared-files-root`` at the file system's root with no POSIX user
  (elasticfilesystem.access-point-root-directory, -user-identity); ``northwind-restart-app``
  shared publicly (ssm.document-not-public); ``northwind-partner-drop`` letting a partner
  rewrite its policy (s3.bucket-policy-cross-account-actions); ``northwind-ops-wildcards``
  with ``s3:*`` and decryption on every key (iam.policy-no-service-wildcard,
  iam.policy-kms-decrypt-all-keys).
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from ._common import (
    ACCOUNT_ID,
    ADMIN_POLICY_ARN,
    AUDITOR_ACCOUNT_ID,
    DEMO_PASSWORD,
    EU_REGION,
    FAKE_DB_PASSWORD,
    LOG_BUCKET,
    MAIN_REGION,
    REGIONS,
    _Seeder,
)
from .application import seed_application
from .compute import seed_cloudtrail, seed_ec2, seed_lambda
from .data_protection import seed_data_protection
from .detection import seed_detection
from .exposure import seed_exposure
from .front_doors import seed_front_doors
from .fsbp_breadth import seed_fsbp_breadth
from .identity import seed_iam, seed_kms
from .migration import seed_migration
from .monitoring import seed_monitoring
from .network import seed_eu_network, seed_network
from .services import seed_services
from .storage import seed_ebs, seed_rds, seed_s3, seed_simpledb
from .stores import seed_stores

__all__ = [
    "ACCOUNT_ID",
    "ADMIN_POLICY_ARN",
    "AUDITOR_ACCOUNT_ID",
    "DEMO_PASSWORD",
    "EU_REGION",
    "FAKE_DB_PASSWORD",
    "LOG_BUCKET",
    "MAIN_REGION",
    "REGIONS",
    "SeedSummary",
    "seed",
]


@dataclass(frozen=True)
class SeedSummary:
    """What :func:`seed` built.

    ``regions`` are the regions holding seeded resources (scan these). ``resources`` counts the
    successful create-style calls (``Create*``, ``RunInstances``, ``RegisterImage``,
    ``AllocateAddress``); configuration calls (put, enable, attach, modify) are not counted.
    ``seconds`` is the wall-clock seeding time.
    """

    regions: tuple[str, ...]
    resources: int
    seconds: float


def seed(endpoint_url: str) -> SeedSummary:
    """Create the Northwind Notes account on the moto server at ``endpoint_url``.

    Run it once against a fresh server: names are fixed, so a second run fails on duplicates.
    """
    started = time.perf_counter()
    s = _Seeder(endpoint_url)
    for step in (
        seed_kms,  # first: IAM, S3, EBS and RDS use the data key
        seed_iam,  # before EC2 (instance profile) and Lambda (execution role)
        seed_s3,  # before the flow log and the trail, which deliver to the log bucket
        seed_network,
        seed_eu_network,
        seed_ec2,
        seed_ebs,
        seed_rds,
        seed_data_protection,  # after storage: policies, keys and TLS on its resources
        seed_simpledb,
        seed_stores,  # after seed_kms: the data key encrypts several stores
        seed_services,  # after seed_kms (the data key)
        seed_migration,  # after seed_kms and seed_network: the data key, the VPC's subnets
        seed_exposure,  # after seed_network: subnets for the warehouse and the search domain
        seed_lambda,
        seed_application,  # after seed_ec2 (its image) and seed_network (subnets)
        seed_front_doors,  # after seed_network: the ALBs use its subnets and groups
        seed_cloudtrail,
        seed_monitoring,  # after seed_cloudtrail: delivers its trail to CloudWatch Logs
        seed_detection,  # after seed_s3: Config delivers to the log bucket
        seed_fsbp_breadth,  # after seed_s3 and seed_stores: access points on their stores
    ):
        step(s)
    return SeedSummary(REGIONS, s.created, round(time.perf_counter() - started, 3))
