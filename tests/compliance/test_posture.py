"""The posture engine on small frameworks of the tests' own (independent of the shipped data)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from incloud.assessment import assess, with_posture
from incloud.compliance.attestations import Attestation
from incloud.compliance.model import Framework
from incloud.compliance.posture import assess_framework
from incloud.compliance.result import RequirementStatus
from incloud.errors import InputError
from incloud.evaluate.engine import select_checks
from incloud.evaluate.settings import Settings
from incloud.snapshot import Snapshot
from tests.fixtures import build_snapshot

# collected_at is 2026-11-01 (tests.fixtures.COLLECTED_AT).
FRESH_KEY = {"number": 1, "active": True, "last_rotated": "2026-10-20T00:00:00Z"}
KEY_100_DAYS_OLD = {"number": 1, "active": True, "last_rotated": "2026-07-24T00:00:00Z"}
GOOD_POLICY = {"minimum_length": 14, "reuse_prevention": 24}


def user(name: str, *keys: dict[str, Any]) -> dict[str, Any]:
    return {"kind": "iam.user", "name": name, "region": "global", "access_keys": list(keys)}


def account(policy: dict[str, Any] | None = GOOD_POLICY) -> dict[str, Any]:
    return {"kind": "iam.account", "name": "acct", "region": "global", "password_policy": policy}


def snapshot(*resources: dict[str, Any], gaps: tuple[dict[str, Any], ...] = ()) -> Snapshot:
    return build_snapshot({"resources": list(resources), "gaps": list(gaps)})


def requirement(
    rid: str, owner: str = "customer", automation: str = "automated", **more: Any
) -> dict[str, Any]:
    """A requirement document with the fields its owner and automation need."""
    doc: dict[str, Any] = {
        "id": rid,
        "section": more.pop("section", "1 Identity"),
        "summary": f"Requirement {rid} of the test framework.",
        "owner": owner,
        "automation": automation,
    }
    if automation != "automated" and owner in ("customer", "shared"):
        doc["manual_evidence"] = f"A record showing {rid} is done."
    if owner in ("inherited", "shared"):
        doc["aws_evidence"] = {"attestation": "AWS SOC 2 Type II report, physical security"}
    if owner == "not_applicable":
        doc["reason"] = "Cannot apply to a workload on AWS."
    doc.update(more)
    return doc


def framework(*requirements: dict[str, Any], programme: str | None = "hipaa") -> Framework:
    return Framework.model_validate(
        {
            "id": "test-fw",
            "name": "Test framework",
            "version": "1",
            "publisher": "incloud tests",
            "sources": ["tests"],
            "notice": "test data",
            "aws_attestation": {"programme": programme, "evidence": "AWS SOC 2 Type II report"},
            "requirements": list(requirements),
        }
    )


def checks(*ids: str, **pins: int) -> list[dict[str, Any]]:
    return [{"id": i, "settings": pins} for i in ids]


def status_of(posture: Any, rid: str) -> RequirementStatus:
    found: RequirementStatus = next(r for r in posture.requirements if r.id == rid).status
    return found


def test_one_unknown_check_makes_the_requirement_unknown_not_met() -> None:
    snap = snapshot(
        account(policy=None),
        user("alice", FRESH_KEY),
        gaps=(
            {
                "service": "iam",
                "operation": "GetAccountPasswordPolicy",
                "region": "global",
                "error_code": "AccessDenied",
            },
        ),
    )
    fw = framework(
        requirement("1.1", checks=checks("iam.access-key-rotated", "iam.password-policy-strong"))
    )
    posture = assess_framework(snap, fw)
    req = posture.requirements[0]
    assert req.status is RequirementStatus.UNKNOWN
    assert "iam.password-policy-strong" in req.evidence
    assert "AccessDenied" in req.evidence
    assert {c.check_id: (c.passed, c.unknown) for c in req.checks} == {
        "iam.access-key-rotated": (1, 0),
        "iam.password-policy-strong": (0, 1),
    }
    assert posture.summary.score == 0


def test_one_failure_makes_the_requirement_not_met_whatever_else_passes() -> None:
    snap = snapshot(account(), user("alice", FRESH_KEY), user("bob", KEY_100_DAYS_OLD))
    fw = framework(
        requirement("1.1", checks=checks("iam.access-key-rotated", "iam.password-policy-strong"))
    )
    req = assess_framework(snap, fw).requirements[0]
    assert req.status is RequirementStatus.NOT_MET
    assert req.evidence.startswith("iam.access-key-rotated fails on 1 of 2 resource(s): bob")


def test_all_passing_checks_meet_an_automated_requirement() -> None:
    snap = snapshot(account(), user("alice", FRESH_KEY))
    fw = framework(
        requirement("1.1", checks=checks("iam.access-key-rotated", "iam.password-policy-strong"))
    )
    req = assess_framework(snap, fw).requirements[0]
    assert req.status is RequirementStatus.MET
    assert req.evidence == "2 check(s) pass on 2 resource(s)"


def test_a_check_missing_from_the_catalogue_is_unknown() -> None:
    snap = snapshot(account())
    fw = framework(requirement("1.1", checks=checks("iam.not-a-real-check")))
    req = assess_framework(snap, fw).requirements[0]
    assert req.status is RequirementStatus.UNKNOWN
    assert "not in this version's check catalogue" in req.evidence


def test_no_resource_in_scope_is_not_applicable_for_automated_and_manual_for_partial() -> None:
    snap = snapshot(account(), user("console-only"))  # no active key
    fw = framework(
        requirement("1.1", checks=checks("iam.access-key-rotated")),
        requirement("1.2", automation="partial", checks=checks("iam.access-key-rotated")),
    )
    posture = assess_framework(snap, fw)
    assert status_of(posture, "1.1") is RequirementStatus.NOT_APPLICABLE
    assert "no resources in scope" in posture.requirements[0].evidence
    assert status_of(posture, "1.2") is RequirementStatus.MANUAL
    assert posture.summary.score == 0  # 1.2 still needs evidence; 1.1 is left out


def test_inherited_requirement_is_flagged_for_a_service_in_use_outside_the_programme() -> None:
    sdb = {"kind": "sdb.domain", "name": "legacy"}
    bucket = {"kind": "s3.bucket", "name": "data"}
    fw = framework(requirement("2.1", owner="inherited", automation="manual"))
    flagged = assess_framework(snapshot(bucket, sdb), fw).requirements[0]
    assert flagged.status is RequirementStatus.INHERITED
    assert flagged.out_of_scope == ("sdb",)
    assert flagged.evidence.startswith("inherited, but ")
    assert "(sdb) is not listed in AWS's hipaa scope" in flagged.evidence
    clean = assess_framework(snapshot(bucket), fw)
    assert clean.requirements[0].out_of_scope == ()
    assert "every service in use is in AWS's hipaa scope" in clean.requirements[0].evidence
    assert clean.summary.inherited_flagged == 0
    assert assess_framework(snapshot(bucket, sdb), fw).summary.inherited_flagged == 1


def test_requirement_programme_overrides_the_frameworks() -> None:
    sdb = {"kind": "sdb.domain", "name": "legacy"}
    fw = framework(
        requirement(
            "2.1",
            owner="inherited",
            automation="manual",
            aws_evidence={
                "attestation": "AWS FedRAMP Moderate package",
                "programme": "fedramp-moderate",
            },
        ),
        programme=None,
    )
    req = assess_framework(snapshot(sdb), fw).requirements[0]
    assert req.programme == "fedramp-moderate"
    assert req.out_of_scope == ("sdb",)


def test_the_frameworks_own_programme_dates_the_posture_whatever_its_last_requirement() -> None:
    """Evidence of mixed programmes (FedRAMP, and SOC for controls FedRAMP does not cover):
    the posture's scope line is the framework's programme's, not the last requirement's.
    """
    soc = {"attestation": "AWS SOC 2 Type II report", "programme": "soc"}
    fw = framework(
        requirement("2.1", owner="inherited", automation="manual"),
        requirement("2.2", owner="inherited", automation="manual", aws_evidence=soc),
        programme="fedramp-moderate",
    )
    posture = assess_framework(snapshot({"kind": "sdb.domain", "name": "x"}), fw)
    assert [r.programme for r in posture.requirements] == ["fedramp-moderate", "soc"]
    assert posture.scope_as_of == "2021-10-11"  # FedRAMP's list; SOC's is 2022-07-15
    assert posture.scope_caveat is not None and posture.scope_caveat.startswith(
        "FEDRAMP-MODERATE scope data as of 2021-10-11"
    )


def test_without_a_programme_inherited_is_not_scope_checked() -> None:
    fw = framework(requirement("2.1", owner="inherited", automation="manual"), programme=None)
    req = assess_framework(snapshot({"kind": "sdb.domain", "name": "x"}), fw).requirements[0]
    assert req.out_of_scope == ()
    assert req.evidence == "inherited: AWS SOC 2 Type II report, physical security"


def test_shared_requirement_reports_aws_scope_beside_the_customer_part() -> None:
    snap = snapshot(account(), {"kind": "sdb.domain", "name": "legacy"})
    fw = framework(requirement("3.1", owner="shared", checks=checks("iam.password-policy-strong")))
    req = assess_framework(snap, fw).requirements[0]
    assert req.status is RequirementStatus.MET
    assert "AWS's part: inherited, but" in req.evidence


def test_pins_beat_a_relaxed_user_setting() -> None:
    snap = snapshot(account(), user("bob", KEY_100_DAYS_OLD))
    relaxed = Settings(access_key_max_age_days=365)
    fw = framework(
        requirement("1.14", checks=checks("iam.access-key-rotated", access_key_max_age_days=90)),
        requirement("9.9", checks=checks("iam.access-key-rotated")),
    )
    posture = assess_framework(snap, fw, settings=relaxed)
    assert status_of(posture, "1.14") is RequirementStatus.NOT_MET
    assert posture.requirements[0].checks[0].settings == {"access_key_max_age_days": 90}
    assert status_of(posture, "9.9") is RequirementStatus.MET  # unpinned: the user's 365 days
    # The same pin also wins over an assessment evaluated with the relaxed setting.
    assessment = assess(snap, select_checks(), settings=relaxed)
    attached = with_posture(assessment, snap, [fw], settings=relaxed).compliance[0]
    assert status_of(attached, "1.14") is RequirementStatus.NOT_MET
    assert status_of(attached, "9.9") is RequirementStatus.MET


def test_pins_equal_to_the_users_value_and_stricter_user_values() -> None:
    key_60_days_old = {"number": 1, "active": True, "last_rotated": "2026-09-02T00:00:00Z"}
    snap = snapshot(account(), user("carol", key_60_days_old))
    fw = framework(
        requirement("1.14", checks=checks("iam.access-key-rotated", access_key_max_age_days=90)),
        requirement("9.9", checks=checks("iam.access-key-rotated")),
    )
    strict = assess_framework(snap, fw, settings=Settings(access_key_max_age_days=30))
    assert status_of(strict, "1.14") is RequirementStatus.MET  # the framework asks for 90
    assert status_of(strict, "9.9") is RequirementStatus.NOT_MET  # the user asks for 30
    same = assess_framework(snap, fw)  # the pin equals the default: one run serves both
    assert [r.status for r in same.requirements] == [RequirementStatus.MET] * 2
    assert same.requirements[0].checks[0].settings == {"access_key_max_age_days": 90}


def test_a_pinned_stricter_password_length_fails_a_policy_the_default_accepts() -> None:
    snap = snapshot(account())
    fw = framework(
        requirement("1.8", checks=checks("iam.password-policy-strong", password_min_length=16))
    )
    assert status_of(assess_framework(snap, fw), "1.8") is RequirementStatus.NOT_MET


def test_reusing_an_assessment_gives_the_same_posture() -> None:
    snap = snapshot(account(), user("alice", FRESH_KEY), user("bob", KEY_100_DAYS_OLD))
    fw = framework(
        requirement("1.1", checks=checks("iam.access-key-rotated")),
        requirement("1.2", checks=checks("iam.password-policy-strong")),
        requirement("1.3", checks=checks("iam.root-mfa-enabled")),
    )
    alone = assess_framework(snap, fw)
    assessment = assess(snap, select_checks(ids=["iam.access-key-rotated"]))
    reused = with_posture(assessment, snap, [fw]).compliance[0]
    assert reused.requirements == alone.requirements
    assert [r.status for r in alone.requirements] == [
        RequirementStatus.NOT_MET,
        RequirementStatus.MET,
        RequirementStatus.UNKNOWN,  # no credential report root row
    ]


def attestation(rid: str, expires: date, **more: Any) -> Attestation:
    return Attestation(
        framework="test-fw",
        requirement=rid,
        by="Jane Doe",
        date=date(2026, 1, 1),
        expires=expires,
        **more,
    )


def test_valid_attestation_attests_and_expired_one_reverts() -> None:
    fw = framework(
        requirement("4.1", automation="manual"),
        requirement("4.2", automation="manual"),
        requirement("4.3", automation="manual"),
    )
    posture = assess_framework(
        snapshot(account()),
        fw,
        attestations=[
            attestation("4.1", date(2027, 1, 1)),
            attestation("4.2", date(2026, 10, 31)),  # the day before collection
            attestation("4.2", date(2026, 6, 30)),
        ],
    )
    first, second, third = posture.requirements
    assert first.status is RequirementStatus.ATTESTED
    assert first.evidence == "attested by Jane Doe on 2026-01-01 (expires 2027-01-01)"
    assert second.status is RequirementStatus.MANUAL
    assert second.evidence.startswith("attestation by Jane Doe expired on 2026-10-31; needs: ")
    assert second.attestation is not None and second.attestation.expires == date(2026, 10, 31)
    assert third.status is RequirementStatus.MANUAL
    assert third.evidence == "needs: A record showing 4.3 is done."


def test_attestation_expiring_on_collection_day_still_counts() -> None:
    fw = framework(requirement("4.1", automation="manual"))
    posture = assess_framework(
        snapshot(account()), fw, attestations=[attestation("4.1", date(2026, 11, 1))]
    )
    assert posture.requirements[0].status is RequirementStatus.ATTESTED


def test_partial_requirement_is_partly_met_until_its_manual_part_is_attested() -> None:
    snap = snapshot(account())
    partial = requirement("5.1", automation="partial", checks=checks("iam.password-policy-strong"))
    fw = framework(partial)
    alone = assess_framework(snap, fw).requirements[0]
    assert alone.status is RequirementStatus.PARTLY_MET
    assert alone.evidence == (
        "1 check(s) pass on 1 resource(s); manual part needs: A record showing 5.1 is done."
    )
    attested = assess_framework(
        snap, fw, attestations=[attestation("5.1", date(2027, 1, 1))]
    ).requirements[0]
    assert attested.status is RequirementStatus.MET
    expired = assess_framework(
        snap, fw, attestations=[attestation("5.1", date(2026, 2, 1))]
    ).requirements[0]
    assert expired.status is RequirementStatus.PARTLY_MET
    assert "expired on 2026-02-01" in expired.evidence
    # An attestation never outweighs a failing check.
    failing = assess_framework(
        snapshot(account({"minimum_length": 8})),
        fw,
        attestations=[attestation("5.1", date(2027, 1, 1))],
    ).requirements[0]
    assert failing.status is RequirementStatus.NOT_MET


@pytest.mark.parametrize(
    ("item", "message"),
    [
        (attestation("9.9", date(2027, 1, 1)), "test-fw has no requirement '9.9'"),
        (attestation("1.1", date(2027, 1, 1)), "this one is customer, automated"),
        (attestation("2.1", date(2027, 1, 1)), "this one is inherited, manual"),
        (
            Attestation(
                framework="no-such-fw",
                requirement="1",
                by="x",
                date=date(2026, 1, 1),
                expires=date(2027, 1, 1),
            ),
            "unknown framework",
        ),
    ],
)
def test_attestations_that_cannot_apply_are_input_errors(item: Attestation, message: str) -> None:
    fw = framework(
        requirement("1.1", checks=checks("iam.password-policy-strong")),
        requirement("2.1", owner="inherited", automation="manual"),
    )
    with pytest.raises(InputError, match=message):
        assess_framework(snapshot(account()), fw, attestations=[item])


def test_summary_counts_by_owner_automation_and_status_and_the_score() -> None:
    snap = snapshot(account(), user("bob", KEY_100_DAYS_OLD), {"kind": "sdb.domain", "name": "x"})
    fw = framework(
        requirement("1", checks=checks("iam.password-policy-strong")),  # met
        requirement("2", checks=checks("iam.access-key-rotated")),  # not met
        requirement("3", automation="manual"),  # attested
        requirement("4", automation="manual"),  # manual
        requirement(
            "5", owner="shared", automation="partial", checks=checks("iam.password-policy-strong")
        ),  # partly met
        requirement("6", owner="inherited", automation="manual"),  # flagged (sdb)
        requirement("7", owner="inherited", automation="manual"),
        requirement("8", owner="not_applicable", automation="manual"),
    )
    posture = assess_framework(snap, fw, attestations=[attestation("3", date(2027, 1, 1))])
    summary = posture.summary
    assert summary.requirements == 8
    assert summary.by_owner == {"customer": 4, "shared": 1, "inherited": 2, "not_applicable": 1}
    assert summary.by_automation == {"automated": 2, "manual": 2, "partial": 1}
    assert summary.by_status == {
        "met": 1,
        "not_met": 1,
        "attested": 1,
        "manual": 1,
        "partly_met": 1,
    }
    assert summary.inherited_flagged == 3  # 5, 6 and 7: AWS's part misses SimpleDB
    assert summary.score == pytest.approx(100 * 2.5 / 5, abs=0.1)
    assert summary.automated_score == pytest.approx(100 * 1.5 / 3, abs=0.1)
    line = summary.line()
    assert line.startswith("8 requirements: 2 inherited from AWS, 1 shared, 4 customer")
    assert "of yours and shared, 3 automated" in line
    assert "1 met, 1 partly met, 1 not met" in line
    assert line.endswith("score 50%")
