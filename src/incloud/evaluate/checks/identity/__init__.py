"""Identity and access: the root user, credentials, MFA and how permissions are granted."""

from . import iam

__all__ = ["iam"]
