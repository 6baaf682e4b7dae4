"""The ASFF reporter: every finding a valid AWS Security Finding Format finding, checked against
botocore's Security Hub model (the API Reference's shapes and enums) and the ASFF's required
attributes, with the verdict, severity, mute, region and resource mappings it documents.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import botocore.session
import pytest
from botocore.validate import ParamValidator

from incloud.assessment import Assessment, assess
from incloud.evaluate.check import Verdict
from incloud.evaluate.finding import Mute
from incloud.mutelist import Mutelist
from incloud.report import EXTENSIONS, REPORTERS, asff
from incloud.snapshot import Account, Resource
from tests.fixtures import build_snapshot
from tests.report.hostile import EVIL, assert_inert, hostile_assessment

ADMIN = "arn:aws:iam::123456789012:user/admin"
PUBLIC_READ = {
    "grantee_type": "Group",
    "permission": "READ",
    "grantee": "http://acs.amazonaws.com/groups/global/AllUsers",
}
DOCUMENT: dict[str, Any] = {
    "resources": [
        {"kind": "kms.key", "name": "legacy", "key_id": "k1", "rotation_enabled": False},
        {"kind": "s3.bucket", "name": "public-assets", "acl_grants": [PUBLIC_READ]},
        {"kind": "ec2.volume", "name": "data", "volume_id": "vol-1", "encrypted": True},
        {
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
        },
    ],
    "gaps": [{"service": "lambda", "operation": "ListFunctions", "error_code": "AccessDenied"}],
}
REQUIRED = {
    "AwsAccountId",
    "CreatedAt",
    "Description",
    "GeneratorId",
    "Id",
    "ProductArn",
    "Resources",
    "SchemaVersion",
    "Severity",
    "Title",
    "Types",
    "UpdatedAt",
}
"""User Guide, "Required top-level ASFF attributes"."""

MODEL = botocore.session.get_session().get_service_model("securityhub")
SHAPES = MODEL.operation_model("BatchImportFindings").input_shape


def _enum(name: str) -> set[str]:
    return set(MODEL.shape_for(name).enum)


def _assessment(mutelist: Mutelist | None = None) -> Assessment:
    return assess(build_snapshot(DOCUMENT), mutelist=mutelist)


def _rendered(assessment: Assessment) -> list[dict[str, Any]]:
    document = json.loads(asff.render(assessment))
    assert isinstance(document, list)
    return document


def _by_check(findings: list[dict[str, Any]], check_id: str) -> dict[str, Any]:
    (found,) = [f for f in findings if f["GeneratorId"] == f"incloud/{check_id}"]
    return found


def test_the_format_is_registered_with_its_extension() -> None:
    assert REPORTERS["asff"] is asff.render
    assert EXTENSIONS["asff"] == "asff.json"


def test_every_finding_is_valid_for_batch_import_findings() -> None:
    assessment = _assessment()
    findings = _rendered(assessment)
    assert [f["Id"] for f in findings] == [f.uid for f in assessment.findings]
    report = ParamValidator().validate({"Findings": findings}, SHAPES)
    assert not report.has_errors(), report.generate_report()
    for finding in findings:
        assert set(finding) >= REQUIRED
        assert finding["SchemaVersion"] == "2018-10-08"
        assert finding["Severity"]["Label"] in _enum("SeverityLabel")
        assert finding["Compliance"]["Status"] in _enum("ComplianceStatus")
        assert finding["Workflow"]["Status"] in _enum("WorkflowStatus")
        assert finding["RecordState"] in _enum("RecordState")
        assert finding["Resources"][0]["Partition"] in _enum("Partition")
        for kind in finding["Types"]:
            assert kind.split("/")[0] == "Software and Configuration Checks"
        assert finding["CreatedAt"] == finding["UpdatedAt"] == "2026-11-01T00:00:00.000Z"


def test_ids_product_and_generator() -> None:
    assessment = _assessment()
    finding = assessment.findings[0]
    document = _rendered(assessment)[0]
    assert document["Id"] == finding.uid
    assert document["GeneratorId"] == f"incloud/{finding.check_id}"
    assert document["AwsAccountId"] == "123456789012"
    assert document["ProductArn"] == (
        "arn:aws:securityhub:us-east-1:123456789012:product/123456789012/default"
    )


def test_verdicts_map_to_compliance_workflow_and_record_state() -> None:
    assessment = _assessment()
    findings = _rendered(assessment)
    failing = _by_check(findings, "kms.key-rotation-enabled")
    assert failing["Compliance"] == {"Status": "FAILED"}
    assert (failing["Workflow"], failing["RecordState"]) == ({"Status": "NEW"}, "ACTIVE")
    assert failing["Severity"] == {"Label": "MEDIUM", "Original": "medium"}
    assert failing["FindingProviderFields"]["Severity"] == failing["Severity"]
    assert failing["Remediation"]["Recommendation"]["Text"]
    assert failing["Types"] == ["Software and Configuration Checks/AWS Security Best Practices"]

    passing = _by_check(findings, "ec2.volume-encrypted")
    assert passing["Compliance"] == {"Status": "PASSED"}
    assert (passing["Workflow"], passing["RecordState"]) == ({"Status": "RESOLVED"}, "ACTIVE")

    unknowns = [f for f in assessment.findings if f.verdict is Verdict.UNKNOWN]
    assert unknowns
    for finding in unknowns:
        document = next(d for d in findings if d["Id"] == finding.uid)
        assert document["Compliance"]["Status"] == "NOT_AVAILABLE"  # never PASSED
        assert document["Compliance"]["StatusReasons"] == [
            {"ReasonCode": "NOT_COLLECTED", "Description": finding.reason}
        ]
        assert document["Workflow"] == {"Status": "NEW"}
        assert document["RecordState"] == "ACTIVE"

    not_applicable = [f for f in assessment.findings if f.verdict is Verdict.NOT_APPLICABLE]
    assert not_applicable
    for finding in not_applicable:
        document = next(d for d in findings if d["Id"] == finding.uid)
        assert document["Compliance"]["Status"] == "NOT_AVAILABLE"
        assert document["Compliance"]["StatusReasons"][0]["ReasonCode"] == "NOT_APPLICABLE"
        assert document["RecordState"] == "ARCHIVED"


def test_a_muted_finding_is_suppressed_with_its_entry() -> None:
    mutelist = Mutelist.model_validate(
        {
            "mutelist": [
                {
                    "checks": ["kms.key-rotation-enabled"],
                    "reason": "legacy key, retired in Q1",
                    "owner": "platform@example.com",
                    "ticket": "SEC-42",
                    "expires": "2027-03-31",
                }
            ]
        }
    )
    document = _by_check(_rendered(_assessment(mutelist)), "kms.key-rotation-enabled")
    assert document["Compliance"] == {"Status": "FAILED"}  # the verdict stands
    assert document["Workflow"] == {"Status": "SUPPRESSED"}
    assert document["Note"] == {
        "Text": "Muted by incloud mutelist entry 1: legacy key, retired in Q1 "
        "(owner platform@example.com, ticket SEC-42, expires 2027-03-31)",
        "UpdatedBy": "incloud mutelist",
        "UpdatedAt": "2026-11-01T00:00:00.000Z",
    }
    fields = document["ProductFields"]
    assert fields["incloud/muted_reason"] == "legacy key, retired in Q1"
    assert fields["incloud/muted_owner"] == "platform@example.com"
    assert fields["incloud/muted_ticket"] == "SEC-42"


def test_global_findings_go_to_the_accounts_first_region_in_its_partition() -> None:
    assessment = _assessment()
    china = Account(account_id="123456789012", partition="aws-cn", regions=("cn-northwest-1",))
    assessment = assessment.model_copy(update={"accounts": (china,)})
    document = _by_check(_rendered(assessment), "iam.user-not-full-admin")
    assert document["ProductArn"] == (
        "arn:aws-cn:securityhub:cn-northwest-1:123456789012:product/123456789012/default"
    )
    assert document["Resources"] == [
        {"Type": "AwsIamUser", "Id": ADMIN, "Region": "cn-northwest-1", "Partition": "aws-cn"}
    ]
    assert document["ProductFields"]["incloud/region"] == "global"


def test_an_import_region_places_every_finding() -> None:
    assessment = _assessment()
    finding = next(f for f in assessment.findings if f.check_id == "iam.user-not-full-admin")
    document = asff.asff_finding(
        finding,
        assessment.accounts[0],
        collected_at=assessment.collected_at,
        version="1",
        region="eu-west-1",
    )
    assert document["ProductArn"].startswith("arn:aws:securityhub:eu-west-1:")
    assert document["Resources"][0]["Region"] == "eu-west-1"


def test_resource_types() -> None:
    findings = _rendered(_assessment())
    assert _by_check(findings, "s3.bucket-acl-not-public")["Resources"][0]["Type"] == "AwsS3Bucket"
    assert _by_check(findings, "kms.key-rotation-enabled")["Resources"][0]["Type"] == "AwsKmsKey"
    # iam.privilege-escalation judges IamPrincipal (users and roles): told apart by the ARN
    assert asff.resource_type("iam.privilege-escalation", ADMIN) == "AwsIamUser"
    role = "arn:aws:iam::123456789012:role/deploy"
    assert asff.resource_type("iam.privilege-escalation", role) == "AwsIamRole"
    cluster = "arn:aws:rds:us-east-1:123456789012:cluster-snapshot:nightly"
    assert asff.resource_type("rds.snapshot-not-public", cluster) == "AwsRdsDbClusterSnapshot"
    assert asff.resource_type("no.such-check", cluster) == "Other"
    # an inventory that could not be listed is not a resource
    lambdas = [f for f in findings if f["GeneratorId"].startswith("incloud/lambda.")]
    assert lambdas
    assert {f["Resources"][0]["Type"] for f in lambdas} == {"Other"}


def test_mapped_resource_types_are_asff_types_and_kinds_exist() -> None:
    documented = set(MODEL.shape_for("ResourceDetails").members)
    assert set(asff.RESOURCE_TYPES.values()) | {"AwsRdsDbClusterSnapshot"} <= documented
    kinds: set[str] = set()
    stack: list[type[Resource]] = [Resource]
    while stack:
        model = stack.pop()
        stack.extend(model.__subclasses__())
        kinds.update(asff._kinds(model))
    assert set(asff.RESOURCE_TYPES) <= kinds


def test_text_is_cut_to_the_asff_limits() -> None:
    assessment = _assessment()
    long = "x" * 5000
    finding = assessment.findings[0].model_copy(
        update={
            "title": long,
            "reason": long,
            "remediation": long,
            "resource_name": long,
            "muted": Mute(entry=1, reason=long, owner=long, expires=date(2027, 1, 1)),
            "verdict": Verdict.FAIL,
        }
    )
    document = asff.asff_finding(
        finding, assessment.accounts[0], collected_at=assessment.collected_at, version="1"
    )
    assert len(document["Title"]) == 256
    assert document["Title"].endswith("...")
    assert len(document["Description"]) == 1024
    assert len(document["Remediation"]["Recommendation"]["Text"]) == 512
    assert len(document["Note"]["Text"]) == 512
    assert max(len(v) for v in document["ProductFields"].values()) == 2048
    assert len(document["Id"]) <= 512
    assert len(document["GeneratorId"]) <= 512


def test_the_output_is_deterministic() -> None:
    assert asff.render(_assessment()) == asff.render(_assessment())


def test_hostile_text_is_escaped_and_the_values_kept() -> None:
    assessment = hostile_assessment()
    text = asff.render(assessment)
    assert_inert(text, color=False)
    assert "\\u009b31m" in text
    assert "\\u202e" in text
    findings = json.loads(text)
    names = {f["ProductFields"]["incloud/resource_name"] for f in findings}
    assert f"bucket{EVIL}" in names


@pytest.mark.parametrize("region", ["", "global"])
def test_a_finding_without_a_region_still_has_one(region: str) -> None:
    assessment = _assessment()
    finding = assessment.findings[0].model_copy(update={"region": region})
    document = asff.asff_finding(
        finding,
        Account(account_id="123456789012"),
        collected_at=assessment.collected_at,
        version="1",
    )
    assert document["Resources"][0]["Region"] == "us-east-1"
