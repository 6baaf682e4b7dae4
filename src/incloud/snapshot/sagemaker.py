"""Amazon SageMaker AI: notebook instances and the execution role they run as."""

from __future__ import annotations

from typing import ClassVar, Literal

from .base import Resource


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

    service: ClassVar[str] = "sagemaker"
    listed_by: ClassVar[tuple[str, ...]] = ("sagemaker:ListNotebookInstances",)
