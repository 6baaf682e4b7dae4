"""The mutelist: accepted risks mute findings by account, region, check, resource and tags; it
fails closed (expired entries mute nothing), reports stale entries, and refuses bad files."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest

from incloud.assessment import assess
from incloud.cli import EXIT_ERROR, EXIT_FINDINGS, EXIT_OK
from incloud.errors import InputError
from incloud.evaluate import all_checks
from incloud.mutelist import load_mutelist, parse_mutelist
from incloud.report import REPORTERS
from incloud.snapshot import save_snapshot
from tests.cli_helpers import assert_one_line_error, run
from tests.fixtures import ACCOUNT, build_snapshot

DOCS = Path(__file__).parents[1] / "docs"
PUBLIC = {
    "grantee_type": "Group",
    "permission": "READ",
    "grantee": "http://acs.amazonaws.com/groups/global/AllUsers",
}
SNAPSHOT = {
    "collected_at": "2026-11-01T00:00:00Z",
    "resources": [
        {"kind": "s3.bucket", "name": "legacy-assets", "acl_grants": [PUBLIC]},
        {"kind": "s3.bucket", "name": "shop-assets", "acl_grants": [PUBLIC]},
        {
            "kind": "ec2.instance",
            "name": "sandbox-box",
            "instance_id": "i-1",
            "tags": {"env": "sandbox", "Name": "sandbox-box"},
        },
        {"kind": "ec2.instance", "name": "prod-box", "instance_id": "i-2", "tags": {"env": "prod"}},
    ],
}
CHECKS = [all_checks()["s3.bucket-acl-not-public"], all_checks()["ec2.instance-imdsv2"]]


def entry(**fields: Any) -> dict[str, Any]:
    return {"reason": "accepted", "owner": "sec@example.com", "expires": "2027-01-31", **fields}


def _muted(*entries: dict[str, Any]) -> tuple[dict[str, int | None], Any]:
    mutelist = parse_mutelist({"mutelist": list(entries)}, "test")
    assessment = assess(build_snapshot(SNAPSHOT), CHECKS, mutelist=mutelist)
    muted = {
        f"{f.check_id}/{f.resource_name}": (f.muted.entry if f.muted else None)
        for f in assessment.findings
    }
    return muted, assessment.mutelist


def test_fields_narrow_what_an_entry_mutes() -> None:
    muted, report = _muted(
        entry(checks=["s3.*"], resources=["arn:aws:test:*:*:s3.bucket/legacy-*"]),
        entry(
            checks=["ec2.instance-*"], accounts=[ACCOUNT], regions=["us-*"], tags={"env": "sand*"}
        ),
    )
    assert muted == {
        "s3.bucket-acl-not-public/legacy-assets": 1,
        "s3.bucket-acl-not-public/shop-assets": None,
        "ec2.instance-imdsv2/sandbox-box": 2,
        "ec2.instance-imdsv2/prod-box": None,
    }
    assert [(e.entry, e.state, e.muted) for e in report.entries] == [
        (1, "active", 1),
        (2, "active", 1),
    ]


def test_a_resource_name_glob_and_the_first_matching_entry() -> None:
    muted, _ = _muted(entry(checks=["*"], resources=["*-assets"]), entry(checks=["s3.*"]))
    assert muted["s3.bucket-acl-not-public/shop-assets"] == 1  # the first entry that matches


def test_an_expired_entry_mutes_nothing_and_an_unmatched_one_is_stale() -> None:
    # the snapshot was collected on 2026-11-01: expiry is judged on that day
    muted, report = _muted(
        entry(checks=["s3.*"], expires="2026-10-31"),
        entry(checks=["rds.*"]),
        entry(checks=["s3.*"], resources=["*legacy*"], expires="2026-11-01"),
    )
    assert muted["s3.bucket-acl-not-public/shop-assets"] is None
    assert muted["s3.bucket-acl-not-public/legacy-assets"] == 3  # still in force on its last day
    assert [e.state for e in report.entries] == ["expired", "stale", "active"]
    assert (report.expired[0].entry, report.stale[0].entry) == (1, 2)


@pytest.mark.parametrize(
    ("document", "says"),
    [
        ({"mutelist": [{"checks": ["s3.*"], "owner": "o", "expires": "2027-01-01"}]}, "reason"),
        ({"mutelist": [{"checks": ["s3.*"], "reason": "r", "expires": "2027-01-01"}]}, "owner"),
        ({"mutelist": [{"checks": ["s3.*"], "reason": "r", "owner": "o"}]}, "expires"),
        ({"mutelist": [entry(checks=["s3.*"], expires="soon")]}, "expires"),
        ({"mutelist": [entry(checks=["s3.*"], colour="red")]}, "colour"),
        ({"mutelist": [entry(checks=[""])]}, "checks"),
        ({"mutelist": [entry(checks=["s3.\x1b[2J"])]}, "checks"),
        ({"mutelist": [entry(checks=[])]}, "checks"),
        ({"mutelist": [entry(checks="s3.*")]}, "checks"),
        ({"mute": []}, "one key, 'mutelist'"),
        ({"mutelist": {"checks": ["s3.*"]}}, "a list of entries"),
    ],
)
def test_a_bad_entry_is_one_line_naming_it(document: dict[str, Any], says: str) -> None:
    with pytest.raises(InputError, match=says) as caught:
        parse_mutelist(document, "file.yaml")
    assert "\n" not in str(caught.value)


def test_the_documented_example_is_valid() -> None:
    mutelist = load_mutelist(DOCS / "mutelist.example.yaml")
    assert mutelist.mutelist[0].tags == {"env": "sandbox"}
    assert mutelist.mutelist[0].ticket == "SEC-123"


def test_muted_failures_do_not_fail_the_gate_but_stay_in_the_reports(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    snapshot = tmp_path / "snap.json"
    save_snapshot(build_snapshot(SNAPSHOT), snapshot)
    mutelist = tmp_path / "mute.yaml"
    mutelist.write_text(
        "mutelist:\n"
        "  - {checks: [s3.bucket-acl-not-public], reason: public by design, owner: web,\n"
        "     ticket: WEB-1, expires: 2027-01-31}\n"
        "  - {checks: [kms.*], reason: old, owner: sec, expires: 2020-01-01}\n"
    )
    args = ["evaluate", str(snapshot), "--checks", "s3.bucket-acl-not-public", "--fail-on", "high"]
    assert run(capsys, *args)[0] == EXIT_FINDINGS
    code, out, _ = run(capsys, *args, "--mutelist", str(mutelist), "--format", "json")
    assert code == EXIT_OK
    report = json.loads(out)
    assert {f["verdict"] for f in report["findings"]} == {"fail"}  # verdicts stand
    assert all(f["muted"]["ticket"] == "WEB-1" for f in report["findings"])
    assert [e["state"] for e in report["mutelist"]["entries"]] == ["active", "expired"]
    code, out, _ = run(capsys, *args, "--mutelist", str(mutelist))
    assert code == EXIT_OK
    assert "entry 2 (sec, until 2020-01-01): old: EXPIRED, mutes nothing" in out
    assert "- s3.bucket-acl-not-public shop-assets (fail)" in out


def test_a_bad_mutelist_is_refused_before_any_work(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    bad = tmp_path / "mute.yaml"
    bad.write_text("mutelist:\n  - {checks: [s3.*], reason: r, owner: o, expires: never}\n")
    code, _, err = run(
        capsys, "scan", "--endpoint-url", "http://127.0.0.1:9", "--mutelist", str(bad)
    )
    assert code == EXIT_ERROR
    assert_one_line_error(err)
    assert "entry 1: expires" in err


@pytest.mark.parametrize("name", sorted(REPORTERS))
def test_every_format_says_an_expired_entry_no_longer_mutes(name: str) -> None:
    """Fail closed, visibly: a finding an expired entry matches is not muted, and every format
    says which entry lapsed on it (the per-finding formats on the finding itself)."""
    mutelist = parse_mutelist(
        {"mutelist": [entry(checks=["s3.*"], resources=["*legacy*"], ticket="OLD-7",
                            expires="2026-10-31")]},
        "test",
    )  # fmt: skip
    assessment = assess(build_snapshot(SNAPSHOT), CHECKS, mutelist=mutelist)
    legacy = next(f for f in assessment.findings if f.resource_name == "legacy-assets")
    assert legacy.muted is None and legacy.mute_expired is not None
    assert legacy.mute_expired.entry == 1
    assert all(
        f.mute_expired is None for f in assessment.findings if f.resource_name != "legacy-assets"
    )
    text = REPORTERS[name](assessment)
    assert "2026-10-31" in text and "OLD-7" in text
    assert "expired" in text.lower()
    if name in ("csv", "ocsf", "asff"):  # one record per finding: on the finding itself
        records = list(csv.DictReader(io.StringIO(text))) if name == "csv" else json.loads(text)
        assert len(records) == len(assessment.findings)
        flagged = [r for r in records if "OLD-7" in json.dumps(r)]
        assert len(flagged) == 1 and "legacy-assets" in json.dumps(flagged[0])


@pytest.mark.parametrize(
    ("expires", "line"),
    [("2027-02-30", 5), ("2027-13-01", 5), ("2027-00-10", 5)],
)
def test_an_impossible_date_in_the_file_is_one_line(
    tmp_path: Path, expires: str, line: int
) -> None:
    """YAML reads ``2027-02-30`` as a date and fails building it (a ValueError, not a YAML
    error): still one line naming the file and where, never a traceback."""
    path = tmp_path / "mute.yaml"
    path.write_text(
        f'mutelist:\n  - checks: ["s3.*"]\n    reason: r\n    owner: o\n    expires: {expires}\n'
    )
    with pytest.raises(InputError) as caught:
        load_mutelist(path)
    message = str(caught.value)
    assert "\n" not in message
    assert message.startswith(f"{path} is not valid YAML at line {line}: ")
    assert expires in message
