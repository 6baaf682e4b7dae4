"""AWS CodeBuild collector: build projects (service roles, sources, environment, logs) and
report groups, listed and then described in batches.

Repository URLs and plain-text environment variables are scanned for secrets here; only the
masked findings are kept.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import unquote, urlsplit

from ...snapshot import Resource
from ...snapshot.codebuild import CodeBuildProject, CodeBuildReportGroup
from ...snapshot.secrets import SecretFinding
from ..registry import collector
from ..secrets import mask, scan_mapping
from ..unit import Unit

BATCH_GET_PROJECTS = 100
"""The most names ``BatchGetProjects`` takes at once (CodeBuild API Reference)."""

BATCH_GET_REPORT_GROUPS = 100
"""The most ARNs ``BatchGetReportGroups`` takes at once (CodeBuild API Reference)."""

AWS_CREDENTIAL_VARIABLES = ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY")
"""Variable names AWS Config's codebuild-project-envvar-awscred-check fails in plain text,
whatever their value looks like."""


@collector(
    service="codebuild",
    scope="regional",
    operations=(
        "codebuild:ListProjects",
        "codebuild:BatchGetProjects",
        "codebuild:ListReportGroups",
        "codebuild:BatchGetReportGroups",
    ),
)
def collect_codebuild(unit: Unit) -> Iterator[Resource]:
    """Every build project and report group in the region."""
    projects, groups = unit.both(lambda: list(_projects(unit)), lambda: list(_groups(unit)))
    yield from projects
    yield from groups


def _projects(unit: Unit) -> Iterator[CodeBuildProject]:
    names: list[str] = unit.pages("list_projects", "projects")
    described: dict[str, dict[str, Any]] = {}
    missing: set[str] = set()
    for start in range(0, len(names), BATCH_GET_PROJECTS):
        answer = unit.call("batch_get_projects", names=names[start : start + BATCH_GET_PROJECTS])
        if answer is None:
            continue  # the failed call is a gap for the whole region
        described.update({p["name"]: p for p in answer.get("projects", [])})
        missing.update(answer.get("projectsNotFound", []))
    for name in names:
        raw = described.get(name, {})
        arn = raw.get("arn") or unit.arn(f"project/{name}")
        if name in missing:
            unit.malformed("batch_get_projects", f"project {name} was not found", resource_arn=arn)
        yield CodeBuildProject(
            arn=arn,
            name=name,
            account_id=unit.account_id,
            region=unit.region,
            service_role_arn=raw.get("serviceRole"),
            **(_settings(raw) if raw else {}),
        )


def _settings(raw: dict[str, Any]) -> dict[str, Any]:
    """A described project's sources, environment and logs (CodeBuild API ``Project``)."""
    sources = [("source", raw.get("source") or {})]
    sources += [
        (f"secondary source {s.get('sourceIdentifier', n)}", s)
        for n, s in enumerate(raw.get("secondarySources") or [], start=1)
    ]
    environment = raw.get("environment")
    logs = raw.get("logsConfig")
    settings: dict[str, Any] = {
        "source_credentials": tuple(
            finding for where, source in sources for finding in _url_credentials(where, source)
        ),
    }
    if environment is not None:
        settings["environment_secrets"] = _environment_secrets(environment)
        # privilegedMode is optional in botocore's model; AWS's default is false.
        settings["privileged_mode"] = environment.get("privilegedMode", False)
    if logs is not None:
        # A logs configuration leaves out a destination that is not in use.
        cloudwatch = logs.get("cloudWatchLogs") or {"status": "DISABLED"}
        s3 = logs.get("s3Logs") or {"status": "DISABLED"}
        settings["cloudwatch_logs"] = cloudwatch["status"] == "ENABLED"
        settings["s3_logs"] = s3["status"] == "ENABLED"
        if settings["s3_logs"]:
            settings["s3_logs_encrypted"] = not s3.get("encryptionDisabled", False)
    return settings


def _url_credentials(where: str, source: dict[str, Any]) -> tuple[SecretFinding, ...]:
    """Credentials in a source's repository URL: what the secrets scanner finds in it, else
    a password in its user information, else a user name the scanner takes for a token
    (``https://TOKEN@github.com/...``). A plain user name is not a credential.
    """
    location = source.get("location") or ""
    if "://" not in location:
        return ()  # an S3 key or a CodeCommit name: no URL to carry credentials
    found = scan_mapping({"URL": location}, prefix=f"{where} ")
    if found or "@" not in location:
        return found
    try:
        netloc = urlsplit(location).netloc
    except ValueError:
        return ()
    userinfo = unquote(netloc.rpartition("@")[0])
    user, colon, password = userinfo.partition(":")
    if colon and password:
        preview = mask(password)
        return (
            SecretFinding(location=f"{where} URL", secret_type="Password in URL", preview=preview),
        )
    return scan_mapping({"URL user name": user}, prefix=f"{where} ") if user else ()


def _environment_secrets(environment: dict[str, Any]) -> tuple[SecretFinding, ...]:
    """Plain-text variables that look like secrets, and AWS keys in plain text by name."""
    plain = {
        v["name"]: v["value"]
        for v in environment.get("environmentVariables") or []
        if v.get("type", "PLAINTEXT") == "PLAINTEXT"  # the API's default type
    }
    findings = list(scan_mapping(plain))
    flagged = {f.location for f in findings}
    findings += [
        SecretFinding(location=name, secret_type="AWS credentials", preview=mask(plain[name]))
        for name in AWS_CREDENTIAL_VARIABLES
        if plain.get(name) and name not in flagged
    ]
    return tuple(findings)


def _groups(unit: Unit) -> Iterator[CodeBuildReportGroup]:
    arns: list[str] = unit.pages("list_report_groups", "reportGroups")
    described: dict[str, dict[str, Any]] = {}
    for start in range(0, len(arns), BATCH_GET_REPORT_GROUPS):
        batch = arns[start : start + BATCH_GET_REPORT_GROUPS]
        answer = unit.call("batch_get_report_groups", reportGroupArns=batch)
        described.update({g["arn"]: g for g in (answer or {}).get("reportGroups", [])})
    for arn in arns:
        raw = described.get(arn)
        export = (raw or {}).get("exportConfig") or {}
        export_type = export.get("exportConfigType")
        destination = export.get("s3Destination") or {}
        yield CodeBuildReportGroup(
            arn=arn,
            name=(raw or {}).get("name") or arn.rpartition("/")[2],
            account_id=unit.account_id,
            region=unit.region,
            export_type=export_type,
            export_encrypted=(
                not destination.get("encryptionDisabled", False) if export_type == "S3" else None
            ),
        )
