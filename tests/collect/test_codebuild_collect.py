"""CodeBuild projects collected from moto (``ListProjects``, then ``BatchGetProjects`` per 100
names) with their source URLs and plain-text variables scanned for secrets (kept masked), and
the FSBP CodeBuild checks on them, and report groups (``ListReportGroups``, then
``BatchGetReportGroups`` per 100 ARNs). moto lacks report groups: they are emulated on moto's
backend (:mod:`tests.collect.codebuild_report_groups`); it also drops secondary sources, so
botocore's Stubber answers a project with them (and a project listed, then not found).
"""

from __future__ import annotations

from typing import Any

from incloud.collect.runner import collect
from incloud.collect.session import AwsSession
from incloud.evaluate import Verdict
from incloud.snapshot import Snapshot
from incloud.snapshot.codebuild import CodeBuildProject, CodeBuildReportGroup
from tests.collect.codebuild_report_groups import seed_report_group
from tests.collect.moto_account import ACCOUNT, raw_client
from tests.collect.seed_application import (
    FAKE_GITHUB_TOKEN,
    FAKE_PASSWORD,
    FAKE_SECRET_ACCESS_KEY,
    codebuild_project,
)
from tests.collect.stubs import OperationStubber
from tests.collect.test_data_protection import deny, verdicts

ROLE = f"arn:aws:iam::{ACCOUNT}:role/build"
ENVIRONMENT = {
    "type": "LINUX_CONTAINER",
    "image": "aws/codebuild/standard:7.0",
    "computeType": "BUILD_GENERAL1_SMALL",
}
RAW = (FAKE_GITHUB_TOKEN, FAKE_PASSWORD, FAKE_SECRET_ACCESS_KEY)
"""What must never reach a snapshot."""


def seed_projects() -> None:
    """``leaky``: a password in its Bitbucket URL, an AWS secret key and a password in
    plain-text variables (and a Parameter Store one), privileged, S3 logs unencrypted and no
    CloudWatch logs. ``tidy``: CloudWatch logs, nothing secret. ``bare``: no logs
    configuration reported (moto leaves it out when none is given). Report groups
    ``sealed`` (encrypted S3 export), ``plain`` (unencrypted) and ``kept`` (no export).
    """
    s3 = {"bucket": "reports", "packaging": "NONE"}
    seed_report_group("sealed", {"exportConfigType": "S3", "s3Destination": s3})
    seed_report_group(
        "plain", {"exportConfigType": "S3", "s3Destination": {**s3, "encryptionDisabled": True}}
    )
    seed_report_group("kept", {"exportConfigType": "NO_EXPORT"})
    codebuild = raw_client("codebuild")
    codebuild.create_project(
        name="leaky",
        source={
            "type": "BITBUCKET",
            "location": f"https://builder:{FAKE_PASSWORD}@bitbucket.org/team/app.git",
        },
        artifacts={"type": "NO_ARTIFACTS"},
        environment={
            **ENVIRONMENT,
            "privilegedMode": True,
            "environmentVariables": [
                {"name": "AWS_SECRET_ACCESS_KEY", "value": FAKE_SECRET_ACCESS_KEY},
                {"name": "DB_PASSWORD", "value": FAKE_PASSWORD, "type": "PLAINTEXT"},
                {"name": "API_KEY", "value": "/prod/api-key", "type": "PARAMETER_STORE"},
                {"name": "STAGE", "value": "prod"},
            ],
        },
        serviceRole=ROLE,
        logsConfig={
            "cloudWatchLogs": {"status": "DISABLED"},
            "s3Logs": {"status": "ENABLED", "location": "logs/app", "encryptionDisabled": True},
        },
    )
    codebuild.create_project(
        name="tidy",
        source={"type": "GITHUB", "location": "https://github.com/org/app.git"},
        artifacts={"type": "NO_ARTIFACTS"},
        environment={**ENVIRONMENT, "privilegedMode": False},
        serviceRole=ROLE,
        logsConfig={"cloudWatchLogs": {"status": "ENABLED"}},
    )
    codebuild_project("bare", ROLE)


def test_projects_sources_variables_and_logs(session: AwsSession) -> None:
    seed_projects()

    snapshot = collect(session, services=["codebuild"])

    projects = {p.name: p for p in snapshot.resources if isinstance(p, CodeBuildProject)}
    leaky = projects["leaky"]
    assert [f.location for f in leaky.source_credentials] == ["source URL"]
    assert {f.location for f in leaky.environment_secrets} == {
        "AWS_SECRET_ACCESS_KEY",
        "DB_PASSWORD",
    }
    dumped = snapshot.model_dump_json()
    assert not [raw for raw in RAW if raw in dumped]  # masked previews only
    expected = {
        "codebuild.no-source-credentials": {"leaky": "fail", "tidy": "pass", "bare": "pass"},
        "codebuild.no-secrets-in-environment": {"leaky": "fail", "tidy": "pass", "bare": "pass"},
        "codebuild.project-not-privileged": {"leaky": "fail", "tidy": "pass", "bare": "pass"},
        "codebuild.project-logging": {"leaky": "pass", "tidy": "pass", "bare": "unknown"},
        "codebuild.s3-logs-encrypted": {
            "leaky": "fail",
            "tidy": "not_applicable",
            "bare": "unknown",
        },
    }
    for check_id, wanted in expected.items():
        assert verdicts(snapshot, check_id) == {
            name: Verdict(verdict) for name, verdict in wanted.items()
        }, check_id
    assert verdicts(snapshot, "codebuild.report-group-export-encrypted") == {
        "sealed": Verdict.PASS,
        "plain": Verdict.FAIL,
        "kept": Verdict.NOT_APPLICABLE,
    }
    assert not snapshot.gaps


def test_denied_batch_makes_every_project_verdict_unknown(session: AwsSession) -> None:
    seed_projects()
    deny(session, "codebuild", "BatchGetProjects")

    snapshot = collect(session, services=["codebuild"])

    for check_id in ("codebuild.no-source-credentials", "codebuild.no-secrets-in-environment"):
        assert set(verdicts(snapshot, check_id).values()) == {Verdict.UNKNOWN}, check_id


def test_denied_report_group_batch_is_unknown_not_a_pass(session: AwsSession) -> None:
    seed_projects()
    deny(session, "codebuild", "BatchGetReportGroups")

    snapshot = collect(session, services=["codebuild"])

    assert set(verdicts(snapshot, "codebuild.report-group-export-encrypted").values()) == {
        Verdict.UNKNOWN
    }


def _stub(client: Any) -> OperationStubber:
    stubber = OperationStubber(client)
    stubber.add_response("list_projects", {"projects": ["libs", "gone"]})
    stubber.add_response(
        "batch_get_projects",
        {
            "projects": [
                {
                    "name": "libs",
                    "arn": f"arn:aws:codebuild:us-east-1:{ACCOUNT}:project/libs",
                    "source": {"type": "GITHUB", "location": "https://someone@github.com/o/a"},
                    "secondarySources": [
                        {
                            "type": "GITHUB",
                            "location": f"https://{FAKE_GITHUB_TOKEN}@github.com/o/lib.git",
                            "sourceIdentifier": "lib",
                        }
                    ],
                    "environment": ENVIRONMENT,
                    "logsConfig": {"cloudWatchLogs": {"status": "ENABLED"}},
                }
            ],
            "projectsNotFound": ["gone"],
        },
    )
    groups = [
        f"arn:aws:codebuild:us-east-1:{ACCOUNT}:report-group/{n}" for n in ("aa", "bb", "cc", "dd")
    ]
    stubber.add_response("list_report_groups", {"reportGroups": groups})
    s3 = {"bucket": "reports", "packaging": "NONE"}
    stubber.add_response(
        "batch_get_report_groups",
        {
            "reportGroups": [
                {
                    "arn": groups[0],
                    "name": "aa",
                    "exportConfig": {
                        "exportConfigType": "S3",
                        "s3Destination": {**s3, "encryptionDisabled": False},
                    },
                },
                {
                    "arn": groups[1],
                    "name": "bb",
                    "exportConfig": {
                        "exportConfigType": "S3",
                        "s3Destination": {**s3, "encryptionDisabled": True},
                    },
                },
                {"arn": groups[2], "name": "cc", "exportConfig": {"exportConfigType": "NO_EXPORT"}},
            ],
            "reportGroupsNotFound": [groups[3]],
        },
    )
    return stubber


def _us_east(snapshot: Snapshot, check_id: str) -> dict[str, Verdict]:
    judged = verdicts(snapshot, check_id)
    names = {r.name for r in snapshot.resources if r.region == "us-east-1"}
    return {name: verdict for name, verdict in judged.items() if name in names}


def test_secondary_sources_report_groups_and_projects_not_found(session: AwsSession) -> None:
    with _stub(session.client("codebuild", "us-east-1")) as stubber:
        snapshot = collect(session, services=["codebuild"])
        stubber.assert_no_pending_responses()

    projects = {p.name: p for p in snapshot.resources if isinstance(p, CodeBuildProject)}
    (finding,) = projects["libs"].source_credentials  # a bare user name is not a credential
    assert finding.location.startswith("secondary source lib ")
    assert FAKE_GITHUB_TOKEN not in snapshot.model_dump_json()
    assert _us_east(snapshot, "codebuild.no-source-credentials") == {
        "libs": Verdict.FAIL,
        "gone": Verdict.UNKNOWN,  # listed, then not found: a gap on that project
    }
    groups = {g.name for g in snapshot.resources if isinstance(g, CodeBuildReportGroup)}
    assert groups >= {"aa", "bb", "cc", "dd"}
    assert _us_east(snapshot, "codebuild.report-group-export-encrypted") == {
        "aa": Verdict.PASS,
        "bb": Verdict.FAIL,
        "cc": Verdict.NOT_APPLICABLE,
        "dd": Verdict.UNKNOWN,
    }
