"""Builders: declared resources (CloudFormation property shapes) -> snapshot models.

Each module covers one area and registers a builder per resource type with
:func:`~incloud.iac.builders.registry.builds`; :func:`build` runs them in declaration order, then
the steps that need every resource drafted (rules added to groups, routes to tables).
"""

from __future__ import annotations

from .registry import build, supported_types

__all__ = ["build", "supported_types"]
