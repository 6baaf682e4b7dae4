"""AWS Glue collector: jobs and development endpoints with their roles (the bulk Get*
listings carry each one's whole definition).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, TypeVar

from ...snapshot import Resource
from ...snapshot.glue import GlueDevEndpoint, GlueJob
from ..registry import collector
from ..unit import Unit

R = TypeVar("R", GlueJob, GlueDevEndpoint)


@collector(service="glue", scope="regional", operations=("glue:GetJobs", "glue:GetDevEndpoints"))
def collect_glue(unit: Unit) -> Iterator[Resource]:
    """Every job and development endpoint in the region."""
    raw_jobs, raw_endpoints = unit.both(
        lambda: unit.pages("get_jobs", "Jobs"),
        lambda: unit.pages("get_dev_endpoints", "DevEndpoints"),
    )
    # A job's Name and an endpoint's EndpointName identify them (optional in botocore's model).
    for raw in raw_jobs:
        yield _named(unit, GlueJob, f"job/{raw['Name']}", role_arn=raw.get("Role"))
    for raw in raw_endpoints:
        yield _named(
            unit,
            GlueDevEndpoint,
            f"devEndpoint/{raw['EndpointName']}",
            role_arn=raw.get("RoleArn"),
            status=raw.get("Status", "READY"),
        )


def _named(unit: Unit, model: type[R], resource: str, **fields: Any) -> R:
    """A Glue resource of this unit's account and region, named by the end of ``resource``."""
    return model(
        arn=unit.arn(resource),
        name=resource.partition("/")[2],
        account_id=unit.account_id,
        region=unit.region,
        **fields,
    )
