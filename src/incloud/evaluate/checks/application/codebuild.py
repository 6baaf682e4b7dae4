"""CodeBuild projects: no credentials in repository URLs or plain-text variables, and no
privileged build containers.
"""

from __future__ import annotations

from ....snapshot.codebuild import CodeBuildProject
from ...check import Domain, Outcome, Severity, check
from ...context import Context
from ..factories import flag_check
from ._secrets import secrets_outcome

DESCRIBED = ("codebuild:BatchGetProjects",)


@check(
    id="codebuild.no-source-credentials",
    domain=Domain.APPLICATION,
    severity=Severity.CRITICAL,
    resource=CodeBuildProject,
    requires=DESCRIBED,
)
def no_source_credentials(project: CodeBuildProject, ctx: Context) -> Outcome:
    """Build projects' repository URLs carry no credentials.

    A personal access token, or a user name and password, written into a source URL
    (``https://user:token@bitbucket.org/...``) is shown to anyone allowed
    `codebuild:BatchGetProjects` and kept in every build's record (Security Hub CodeBuild.1;
    CodeBuild user guide, "Access your source provider in CodeBuild"). incloud scans the
    primary and secondary sources' URLs with detect-secrets and for passwords while
    collecting, and keeps only masked findings; a user name alone is not a credential.

    Remediation: connect the provider with OAuth, a CodeConnections connection or a token
    kept in Secrets Manager (`aws codebuild import-source-credentials --server-type BITBUCKET
    --auth-type CODECONNECTIONS --token CONNECTION_ARN`), then remove the credentials from
    the URL (`aws codebuild update-project --name NAME --source
    type=BITBUCKET,location=https://bitbucket.org/TEAM/REPO.git`), and revoke the exposed
    token; Terraform `source { location = "https://bitbucket.org/TEAM/REPO.git" }` on
    `aws_codebuild_project` with an `aws_codebuild_source_credential`.
    """
    return secrets_outcome(project.source_credentials, "repository URLs")


@check(
    id="codebuild.no-secrets-in-environment",
    domain=Domain.APPLICATION,
    severity=Severity.CRITICAL,
    resource=CodeBuildProject,
    requires=DESCRIBED,
)
def no_secrets_in_environment(project: CodeBuildProject, ctx: Context) -> Outcome:
    """Build projects keep no secrets in plain-text environment variables.

    Plain-text variables are shown to anyone allowed `codebuild:BatchGetProjects` and in
    every build's details; CodeBuild reads Secrets Manager and Parameter Store variables at
    build time instead (Security Hub CodeBuild.2; CodeBuild user guide, "Environment
    variables in build environments"). incloud scans plain-text values with detect-secrets
    while collecting, and fails ``AWS_ACCESS_KEY_ID`` and ``AWS_SECRET_ACCESS_KEY`` in plain
    text by name; only masked findings are kept.

    Remediation: store the value in Secrets Manager or Parameter Store (SecureString), make
    the variable `type=SECRETS_MANAGER` or `PARAMETER_STORE` with the secret's name as its
    value (`aws codebuild update-project --name NAME --environment
    file://environment.json`), and rotate the exposed secret; Terraform
    `environment_variable { type = "SECRETS_MANAGER" ... }` on `aws_codebuild_project`.
    Builds that need AWS access use the service role, never keys.
    """
    return secrets_outcome(project.environment_secrets, "plain-text environment variables")


project_not_privileged = flag_check(
    id="codebuild.project-not-privileged",
    domain=Domain.APPLICATION,
    severity=Severity.HIGH,
    resource=CodeBuildProject,
    requires=DESCRIBED,
    is_ok=lambda p: None if p.privileged_mode is None else not p.privileged_mode,
    ok="privileged mode is off",
    bad="privileged mode is on: the build runs a Docker daemon with root on its host",
    unread="the build environment was not reported",
    doc="""Build projects do not run their builds in privileged mode.

    Privileged mode gives the build container the host's devices and a Docker daemon, so a
    build step (which anyone who may start a build can override) can escape the container
    (Security Hub CodeBuild.5; CodeBuild API Reference, ``ProjectEnvironment.privilegedMode``:
    needed only to build Docker images).

    Remediation: `aws codebuild update-project --name NAME --environment
    type=LINUX_CONTAINER,image=IMAGE,computeType=BUILD_GENERAL1_SMALL,privilegedMode=false`;
    Terraform `environment { privileged_mode = false }` on `aws_codebuild_project`. Build
    images with a project of their own, or with tools that need no daemon.
    """,
)
