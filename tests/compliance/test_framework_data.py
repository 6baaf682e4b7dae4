"""The shipped framework files: complete, valid, linked to real checks, and derived as committed.

Cross-checks against tools/reference (the reference data, kept in the repository) always
run; the complete counts are also hard-coded below with their source.
"""

from __future__ import annotations

import dataclasses
import importlib.util
import json
import re
import tomllib
from collections import Counter
from importlib import resources
from pathlib import Path
from types import ModuleType
from typing import Any

import jsonschema
import pytest
import yaml

from incloud.compliance.model import Framework, framework_ids, load_framework
from incloud.errors import InputError
from incloud.evaluate import all_checks
from incloud.evaluate.settings import Settings
from incloud.responsibility.schemas import schema_text

ROOT = Path(__file__).parents[2]
CATALOG = Path(str(resources.files("incloud.catalog")))
REFERENCE = ROOT / "tools" / "reference"
"""The reference data the derivation reads, in the repository (tools/reference/README.md)."""

EXPECTED_COUNTS = {
    # CIS AWS Foundations 3.0.0: sections 1-5 hold 22 + 9 + 9 + 16 + 6 recommendations.
    "cis-3.0": 62,
    # CIS AWS Foundations 5.0.0: 21 + 9 + 9 + 16 + 8 (the reference index's count).
    "cis-5.0": 63,
    # CIS AWS Foundations 6.0.0: 5.0.0's 63, one section later (sections 2-6).
    "cis-6.0": 63,
    # CIS AWS Foundations 7.0.0: 26 + 9 + 10 + 16 + 9 (six Organizations recommendations and
    # 2.21, 4.10, 6.8 added; two IAM key recommendations dropped).
    "cis-7.0": 70,
    # FSBP: the controls in Prowler 5.46.0's FSBP file (the reference index's count).
    "fsbp": 286,
    # NIST SP 800-53 Rev. 5.1.1: 1193 controls and enhancements, 182 withdrawn
    # (tools/reference/nist_800_53_r5.json).
    "nist-800-53-r5": 1011,
    # FedRAMP Rev 5 baselines over NIST SP 800-53 (GSA fedramp-automation profiles).
    "fedramp-moderate": 323,
    "fedramp-high": 410,
    # PCI DSS v4.0, requirements 1-12, every numbered requirement from x.y.z down; the per
    # principal requirement split is checked below.
    "pci-dss-4.0": 250,
    # PCI DSS v4.0.1: the same ids (a limited revision adds and removes no requirement).
    "pci-dss-4.0.1": 250,
    # HIPAA 164.308 (30), 164.310 (12), 164.312 (12), 164.314 (6), 164.316 (5): standards and
    # implementation specifications.
    "hipaa": 65,
    # SOC 2 (2017 TSC): CC1-CC9 33, A1 3, C1 2, PI1 5, P1-P8 18.
    "soc2": 61,
    # ISO/IEC 27001:2022 Annex A: 37 + 8 + 14 + 34.
    "iso-27001-2022": 93,
    # GDPR: the articles and points selected in tools/frameworks/gdpr.yaml.
    "gdpr": 24,
    # NIST CSF 2.0 (CSWP 29): 106 subcategories, per function below.
    "nist-csf-2.0": 106,
}

CSF_PER_FUNCTION = {"GV": 31, "ID": 21, "PR": 22, "DE": 11, "RS": 13, "RC": 8}
"""NIST CSF 2.0's subcategories by function (Govern 6 categories, Identify 3, Protect 5,
Detect 2, Respond 4, Recover 2)."""

PCI_PER_REQUIREMENT = {
    "1": 19, "2": 11, "3": 29, "4": 6, "5": 13, "6": 19,
    "7": 12, "8": 29, "9": 27, "10": 27, "11": 21, "12": 37,
}  # fmt: skip

CIS_GAPS = {
    # Recommendations CIS marks Automated that incloud has no check for (manual for now).
    "cis-3.0": {"1.11"},
    "cis-5.0": {"1.17", "5.1.2"},
    "cis-6.0": {"2.17", "6.1.2"},
    "cis-7.0": {"2.16", "6.1.2"},
}
"""1.11 (3.0): no access keys at user creation (5.0 made it Manual); 1.17 (5.0), 2.17 (6.0) and
2.16 (7.0): instance roles; 5.1.2 (5.0) and 6.1.2 (6.0, 7.0): CIFS from the internet. The test
fails if one of these gains a check (update it)."""

COPYRIGHTED = (
    "cis-3.0", "cis-5.0", "cis-6.0", "cis-7.0", "iso-27001-2022", "pci-dss-4.0",
    "pci-dss-4.0.1", "soc2",
)  # fmt: skip
"""Frameworks whose text may not be copied: summaries must be incloud's own sentences."""

OWN_WORDS = (*COPYRIGHTED, "nist-csf-2.0")
"""Frameworks whose summaries are incloud's sentences: the copyrighted ones, and NIST CSF 2.0
(public domain, but summarised in incloud's words all the same)."""


def _frameworks() -> list[Framework]:
    return [load_framework(framework_id) for framework_id in framework_ids()]


def _reference(name: str) -> Any:
    return json.loads((REFERENCE / name).read_text())


def _index(prowler_file: str) -> list[dict[str, Any]]:
    for entry in _reference("framework_requirement_index.json")["frameworks"]:
        if entry["prowler_file"] == prowler_file:
            rows: list[dict[str, Any]] = entry["requirements"]
            return rows
    raise AssertionError(f"{prowler_file} missing from the index")


def _derive_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "derive_frameworks", ROOT / "tools/derive_frameworks.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_expected_framework_ships() -> None:
    assert set(framework_ids()) == set(EXPECTED_COUNTS)


@pytest.mark.parametrize("framework_id", sorted(EXPECTED_COUNTS))
def test_file_validates_against_model_and_schema(framework_id: str) -> None:
    framework = load_framework(framework_id)
    assert framework.id == framework_id
    document = yaml.safe_load((CATALOG / "frameworks" / f"{framework_id}.yaml").read_text())
    jsonschema.validate(document, json.loads((CATALOG / "framework.schema.json").read_text()))


def test_shipped_schema_matches_the_model() -> None:
    assert (CATALOG / "framework.schema.json").read_text() == schema_text(Framework), (
        "regenerate with: python tools/derive_frameworks.py"
    )


@pytest.mark.parametrize("framework_id", sorted(EXPECTED_COUNTS))
def test_requirement_count_is_complete_and_ids_unique(framework_id: str) -> None:
    ids = [r.id for r in load_framework(framework_id).requirements]
    assert [i for i, n in Counter(ids).items() if n > 1] == []
    assert len(ids) == EXPECTED_COUNTS[framework_id]


@pytest.mark.parametrize("framework_id", ["pci-dss-4.0", "pci-dss-4.0.1"])
def test_pci_lists_every_principal_requirement(framework_id: str) -> None:
    counts = Counter(r.id.split(".")[0] for r in load_framework(framework_id).requirements)
    assert dict(counts) == PCI_PER_REQUIREMENT


def test_structure_of_the_listed_frameworks() -> None:
    iso = [r.id for r in load_framework("iso-27001-2022").requirements]
    expected_iso = [f"A.{theme}.{n}" for theme, top in ((5, 37), (6, 8), (7, 14), (8, 34))
                    for n in range(1, top + 1)]  # fmt: skip
    assert iso == expected_iso
    soc2 = {r.id for r in load_framework("soc2").requirements}
    common = {f"CC{s}.{n}" for s, top in enumerate((5, 3, 4, 2, 3, 8, 5, 1, 2), 1)
              for n in range(1, top + 1)}  # fmt: skip
    assert common <= soc2
    assert {"A1.3", "C1.2", "PI1.5", "P6.7", "P8.1"} <= soc2
    hipaa = load_framework("hipaa")
    assert {r.section.split()[0] for r in hipaa.requirements} == {
        "164.308", "164.310", "164.312", "164.314", "164.316",
    }  # fmt: skip
    markings = {r.summary.split(":")[0] for r in hipaa.requirements}
    assert markings == {"Standard", "Standard, required", "Required", "Addressable"}


def test_every_check_reference_names_a_registered_check() -> None:
    registered = set(all_checks())
    missing = sorted(
        {
            f"{framework.id} {requirement.id}: {ref.id}"
            for framework in _frameworks()
            for requirement in framework.requirements
            for ref in requirement.checks
            if ref.id not in registered
        }
    )
    assert missing == []


def test_pinned_settings_are_integer_settings_fields() -> None:
    fields = {f.name: f.type for f in dataclasses.fields(Settings)}
    for framework in _frameworks():
        for requirement in framework.requirements:
            for ref in requirement.checks:
                for name, value in ref.settings.items():
                    assert fields.get(name) in ("int", int), f"{framework.id} {requirement.id}"
                    assert isinstance(value, int) and value >= 0


def test_cis_pins_the_benchmark_thresholds() -> None:
    for framework_id, ids in (
        ("cis-3.0", ("1.8", "1.9", "1.12", "1.14")),
        ("cis-5.0", ("1.7", "1.8", "1.11", "1.13")),
        ("cis-6.0", ("2.7", "2.8", "2.11", "2.13")),
        ("cis-7.0", ("2.8", "2.9", "2.11", "2.12")),
    ):
        framework = load_framework(framework_id)
        pins = [framework.requirement(i).checks[0].settings for i in ids]
        assert pins == [
            {"password_min_length": 14, "password_reuse_prevention": 0},
            {"password_reuse_prevention": 24, "password_min_length": 0},
            {"credentials_unused_days": 45},
            {"access_key_max_age_days": 90},
        ]


def test_every_automated_or_partial_requirement_has_checks() -> None:
    for framework in _frameworks():
        for requirement in framework.requirements:
            if requirement.automation != "manual":
                assert requirement.checks, f"{framework.id} {requirement.id}"


@pytest.mark.parametrize("framework_id", ["cis-3.0", "cis-5.0", "cis-6.0", "cis-7.0"])
def test_cis_automated_recommendations_have_checks_or_are_known_gaps(framework_id: str) -> None:
    framework = load_framework(framework_id)
    version = framework_id.removeprefix("cis-")
    rows = _index(f"cis_{version}_aws.json")
    assert {r["id"] for r in rows} == {r.id for r in framework.requirements}
    levels = {r["id"]: r["profile"] for r in rows}
    assert {r.id: r.level for r in framework.requirements} == levels
    automated = {r["id"] for r in rows if r["assessment"] == "Automated"}
    without = {i for i in automated if not framework.requirement(i).checks}
    assert without == CIS_GAPS[framework_id]
    for gap in without:
        assert framework.requirement(gap).manual_evidence


def test_owners_carry_the_evidence_they_need() -> None:
    programmes = set(json.loads((CATALOG / "programmes.json").read_text())["programmes"])
    for framework in _frameworks():
        framework_programme = framework.aws_attestation.programme
        assert framework_programme is None or framework_programme in programmes
        for requirement in framework.requirements:
            if requirement.owner in ("inherited", "shared"):
                assert requirement.aws_evidence is not None
                programme = requirement.aws_evidence.programme or framework_programme
                assert programme in programmes, f"{framework.id} {requirement.id}"
            if requirement.owner in ("inherited", "not_applicable"):
                assert requirement.automation == "manual" and not requirement.checks


def test_physical_controls_owners_and_workload_free_ones_not_applicable() -> None:
    nist = load_framework("nist-800-53-r5")
    physical = [r for r in nist.requirements if r.id.startswith("PE-")]
    assert {r.owner for r in physical if not r.id.startswith("PE-17")} == {"inherited"}
    pci = load_framework("pci-dss-4.0")
    assert {r.owner for r in pci.requirements if r.id.startswith("9.5.")} == {"not_applicable"}
    assert pci.requirement("9.2.1").owner == "inherited"
    hipaa = load_framework("hipaa")
    assert hipaa.requirement("164.310(a)(1)").owner == "inherited"
    # testing and revision of software is the customer's: shared, and the summary keeps it
    testing = hipaa.requirement("164.310(a)(2)(iii)")
    assert testing.owner == "shared" and "software for testing and revision" in testing.summary
    # ISO's physical controls cover the customer's own premises and equipment too: shared
    iso = load_framework("iso-27001-2022")
    physical = [r for r in iso.requirements if r.id.startswith("A.7.")]
    assert {r.owner for r in physical} <= {"shared", "customer"}
    assert iso.requirement("A.7.1").owner == "shared"
    assert "own premises" in (iso.requirement("A.7.1").manual_evidence or "")


@pytest.mark.parametrize("framework_id", OWN_WORDS)
def test_summaries_are_our_own_sentences(framework_id: str) -> None:
    framework = load_framework(framework_id)
    assert "own words" in framework.notice
    for requirement in framework.requirements:
        summary = requirement.summary
        assert not re.match(r"(Ensure|Do not setup)\b", summary), requirement.id
        assert summary.endswith("."), f"{requirement.id}: a sentence, not a copied title"


def test_unknown_framework_is_an_input_error() -> None:
    with pytest.raises(InputError, match="unknown framework"):
        load_framework("cis-9.9")


def test_framework_files_are_package_data() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    assert "catalog/frameworks/*.yaml" in config["tool"]["setuptools"]["package-data"]["incloud"]


def test_nist_lists_every_control_that_is_not_withdrawn() -> None:
    data = _reference("nist_800_53_r5.json")
    expected = {row["label"] for row in data["controls"] if not row["withdrawn"]}
    assert {r.id for r in load_framework("nist-800-53-r5").requirements} == expected


@pytest.mark.parametrize(
    ("framework_id", "prowler_file"),
    [
        ("fsbp", "aws_foundational_security_best_practices_aws.json"),
        ("pci-dss-4.0", "pci_4.0_aws.json"),
        ("pci-dss-4.0.1", "pci_4.0_aws.json"),
        ("iso-27001-2022", "iso27001_2022_aws.json"),
        ("soc2", "soc2_aws.json"),
        ("hipaa", "hipaa_aws.json"),
        ("gdpr", "gdpr_aws.json"),
    ],
)
def test_listed_frameworks_cover_the_index(framework_id: str, prowler_file: str) -> None:
    derive = _derive_module()
    convert = derive.INDEX_IDS.get(framework_id, lambda i: i)
    ours = {r.id for r in load_framework(framework_id).requirements}
    for row in _index(prowler_file):
        if framework_id.startswith("pci-dss") and row["id"].startswith("A"):
            continue  # appendices A1-A3 are out of scope (see the mapping's header)
        wanted = convert(row["id"])
        assert wanted in ours or any(i.startswith(wanted + "(") for i in ours), wanted


@pytest.mark.parametrize("framework_id", sorted(EXPECTED_COUNTS))
def test_committed_file_is_what_the_mapping_derives(framework_id: str) -> None:
    derive = _derive_module()
    mapping = yaml.safe_load((ROOT / "tools/frameworks" / f"{framework_id}.yaml").read_text())
    built = derive.build(mapping, REFERENCE)
    shipped = yaml.safe_load((CATALOG / "frameworks" / f"{framework_id}.yaml").read_text())
    assert built == shipped, "regenerate with: python tools/derive_frameworks.py"


def test_nist_evidence_cites_fedramp_only_for_controls_in_the_assessed_baseline() -> None:
    """AWS's P-ATOs are assessed against FedRAMP Rev 5 baselines (Moderate for the commercial
    US Regions, High for GovCloud): a control in neither is documented in neither package.
    """
    reference = Path(__file__).parents[2] / "tools" / "reference" / "fedramp_rev5_baselines.json"
    baselines = json.loads(reference.read_text())["baselines"]
    moderate, high = set(baselines["moderate"]), set(baselines["high"])

    def key(control: str) -> str:
        return re.sub(r"\((\d+)\)", r".\1", control).lower()

    nist = load_framework("nist-800-53-r5")
    cited = 0
    for requirement in nist.requirements:
        evidence = requirement.aws_evidence
        if requirement.owner not in ("inherited", "shared") or evidence is None:
            continue
        text = evidence.attestation
        if key(requirement.id) in moderate:
            assert "do not document" not in text, requirement.id
            cited += 1
        elif key(requirement.id) in high:
            assert text.startswith("AWS GovCloud (US) FedRAMP High"), requirement.id
            assert evidence.programme == "fedramp-high"
        else:
            assert "FedRAMP P-ATO" not in text, requirement.id
            assert text.startswith("AWS's FedRAMP packages do not document"), requirement.id
            assert evidence.programme == "soc" and "rely on" in text
    assert cited > 50
    assert nist.requirement("SC-7(24)").owner == "customer"  # PII boundary rules
    for control in ("SC-7(25)", "SC-7(26)", "SC-7(27)"):
        assert nist.requirement(control).owner == "not_applicable"


def test_fedramp_profiles_select_their_baseline_and_keep_the_nist_mapping() -> None:
    nist = {r.id: r for r in load_framework("nist-800-53-r5").requirements}
    moderate = load_framework("fedramp-moderate")
    high = load_framework("fedramp-high")
    assert {r.id for r in moderate.requirements} < {r.id for r in high.requirements}
    for requirement in high.requirements:  # the same owner, checks and evidence as NIST's
        assert requirement == nist[requirement.id]
    assert "AC-2" in {r.id for r in moderate.requirements}
    assert "AC-2(11)" not in {r.id for r in moderate.requirements}  # High only
    assert moderate.aws_attestation.programme == "fedramp-moderate"
    assert high.aws_attestation.programme == "fedramp-high"


@pytest.mark.parametrize("framework_id", sorted(EXPECTED_COUNTS))
def test_every_partial_mapping_states_what_its_checks_leave_out(framework_id: str) -> None:
    """A ``partial`` requirement's manual evidence is its own (or its mapping's
    ``partial_evidence``), never the framework's generic line for unmapped requirements.
    """
    path = ROOT / "tools/frameworks" / f"{framework_id}.yaml"
    mapping = yaml.safe_load(path.read_text())
    if "extends" in mapping:
        mapping = yaml.safe_load((path.parent / mapping["extends"]).read_text())
    generic = (mapping.get("defaults") or {}).get("manual_evidence")
    for requirement in load_framework(framework_id).requirements:
        if requirement.automation != "partial":
            continue
        assert requirement.checks, requirement.id
        evidence = requirement.manual_evidence or ""
        assert len(evidence) >= 40, requirement.id
        if generic:
            lead = generic.split("{")[0].strip()
            assert not evidence.startswith(lead), f"{requirement.id}: generic manual evidence"


def _shift(requirement_id: str, by: int) -> str:
    section, _, rest = requirement_id.partition(".")
    return f"{int(section) + by}.{rest}"


def _meaning(requirement: Any) -> tuple[Any, ...]:
    """What a CIS recommendation asks and how incloud decides it, without its number."""
    return (
        requirement.summary,
        requirement.automation,
        tuple((ref.id, tuple(sorted(ref.settings.items()))) for ref in requirement.checks),
        requirement.manual_evidence,
    )


def test_cis_6_is_5_one_section_later() -> None:
    """CIS v6.0.0 moved every v5.0.0 recommendation one section on (IAM is section 2), keeping
    its meaning, profile level and assessment status (the Prowler checks per id agree)."""
    five = load_framework("cis-5.0")
    six = load_framework("cis-6.0")
    assert [_shift(r.id, 1) for r in five.requirements] == [r.id for r in six.requirements]
    for requirement in five.requirements:
        moved = six.requirement(_shift(requirement.id, 1))
        assert _meaning(moved) == _meaning(requirement), requirement.id
        assert moved.level == requirement.level


CIS_7_FROM_6 = {
    **{f"2.{n + 1}": f"2.{n}" for n in range(1, 10)},  # 6.0's 2.1-2.9 follow 2.1.1-2.1.6
    "2.11": "2.11",  # unused credentials
    **{f"2.{n - 1}": f"2.{n}" for n in range(13, 22)},  # 6.0's 2.10 and 2.12 were dropped
}
"""CIS v7.0.0 IAM ids and the v6.0.0 ids with the same meaning (read from the Prowler checks
each lists: 7.0's 2.12 is key rotation, 2.13 permissions through groups, 2.14 no "*:*")."""


def test_cis_7_maps_by_meaning_not_number() -> None:
    six = load_framework("cis-6.0")
    seven = load_framework("cis-7.0")
    for new, old in CIS_7_FROM_6.items():
        assert _meaning(seven.requirement(new)) == _meaning(six.requirement(old)), new
    kept = {r.id for r in seven.requirements if not r.id.startswith("2.")} - {"4.10", "6.8"}
    for requirement_id in kept:  # sections 3-6 keep 6.0's numbering
        assert _meaning(seven.requirement(requirement_id)) == _meaning(
            six.requirement(requirement_id)
        )
    old_summaries = {r.summary for r in six.requirements}
    added = {"2.1.1", "2.1.2", "2.1.3", "2.1.4", "2.1.5", "2.1.6", "2.21", "4.10", "6.8"}
    assert {r.id for r in seven.requirements if r.summary not in old_summaries} == added
    dropped = {six.requirement(i).summary for i in ("2.10", "2.12")}  # initial keys, one key
    assert dropped.isdisjoint(r.summary for r in seven.requirements)
    policies = {ref.id for ref in seven.requirement("2.21").checks}
    assert {
        "s3.bucket-policy-not-public", "sqs.queue-policy-not-public", "sns.topic-policy-not-public",
        "lambda.function-policy-not-public", "kms.key-policy-not-public",
        "secretsmanager.secret-policy-not-public", "events.event-bus-policy-not-public",
    } <= policies  # fmt: skip
    logs = {ref.id for ref in seven.requirement("4.10").checks}
    assert {"cloudfront.access-logging", "elasticloadbalancing.access-logging"} <= logs
    assert seven.requirement("6.8").automation == "manual"


PCI_4_0_1_AMENDED = {
    "3.3.1", "3.3.2", "3.3.3", "3.5.1.1", "6.3.3", "6.4.3", "8.4.2", "11.6.1", "12.8.2",
    "12.9.1",
}  # fmt: skip
"""The mapped requirements whose reading PCI DSS v4.0.1 changed (tools/frameworks/pci-dss-4.0.1.yaml
header)."""


def test_pci_4_0_1_amends_4_0_without_changing_what_decides_a_verdict() -> None:
    old = load_framework("pci-dss-4.0")
    new = load_framework("pci-dss-4.0.1")
    assert [r.id for r in new.requirements] == [r.id for r in old.requirements]
    changed = {r.id for r in new.requirements if r != old.requirement(r.id)}
    assert changed == PCI_4_0_1_AMENDED
    for requirement_id in changed:  # wording and manual evidence only: same owner and checks
        before, after = old.requirement(requirement_id), new.requirement(requirement_id)
        assert (after.owner, after.automation, after.checks) == (
            before.owner,
            before.automation,
            before.checks,
        )
    assert "critical" in new.requirement("6.3.3").summary.lower()
    assert "phishing-resistant" in (new.requirement("8.4.2").manual_evidence or "")
    assert old.notice.startswith("Retired") and "retired" in old.name
    assert new.notice.startswith("Current") and new.version == "4.0.1"


def test_an_amendment_of_an_id_the_base_lacks_stops_the_derivation() -> None:
    derive = _derive_module()
    mapping = {
        "extends": "pci-dss-4.0.yaml",
        "framework": {"id": "pci-dss-test"},
        "requirements": {"99.9.9": "Not a PCI DSS requirement."},
    }
    with pytest.raises(SystemExit, match=r"99\.9\.9"):
        derive.extended(mapping)


def test_csf_lists_the_2_0_subcategories() -> None:
    ids = [r.id for r in load_framework("nist-csf-2.0").requirements]
    assert all(re.fullmatch(r"(GV|ID|PR|DE|RS|RC)\.[A-Z]{2}-\d\d", i) for i in ids)
    assert Counter(i.split(".")[0] for i in ids) == CSF_PER_FUNCTION
    categories = {i.split("-")[0] for i in ids}
    assert len(categories) == 22
    # CSF 1.1 categories are gone; CSF 2.0's new ones are there
    assert not categories & {"PR.AC", "PR.IP", "PR.PT", "PR.MA", "ID.BE", "ID.SC", "DE.DP"}
    assert {"GV.OC", "GV.SC", "PR.AA", "PR.PS", "PR.IR", "RS.MA", "ID.IM"} <= categories


def test_csf_covers_the_index_ids_that_are_csf_2_0_ids() -> None:
    """Prowler's nist_csf_2.0_aws.json mixes CSF 2.0 ids with CSF 1.1 ones CSF 2.0 dropped: the
    former must all be here, the latter (the mapping's ``index_exclude``) must not."""
    derive = _derive_module()
    mapping = yaml.safe_load((ROOT / "tools/frameworks/nist-csf-2.0.yaml").read_text())
    dropped = re.compile(mapping["source"]["index_exclude"])
    ours = {r.id for r in load_framework("nist-csf-2.0").requirements}
    rows = _index("nist_csf_2.0_aws.json")
    kept = [derive.csf_id(r["name"]) for r in rows if not dropped.search(r["name"])]
    gone = [derive.csf_id(r["name"]) for r in rows if dropped.search(r["name"])]
    assert len(rows) == 78 and len(kept) == 36
    assert set(kept) <= ours
    assert not set(gone) & ours
