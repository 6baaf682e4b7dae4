"""`incloud export securityhub` against moto's Security Hub (in process, ``mock_aws``).

moto 5.2.5 implements ``BatchImportFindings`` (it stores findings by ``Id``; an update merges
the top-level keys sent) and ``GetFindings`` (paginated, 100 a page, but it ignores
``Filters``; the export filters again itself). It lacks ``BatchUpdateFindings``: :func:`_hub`
answers it from moto's own store, in the shape of the API Reference, the way
tests/collect/moto_account.py answers AWS Backup selections. moto neither checks the ASFF nor
that ``AwsAccountId`` is the caller's, and never throttles: throttling is injected with a
``before-send`` hook.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import boto3
import pytest
from botocore.awsrequest import AWSResponse
from moto import mock_aws
from moto.core.botocore_stubber import MockRawResponse
from moto.securityhub.models import securityhub_backends

from incloud.assessment import Assessment, assess
from incloud.cli import EXIT_ERROR, EXIT_INCOMPLETE, EXIT_OK
from incloud.collect.readonly import WriteRefused
from incloud.collect.session import SessionOptions, open_session
from incloud.evaluate.check import Verdict
from incloud.export import securityhub
from incloud.mutelist import Mutelist
from incloud.report import asff
from incloud.report.asff import SEVERITY_LABELS
from tests.cli_helpers import assert_one_line_error, run
from tests.fixtures import build_snapshot

ACCOUNT = "123456789012"
"""moto's account, and the fixtures'."""
REGION = "us-east-1"
PRODUCT = f"arn:aws:securityhub:{REGION}:{ACCOUNT}:product/{ACCOUNT}/default"
ADMIN = f"arn:aws:iam::{ACCOUNT}:user/admin"
PUBLIC_READ = {
    "grantee_type": "Group",
    "permission": "READ",
    "grantee": "http://acs.amazonaws.com/groups/global/AllUsers",
}
LATER = datetime(2026, 11, 8, tzinfo=UTC)

Hook = tuple[str, Callable[..., Any]]


def _resources(*, legacy_rotated: bool = False, doomed: bool = True) -> list[dict[str, Any]]:
    keys = [
        {"kind": "kms.key", "name": "legacy", "key_id": "k1", "rotation_enabled": legacy_rotated}
    ]
    if doomed:
        keys.append(
            {"kind": "kms.key", "name": "doomed", "key_id": "k2", "rotation_enabled": False}
        )
    admin = {
        "kind": "iam.user",
        "name": "admin",
        "region": "global",
        "arn": ADMIN,
        "inline_policies": {
            "all": {
                "Version": "2012-10-17",
                "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}],
            }
        },
    }
    bucket = {"kind": "s3.bucket", "name": "public-assets", "acl_grants": [PUBLIC_READ]}
    return [*keys, bucket, admin]


def _report(tmp_path: Path, name: str, assessment: Assessment) -> Path:
    path = tmp_path / f"{name}.json"
    path.write_text(assessment.model_dump_json())
    return path


def _first() -> Assessment:
    return assess(build_snapshot({"resources": _resources()}))


def _second() -> Assessment:
    """A week later: the legacy key is rotated, the doomed key is gone."""
    document = {"resources": _resources(legacy_rotated=True, doomed=False), "collected_at": LATER}
    return assess(build_snapshot(document))


def _exported(assessment: Assessment) -> dict[str, Any]:
    """The findings of ``assessment`` an export sends as current: failing and unknown."""
    return {f.uid: f for f in assessment.findings if f.verdict in (Verdict.FAIL, Verdict.UNKNOWN)}


def _held() -> dict[str, dict[str, Any]]:
    """Every finding Security Hub (moto) holds, by Id, read with GetFindings (paginated)."""
    client = boto3.client("securityhub", region_name=REGION)
    held: dict[str, dict[str, Any]] = {}
    for page in client.get_paginator("get_findings").paginate():
        held.update({f["Id"]: f for f in page["Findings"]})
    return held


def _batch_update_findings(request: Any, **_: Any) -> AWSResponse | None:
    """``BatchUpdateFindings`` answered from moto's store (moto lacks it): the workflow
    status and note set on each finding found, the others unprocessed.
    """
    if request.method != "PATCH" or not request.url.endswith("/findings/batchupdate"):
        return None
    body = json.loads(request.body)
    backend = securityhub_backends[ACCOUNT][REGION]
    stored = {f.id: f for f in backend.findings}
    processed, unprocessed = [], []
    for identifier in body["FindingIdentifiers"]:
        finding = stored.get(identifier["Id"])
        if finding is None or identifier["ProductArn"] != finding.data.get("ProductArn"):
            unprocessed.append(
                {
                    "FindingIdentifier": identifier,
                    "ErrorCode": "FindingNotFound",
                    "ErrorMessage": "no such finding",
                }
            )
            continue
        finding.data["Workflow"] = body["Workflow"]
        if "Note" in body:
            finding.data["Note"] = {**body["Note"], "UpdatedAt": "2026-11-08T00:00:00.000Z"}
        processed.append(identifier)
    answer = {"ProcessedFindings": processed, "UnprocessedFindings": unprocessed}
    return AWSResponse(
        request.url,
        200,
        {"x-amzn-RequestId": "emulated-batch-update"},
        MockRawResponse(json.dumps(answer)),
    )


@pytest.fixture
def hooks(monkeypatch: pytest.MonkeyPatch) -> list[Hook]:
    """Event hooks put first on the Security Hub client the export makes, after the
    ``BatchUpdateFindings`` emulation.
    """
    extra: list[Hook] = []
    made = securityhub.hub_client

    def hub_client(session: Any, region: str, endpoint_url: str | None) -> Any:
        client = made(session, region, endpoint_url)
        client.meta.events.register_first(
            "before-send.securityhub.BatchUpdateFindings", _batch_update_findings
        )
        for event, handler in extra:
            client.meta.events.register_first(event, handler)
        return client

    monkeypatch.setattr(securityhub, "hub_client", hub_client)
    return extra


@pytest.fixture
def aws(monkeypatch: pytest.MonkeyPatch, hooks: list[Hook]) -> Iterator[None]:
    """An empty moto account with fake credentials in the environment."""
    for name in ("AWS_PROFILE", "AWS_SESSION_TOKEN", "AWS_ENDPOINT_URL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.setenv("AWS_DEFAULT_REGION", REGION)
    with mock_aws():
        yield


def _export(capsys: pytest.CaptureFixture[str], report: Path) -> tuple[int, str, str]:
    return run(capsys, "export", "securityhub", str(report), "--region", REGION)


@pytest.mark.usefixtures("aws")
def test_export_sends_failing_and_unknown_findings(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assessment = _first()
    expected = _exported(assessment)
    code, out, err = _export(capsys, _report(tmp_path, "first", assessment))
    assert (code, err) == (EXIT_OK, "")
    assert out == f"sent {len(expected)}, resolved 0, failed 0\n"
    held = _held()
    assert set(held) == set(expected)  # passing and not-applicable findings are not sent
    for uid, finding in expected.items():
        sent = held[uid]
        assert sent["ProductArn"] == PRODUCT
        assert sent["AwsAccountId"] == ACCOUNT
        assert sent["GeneratorId"] == f"incloud/{finding.check_id}"
        assert sent["Title"] == finding.title
        assert sent["Severity"]["Label"] == SEVERITY_LABELS[finding.severity]
        status = "FAILED" if finding.verdict is Verdict.FAIL else "NOT_AVAILABLE"
        assert sent["Compliance"]["Status"] == status
        assert sent["Workflow"] == {"Status": "NEW"}
        assert sent["RecordState"] == "ACTIVE"
        assert sent["Resources"][0]["Region"] == REGION  # global IAM findings too
        assert sent["CreatedAt"] == sent["UpdatedAt"] == "2026-11-01T00:00:00.000Z"


@pytest.mark.usefixtures("aws")
def test_a_later_report_resolves_what_passes_and_what_is_gone(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    first, second = _first(), _second()
    assert _export(capsys, _report(tmp_path, "first", first))[0] == EXIT_OK
    now_passing = next(
        f
        for f in second.findings
        if f.check_id == "kms.key-rotation-enabled" and f.resource_name == "legacy"
    )
    assert now_passing.verdict is Verdict.PASS
    gone = [f for f in _exported(first).values() if f.resource_name == "doomed"]
    assert gone

    code, out, err = _export(capsys, _report(tmp_path, "second", second))
    assert (code, err) == (EXIT_OK, "")
    resolved = 1 + len(gone)
    assert out == f"sent {len(_exported(second))}, resolved {resolved}, failed 0\n"
    held = _held()
    fixed = held[now_passing.uid]
    assert fixed["Compliance"] == {"Status": "PASSED"}
    assert fixed["Workflow"]["Status"] == "RESOLVED"
    assert fixed["RecordState"] == "ACTIVE"
    assert fixed["UpdatedAt"] == "2026-11-08T00:00:00.000Z"
    assert fixed["CreatedAt"] == "2026-11-01T00:00:00.000Z"  # first seen in the first scan
    assert "passes" in fixed["Note"]["Text"]
    for finding in gone:
        archived = held[finding.uid]
        assert archived["RecordState"] == "ARCHIVED"
        assert archived["Compliance"]["Status"] == "NOT_AVAILABLE"
        assert archived["Compliance"]["StatusReasons"][0]["ReasonCode"] == "RESOURCE_NOT_FOUND"
        assert archived["Workflow"]["Status"] == "RESOLVED"
        assert archived["UpdatedAt"] == "2026-11-08T00:00:00.000Z"
    still = held[next(iter(u for u, f in _exported(second).items() if f.verdict is Verdict.FAIL))]
    assert still["Workflow"] == {"Status": "NEW"}
    assert still["UpdatedAt"] == "2026-11-08T00:00:00.000Z"

    # Exporting the same report again resolves nothing more.
    code, out, _ = _export(capsys, _report(tmp_path, "second", second))
    assert (code, out) == (EXIT_OK, f"sent {len(_exported(second))}, resolved 0, failed 0\n")
    # An older report does not undo a newer one: what Security Hub holds from the newer scan
    # is left alone (Security Hub itself also ignores an update whose UpdatedAt is not later;
    # moto does not, so the archived findings, which the export does not read, come back here).
    code, out, _ = _export(capsys, _report(tmp_path, "first", first))
    assert code == EXIT_OK
    newer = sum(
        1
        for f in _held().values()
        if f["UpdatedAt"] == "2026-11-08T00:00:00.000Z" and f["RecordState"] == "ACTIVE"
    )
    assert out.endswith(f", left {newer} newer in Security Hub\n")
    assert _held()[now_passing.uid]["Compliance"] == {"Status": "PASSED"}
    assert _held()[now_passing.uid]["UpdatedAt"] == "2026-11-08T00:00:00.000Z"


@pytest.mark.usefixtures("aws")
def test_a_newly_muted_finding_is_suppressed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _export(capsys, _report(tmp_path, "first", _first()))[0] == EXIT_OK
    mutelist = Mutelist.model_validate(
        {
            "mutelist": [
                {
                    "checks": ["s3.bucket-acl-not-public"],
                    "reason": "public website",
                    "owner": "web@example.com",
                    "expires": "2027-06-30",
                }
            ]
        }
    )
    later = build_snapshot({"resources": _resources(), "collected_at": LATER})
    muted = assess(later, mutelist=mutelist)
    (finding,) = [f for f in muted.findings if f.muted is not None]
    assert _export(capsys, _report(tmp_path, "muted", muted))[0] == EXIT_OK
    held = _held()[finding.uid]
    assert held["Workflow"] == {"Status": "SUPPRESSED"}
    assert held["Compliance"] == {"Status": "FAILED"}
    assert "public website" in held["Note"]["Text"]
    assert held["ProductFields"]["incloud/muted_owner"] == "web@example.com"

    # The entry expires (mutes fail closed): the finding is reopened, in Security Hub too.
    july = datetime(2027, 7, 1, tzinfo=UTC)
    expired = assess(
        build_snapshot({"resources": _resources(), "collected_at": july}), mutelist=mutelist
    )
    assert not any(f.muted for f in expired.findings)
    assert _export(capsys, _report(tmp_path, "expired", expired))[0] == EXIT_OK
    held = _held()[finding.uid]
    assert held["Workflow"] == {"Status": "NEW"}
    assert "expired or removed" in held["Note"]["Text"]


@pytest.mark.usefixtures("aws")
def test_a_finding_suppressed_by_hand_stays_suppressed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assessment = _first()
    assert _export(capsys, _report(tmp_path, "first", assessment))[0] == EXIT_OK
    uid = next(iter(_exported(assessment)))
    (stored,) = [f for f in securityhub_backends[ACCOUNT][REGION].findings if f.id == uid]
    stored.data["Workflow"] = {"Status": "SUPPRESSED"}
    stored.data["Note"] = {"Text": "accepted", "UpdatedBy": "alice", "UpdatedAt": "x"}
    later = assess(build_snapshot({"resources": _resources(), "collected_at": LATER}))
    assert _export(capsys, _report(tmp_path, "later", later))[0] == EXIT_OK
    assert _held()[uid]["Workflow"] == {"Status": "SUPPRESSED"}
    assert _held()[uid]["Note"]["UpdatedBy"] == "alice"


def _many(count: int, *, rotated: bool = False, at: datetime | None = None) -> Assessment:
    keys = [
        {"kind": "kms.key", "name": f"key-{i:03}", "key_id": f"k{i}", "rotation_enabled": rotated}
        for i in range(count)
    ]
    document: dict[str, Any] = {"resources": keys}
    if at is not None:
        document["collected_at"] = at
    return assess(build_snapshot(document))


@pytest.mark.usefixtures("aws")
def test_imports_go_in_batches_of_at_most_100(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], hooks: list[Hook]
) -> None:
    sizes: list[int] = []
    hooks.append(
        (
            "provide-client-params.securityhub.BatchImportFindings",
            lambda params, **_: sizes.append(len(params["Findings"])),
        )
    )
    assessment = _many(250)
    count = len(_exported(assessment))
    assert count >= 250
    code, out, _ = _export(capsys, _report(tmp_path, "many", assessment))
    assert (code, out) == (EXIT_OK, f"sent {count}, resolved 0, failed 0\n")
    assert len(sizes) == math.ceil(count / 100)
    assert max(sizes) == 100
    assert sum(sizes) == count

    # Every key rotated a week later: the rotation findings resolve, found across GetFindings'
    # pages (moto answers 100 a page).
    sizes.clear()
    code, out, _ = _export(capsys, _report(tmp_path, "fixed", _many(250, rotated=True, at=LATER)))
    assert code == EXIT_OK
    assert "resolved 250," in out
    assert max(sizes) <= 100


@pytest.mark.usefixtures("aws")
def test_a_throttled_import_is_retried(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], hooks: list[Hook]
) -> None:
    attempts: list[int] = []

    def throttle_once(request: Any, **_: Any) -> AWSResponse | None:
        attempts.append(1)
        if len(attempts) > 1:
            return None
        body = json.dumps({"message": "Rate exceeded"})
        headers = {"x-amzn-ErrorType": "TooManyRequestsException", "x-amzn-RequestId": "t-1"}
        return AWSResponse(request.url, 429, headers, MockRawResponse(body))

    hooks.append(("before-send.securityhub.BatchImportFindings", throttle_once))
    assessment = _first()
    code, out, err = _export(capsys, _report(tmp_path, "first", assessment))
    assert (code, err) == (EXIT_OK, "")
    assert len(attempts) == 2
    assert out == f"sent {len(_exported(assessment))}, resolved 0, failed 0\n"
    assert set(_held()) == set(_exported(assessment))


@pytest.mark.usefixtures("aws")
def test_refused_findings_are_reported_and_exit_3(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], hooks: list[Hook]
) -> None:
    assessment = _first()
    victim = sorted(_exported(assessment))[0]

    def refuse_one(parsed: dict[str, Any], **_: Any) -> None:
        parsed["FailedCount"] = 1
        parsed["FailedFindings"] = [
            {"Id": victim, "ErrorCode": "InvalidInput", "ErrorMessage": "bad\nfinding"}
        ]
        parsed["SuccessCount"] -= 1

    hooks.append(("after-call.securityhub.BatchImportFindings", refuse_one))
    code, out, err = _export(capsys, _report(tmp_path, "first", assessment))
    assert code == EXIT_INCOMPLETE
    assert out == f"sent {len(_exported(assessment)) - 1}, resolved 0, failed 1\n"
    assert err == f"incloud: Security Hub refused {victim}: InvalidInput: bad finding\n"


@pytest.mark.usefixtures("aws")
def test_failures_counted_but_not_named_are_counted(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], hooks: list[Hook]
) -> None:
    def count_two(parsed: dict[str, Any], **_: Any) -> None:
        parsed["FailedCount"] = 2

    hooks.append(("after-call.securityhub.BatchImportFindings", count_two))
    assessment = _first()
    code, out, err = _export(capsys, _report(tmp_path, "first", assessment))
    assert code == EXIT_INCOMPLETE
    assert out == f"sent {len(_exported(assessment)) - 2}, resolved 0, failed 2\n"
    assert err.count("Security Hub refused (unnamed): FailedCount") == 2


@pytest.mark.usefixtures("aws")
def test_only_the_callers_account_is_sent(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    other = {
        "kind": "kms.key",
        "name": "theirs",
        "key_id": "k9",
        "rotation_enabled": False,
        "account_id": "210987654321",
    }
    assessment = assess(build_snapshot({"resources": [*_resources(), other]}))
    theirs = [f for f in assessment.findings if f.account == "210987654321"]
    mine = {u: f for u, f in _exported(assessment).items() if f.account == ACCOUNT}
    code, out, _ = _export(capsys, _report(tmp_path, "two", assessment))
    assert code == EXIT_OK
    assert (
        out == f"sent {len(mine)}, resolved 0, failed 0, skipped {len(theirs)} of other accounts\n"
    )
    assert set(_held()) == set(mine)


@pytest.mark.usefixtures("aws")
def test_a_report_of_another_account_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    key = {
        "kind": "kms.key",
        "name": "theirs",
        "key_id": "k9",
        "rotation_enabled": False,
        "account_id": "210987654321",
    }
    assessment = assess(build_snapshot({"resources": [key]}))
    assessment = assessment.model_copy(
        update={"accounts": tuple(a for a in assessment.accounts if a.account_id != ACCOUNT)}
    )
    code, _, err = _export(capsys, _report(tmp_path, "theirs", assessment))
    assert code == EXIT_ERROR
    assert_one_line_error(err)
    assert "210987654321" in err
    assert _held() == {}


@pytest.mark.usefixtures("aws")
def test_access_denied_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], hooks: list[Hook]
) -> None:
    def deny(request: Any, **_: Any) -> AWSResponse:
        body = json.dumps({"message": "not authorized to perform securityhub:GetFindings"})
        headers = {"x-amzn-ErrorType": "AccessDeniedException", "x-amzn-RequestId": "d-1"}
        return AWSResponse(request.url, 403, headers, MockRawResponse(body))

    hooks.append(("before-send.securityhub.GetFindings", deny))
    code, _, err = _export(capsys, _report(tmp_path, "first", _first()))
    assert code == EXIT_ERROR
    assert_one_line_error(err)
    assert "GetFindings: AccessDeniedException" in err
    assert _held() == {}  # nothing was imported


@pytest.mark.usefixtures("aws")
@pytest.mark.parametrize("region", ["mars", "xx-fake-1"])
def test_a_bad_region_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], region: str
) -> None:
    report = _report(tmp_path, "first", _first())
    code, _, err = run(capsys, "export", "securityhub", str(report), "--region", region)
    assert code == EXIT_ERROR
    assert_one_line_error(err)
    assert region in err


@pytest.mark.usefixtures("aws")
def test_a_bad_endpoint_url_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    report = _report(tmp_path, "first", _first())
    code, _, err = run(
        capsys,
        "export",
        "securityhub",
        str(report),
        "--region",
        REGION,
        "--endpoint-url",
        "ftp://\x1b[2Jhost",
    )
    assert code == EXIT_ERROR
    assert_one_line_error(err)
    assert "--endpoint-url" in err
    assert "\x1b" not in err


@pytest.mark.usefixtures("no_credentials")
@pytest.mark.parametrize(
    ("options", "expected"),
    [((), "no AWS credentials found"), (("--profile", "nobody"), "profile not found")],
)
def test_no_credentials_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], options: tuple[str, ...], expected: str
) -> None:
    report = _report(tmp_path, "first", _first())
    code, _, err = run(capsys, "export", "securityhub", str(report), "--region", REGION, *options)
    assert code == EXIT_ERROR
    assert_one_line_error(err)
    assert expected in err


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (None, "cannot read"),
        (b"\x1b[2J not json", "not an incloud JSON report"),
        (b'{"schema_version": 1}', "not an incloud JSON report"),
        (b"[" * 100_000, "not an incloud JSON report"),
    ],
)
def test_a_bad_report_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: bytes | None, expected: str
) -> None:
    path = tmp_path / "report.json"
    if content is not None:
        path.write_bytes(content)
    code, _, err = _export(capsys, path)
    assert code == EXIT_ERROR
    assert_one_line_error(err)
    assert expected in err
    assert "\x1b" not in err


@pytest.mark.usefixtures("aws")
def test_the_collection_session_still_refuses_security_hub_writes() -> None:
    finding = json.loads(asff.render(_first()))[0]
    session = open_session(SessionOptions(regions=(REGION,)))
    client = session.client("securityhub", REGION)
    with pytest.raises(WriteRefused, match="securityhub:BatchImportFindings"):
        client.batch_import_findings(Findings=[finding])
    identifier = {"Id": finding["Id"], "ProductArn": PRODUCT}
    with pytest.raises(WriteRefused, match="securityhub:BatchUpdateFindings"):
        client.batch_update_findings(
            FindingIdentifiers=[identifier], Workflow={"Status": "RESOLVED"}
        )
    assert client.get_findings()["Findings"] == []  # reads pass; nothing was written
