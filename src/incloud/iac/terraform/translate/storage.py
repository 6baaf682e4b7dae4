"""Terraform translators: S3 buckets and their settings."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from ...assembly import Declared
from ._registry import Translator, each, first, policy, tags, translates

_BUCKET_ACLS = {
    "private": "Private",
    "public-read": "PublicRead",
    "public-read-write": "PublicReadWrite",
    "authenticated-read": "AuthenticatedRead",
    "log-delivery-write": "LogDeliveryWrite",
    "bucket-owner-read": "BucketOwnerRead",
    "bucket-owner-full-control": "BucketOwnerFullControl",
    "aws-exec-read": "AwsExecRead",
}


@translates("aws_s3_bucket")
def _bucket(v: dict[str, Any], make: Any) -> Iterator[Declared]:
    props: dict[str, Any] = {
        "BucketName": v.get("bucket"),
        "Tags": tags(v.get("tags")),
        "ObjectLockEnabled": v.get("object_lock_enabled") or None,
    }
    acl = v.get("acl")
    if isinstance(acl, str):
        props["AccessControl"] = _BUCKET_ACLS.get(acl, acl)
    yield make("AWS::S3::Bucket", props)


def _bucket_setting(key: str, value: Callable[[dict[str, Any]], Any]) -> Translator:
    def translator(v: dict[str, Any], make: Any) -> Iterator[Declared]:
        yield make(
            "Terraform::S3::BucketSetting",
            {"Bucket": v.get("bucket"), "Key": key, "Value": value(v)},
        )

    return translator


def _block(v: dict[str, Any]) -> dict[str, Any]:
    return {
        "BlockPublicAcls": v.get("block_public_acls"),
        "IgnorePublicAcls": v.get("ignore_public_acls"),
        "BlockPublicPolicy": v.get("block_public_policy"),
        "RestrictPublicBuckets": v.get("restrict_public_buckets"),
    }


def _encryption(v: dict[str, Any]) -> Any:
    rules = []
    for rule in each(v.get("rule")):
        default = first(rule.get("apply_server_side_encryption_by_default")) or {}
        rules.append(
            {
                "ServerSideEncryptionByDefault": {
                    "SSEAlgorithm": default.get("sse_algorithm"),
                    "KMSMasterKeyID": default.get("kms_master_key_id") or None,
                },
                "BucketKeyEnabled": rule.get("bucket_key_enabled"),
            }
        )
    return {"ServerSideEncryptionConfiguration": rules}


_SETTINGS: dict[str, tuple[str, Callable[[dict[str, Any]], Any]]] = {
    "aws_s3_bucket_policy": ("PolicyDocument", lambda v: policy(v.get("policy"))),
    "aws_s3_bucket_public_access_block": ("PublicAccessBlockConfiguration", _block),
    "aws_s3_bucket_acl": (
        "AccessControl",
        lambda v: _BUCKET_ACLS.get(str(v.get("acl")), v.get("acl")),
    ),
    "aws_s3_bucket_versioning": (
        "VersioningConfiguration",
        lambda v: {"Status": (first(v.get("versioning_configuration")) or {}).get("status")},
    ),
    "aws_s3_bucket_ownership_controls": (
        "OwnershipControls",
        lambda v: {
            "Rules": [{"ObjectOwnership": (first(v.get("rule")) or {}).get("object_ownership")}]
        },
    ),
    "aws_s3_bucket_server_side_encryption_configuration": ("BucketEncryption", _encryption),
    "aws_s3_bucket_logging": (
        "LoggingConfiguration",
        lambda v: {"DestinationBucketName": v.get("target_bucket")},
    ),
}
for _name, (_property, _value) in _SETTINGS.items():
    translates(_name)(_bucket_setting(_property, _value))
