"""The matrix engine on small snapshots: ownership, status from evidence, use, load, scope."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from incloud.assessment import assess
from incloud.errors import InputError
from incloud.responsibility.catalogue import duties
from incloud.responsibility.matrix import AccountMatrix, Cell, DutyStatus
from incloud.responsibility.programmes import programme_scope
from tests.fixtures import build_snapshot


def _account(resources: list[dict[str, Any]], **document: Any) -> AccountMatrix:
    assessment = assess(build_snapshot({"resources": resources, **document}))
    assert assessment.matrix is not None
    return assessment.matrix.accounts[0]


def _cell(account: AccountMatrix, service: str, duty: str) -> Cell:
    return next(c for c in account.cells if c.service == service and c.duty == duty)


INSTANCE: dict[str, Any] = {
    "kind": "ec2.instance",
    "name": "web",
    "instance_id": "i-1",
    "metadata": {"http_tokens": "required"},
}
DATABASE: dict[str, Any] = {
    "kind": "rds.instance",
    "name": "db",
    "engine": "postgres",
    "storage_encrypted": True,
}
FUNCTION: dict[str, Any] = {"kind": "lambda.function", "name": "fn", "runtime": "python3.13"}
TABLE_LIKE: dict[str, Any] = {"kind": "s3.bucket", "name": "data"}


def test_os_patching_follows_the_category() -> None:
    account = _account([INSTANCE, DATABASE, FUNCTION])
    assert _cell(account, "ec2", "application.patch-os").owner == "customer"
    assert _cell(account, "rds", "application.patch-os").status is DutyStatus.INHERITED
    # shared: AWS patches managed runtimes, the customer rebuilds container image functions
    patch = _cell(account, "lambda", "application.patch-os")
    assert patch.owner == "shared"
    assert patch.status is DutyStatus.MET  # a .zip function: the image check does not apply
    runtime = _cell(account, "lambda", "application.patch-runtime")
    assert runtime.owner == "shared"
    assert runtime.status is DutyStatus.MET
    assert runtime.evidence[0].check_id == "lambda.runtime-supported"


def test_load_orders_infrastructure_container_abstracted() -> None:
    load = _account([INSTANCE, DATABASE, FUNCTION, TABLE_LIKE]).load.by_service
    assert load["ec2"] > load["rds"] > load["lambda"] > load["s3"]


def test_services_without_real_resources_are_not_in_use() -> None:
    defaults: list[dict[str, Any]] = [
        {"kind": "ec2.vpc", "name": "default-vpc", "vpc_id": "vpc-1", "is_default": True},
        {"kind": "ec2.security-group", "name": "default", "group_id": "sg-1"},
        {"kind": "ec2.region", "name": "us-east-1"},
        {"kind": "s3.account", "name": "123456789012", "region": "global"},
        {"kind": "kms.key", "name": "aws/s3", "key_id": "k", "manager": "AWS"},
    ]
    in_use = {s.prefix for s in _account(defaults).services}
    assert in_use == {"account"}
    assert {c.service for c in _account(defaults).cells} == {"account"}


def test_failed_and_passing_evidence() -> None:
    volumes = [
        {"kind": "ec2.volume", "name": "a", "volume_id": "vol-a", "encrypted": True},
        {"kind": "ec2.volume", "name": "b", "volume_id": "vol-b", "encrypted": False},
    ]
    partly = _cell(_account(volumes), "ec2", "data.encrypt-at-rest")
    assert partly.status is DutyStatus.PARTLY_MET
    only_bad = _cell(_account(volumes[1:]), "ec2", "data.encrypt-at-rest")
    assert only_bad.status is DutyStatus.NOT_MET
    only_good = _cell(_account(volumes[:1]), "ec2", "data.encrypt-at-rest")
    assert only_good.status is DutyStatus.MET


def test_unknown_evidence_is_never_met() -> None:
    bucket = {"kind": "s3.bucket", "name": "data", "arn": "arn:aws:s3:::data"}
    gap = {
        "service": "s3",
        "operation": "GetBucketEncryption",
        "error_code": "AccessDenied",
        "resource_arn": "arn:aws:s3:::data",
    }
    cell = _cell(_account([bucket], gaps=[gap]), "s3", "data.encrypt-at-rest")
    assert cell.status is DutyStatus.UNKNOWN


def test_account_duties_sit_on_the_account_row() -> None:
    account = _account(
        [
            {
                "kind": "iam.account",
                "name": "123456789012",
                "region": "global",
                "root": {
                    "mfa_active": False,
                    "access_key_1_active": True,
                    "password_last_used": "2026-10-30T00:00:00Z",
                },
            }
        ]
    )
    root = _cell(account, "account", "identity.protect-root")
    assert root.status is DutyStatus.NOT_MET
    assert not [
        c for c in account.cells if c.duty == "identity.protect-root" and c.service != "account"
    ]


def test_duties_without_checks_are_manual_and_say_what_to_show() -> None:
    cell = _cell(_account([INSTANCE]), "ec2", "application.scan-vulnerabilities")
    assert cell.status is DutyStatus.MANUAL
    assert "Inspector" in cell.reason


def test_aws_side_is_inherited() -> None:
    account = _account([DATABASE])
    cell = _cell(account, "rds", "aws.physical-security")
    assert (cell.owner, cell.status) == ("aws", DutyStatus.INHERITED)
    assert cell.aws_does


def test_every_collected_service_is_catalogued() -> None:
    from incloud.responsibility.catalogue import services
    from incloud.snapshot import RESOURCE_TYPES

    missing = sorted({t.service for t in RESOURCE_TYPES} - set(services()))
    assert not missing, f"add catalogue entries for {missing}"


def test_scope_flags_a_non_eligible_service_and_passes_eligible_ones() -> None:
    scope = programme_scope("hipaa", ["s3", "ec2", "sdb", "no-such-service", "inspector2"])
    assert scope.out_of_scope == ("sdb",)
    assert scope.in_scope == ("ec2", "inspector2", "s3")
    assert scope.not_known == ("no-such-service",)
    assert scope.as_of == "2022-07-15"


def test_scope_data_says_its_age_at_the_scan_and_warns_when_stale() -> None:
    fresh = programme_scope("pci", ["sdb"], datetime(2022, 9, 1, tzinfo=UTC))
    assert (fresh.age_days, fresh.stale) == (48, False)
    assert "(1 month old at the scan)" in fresh.age_line()
    assert "older than a year" not in fresh.age_line()
    old = programme_scope("fedramp-moderate", ["sdb"], datetime(2026, 12, 7, tzinfo=UTC))
    assert old.as_of == "2021-10-11" and old.stale
    assert "(5 years 1 month old at the scan): older than a year" in old.age_line()
    assert programme_scope("pci", ["sdb"]).age_days is None  # no scan time, no age


def test_a_service_not_listed_is_dated_never_forbidden() -> None:
    scope = programme_scope("hipaa", ["sdb", "bedrock"], datetime(2026, 12, 7, tzinfo=UTC))
    line = scope.not_listed_line()
    assert line.startswith("Not listed for HIPAA as of 2022-07-15: sdb")
    assert "must not" not in line
    assert scope.not_known == ("bedrock",)  # the data predates it


def test_prefix_artefacts_take_the_row_aws_lists_them_under() -> None:
    for alias, row in (("inspector2", "inspector"), ("dax", "dynamodb")):
        alias_scope = programme_scope("soc", [alias])
        assert alias_scope.in_scope == (alias,), (alias, row)


def test_scope_in_the_assessment() -> None:
    snapshot = build_snapshot({"resources": [TABLE_LIKE, {"kind": "sdb.domain", "name": "x"}]})
    matrix = assess(snapshot, programme="hipaa").matrix
    assert matrix is not None and matrix.scope is not None
    assert matrix.scope.out_of_scope == ("sdb",)


def test_unknown_programme_is_an_input_error() -> None:
    with pytest.raises(InputError, match="unknown --scope"):
        programme_scope("sox", ["s3"])


def test_an_account_duty_is_shown_on_the_service_whose_checks_judged_it() -> None:
    """GuardDuty's own check decides the account-wide threat-detection duty: the GuardDuty
    row shows that evidence (its other duties alone would all be manual), and the load
    counts the duty once, on the account.
    """
    detector = {
        "kind": "guardduty.region",
        "name": "us-east-1",
        "region": "us-east-1",
        "detectors": [
            {
                "detector_id": "d1",
                "status": "ENABLED",
                "arn": "arn:aws:guardduty:us-east-1:123456789012:detector/d1",
            }
        ],
    }
    account = _account([detector])
    cell = _cell(account, "guardduty", "compliance.detect-threats")
    assert cell.scope == "account"
    # the detector is on (passed); its S3 and RDS protection settings were not given: unknown
    assert cell.status is DutyStatus.UNKNOWN
    assert [e.check_id for e in cell.evidence if e.passed] == ["guardduty.enabled"]
    assert {e.check_id for e in cell.evidence} <= {
        c for c in duties()["compliance.detect-threats"].checks if c.startswith("guardduty.")
    }
    assert _cell(account, "account", "compliance.detect-threats").scope == "service"
    without = {c.duty for c in account.cells if c.service == "guardduty" and c.scope == "service"}
    assert "compliance.detect-threats" not in without
    by_service = account.load.by_service
    assert by_service["guardduty"] == sum(
        1.0 if c.owner == "customer" else 0.5
        for c in account.cells
        if c.service == "guardduty"
        and c.side == "customer"
        and c.scope == "service"
        and c.owner != "aws"
    )
