"""Reference data shipped with incloud (each file names its source and licence)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib import resources


@dataclass(frozen=True)
class RuntimeLifecycle:
    """AWS's published lifecycle dates for one Lambda runtime identifier."""

    runtime: str
    deprecation_date: date | None
    block_function_create: date | None
    block_function_update: date | None


@cache
def lambda_runtimes() -> dict[str, RuntimeLifecycle]:
    """Lambda runtimes by identifier, from ``lambda_runtimes.json`` (AWS's runtime table)."""
    text = resources.files(__package__).joinpath("lambda_runtimes.json").read_text()
    rows = json.loads(text)["runtimes"]

    def day(value: str | None) -> date | None:
        return date.fromisoformat(value) if value else None

    return {
        row["runtime"]: RuntimeLifecycle(
            runtime=row["runtime"],
            deprecation_date=day(row["deprecation_date"]),
            block_function_create=day(row["block_function_create"]),
            block_function_update=day(row["block_function_update"]),
        )
        for row in rows
    }


@dataclass(frozen=True)
class KubernetesVersionSupport:
    """AWS's published support dates for one Kubernetes minor version on Amazon EKS."""

    version: str
    end_of_standard_support: date
    end_of_extended_support: date | None


@cache
def eks_versions() -> dict[str, KubernetesVersionSupport]:
    """EKS Kubernetes versions by minor version, from ``eks_versions.json`` (AWS's release
    calendar).
    """
    text = resources.files(__package__).joinpath("eks_versions.json").read_text()
    return {
        row["version"]: KubernetesVersionSupport(
            version=row["version"],
            end_of_standard_support=date.fromisoformat(row["end_of_standard_support"]),
            end_of_extended_support=date.fromisoformat(row["end_of_extended_support"])
            if row["end_of_extended_support"]
            else None,
        )
        for row in json.loads(text)["versions"]
    }
