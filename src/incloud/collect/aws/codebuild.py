"""AWS CodeBuild collector: build projects with their service roles, described in bulk."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ...snapshot import Resource
from ...snapshot.codebuild import CodeBuildProject
from ..registry import collector
from ..unit import Unit

BATCH_GET_PROJECTS = 100
"""The most names ``BatchGetProjects`` takes at once (CodeBuild API Reference)."""


@collector(
    service="codebuild",
    scope="regional",
    operations=("codebuild:ListProjects", "codebuild:BatchGetProjects"),
)
def collect_codebuild(unit: Unit) -> Iterator[Resource]:
    """Every build project in the region."""
    names: list[str] = unit.pages("list_projects", "projects")
    described: dict[str, dict[str, Any]] = {}
    for start in range(0, len(names), BATCH_GET_PROJECTS):
        answer = unit.call("batch_get_projects", names=names[start : start + BATCH_GET_PROJECTS])
        described.update({p["name"]: p for p in (answer or {}).get("projects", [])})
    for name in names:
        raw = described.get(name, {})
        yield CodeBuildProject(
            arn=raw.get("arn") or unit.arn(f"project/{name}"),
            name=name,
            account_id=unit.account_id,
            region=unit.region,
            service_role_arn=raw.get("serviceRole"),
        )
