"""Data protection: encryption at rest, keys, and keeping data from the public."""

from . import ec2, kms, rds, s3

__all__ = ["ec2", "kms", "rds", "s3"]
