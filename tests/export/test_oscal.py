"""`incloud oscal`: three OSCAL documents from a fixture snapshot, validated with
compliance-trestle's models and validators, round-tripped, stable across runs, linked to each
other, honest about unknown results, inert to hostile names; and the command's errors.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from trestle.core.duplicates_validator import DuplicatesValidator
from trestle.core.links_validator import LinksValidator
from trestle.core.refs_validator import RefsValidator
from trestle.oscal.assessment_results import AssessmentResults
from trestle.oscal.component import ComponentDefinition
from trestle.oscal.ssp import SystemSecurityPlan

from incloud.cli import EXIT_ERROR, EXIT_INCOMPLETE, EXIT_OK
from incloud.compliance.attestations import Attestation
from incloud.compliance.oscal import FILES, Documents, export
from incloud.compliance.oscal.profile import control_id, fedramp_baselines
from incloud.snapshot import save_snapshot
from tests.cli_helpers import assert_one_line_error, run
from tests.fixtures import build_snapshot
from tests.report.hostile import EVIL

MODELS: dict[str, Any] = {
    "component-definition.json": ComponentDefinition,
    "system-security-plan.json": SystemSecurityPlan,
    "assessment-results.json": AssessmentResults,
}
ROOTS = {
    "component-definition.json": "component-definition",
    "system-security-plan.json": "system-security-plan",
    "assessment-results.json": "assessment-results",
}

# collected 2026-11-01: bob's key unused (fail), the password policy too short (fail), the
# credential report denied (unknown for every check that reads it), a bucket in use.
SNAPSHOT: dict[str, Any] = {
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
    "gaps": [
        {
            "service": "iam",
            "operation": "GenerateCredentialReport",
            "error_code": "AccessDenied",
            "region": "global",
        }
    ],
    "api_calls": [
        {"service": "iam", "operation": "GetAccountAuthorizationDetails", "count": 1},
        {"service": "iam", "operation": "GetAccountPasswordPolicy", "count": 1},
        {"service": "s3", "operation": "ListBuckets", "count": 1},
    ],
}

ATTESTATIONS = (
    Attestation(
        framework="nist-800-53-r5",
        requirement="AC-1",
        by="Jane Doe",
        date=date(2026, 9, 1),
        expires=date(2027, 9, 1),
        link="https://wiki.example.com/policies/access-control",
    ),
    Attestation(
        framework="nist-800-53-r5",
        requirement="AT-1",
        by="John Roe",
        date=date(2025, 1, 1),
        expires=date(2026, 1, 1),
    ),
)
"""AC-1 attested and valid at the scan; AT-1's attestation expired before it."""


def _export(framework: str = "nist-800-53-r5", document: dict[str, Any] = SNAPSHOT) -> Documents:
    return export(build_snapshot(document), framework, attestations=ATTESTATIONS)


@pytest.fixture(scope="module")
def nist() -> Documents:
    return _export()


@pytest.fixture(scope="module")
def files(nist: Documents) -> dict[str, str]:
    return nist.files()


@pytest.fixture(scope="module")
def loaded(files: dict[str, str]) -> dict[str, Any]:
    """Each document parsed back with trestle's models."""
    return {name: _load(name, text) for name, text in files.items()}


def _load(name: str, text: str) -> Any:
    document = json.loads(text)
    assert list(document) == [ROOTS[name]]
    return MODELS[name].model_validate(document[ROOTS[name]])


def _walk(value: Any) -> Iterator[dict[str, Any]]:
    if isinstance(value, dict):
        yield value
        for item in value.values():
            yield from _walk(item)
    elif isinstance(value, list):
        for item in value:
            yield from _walk(item)


def _documents(files: dict[str, str]) -> dict[str, dict[str, Any]]:
    return {name: json.loads(text)[ROOTS[name]] for name, text in files.items()}


def test_every_document_validates_with_trestle(loaded: dict[str, Any]) -> None:
    assert set(loaded) == set(FILES.values())
    for name, model in loaded.items():
        for validator in (DuplicatesValidator(), RefsValidator(), LinksValidator()):
            assert validator.model_is_valid(model, True, None), (name, type(validator).__name__)


def test_documents_round_trip(
    files: dict[str, str], loaded: dict[str, Any], tmp_path: Path
) -> None:
    for name, model in loaded.items():
        assert model.oscal_dict() == json.loads(files[name])
        path = tmp_path / name
        model.oscal_write(path)
        again = MODELS[name].oscal_read(path)
        assert again == model
        assert again.oscal_dict() == json.loads(files[name])


def test_uuids_are_derived_and_the_same_in_every_run(files: dict[str, str]) -> None:
    second = _export().files()
    assert second == files  # byte for byte: same uuids, same timestamps, same order
    for name, document in _documents(files).items():
        uuids = [item["uuid"] for item in _walk(document) if "uuid" in item]
        assert uuids, name
        assert all(uuid.UUID(value).version == 5 for value in uuids)


def test_timestamps_are_the_snapshots(files: dict[str, str]) -> None:
    for document in _documents(files).values():
        assert document["metadata"]["last-modified"].startswith("2026-11-01T00:00:00")


def test_documents_link_to_each_other(files: dict[str, str]) -> None:
    docs = _documents(files)
    definition, plan, results = (docs[name] for name in FILES.values())
    provided: set[str] = set()
    responsibilities: set[str] = set()
    for component in definition["components"]:
        for implementation in component.get("control-implementations", []):
            ids = {ir["uuid"] for ir in implementation["implemented-requirements"]}
            view = implementation["props"][0]["value"]
            (provided if view == "provided" else responsibilities).update(ids)
    components = {c["uuid"] for c in plan["system-implementation"]["components"]}
    assert {c["uuid"] for c in definition["components"]} <= components
    requirements = plan["control-implementation"]["implemented-requirements"]
    inherited = satisfied = 0
    for requirement in requirements:
        for by in requirement["by-components"]:
            assert by["component-uuid"] in components
            for item in by.get("inherited", []):
                assert item["provided-uuid"] in provided
                inherited += 1
            for item in by.get("satisfied", []):
                assert item["responsibility-uuid"] in responsibilities
                satisfied += 1
    assert inherited and satisfied
    requirement_ids = {r["uuid"] for r in requirements}
    result = results["results"][0]
    observations = {o["uuid"] for o in result["observations"]}
    subjects = {i["uuid"] for i in result["local-definitions"]["inventory-items"]}
    for observation in result["observations"]:
        for subject in observation.get("subjects", []):
            assert subject["subject-uuid"] in subjects
    for finding in result["findings"]:
        assert finding["implementation-statement-uuid"] in requirement_ids
        for related in finding["related-observations"]:
            assert related["observation-uuid"] in observations


def test_every_baseline_control_is_in_the_plan(files: dict[str, str]) -> None:
    high = export(build_snapshot(SNAPSHOT), "fedramp-high").files()
    plan = _documents(high)["system-security-plan.json"]
    ids = {r["control-id"] for r in plan["control-implementation"]["implemented-requirements"]}
    assert ids <= fedramp_baselines()["high"]
    assert len(ids) > 300
    nist_ids = {
        r["control-id"]
        for r in _documents(files)["system-security-plan.json"]["control-implementation"][
            "implemented-requirements"
        ]
    }
    assert ids < nist_ids


def _origination(requirement: dict[str, Any]) -> set[str]:
    return {
        p["value"]
        for p in requirement.get("props", [])
        if p["name"] == "control-origination" and "fedramp" in p.get("ns", "")
    }


def test_origination_and_what_is_inherited(files: dict[str, str]) -> None:
    plan = _documents(files)["system-security-plan.json"]
    by_id = {r["control-id"]: r for r in plan["control-implementation"]["implemented-requirements"]}
    assert _origination(by_id["pe-3"]) == {"inherited"}  # physical access: AWS's
    assert _origination(by_id["ac-1"]) == {"customer-provided"}  # a policy: the customer's
    assert _origination(by_id["ia-5.1"]) == {"customer-configured"}  # password policy setting
    shared = [r for r in by_id.values() if len(_origination(r)) == 2]
    assert shared  # shared controls carry AWS's part and the customer's
    for requirement in shared:
        assert "inherited" in _origination(requirement)
        assert any("inherited" in by for by in requirement["by-components"])


def test_controls_outside_aws_package_say_so(files: dict[str, str]) -> None:
    definition = _documents(files)["component-definition.json"]
    moderate = fedramp_baselines()["moderate"]
    seen = 0
    for component in definition["components"]:
        for implementation in component.get("control-implementations", []):
            for requirement in implementation["implemented-requirements"]:
                documented = {p["name"]: p["value"] for p in requirement["props"]}.get(
                    "documented-in-aws-package"
                )
                if documented is None:
                    continue
                assert (documented == "true") == (requirement["control-id"] in moderate)
                if documented == "false":
                    assert "does not document it" in requirement["description"]
                    seen += 1
    assert seen


def test_unknown_results_are_never_satisfied(nist: Documents, files: dict[str, str]) -> None:
    results = _documents(files)["assessment-results.json"]["results"][0]
    verdicts = {
        o["uuid"]: {p["name"]: p["value"] for p in o.get("props", [])}.get("verdict")
        for o in results["observations"]
    }
    assert "unknown" in verdicts.values()
    statuses = {}
    for finding in results["findings"]:
        status = {p["name"]: p["value"] for p in finding["props"]}["status"]
        statuses[finding["target"]["target-id"]] = status
        related = {verdicts[r["observation-uuid"]] for r in finding["related-observations"]}
        if finding["target"]["status"]["state"] == "satisfied":
            assert status in ("met", "attested")
            assert not related & {"unknown", "fail"}
        if status == "unknown":
            assert finding["target"]["status"] == {
                "state": "not-satisfied",
                "reason": "other",
                "remarks": finding["target"]["status"]["remarks"],
            }
            assert "could not assess" in finding["target"]["status"]["remarks"]
    assert "unknown" in statuses.values()
    plan = _documents(files)["system-security-plan.json"]
    unknown_services = 0
    for requirement in plan["control-implementation"]["implemented-requirements"]:
        status = {p["name"]: p["value"] for p in requirement["props"]}["status"]
        for by in requirement["by-components"]:
            if status == "unknown" and by.get("responsible-roles"):
                assert by["implementation-status"]["state"] != "implemented"
            for satisfied in by.get("satisfied", []):
                tally = {p["name"]: int(p["value"]) for p in satisfied["props"]}
                if tally["unknown-results"] or tally["fail-results"]:
                    assert by["implementation-status"]["state"] != "implemented"
                    unknown_services += tally["unknown-results"] > 0
    assert unknown_services


def test_attestations_are_manual_evidence_with_their_expiry(files: dict[str, str]) -> None:
    results = _documents(files)["assessment-results.json"]["results"][0]
    examined = [o for o in results["observations"] if o["methods"] == ["EXAMINE"]]
    by_title = {o["title"]: o for o in examined}
    valid = by_title["Attestation of AC-1 by Jane Doe"]
    expired = by_title["Attestation of AT-1 by John Roe"]
    assert valid["expires"].startswith("2027-09-01")
    assert valid["collected"].startswith("2026-09-01")
    assert (
        valid["relevant-evidence"][0]["href"] == "https://wiki.example.com/policies/access-control"
    )
    assert expired["expires"].startswith("2026-01-01")
    assert {"name": "expired", "ns": "urn:incloud:oscal", "value": "true"} in expired["props"]
    findings = {f["target"]["target-id"]: f for f in results["findings"]}
    assert findings["ac-1_obj"]["target"]["status"]["state"] == "satisfied"
    assert findings["at-1_obj"]["target"]["status"]["state"] == "not-satisfied"
    for target, observation in (("ac-1_obj", valid), ("at-1_obj", expired)):
        related = {r["observation-uuid"] for r in findings[target]["related-observations"]}
        assert observation["uuid"] in related


def test_hostile_names_leave_the_json_well_formed() -> None:
    document = {
        "resources": [
            {**resource, "name": f"{resource['name']}{EVIL}"} for resource in SNAPSHOT["resources"]
        ],
        "gaps": SNAPSHOT["gaps"],
        "api_calls": SNAPSHOT["api_calls"],
    }
    hostile = Attestation(
        framework="nist-800-53-r5",
        requirement="AC-1",
        by=f"Eve{EVIL}",
        date=date(2026, 9, 1),
        expires=date(2027, 9, 1),
        note=EVIL,
    )
    files = export(build_snapshot(document), "fedramp-moderate", attestations=[hostile]).files()
    for name, text in files.items():
        assert text.isascii()  # every control, bidi and line-separator character escaped
        model = _load(name, text)
        assert DuplicatesValidator().model_is_valid(model, True, None)
    results = json.loads(files["assessment-results.json"])["assessment-results"]
    items = results["results"][0]["local-definitions"]["inventory-items"]
    assert any(EVIL in item["description"] for item in items)  # decoded, the name is intact
    titles = [o["title"] for o in results["results"][0]["observations"]]
    assert all("\n" not in t and "\x1b" not in t for t in titles)  # one line each
    parties = results["metadata"]["parties"]
    assert [p["name"] for p in parties if p["type"] == "person"] == [
        "Eve"
        + EVIL.replace("\n", "\\u000a")
        .replace("\x1b", "\\u001b")
        .replace("\x07", "\\u0007")
        .replace("\x9b", "\\u009b")
        .replace("\x85", "\\u0085")
        .replace("\u202e", "\\u202e")
    ]


def test_control_ids_follow_oscal() -> None:
    assert control_id("AC-2") == "ac-2"
    assert control_id("AC-2(12)") == "ac-2.12"
    assert control_id("SC-7(25)") == "sc-7.25"


@pytest.fixture
def snapshot_file(tmp_path: Path) -> Path:
    path = tmp_path / "snap.json.gz"
    save_snapshot(build_snapshot(SNAPSHOT), path)
    return path


def test_the_command_writes_three_documents(
    capsys: pytest.CaptureFixture[str], snapshot_file: Path, tmp_path: Path
) -> None:
    out_dir = tmp_path / "oscal"
    code, out, err = run(
        capsys,
        "oscal",
        "--snapshot",
        str(snapshot_file),
        "-o",
        str(out_dir),
        "--framework",
        "fedramp-moderate",
    )
    assert (code, out) == (EXIT_OK, "")
    assert sorted(p.name for p in out_dir.iterdir()) == sorted(FILES.values())
    assert err.startswith(f"oscal (fedramp-moderate) written to {out_dir}/")
    for name in FILES.values():
        _load(name, (out_dir / name).read_text())


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (("--framework", "cis-5.0"), "unknown --framework 'cis-5.0' for OSCAL"),
        (("--no-output",), "give the directory with -o DIR"),
        (("--demo",), "choose one of --snapshot and --demo"),
        (("--bad-snapshot",), "is not a snapshot"),
        (("--output-is-a-file",), "exists and is not a directory"),
        (("--attestations", "/nonexistent/attest.yaml"), "attest.yaml"),
    ],
)
def test_bad_input_is_one_error_line(
    capsys: pytest.CaptureFixture[str],
    snapshot_file: Path,
    tmp_path: Path,
    arguments: tuple[str, ...],
    message: str,
) -> None:
    snapshot, output = str(snapshot_file), str(tmp_path / "out")
    extra = list(arguments)
    if extra == ["--no-output"]:
        output, extra = "", []
    elif extra == ["--bad-snapshot"]:
        bad = tmp_path / "bad.json"
        bad.write_text("{not json")
        snapshot, extra = str(bad), []
    elif extra == ["--output-is-a-file"]:
        taken = tmp_path / "taken"
        taken.write_text("")
        output, extra = str(taken), []
    argv = ["oscal", "--snapshot", snapshot, *(["-o", output] if output else []), *extra]
    code, out, err = run(capsys, *argv)
    assert (code, out) == (EXIT_ERROR, "")
    assert_one_line_error(err)
    assert message in err


def test_evaluate_format_oscal_writes_the_same_documents(
    capsys: pytest.CaptureFixture[str], snapshot_file: Path, tmp_path: Path
) -> None:
    by_format, by_command = tmp_path / "format", tmp_path / "command"
    code, out, err = run(
        capsys, "evaluate", str(snapshot_file), "--format", "oscal", "-o", str(by_format)
    )
    assert (code, out) == (EXIT_OK, "")
    assert err == f"oscal written to {by_format}/: " + ", ".join(FILES.values()) + "\n"
    run(capsys, "oscal", "--snapshot", str(snapshot_file), "-o", str(by_command))
    for name in FILES.values():
        text = (by_format / name).read_text()
        _load(name, text)
        assert text == (by_command / name).read_text()  # the scan's findings reused, same bytes


def test_format_oscal_needs_a_directory(
    capsys: pytest.CaptureFixture[str], snapshot_file: Path
) -> None:
    code, out, err = run(capsys, "evaluate", str(snapshot_file), "--format", "oscal")
    assert (code, out) == (EXIT_ERROR, "")
    assert_one_line_error(err)
    assert "--format oscal writes three documents: give -o DIR" in err


def test_an_unread_account_is_written_and_exits_3(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "empty.json"
    save_snapshot(build_snapshot({}), path)  # nothing read: no call, gap or resource
    code, out, err = run(capsys, "oscal", "--snapshot", str(path), "-o", str(tmp_path / "o"))
    assert (code, out) == (EXIT_INCOMPLETE, "")
    assert "incloud: incomplete:" in err
    for name in FILES.values():
        _load(name, (tmp_path / "o" / name).read_text())
