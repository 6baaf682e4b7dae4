"""Northwind's misconfigurations for the FSBP breadth checks (issue 17): an S3 access point
whose Block Public Access is off, an EFS access point that neither confines clients to a
directory nor imposes a user, a Systems Manager document shared with everyone, a bucket
policy handing a partner the bucket's policy, and a customer-managed policy with a service
wildcard that decrypts with every KMS key.

Each has a well-kept twin, so the checks show a pass beside the failure:

* ``northwind-analytics`` (S3 access point, BPA off)  -> s3.access-point-public-access-block
* ``legacy-shared-files`` access point                 -> elasticfilesystem.access-point-*
* ``northwind-restart-app`` (public document)          -> ssm.document-not-public
* ``northwind-partner-drop`` bucket policy             -> s3.bucket-policy-cross-account-actions
* ``northwind-ops-wildcards`` policy                   -> iam.policy-no-service-wildcard,
                                                          iam.policy-kms-decrypt-all-keys
"""

from __future__ import annotations

import json
from typing import Any

from ...collect.session import strip_account_host_prefix
from ._common import ACCOUNT_ID, PARTNER_ACCOUNT_ID, _allow, _doc, _Seeder

RUNBOOK = {
    "schemaVersion": "2.2",
    "description": "Restart the notes application",
    "mainSteps": [
        {
            "action": "aws:runShellScript",
            "name": "restart",
            "inputs": {"runCommand": ["systemctl restart northwind-notes"]},
        }
    ],
}


def seed_fsbp_breadth(s: _Seeder) -> None:
    """Seed the misconfigurations above (after the S3 buckets and the EFS file systems)."""
    _seed_access_points(s)
    _seed_efs_access_points(s)
    _seed_documents(s)
    _seed_partner_bucket(s)
    s("iam").create_policy(
        PolicyName="northwind-ops-wildcards",
        PolicyDocument=_doc(
            _allow(["s3:*", "cloudwatch:GetMetricData"]),
            _allow(["kms:Decrypt", "kms:DescribeKey"]),
        ),
    )


def _s3control(s: _Seeder) -> Any:
    """The S3 Control client; moto's server needs the account id out of the host name."""
    client = s("s3control")
    client.meta.events.register("before-send.s3-control", strip_account_host_prefix)
    return client


def _seed_access_points(s: _Seeder) -> None:
    control = _s3control(s)
    control.create_access_point(
        AccountId=ACCOUNT_ID, Name="northwind-reports", Bucket="northwind-customer-data"
    )
    control.create_access_point(
        AccountId=ACCOUNT_ID,
        Name="northwind-analytics",
        Bucket="northwind-customer-data",
        PublicAccessBlockConfiguration={
            "BlockPublicAcls": True,
            "IgnorePublicAcls": True,
            "BlockPublicPolicy": False,
            "RestrictPublicBuckets": False,
        },
    )


def _seed_efs_access_points(s: _Seeder) -> None:
    efs = s("efs")
    systems = {
        f["CreationToken"]: f["FileSystemId"] for f in efs.describe_file_systems()["FileSystems"]
    }
    efs.create_access_point(
        FileSystemId=systems["northwind-home"],
        PosixUser={"Uid": 1001, "Gid": 1001},
        RootDirectory={"Path": "/notes"},
        Tags=[{"Key": "Name", "Value": "northwind-notes-app"}],
    )
    efs.create_access_point(
        FileSystemId=systems["legacy-shared-files"],
        Tags=[{"Key": "Name", "Value": "legacy-shared-files-root"}],
    )


def _seed_documents(s: _Seeder) -> None:
    ssm = s("ssm")
    for name in ("northwind-restart-app", "northwind-rotate-logs"):
        ssm.create_document(Content=json.dumps(RUNBOOK), Name=name, DocumentType="Command")
    ssm.modify_document_permission(
        Name="northwind-restart-app", PermissionType="Share", AccountIdsToAdd=["all"]
    )


def _seed_partner_bucket(s: _Seeder) -> None:
    s3, name = s("s3"), "northwind-partner-drop"
    s3.create_bucket(Bucket=name, ObjectOwnership="BucketOwnerEnforced")
    partner = {"AWS": f"arn:aws:iam::{PARTNER_ACCOUNT_ID}:root"}
    s3.put_bucket_policy(
        Bucket=name,
        Policy=_doc(
            {
                "Sid": "PartnerManagesDrop",
                "Effect": "Allow",
                "Principal": partner,
                "Action": ["s3:PutObject", "s3:PutBucketPolicy"],
                "Resource": [f"arn:aws:s3:::{name}", f"arn:aws:s3:::{name}/*"],
            }
        ),
    )
