"""Compliance: audit logging and the evidence frameworks ask for."""

from . import cloudtrail, s3

__all__ = ["cloudtrail", "s3"]
