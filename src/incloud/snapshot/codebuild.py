"""AWS CodeBuild: build projects (the role their builds run as, their sources, environment,
logs) and report groups.
"""

from __future__ import annotations

from typing import ClassVar, Literal

from .base import Resource
from .secrets import SecretFinding


class CodeBuildProject(Resource):
    """A build project. Its builds run as ``service_role_arn``; whoever may start a build can
    override the buildspec (the commands run), so starting one runs code as that role.

    The settings below are None when the project could not be described (a gap on
    ``codebuild:BatchGetProjects``) or the answer did not report them.
    """

    kind: Literal["codebuild.project"] = "codebuild.project"
    service_role_arn: str | None = None
    """None when the project could not be described."""
    source_credentials: tuple[SecretFinding, ...] = ()
    """Credentials found in the primary and secondary sources' repository URLs (location
    ``source`` or ``secondary source ID``), masked; the URLs are not kept."""
    environment_secrets: tuple[SecretFinding, ...] = ()
    """Plain-text environment variables that look like secrets (masked); values not kept."""
    privileged_mode: bool | None = None
    """The build environment's ``privilegedMode`` (Docker daemon access, root on the host)."""
    cloudwatch_logs: bool | None = None
    """Build logs go to CloudWatch Logs (``logsConfig.cloudWatchLogs.status``)."""
    s3_logs: bool | None = None
    """Build logs go to S3 (``logsConfig.s3Logs.status``)."""
    s3_logs_encrypted: bool | None = None
    """S3 build logs are encrypted (``encryptionDisabled`` false); None without S3 logs."""

    service: ClassVar[str] = "codebuild"
    listed_by: ClassVar[tuple[str, ...]] = ("codebuild:ListProjects",)


class CodeBuildReportGroup(Resource):
    """A report group: test and coverage reports, optionally exported to S3."""

    kind: Literal["codebuild.report-group"] = "codebuild.report-group"
    export_type: str | None = None
    """``S3`` or ``NO_EXPORT``; None when not reported."""
    export_encrypted: bool | None = None
    """The S3 export is encrypted (``encryptionDisabled`` false); None without an S3 export."""

    service: ClassVar[str] = "codebuild"
    listed_by: ClassVar[tuple[str, ...]] = ("codebuild:ListReportGroups",)
