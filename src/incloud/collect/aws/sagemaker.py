"""Amazon SageMaker AI collector: notebook instances (execution roles, network, root access),
endpoint configurations (production variants) and models (network isolation).

The listings carry names only: each item is described once (``Describe*`` per resource, on
the unit's per-resource threads). A failed describe is a gap on that resource.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ...snapshot import Resource
from ...snapshot.sagemaker import (
    ProductionVariant,
    SageMakerEndpointConfig,
    SageMakerModel,
    SageMakerNotebook,
)
from ..registry import collector
from ..unit import Unit


@collector(
    service="sagemaker",
    scope="regional",
    operations=(
        "sagemaker:ListNotebookInstances",
        "sagemaker:DescribeNotebookInstance",
        "sagemaker:ListEndpointConfigs",
        "sagemaker:DescribeEndpointConfig",
        "sagemaker:ListModels",
        "sagemaker:DescribeModel",
    ),
)
def collect_sagemaker(unit: Unit) -> Iterator[Resource]:
    """Every notebook instance, endpoint configuration and model in the region."""
    yield from unit.gather(
        lambda: unit.fan_out(
            lambda raw: _notebook(unit, raw),
            unit.pages("list_notebook_instances", "NotebookInstances"),
        ),
        lambda: unit.fan_out(
            lambda raw: _endpoint_config(unit, raw),
            unit.pages("list_endpoint_configs", "EndpointConfigs"),
        ),
        lambda: unit.fan_out(lambda raw: _model(unit, raw), unit.pages("list_models", "Models")),
    )


def _notebook(unit: Unit, listed: dict[str, Any]) -> SageMakerNotebook:
    # Name, ARN and status are required in botocore's model of the listing.
    name, arn = listed["NotebookInstanceName"], listed["NotebookInstanceArn"]
    answer = unit.call("describe_notebook_instance", resource_arn=arn, NotebookInstanceName=name)
    described: dict[str, Any] = {}
    if answer is not None:
        # DirectInternetAccess and RootAccess are optional in botocore's model; both default
        # to Enabled (SageMaker API Reference, CreateNotebookInstance).
        described = {
            "direct_internet_access": answer.get("DirectInternetAccess", "Enabled") == "Enabled",
            "root_access": answer.get("RootAccess", "Enabled") == "Enabled",
            "subnet_id": answer.get("SubnetId"),
        }
    return SageMakerNotebook(
        arn=arn,
        name=name,
        account_id=unit.account_id,
        region=unit.region,
        status=(answer or listed).get("NotebookInstanceStatus", "InService"),
        role_arn=(answer or {}).get("RoleArn"),
        lifecycle_config=(answer or listed).get("NotebookInstanceLifecycleConfigName"),
        **described,
    )


def _endpoint_config(unit: Unit, listed: dict[str, Any]) -> SageMakerEndpointConfig:
    # Name and ARN are required in botocore's model of the listing.
    name, arn = listed["EndpointConfigName"], listed["EndpointConfigArn"]
    answer = unit.call("describe_endpoint_config", resource_arn=arn, EndpointConfigName=name)
    variants = None
    if answer is not None:
        # ProductionVariants and each VariantName are required in botocore's model.
        variants = tuple(
            ProductionVariant(
                name=v["VariantName"],
                initial_instance_count=v.get("InitialInstanceCount"),
                serverless="ServerlessConfig" in v,
            )
            for v in answer["ProductionVariants"]
        )
    return SageMakerEndpointConfig(
        arn=arn, name=name, account_id=unit.account_id, region=unit.region, variants=variants
    )


def _model(unit: Unit, listed: dict[str, Any]) -> SageMakerModel:
    # Name and ARN are required in botocore's model of the listing.
    name, arn = listed["ModelName"], listed["ModelArn"]
    answer = unit.call("describe_model", resource_arn=arn, ModelName=name)
    return SageMakerModel(
        arn=arn,
        name=name,
        account_id=unit.account_id,
        region=unit.region,
        # EnableNetworkIsolation is optional in botocore's model; AWS's default is false.
        network_isolation=(
            answer.get("EnableNetworkIsolation", False) if answer is not None else None
        ),
    )
