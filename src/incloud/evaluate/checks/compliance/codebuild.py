"""CodeBuild projects: build logs kept in CloudWatch Logs or S3."""

from __future__ import annotations

from ....snapshot.codebuild import CodeBuildProject
from ...check import Domain, Outcome, Severity, check, failed, passed, unknown
from ...context import Context


@check(
    id="codebuild.project-logging",
    domain=Domain.COMPLIANCE,
    severity=Severity.MEDIUM,
    resource=CodeBuildProject,
    requires=("codebuild:BatchGetProjects",),
)
def project_logging(project: CodeBuildProject, ctx: Context) -> Outcome:
    """Build projects send their build logs to CloudWatch Logs or S3.

    Build logs are the record of what each build ran, with which source and commands: the
    evidence an investigation of a tampered artefact or a leaked secret starts from
    (Security Hub CodeBuild.4; CodeBuild user guide, "Logging and monitoring in AWS
    CodeBuild").

    Remediation: `aws codebuild update-project --name NAME --logs-config
    'cloudWatchLogs={status=ENABLED}'`; Terraform `logs_config { cloudwatch_logs { status =
    "ENABLED" } }` on `aws_codebuild_project`.
    """
    if project.cloudwatch_logs is None or project.s3_logs is None:
        return unknown("the project's logs configuration was not reported")
    where = [
        name
        for name, on in (("CloudWatch Logs", project.cloudwatch_logs), ("S3", project.s3_logs))
        if on
    ]
    if where:
        return passed(f"build logs go to {' and '.join(where)}")
    return failed("build logs go neither to CloudWatch Logs nor to S3")
