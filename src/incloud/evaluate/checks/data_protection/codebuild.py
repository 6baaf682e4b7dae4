"""CodeBuild: build logs in S3 and report group exports encrypted at rest."""

from __future__ import annotations

from ....snapshot.codebuild import CodeBuildProject, CodeBuildReportGroup
from ...check import Domain, Outcome, Severity, check, failed, not_applicable, passed, unknown
from ...context import Context


@check(
    id="codebuild.s3-logs-encrypted",
    domain=Domain.DATA_PROTECTION,
    severity=Severity.LOW,
    resource=CodeBuildProject,
    requires=("codebuild:BatchGetProjects",),
)
def s3_logs_encrypted(project: CodeBuildProject, ctx: Context) -> Outcome:
    """Build logs a project writes to S3 are encrypted.

    Build logs hold commands, paths, and whatever a build step printed, secrets included;
    turning encryption off stores them in plain text in the bucket (Security Hub CodeBuild.3;
    CodeBuild API Reference, ``S3LogsConfig.encryptionDisabled``). Projects without S3 logs
    are not applicable.

    Remediation: `aws codebuild update-project --name NAME --logs-config
    's3Logs={status=ENABLED,location=BUCKET/prefix,encryptionDisabled=false}'`; Terraform
    `logs_config { s3_logs { status = "ENABLED", encryption_disabled = false } }` on
    `aws_codebuild_project`.
    """
    if project.s3_logs is None:
        return unknown("the project's logs configuration was not reported")
    if not project.s3_logs:
        return not_applicable("no S3 build logs")
    if project.s3_logs_encrypted:
        return passed("S3 build logs are encrypted")
    return failed("S3 build logs are written with encryption disabled")


@check(
    id="codebuild.report-group-export-encrypted",
    domain=Domain.DATA_PROTECTION,
    severity=Severity.MEDIUM,
    resource=CodeBuildReportGroup,
    requires=("codebuild:BatchGetReportGroups",),
)
def report_group_export_encrypted(group: CodeBuildReportGroup, ctx: Context) -> Outcome:
    """Report groups exporting test results to S3 encrypt them.

    Exported reports carry test output: names, paths, and sometimes data or credentials a
    test printed (Security Hub CodeBuild.7; CodeBuild API Reference,
    ``S3ReportExportConfig.encryptionDisabled``). Report groups that export nothing are not
    applicable.

    Remediation: `aws codebuild update-report-group --arn ARN --export-config
    'exportConfigType=S3,s3Destination={bucket=BUCKET,encryptionDisabled=false,encryptionKey=KEY_ARN}'`;
    Terraform `export_config { s3_destination { encryption_disabled = false, encryption_key =
    ... } }` on `aws_codebuild_report_group`.
    """
    if group.export_type is None:
        return unknown("the report group's export configuration was not reported")
    if group.export_type != "S3":
        return not_applicable(f"exports nothing ({group.export_type})")
    if group.export_encrypted:
        return passed("the S3 export is encrypted")
    return failed("test results are exported to S3 with encryption disabled")
