"""`incloud compliance` and `--framework`: outputs from the shipped framework data, and errors."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from incloud.cli import EXIT_ERROR, EXIT_OK, main
from incloud.compliance.attestations import load_attestations
from incloud.compliance.model import framework_ids, load_framework
from incloud.snapshot import load_snapshot, save_snapshot
from tests.cli_helpers import assert_one_line_error, run
from tests.fixtures import build_snapshot

EXAMPLE_ATTESTATIONS = Path(__file__).parents[2] / "docs" / "attestations.example.yaml"

# collected_at 2026-11-01: bob's key is 100 days old; the password policy is 8 characters.
SNAPSHOT = {
    "resources": [
        {
            "kind": "iam.account",
            "name": "acct",
            "region": "global",
            "password_policy": {"minimum_length": 8, "reuse_prevention": 24},
        },
        {
            "kind": "iam.user",
            "name": "bob",
            "region": "global",
            "access_keys": [{"number": 1, "active": True, "last_rotated": "2026-07-24T00:00:00Z"}],
        },
        {"kind": "s3.bucket", "name": "data"},
    ],
}


@pytest.fixture
def snapshot_file(tmp_path: Path) -> Path:
    path = tmp_path / "snap.json.gz"
    save_snapshot(build_snapshot(SNAPSHOT), path)
    return path


def requirements_checking(framework_id: str, check_id: str) -> set[str]:
    """Ids of the framework's requirements that list ``check_id``."""
    return {
        r.id
        for r in load_framework(framework_id).requirements
        if check_id in {c.id for c in r.checks}
    }


def test_one_framework_as_json_follows_the_checks(
    capsys: pytest.CaptureFixture[str], snapshot_file: Path
) -> None:
    code, out, _ = run(
        capsys, "compliance", "cis-5.0", "--snapshot", str(snapshot_file), "--format", "json"
    )
    assert code == EXIT_OK
    posture = json.loads(out)
    framework = load_framework("cis-5.0")
    assert [r["id"] for r in posture["requirements"]] == [r.id for r in framework.requirements]
    by_id = {r["id"]: r for r in posture["requirements"]}
    stale_key = requirements_checking("cis-5.0", "iam.access-key-rotated")
    assert stale_key
    for rid in stale_key:
        assert by_id[rid]["status"] == "not_met", by_id[rid]
        assert "bob" in by_id[rid]["evidence"]
    for requirement in framework.requirements:
        if requirement.automation == "manual" and requirement.owner == "customer":
            assert by_id[requirement.id]["status"] == "manual"
    assert posture["summary"]["requirements"] == len(framework.requirements)


def test_terminal_output_groups_by_section_then_summarises(
    capsys: pytest.CaptureFixture[str], snapshot_file: Path
) -> None:
    code, out, _ = run(capsys, "compliance", "cis-5.0", "--snapshot", str(snapshot_file))
    assert code == EXIT_OK
    sections = list(dict.fromkeys(r.section for r in load_framework("cis-5.0").requirements))
    positions = [out.index(section) for section in sections]
    assert positions == sorted(positions)
    assert out.index("Summary") > positions[-1]
    assert "requirements:" in out.split("Summary", 1)[1]


def test_attestations_from_the_cli(capsys: pytest.CaptureFixture[str], snapshot_file: Path) -> None:
    attested = {a.requirement for a in load_attestations(EXAMPLE_ATTESTATIONS)}
    code, out, _ = run(
        capsys,
        "compliance",
        "cis-5.0",
        "--snapshot",
        str(snapshot_file),
        "--attestations",
        str(EXAMPLE_ATTESTATIONS),
        "--format",
        "json",
    )
    assert code == EXIT_OK
    statuses = {r["id"]: r["status"] for r in json.loads(out)["requirements"]}
    assert {statuses[rid] for rid in attested} == {"attested"}


def test_listing_scores_every_framework_and_writes_files(
    capsys: pytest.CaptureFixture[str], snapshot_file: Path, tmp_path: Path
) -> None:
    out_dir = tmp_path / "reports"
    code, out, err = run(
        capsys,
        "compliance",
        "--snapshot",
        str(snapshot_file),
        "--format",
        "json",
        "-o",
        str(out_dir),
    )
    assert code == EXIT_OK
    listing = json.loads(out)
    assert [f["framework"] for f in listing["frameworks"]] == list(framework_ids())
    for item in listing["frameworks"]:
        summary = item["summary"]
        assert summary["requirements"] == len(load_framework(item["framework"]).requirements)
        assert summary["score"] is None or 0 <= summary["score"] <= 100
    assert json.loads((out_dir / "compliance.json").read_text()) == listing
    text = (out_dir / "compliance.txt").read_text()
    assert all(framework_id in text for framework_id in framework_ids())
    assert "compliance.json" in err


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "attest.yaml"
    path.write_text(text)
    return path


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["compliance", "no-such-framework"], "unknown framework 'no-such-framework'"),
        (["compliance", "cis-5.0", "--format", "xml"], "unknown --format"),
        (["evaluate", "{snapshot}", "--framework", "nope"], "unknown framework 'nope'"),
        (["scan", "--framework", "nope"], "unknown framework 'nope'"),
        (["compliance", "cis-5.0", "--attestations", "{bad_yaml}"], "is not valid YAML"),
        (["compliance", "cis-5.0", "--attestations", "{unquoted}"], "quote requirement ids"),
        (["compliance", "cis-5.0", "--attestations", "{missing}"], "cannot read attestations"),
        (["compliance", "cis-5.0", "--attestations", "{no_such_req}"], "has no requirement"),
    ],
)
def test_errors_are_one_line_and_exit_2(
    capsys: pytest.CaptureFixture[str],
    snapshot_file: Path,
    tmp_path: Path,
    argv: list[str],
    message: str,
) -> None:
    files = {
        "snapshot": str(snapshot_file),
        "bad_yaml": str(write(tmp_path, "attestations: [\n")),
        "missing": str(tmp_path / "nope.yaml"),
    }
    entry = "{{framework: cis-5.0, requirement: {}, by: x, date: 2026-01-01, expires: 2027-01-01}}"
    files["unquoted"] = str(tmp_path / "unquoted.yaml")
    Path(files["unquoted"]).write_text(f"attestations:\n  - {entry.format('1.10')}\n")
    files["no_such_req"] = str(tmp_path / "no_such_req.yaml")
    Path(files["no_such_req"]).write_text(f"attestations:\n  - {entry.format(repr('99.99'))}\n")
    args = [a.format(**files) for a in argv]
    if args[0] == "compliance":
        args += ["--snapshot", str(snapshot_file)]
    code, _, err = run(capsys, *args)
    assert code == EXIT_ERROR
    assert_one_line_error(err)
    assert message in err
    if "unknown framework" in message:
        assert all(framework_id in err for framework_id in framework_ids())


def test_evaluate_with_frameworks_adds_posture_to_both_reports(
    capsys: pytest.CaptureFixture[str], snapshot_file: Path, tmp_path: Path
) -> None:
    code, out, _ = run(
        capsys,
        "evaluate",
        str(snapshot_file),
        "--framework",
        "cis-5.0",
        "--framework",
        "cis-3.0",
        "--format",
        "json",
        "-o",
        str(tmp_path / "out"),
    )
    assert code == EXIT_OK
    report = json.loads(out)
    assert [p["framework"] for p in report["compliance"]] == ["cis-5.0", "cis-3.0"]
    statuses = {r["id"]: r["status"] for r in report["compliance"][0]["requirements"]}
    for rid in requirements_checking("cis-5.0", "iam.access-key-rotated"):
        assert statuses[rid] == "not_met"
    terminal = (tmp_path / "out" / "report.txt").read_text()
    assert "Compliance posture" in terminal
    assert "CIS Amazon Web Services Foundations Benchmark 5.0.0 (cis-5.0)" in terminal
    without = json.loads(run(capsys, "evaluate", str(snapshot_file), "--format", "json")[1])
    assert without["compliance"] == []


@pytest.fixture(scope="module")
def demo_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The demo collected once (about ten seconds), through `incloud compliance --demo -o`."""
    out = tmp_path_factory.mktemp("demo")
    code = main(["compliance", "--demo", "--format", "json", "-o", str(out)])
    assert code == EXIT_OK
    yield out


def test_demo_listing_and_snapshot(demo_dir: Path) -> None:
    listing: dict[str, Any] = json.loads((demo_dir / "compliance.json").read_text())
    assert [f["framework"] for f in listing["frameworks"]] == list(framework_ids())
    snapshot = load_snapshot(demo_dir / "snapshot.json.gz")
    assert listing["collected_at"] == snapshot.collected_at.isoformat()


def test_demo_hipaa_flags_simpledb(capsys: pytest.CaptureFixture[str], demo_dir: Path) -> None:
    if "hipaa" not in framework_ids():
        pytest.skip("hipaa framework data not shipped")
    code, out, _ = run(
        capsys,
        "compliance",
        "hipaa",
        "--snapshot",
        str(demo_dir / "snapshot.json.gz"),
        "--format",
        "json",
    )
    assert code == EXIT_OK
    posture = json.loads(out)
    flagged = [r for r in posture["requirements"] if r["out_of_scope"]]
    assert flagged, "the demo uses SimpleDB, which is not in AWS's HIPAA scope"
    assert all("sdb" in r["out_of_scope"] for r in flagged)
    assert posture["summary"]["inherited_flagged"] == len(flagged)
