"""AWS CodeBuild: build projects and the service role their builds run as."""

from __future__ import annotations

from typing import ClassVar, Literal

from .base import Resource


class CodeBuildProject(Resource):
    """A build project. Its builds run as ``service_role_arn``; whoever may start a build can
    override the buildspec (the commands run), so starting one runs code as that role.
    """

    kind: Literal["codebuild.project"] = "codebuild.project"
    service_role_arn: str | None = None
    """None when the project could not be described."""

    service: ClassVar[str] = "codebuild"
    listed_by: ClassVar[tuple[str, ...]] = ("codebuild:ListProjects",)
