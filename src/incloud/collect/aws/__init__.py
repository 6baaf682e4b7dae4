"""Service collectors; importing this package registers them all."""

from . import awslambda, cloudtrail, ec2, iam, kms, rds, s3, sdb

__all__ = ["awslambda", "cloudtrail", "ec2", "iam", "kms", "rds", "s3", "sdb"]
