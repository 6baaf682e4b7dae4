"""Amazon SageMaker AI: notebook instances (the execution role they run as, their network and
root access), endpoint configurations and models.
"""

from __future__ import annotations

from typing import ClassVar, Literal

from .base import Frozen, Resource


class SageMakerNotebook(Resource):
    """A notebook instance: its Jupyter server runs as ``role_arn``; a presigned URL opens
    it, and a lifecycle configuration runs a script as that role when it starts.
    """

    kind: Literal["sagemaker.notebook-instance"] = "sagemaker.notebook-instance"
    status: str = "InService"
    """``Pending``, ``InService``, ``Stopping``, ``Stopped``, ``Failed``, ``Deleting``,
    ``Updating``."""
    role_arn: str | None = None
    """None when the notebook instance could not be described."""
    lifecycle_config: str | None = None
    direct_internet_access: bool | None = None
    """``DirectInternetAccess`` is ``Enabled`` (AWS's default): SageMaker gives the instance
    its own route to the internet. None when not read."""
    subnet_id: str | None = None
    """The customer VPC subnet the instance's interface is in (None: not in one, or not
    read)."""
    root_access: bool | None = None
    """``RootAccess`` is ``Enabled`` (AWS's default): notebook users can become root. None
    when not read."""

    service: ClassVar[str] = "sagemaker"
    listed_by: ClassVar[tuple[str, ...]] = ("sagemaker:ListNotebookInstances",)


class ProductionVariant(Frozen):
    """One production variant of an endpoint configuration: instance-based
    (``initial_instance_count``) or serverless (``serverless`` true, no count).
    """

    name: str
    initial_instance_count: int | None = None
    serverless: bool = False


class SageMakerEndpointConfig(Resource):
    """An endpoint configuration: the models an endpoint serves and on how many instances."""

    kind: Literal["sagemaker.endpoint-config"] = "sagemaker.endpoint-config"
    variants: tuple[ProductionVariant, ...] | None = None
    """None when the configuration could not be described."""

    service: ClassVar[str] = "sagemaker"
    listed_by: ClassVar[tuple[str, ...]] = ("sagemaker:ListEndpointConfigs",)


class SageMakerModel(Resource):
    """A model: the inference containers endpoints and batch transform jobs run."""

    kind: Literal["sagemaker.model"] = "sagemaker.model"
    network_isolation: bool | None = None
    """``EnableNetworkIsolation``: its containers make no outbound network calls. None when
    the model could not be described."""

    service: ClassVar[str] = "sagemaker"
    listed_by: ClassVar[tuple[str, ...]] = ("sagemaker:ListModels",)
