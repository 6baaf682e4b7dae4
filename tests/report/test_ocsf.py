"""The OCSF report: one Compliance Finding per finding, each valid for py-ocsf-models.

Every event a real assessment gives (a small account with muted findings and a framework
posture, the hostile assessment, and every check's fixture) is parsed back with the library's
own classes, and must come back unchanged: nothing emitted that the schema does not know.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from py_ocsf_models import OCSF_VERSION
from py_ocsf_models.events.findings.compliance_finding import (
    ComplianceFinding,
)
from py_ocsf_models.objects.cloud import Cloud
from pydantic import ValidationError

from incloud.assessment import Assessment, assess, with_posture
from incloud.compliance.model import load_framework
from incloud.evaluate.check import Severity, Verdict, all_checks
from incloud.evaluate.finding import Finding, Mute
from incloud.mutelist import parse_mutelist
from incloud.report import EXTENSIONS, REPORTERS, ocsf
from tests.fixtures import build_snapshot, load_fixture
from tests.report.hostile import EVIL, assert_inert, hostile_assessment
from tests.report.test_golden import SNAPSHOT

CHECK_FIXTURES = sorted((Path(__file__).parents[1] / "evaluate" / "fixtures").glob("*.yaml"))
PASS = 1
"""OCSF compliance status_id Pass: the only one a pass may have."""
NEW, SUPPRESSED = 1, 3
"""OCSF finding status_id New and Suppressed."""

SNAPSHOT_KINDS = {r.arn: r.kind for r in build_snapshot(SNAPSHOT).resources}
"""The small account's resources' kinds, by ARN."""

MUTELIST = {
    "mutelist": [
        {
            "checks": ["s3.bucket-acl-not-public", "kms.*"],
            "reason": "public website, accepted",
            "owner": "web@example.com",
            "ticket": "SEC-42",
            "expires": date(2027, 1, 31),
        }
    ]
}
"""Mutes a failure, an unknown and a pass of the small account."""


def normal_assessment() -> Assessment:
    """The golden report's small account, with a mutelist and the CIS posture."""
    snapshot = build_snapshot(SNAPSHOT)
    assessed = assess(snapshot, mutelist=parse_mutelist(MUTELIST, "mutelist.yaml"))
    return with_posture(assessed, snapshot, [load_framework("cis-5.0")])


@pytest.fixture(scope="module")
def normal() -> Assessment:
    return normal_assessment()


def rendered_events(assessment: Assessment) -> list[dict[str, Any]]:
    """The events as a consumer reads them: the rendered text, parsed."""
    parsed: list[dict[str, Any]] = json.loads(ocsf.render(assessment))
    return parsed


def validate(event: dict[str, Any]) -> Any:
    """``event`` parsed with the library's classes; it must round-trip unchanged."""
    body = {key: value for key, value in event.items() if key != "cloud"}
    finding = ComplianceFinding.model_validate(body)
    assert finding.model_dump(mode="json", exclude_none=True) == body
    cloud = Cloud.model_validate(event["cloud"])
    assert cloud.model_dump(mode="json", exclude_none=True) == event["cloud"]
    return finding


def by_uid(assessment: Assessment) -> dict[str, tuple[Finding, dict[str, Any]]]:
    events = rendered_events(assessment)
    assert len(events) == len(assessment.findings)
    return {
        e["finding_info"]["uid"]: (f, e) for f, e in zip(assessment.findings, events, strict=True)
    }


def test_is_registered_with_its_extension() -> None:
    assert REPORTERS["ocsf"] is ocsf.render
    assert EXTENSIONS["ocsf"] == "ocsf.json"


def test_every_event_of_the_normal_assessment_is_a_valid_compliance_finding(
    normal: Assessment,
) -> None:
    verdicts = set()
    for finding, event in by_uid(normal).values():
        parsed = validate(event)
        verdicts.add(finding.verdict)
        assert parsed.class_uid == 2003
        assert parsed.type_uid == 200301
        assert parsed.metadata.version == OCSF_VERSION
        assert parsed.metadata.product.name == "incloud"
        assert parsed.metadata.product.version == normal.incloud_version
        assert parsed.metadata.event_code == finding.check_id
        assert parsed.finding_info.uid == finding.uid
        assert parsed.finding_info.title == finding.title
        assert parsed.compliance.checks[0].uid == finding.check_id
        assert parsed.status_code == finding.verdict.value
        assert parsed.status_detail == finding.reason
        assert event["cloud"] == {
            "provider": "AWS",
            "region": finding.region,
            "account": {
                "uid": finding.account,
                "name": finding.account,
                "type": "AWS Account",
                "type_id": 10,
            },
        }
        (resource,) = parsed.resources
        assert (resource.uid, resource.name) == (finding.resource, finding.resource_name)
        if finding.resource in SNAPSHOT_KINDS:
            assert resource.type == SNAPSHOT_KINDS[finding.resource]
        assert resource.cloud_partition == "aws"
        assert event["unmapped"]["evidence"] == finding.evidence
    assert verdicts == set(Verdict)


def test_every_event_of_the_hostile_assessment_is_valid_inert_and_exact() -> None:
    assessment = hostile_assessment()
    text = ocsf.render(assessment)
    assert_inert(text, color=False)
    events = json.loads(text)
    for finding, event in zip(assessment.findings, events, strict=True):
        validate(event)
        assert event["resources"][0]["name"] == finding.resource_name
        assert event["status_detail"] == finding.reason
        assert event["unmapped"]["evidence"] == finding.evidence
    assert any(e["resources"][0]["name"] == f"bucket{EVIL}" for e in events)
    assert any(e["status_detail"] == f"reason{EVIL}" for e in events)


def test_every_check_fixture_gives_valid_events_with_the_resource_kind() -> None:
    checks = all_checks()
    kinds = set()
    for path in CHECK_FIXTURES:
        snapshot, _ = load_fixture(path)
        check = checks[path.stem]
        one_kind = len(ocsf.kinds_of(check.resource)) == 1
        assessment = assess(snapshot, [check])
        for finding, event in zip(assessment.findings, rendered_events(assessment), strict=True):
            validate(event)
            # fixtures' own ARNs (arn:aws:test:...) name no IAM resource type
            if finding.resource in snapshot.by_arn and (
                one_kind or ":test:" not in finding.resource
            ):
                kind = snapshot.by_arn[finding.resource].kind
                assert event["resources"][0]["type"] == kind
                kinds.add(kind)
    assert len(kinds) > 40
    assert {"iam.user", "iam.role"} <= kinds


def test_a_check_of_users_and_roles_names_the_kind_its_arn_says() -> None:
    principals = ocsf.kinds_of(all_checks()["iam.privilege-escalation"].resource)
    assert {"iam.user", "iam.role"} <= principals
    role = "arn:aws:iam::123456789012:role/path/deploy"
    assert ocsf.resource_kind(principals, role) == "iam.role"
    assert ocsf.resource_kind(principals, "arn:aws:iam::123456789012:user/u") == "iam.user"
    assert ocsf.resource_kind(principals, "123456789012/global") is None
    assert ocsf.resource_kind(frozenset({"s3.bucket"}), "123456789012/us-east-1") == "s3.bucket"


def test_an_inventory_that_could_not_be_listed_is_its_scope_with_the_kind(
    normal: Assessment,
) -> None:
    unlisted = [
        (f, e) for f, e in by_uid(normal).values() if f.resource == "123456789012/us-east-1"
    ]
    assert unlisted
    for finding, event in unlisted:
        assert finding.verdict is Verdict.UNKNOWN
        assert event["resources"][0]["uid"] == "123456789012/us-east-1"
        assert event["resources"][0]["type"] == "lambda.function"


@pytest.mark.parametrize(
    ("verdict", "status_id", "status"),
    [
        (Verdict.PASS, 1, "Pass"),
        (Verdict.FAIL, 3, "Fail"),
        (Verdict.UNKNOWN, 2, "Warning"),
        (Verdict.NOT_APPLICABLE, 99, "Not Applicable"),
    ],
)
def test_verdict_maps_to_the_compliance_status(
    normal: Assessment, verdict: Verdict, status_id: int, status: str
) -> None:
    findings = [f.model_copy(update={"verdict": verdict}) for f in normal.findings]
    for finding, event in zip(findings, ocsf.events(single(normal, findings)), strict=True):
        parsed = validate(event)
        assert parsed.compliance.status_id == status_id
        assert (parsed.compliance.checks[0].status_id, parsed.compliance.checks[0].status) == (
            status_id,
            status,
        )
        assert parsed.status_code == verdict.value
        assert parsed.status_detail == finding.reason


def test_unknown_never_maps_to_a_passing_status(normal: Assessment) -> None:
    unknown = [(f, e) for f, e in by_uid(normal).values() if f.verdict is Verdict.UNKNOWN]
    assert unknown
    for finding, event in unknown:
        assert event["compliance"]["status_id"] != PASS
        assert event["compliance"]["checks"][0]["status_id"] != PASS
        assert event["compliance"]["checks"][0]["status"] != "Pass"
        assert event["status_detail"] == finding.reason
        assert event["unmapped"]["verdict"] == "unknown"


def test_muted_findings_are_suppressed_with_the_mute(normal: Assessment) -> None:
    events = by_uid(normal).values()
    muted = [(f, e) for f, e in events if f.muted is not None]
    assert {f.verdict for f, _ in muted} == {Verdict.FAIL, Verdict.UNKNOWN, Verdict.PASS}
    for finding, event in muted:
        assert (event["status_id"], event["status"]) == (SUPPRESSED, "Suppressed")
        assert event["comment"] == (
            "muted: public website, accepted (web@example.com, SEC-42, until 2027-01-31)"
        )
        assert event["unmapped"]["muted"] == {
            "entry": 1,
            "reason": "public website, accepted",
            "owner": "web@example.com",
            "ticket": "SEC-42",
            "expires": "2027-01-31",
        }
        # the verdict stands: a muted failure is still a failing compliance check
        if finding.verdict is Verdict.FAIL:
            assert event["compliance"]["status_id"] == 3
    for finding, event in events:
        if finding.muted is None:
            assert (event["status_id"], event["status"]) == (NEW, "New")
            assert "comment" not in event
            assert "muted" not in event["unmapped"]


def test_a_mute_without_a_ticket_leaves_it_out(normal: Assessment) -> None:
    mute = Mute(entry=2, reason="lab", owner="ops", expires=date(2027, 3, 1))
    finding = normal.findings[0].model_copy(update={"muted": mute})
    (event,) = ocsf.events(single(normal, [finding]))
    assert event["comment"] == "muted: lab (ops, until 2027-03-01)"
    assert event["unmapped"]["muted"]["ticket"] is None


@pytest.mark.parametrize(
    ("severity", "severity_id", "caption"),
    [
        (Severity.CRITICAL, 5, "Critical"),
        (Severity.HIGH, 4, "High"),
        (Severity.MEDIUM, 3, "Medium"),
        (Severity.LOW, 2, "Low"),
        (Severity.INFO, 1, "Informational"),
    ],
)
def test_severity_maps_to_the_ocsf_severity(
    normal: Assessment, severity: Severity, severity_id: int, caption: str
) -> None:
    finding = normal.findings[0].model_copy(update={"severity": severity})
    (event,) = ocsf.events(single(normal, [finding]))
    validate(event)
    assert (event["severity_id"], event["severity"]) == (severity_id, caption)
    assert event["compliance"]["checks"][0]["severity_id"] == severity_id
    assert event["compliance"]["checks"][0]["severity"] == severity.value


def test_time_is_the_collection_time_and_the_output_is_deterministic(
    normal: Assessment,
) -> None:
    events = rendered_events(normal)
    assert {e["time"] for e in events} == {1_793_491_200_000}  # 2026-11-01T00:00:00Z
    assert {e["time_dt"] for e in events} == {"2026-11-01T00:00:00Z"}
    assert ocsf.render(normal) == ocsf.render(normal_assessment())
    assert ocsf.epoch_ms(datetime(2026, 11, 1)) == 1_793_491_200_000  # naive is UTC


def test_remediation_is_there_when_the_finding_has_one(normal: Assessment) -> None:
    for finding, event in by_uid(normal).values():
        if finding.remediation:
            assert event["remediation"] == {"desc": finding.remediation}
        else:
            assert "remediation" not in event


def test_framework_requirements_citing_the_check_are_named(normal: Assessment) -> None:
    (posture,) = normal.compliance
    cited: dict[str, set[str]] = {}
    for requirement in posture.requirements:
        for check in requirement.checks:
            cited.setdefault(check.check_id, set()).add(f"cis-5.0 {requirement.id}")
    named = 0
    for finding, event in by_uid(normal).values():
        compliance = event["compliance"]
        if finding.check_id in cited:
            named += 1
            assert compliance["requirements"] == sorted(cited[finding.check_id])
            assert compliance["standards"] == [f"{posture.name} {posture.version}"]
        else:
            assert "requirements" not in compliance
            assert "standards" not in compliance
    assert named


def test_no_findings_is_an_empty_array(normal: Assessment) -> None:
    assert ocsf.render(single(normal, [])) == "[]\n"


def single(assessment: Assessment, findings: list[Finding]) -> Assessment:
    """``assessment`` with ``findings`` instead of its own."""
    return assessment.model_copy(update={"findings": tuple(findings)})


def test_the_validation_catches_what_the_schema_does_not_know(normal: Assessment) -> None:
    (event,) = ocsf.events(single(normal, [normal.findings[0]]))
    validate(event)
    with pytest.raises(AssertionError):
        validate({**event, "bogus": 1})
    with pytest.raises(ValidationError):
        validate({**event, "severity_id": 7})
    with pytest.raises(ValidationError):
        validate({**event, "cloud": {"region": "us-east-1"}})  # no provider
