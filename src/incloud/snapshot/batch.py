"""AWS Batch: compute environments, job queues and active job definitions (what escalation
analysis needs to know where a job can be submitted and which role it runs as).
"""

from __future__ import annotations

from typing import ClassVar, Literal

from .base import Resource


class BatchComputeEnvironment(Resource):
    """A compute environment: where a queue's jobs run."""

    kind: Literal["batch.compute-environment"] = "batch.compute-environment"
    state: str = "ENABLED"
    """``ENABLED`` or ``DISABLED`` (a disabled one takes no new jobs)."""
    status: str = "VALID"
    """``CREATING``, ``UPDATING``, ``DELETING``, ``DELETED``, ``VALID`` or ``INVALID``."""

    service: ClassVar[str] = "batch"
    listed_by: ClassVar[tuple[str, ...]] = ("batch:DescribeComputeEnvironments",)

    @property
    def usable(self) -> bool:
        """True when jobs placed here can run (enabled and valid)."""
        return self.state == "ENABLED" and self.status == "VALID"


class BatchJobQueue(Resource):
    """A job queue and the compute environments it places jobs on, in order."""

    kind: Literal["batch.job-queue"] = "batch.job-queue"
    state: str = "ENABLED"
    """``ENABLED`` or ``DISABLED`` (a disabled queue accepts no submissions)."""
    status: str = "VALID"
    compute_environment_arns: tuple[str, ...] = ()

    service: ClassVar[str] = "batch"
    listed_by: ClassVar[tuple[str, ...]] = ("batch:DescribeJobQueues",)


class BatchJobDefinition(Resource):
    """An active job definition revision: a submitted job's container runs as
    ``job_role_arn`` (an ECS task role) and may override its command.
    """

    kind: Literal["batch.job-definition"] = "batch.job-definition"
    status: str = "ACTIVE"
    type: str = "container"
    """``container`` or ``multinode``."""
    job_role_arn: str | None = None
    """The role the job's container runs as (none: no AWS credentials)."""
    execution_role_arn: str | None = None
    """The role ECS pulls the image and writes logs with (Fargate)."""

    service: ClassVar[str] = "batch"
    listed_by: ClassVar[tuple[str, ...]] = ("batch:DescribeJobDefinitions",)
