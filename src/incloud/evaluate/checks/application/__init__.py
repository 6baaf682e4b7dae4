"""Application security: instance metadata, runtimes and public entry points."""

from . import awslambda, ec2

__all__ = ["awslambda", "ec2"]
