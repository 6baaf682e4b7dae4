"""``incloud scan --org`` on the simulated organisation, with the local executor: every
account reported, the account whose role is missing as a gap, filters, per-account files,
the roll-up, the exit code, and resuming an interrupted scan.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import boto3
import pytest

from incloud.collect.org.discovery import discover
from incloud.collect.secrets import mask
from incloud.collect.session import SessionOptions, open_session
from incloud.demo.org import OrgSeed
from incloud.errors import InputError
from incloud.evaluate.check import Verdict
from incloud.orgscan.artefacts import ScanFiles
from incloud.orgscan.select import AccountFilter, select_accounts
from incloud.snapshot import load_snapshot
from incloud.snapshot.org import Organization
from incloud.store import open_store

from .conftest import REGIONS, run_cli

Scan = tuple[int, dict[str, Any], str, Path]


def scan(url: str, *extra: str, output: Path | None = None) -> tuple[int, str, str]:
    argv = ["scan", "--org", "--endpoint-url", url, "--regions", ",".join(REGIONS), *extra]
    if output is not None:
        argv += ["-o", str(output)]
    return run_cli(*argv)


@pytest.fixture(scope="module")
def full(org: tuple[str, OrgSeed], tmp_path_factory: pytest.TempPathFactory) -> Scan:
    output = tmp_path_factory.mktemp("reports")
    code, out, err = scan(org[0], "--format", "json", output=output)
    return code, json.loads(out), err, output


def test_every_account_is_reported_and_the_missing_role_is_a_gap(
    org: tuple[str, OrgSeed], full: Scan
) -> None:
    seed = org[1]
    code, report, err, _ = full
    listed = {a["account_id"]: a for a in report["accounts"]}
    expected = {seed.management_account_id, *(a.account_id for a in seed.accounts)}
    assert set(listed) == expected
    for member in seed.accounts:
        account = listed[member.account_id]
        assert account["name"] == member.name
        if member.role_missing:
            assert account["state"] == "unreachable"
            assert "RoleNotFound" in account["reason"]
            assert account["verdicts"].get("unknown", 0) > 100
            assert not account["verdicts"].get("pass") and not account["verdicts"].get("fail")
        else:
            assert account["state"] == "assessed", account
            assert account["verdicts"]["fail"] > 0
    assert code == 3  # an account was not entered: no gate passes it
    assert "not entered or not fully read" in err


def test_unreachable_accounts_rank_first_then_by_failures(full: Scan) -> None:
    accounts = full[1]["accounts"]
    states = [a["state"] for a in accounts]
    assert states == sorted(states, key=lambda s: s != "unreachable")
    read = [a for a in accounts if a["state"] != "unreachable"]
    failures = [sum(a["failures_by_severity"].values()) for a in read]
    assert failures == sorted(failures, reverse=True)


def test_management_account_is_scanned_with_its_own_session(
    org: tuple[str, OrgSeed], full: Scan
) -> None:
    management = next(
        a for a in full[1]["accounts"] if a["account_id"] == org[1].management_account_id
    )
    assert management["state"] == "assessed"
    assert management["controls"] == "management"


def test_controls_are_applied_to_member_accounts(org: tuple[str, OrgSeed], full: Scan) -> None:
    seed = org[1]
    by_id = {a["account_id"]: a for a in full[1]["accounts"]}
    for member in seed.accounts:
        expected = "not_applied" if member.role_missing else "applied"
        assert by_id[member.account_id]["controls"] == expected


def test_each_account_snapshot_carries_its_scp_and_rcp_levels(
    org: tuple[str, OrgSeed], full: Scan
) -> None:
    from incloud.snapshot.organizations import OrganizationControls

    seed = org[1]
    payments = seed.account("payments-01")
    files = ScanFiles.for_scan(full[1]["scan_id"])
    snapshot = load_snapshot(files.snapshot(payments.account_id))
    (controls,) = snapshot.of_type(OrganizationControls)
    scp_targets = [level.target_id for level in controls.scp_levels]
    assert scp_targets == [
        seed.root_id,
        seed.ou_ids["Production"],
        seed.ou_ids["Production/Payments"],
        payments.account_id,
    ]
    names = {p.name for level in controls.scp_levels for p in level.policies}
    assert seed.scp.name in names
    rcp_names = {p.name for level in controls.rcp_levels for p in level.policies}
    assert seed.rcp.name in rcp_names


def test_matrix_rolls_up_services_and_duties(full: Scan) -> None:
    report = full[1]
    read = [a for a in report["accounts"] if a["state"] != "unreachable"]
    cells = report["matrix"]
    assert cells
    for cell in cells:
        assert cell["accounts"] == sum(cell["by_status"].values()) <= len(read)
    s3 = [c for c in cells if c["service"] == "s3"]
    assert s3, "every member account has a bucket"
    using_s3 = sum(1 for a in read if "s3" in a["services"])
    assert all(c["accounts"] == using_s3 for c in s3)


def test_every_account_report_is_written_in_every_format(full: Scan) -> None:
    output = full[3]
    folder = output / "accounts"
    for account in full[1]["accounts"]:
        for extension in ("txt", "json", "html", "ocsf.json", "asff.json", "csv", "junit.xml"):
            assert (folder / f"{account['account_id']}.{extension}").is_file()
        # plain text like report.txt: before, the terminal's colour codes were written into it
        assert "\x1b" not in (folder / f"{account['account_id']}.txt").read_text()
    assert (output / "organization.json").is_file()
    assert (output / "organization.txt").is_file()


def test_unreachable_account_report_says_every_check_unknown(
    org: tuple[str, OrgSeed], full: Scan
) -> None:
    missing = next(a for a in org[1].accounts if a.role_missing)
    report = json.loads((full[3] / "accounts" / f"{missing.account_id}.json").read_text())
    verdicts = {f["verdict"] for f in report["findings"]}
    assert verdicts == {Verdict.UNKNOWN.value}
    assert all(g["error_code"] == "AccountNotEntered" for g in report["gaps"])


def test_terminal_report_names_the_account_not_entered(org: tuple[str, OrgSeed]) -> None:
    missing = next(a for a in org[1].accounts if a.role_missing)
    code, out, _ = scan(org[0], "--accounts", missing.account_id)
    assert code == 3
    assert "NOT ENTERED" in out
    assert missing.account_id in out


@pytest.fixture(scope="module")
def organization(org: tuple[str, OrgSeed]) -> Organization:
    return discover(open_session(SessionOptions(endpoint_url=org[0])), with_tags=True)


def names(organization: Organization, seed: OrgSeed, wanted: AccountFilter) -> set[str]:
    by_id = {a.account_id: a.name for a in seed.accounts}
    by_id[seed.management_account_id] = "management"
    return {by_id[a] for a in select_accounts(organization, wanted).accounts}


def test_discovery_reads_the_structure_policies_and_tags(
    org: tuple[str, OrgSeed], organization: Organization
) -> None:
    seed = org[1]
    assert organization.organization_id == seed.organization_id
    assert organization.scps_enabled and organization.rcps_enabled
    assert organization.gaps == ()
    payments = seed.account("payments-01")
    assert organization.ou_path(payments.account_id) == "Root/Production/Payments"
    assert organization.account(payments.account_id).tags == payments.tags  # type: ignore[union-attr]
    scp = next(p for p in organization.policies if p.name == seed.scp.name)
    assert set(scp.targets) == set(seed.scp.target_ids)
    assert scp.document == json.loads(seed.scp.content)


LEAKED_TOKEN = "ghp_" + "abcdefghijklmnopqrstuvwxyz0123456789"
"""A GitHub token in an account tag (split, so no scanner flags this file)."""


def test_a_secret_in_an_account_tag_is_masked_where_it_is_kept(org: tuple[str, OrgSeed]) -> None:
    # Before: account tags were kept verbatim in the Organization saved as organization.json
    # beside every organisation scan filtered on tags.
    url, seed = org
    sandbox = seed.account("sandbox-01").account_id
    client = boto3.client("organizations", endpoint_url=url, region_name="us-east-1")
    client.tag_resource(ResourceId=sandbox, Tags=[{"Key": "deploy", "Value": LEAKED_TOKEN}])
    try:
        organization = discover(open_session(SessionOptions(endpoint_url=url)), with_tags=True)
    finally:
        client.untag_resource(ResourceId=sandbox, TagKeys=["deploy"])
    tags = organization.account(sandbox).tags  # type: ignore[union-attr]
    assert tags["deploy"] == mask(LEAKED_TOKEN)
    assert tags["env"] == "sandbox"  # ordinary tags as they are, for the filters
    assert LEAKED_TOKEN not in organization.model_dump_json()


@pytest.mark.parametrize(
    ("wanted", "expected"),
    [
        (AccountFilter(ous=("Production",)), {"prod-01", "payments-01"}),
        (AccountFilter(ous=("Payments",)), {"payments-01"}),
        (AccountFilter(tags=(("env", "dev"),)), {"dev-01"}),
        (AccountFilter(tags=(("env", "prod"), ("team", "payments"))), {"payments-01"}),
        (
            AccountFilter(ous=("Production",), exclude=("{payments-01}",)),
            {"prod-01"},
        ),
        (
            AccountFilter(accounts=("{dev-01}", "{sandbox-01}")),
            {"dev-01", "sandbox-01"},
        ),
    ],
)
def test_filters_choose_accounts(
    org: tuple[str, OrgSeed],
    organization: Organization,
    wanted: AccountFilter,
    expected: set[str],
) -> None:
    seed = org[1]
    ids = {"{" + a.name + "}": a.account_id for a in seed.accounts}
    wanted = AccountFilter(
        accounts=tuple(ids.get(a, a) for a in wanted.accounts),
        exclude=tuple(ids.get(a, a) for a in wanted.exclude),
        ous=wanted.ous,
        tags=wanted.tags,
    )
    assert names(organization, seed, wanted) == expected


@pytest.mark.parametrize(
    ("wanted", "message"),
    [
        (AccountFilter(accounts=("999999999999",)), "is not in organisation"),
        (AccountFilter(ous=("Nowhere",)), "names no OU"),
        (AccountFilter(tags=(("env", "nope"),)), "leave no active account"),
    ],
)
def test_filters_that_match_nothing_are_errors(
    organization: Organization, wanted: AccountFilter, message: str
) -> None:
    with pytest.raises(InputError, match=message):
        select_accounts(organization, wanted)


def test_ou_filter_on_the_command_line_scans_only_that_subtree(org: tuple[str, OrgSeed]) -> None:
    code, out, _ = scan(org[0], "--ous", "Payments", "--format", "json")
    report = json.loads(out)
    assert [a["name"] for a in report["accounts"]] == ["payments-01"]
    assert code == 0


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (("scan", "--org-role", "Auditor"), "need(s) --org"),
        (("scan", "--org", "--executor", "spark"), "unknown --executor"),
        (("scan", "--org", "--accounts", "12"), "not a 12-digit account id"),
        (("scan", "--org", "--org-role", "bad role!"), "not an IAM role name"),
        (("scan", "--org", "--rate-scale", "3"), "--rate-scale"),
        (("scan", "--resume", "org-nope", "--store", "sqlite:///:memory:"), "no scan"),
        (("scan", "--org", "--store", "mysql://x/y"), "SQLite or PostgreSQL"),
        (("scan", "--org", "--executor", "celery", "--broker", "notaurl"), "not a Redis URL"),
        (("worker", "--broker", "notaurl"), "not a Redis URL"),
        (("worker", "--broker", "redis://[::1"), "not a Redis URL"),
        (("worker", "--broker", "redis://127.0.0.1:1/0"), "cannot reach the broker 127.0.0.1"),
    ],
)
def test_bad_organisation_options_are_one_line_errors(
    argv: tuple[str, ...], message: str, home: Path
) -> None:
    code, _, err = run_cli(*argv)
    assert code == 2
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("incloud: error: "), err
    assert message in err


def test_resume_collects_only_what_was_not_stored(
    org: tuple[str, OrgSeed], home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from incloud.orgscan import executors

    seed = org[1]
    member = next(a for a in seed.accounts if not a.role_missing)
    real_wait = executors.LocalExecutor.wait
    waits = {"n": 0}

    def interrupting_wait(self: executors.LocalExecutor, seconds: float) -> None:
        real_wait(self, seconds)
        waits["n"] += 1
        stored = len(self.store.shard_keys(self.sessions.spec.scan_id))
        if stored >= 10:
            raise KeyboardInterrupt

    monkeypatch.setattr(executors.LocalExecutor, "wait", interrupting_wait)
    code, _, err = scan(org[0], "--accounts", member.account_id, "--workers", "2")
    assert code == 130
    scan_id = err.split("--resume ")[-1].split()[0]
    store = open_store()
    assert store.scan(scan_id).state == "interrupted"
    before = {key: worker for key, _, worker in store.shard_rows(scan_id)}
    assert len(before) >= 10
    monkeypatch.setattr(executors.LocalExecutor, "wait", real_wait)

    code, out, err = run_cli("scan", "--resume", scan_id, "--format", "json")
    assert code == 0, err
    assert f"{len(before)} shards stored already" in err
    after = store.shard_rows(scan_id)
    assert len(after) == len({key for key, _, _ in after})  # one row per shard
    assert len(after) > len(before)
    assert {key for key, _, _ in after} >= set(before)
    assert store.scan(scan_id).state == "complete"
    report = json.loads(out)
    assert [a["account_id"] for a in report["accounts"]] == [member.account_id]
    assert report["accounts"][0]["state"] == "assessed"


def verdict(output: Path, account_id: str, check_id: str, arn: str) -> str:
    report = json.loads((output / "accounts" / f"{account_id}.json").read_text())
    found = [
        f["verdict"]
        for f in report["findings"]
        if f["check_id"] == check_id and f["resource"] == arn
    ]
    assert len(found) == 1, (check_id, arn, found)
    return str(found[0])


def test_the_scp_removes_the_escalation_path_where_it_binds(
    org: tuple[str, OrgSeed], full: Scan
) -> None:
    seed, output = org[1], full[3]
    assert seed.scp.protected and seed.scp.unprotected
    for subject in seed.scp.protected:
        assert verdict(output, subject.account_id, seed.scp.check_id, subject.arn) == "pass"
    for subject in seed.scp.unprotected:
        assert verdict(output, subject.account_id, seed.scp.check_id, subject.arn) == "fail"


def test_the_rcp_closes_the_public_bucket_where_it_binds(
    org: tuple[str, OrgSeed], full: Scan
) -> None:
    seed, output = org[1], full[3]
    assert seed.rcp.protected and seed.rcp.unprotected
    for subject in seed.rcp.protected:
        assert verdict(output, subject.account_id, seed.rcp.check_id, subject.arn) == "pass"
    for subject in seed.rcp.unprotected:
        assert verdict(output, subject.account_id, seed.rcp.check_id, subject.arn) == "fail"


def test_collect_org_writes_one_snapshot_per_account(
    org: tuple[str, OrgSeed], tmp_path: Path
) -> None:
    seed = org[1]
    chosen = [a for a in seed.accounts if a.name in ("payments-01", "security-01")]
    code, _, err = run_cli(
        "collect",
        "--org",
        "--endpoint-url",
        org[0],
        "--regions",
        ",".join(REGIONS),
        "--accounts",
        ",".join(a.account_id for a in chosen),
        "-o",
        str(tmp_path),
    )
    assert code == 3, err  # security-01's role is missing
    assert (tmp_path / "organization.json").is_file()
    for account in chosen:
        snapshot = load_snapshot(tmp_path / f"{account.account_id}.json.gz")
        assert [a.account_id for a in snapshot.accounts] == [account.account_id]
        if account.role_missing:
            assert not snapshot.resources
            assert {g.error_code for g in snapshot.gaps} == {"AccountNotEntered"}
        else:
            assert snapshot.resources
    assert "not entered or not fully read" in err


def test_finding_formats_hold_every_accounts_findings(full: Scan) -> None:
    import csv
    import xml.etree.ElementTree as ET

    output = full[3]
    findings = {
        a["account_id"]: json.loads((output / "accounts" / f"{a['account_id']}.json").read_text())[
            "findings"
        ]
        for a in full[1]["accounts"]
    }
    total = sum(len(f) for f in findings.values())
    uids = {f["uid"] for found in findings.values() for f in found}

    rows = list(csv.DictReader((output / "organization.csv").open()))
    assert len(rows) == total
    assert {r["uid"] for r in rows} == uids
    ocsf = json.loads((output / "organization.ocsf.json").read_text())
    assert len(ocsf) == total
    asff = json.loads((output / "organization.asff.json").read_text())
    assert len(asff) == total
    assert {f["AwsAccountId"] for f in asff} == set(findings)

    root = ET.parse(output / "organization.junit.xml").getroot()
    suites = list(root)
    assert {s.get("name", "").split("/")[0] for s in suites} == set(findings)
    assert int(root.get("tests", "0")) == sum(int(s.get("tests", "0")) for s in suites) == total
    failures = sum(1 for found in findings.values() for f in found if f["verdict"] == "fail")
    assert int(root.get("failures", "0")) == failures


def test_no_shard_exceeds_its_request_budget(full: Scan) -> None:
    read = [a for a in full[1]["accounts"] if a["state"] != "unreachable"]
    assert all(a["busiest_second"] > 0 for a in read)
    for account in read:
        # a token bucket lets at most burst + rate requests through in any one second
        allowed = account["budget_rate"] + account["budget_burst"]
        assert account["busiest_second"] <= allowed, account


def test_each_account_of_an_org_scan_is_recorded_into_the_store(
    org: tuple[str, OrgSeed], tmp_path: Path
) -> None:
    from incloud.store import open_posture_store

    seed = org[1]
    missing = next(a for a in seed.accounts if a.role_missing)
    member = next(a for a in seed.accounts if not a.role_missing)
    store = tmp_path / "org.db"  # the shards and the posture history in one file
    chosen = f"{missing.account_id},{member.account_id}"
    code, _, err = scan(org[0], "--accounts", chosen, "--store", str(store))
    assert code == 3
    history = open_posture_store(str(store))
    scans = history.scans()
    assert {account for s in scans for account in s.accounts} == {
        missing.account_id,
        member.account_id,
    }
    assert len({s.org_scan_id for s in scans}) == 1 and scans[0].org_scan_id is not None
    states = {a: state for s in scans for a, state in s.accounts.items()}
    assert states == {missing.account_id: "not_read", member.account_id: "read"}
    assert err.count("incloud: recorded scan p-") == 2
    assert open_store(f"sqlite:///{store}").scan(scans[0].org_scan_id).state == "complete"
