"""Amazon SageMaker AI collector: notebook instances with their execution roles."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ...snapshot import Resource
from ...snapshot.sagemaker import SageMakerNotebook
from ..registry import collector
from ..unit import Unit


@collector(
    service="sagemaker",
    scope="regional",
    operations=("sagemaker:ListNotebookInstances", "sagemaker:DescribeNotebookInstance"),
)
def collect_sagemaker(unit: Unit) -> Iterator[Resource]:
    """Every notebook instance in the region (the listing lacks the role: one read each)."""
    listed = unit.pages("list_notebook_instances", "NotebookInstances")
    yield from unit.fan_out(lambda raw: _notebook(unit, raw), listed)


def _notebook(unit: Unit, listed: dict[str, Any]) -> SageMakerNotebook:
    # Name, ARN and status are required in botocore's model of the listing.
    name, arn = listed["NotebookInstanceName"], listed["NotebookInstanceArn"]
    answer = unit.call("describe_notebook_instance", resource_arn=arn, NotebookInstanceName=name)
    return SageMakerNotebook(
        arn=arn,
        name=name,
        account_id=unit.account_id,
        region=unit.region,
        status=(answer or listed).get("NotebookInstanceStatus", "InService"),
        role_arn=(answer or {}).get("RoleArn"),
        lifecycle_config=(answer or listed).get("NotebookInstanceLifecycleConfigName"),
    )
