"""Network security: exposure, segmentation and flow logging."""

from . import ec2, rds

__all__ = ["ec2", "rds"]
