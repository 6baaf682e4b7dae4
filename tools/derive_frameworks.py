"""Derive ``src/incloud/catalog/frameworks/<id>.yaml`` and ``framework.schema.json``.

    python tools/derive_frameworks.py [REFERENCE_DIR]   # default: tools/reference

Inputs: the reference data in ``tools/reference/`` (see its README for sources and licences;
``framework_requirement_index.json`` for ids, sections and CIS
profile levels; ``nist_800_53_r5.json`` for NIST SP 800-53 Rev. 5 ids and public-domain titles;
``aws_security_hub_controls.json`` for FSBP titles) and the hand-written mappings in
``tools/frameworks/<id>.yaml``, which hold everything that needs a judgement: summaries in
incloud's words, owner, automation, checks with pinned settings, manual evidence, AWS evidence.

A mapping file has ``framework`` (the output's header), ``source`` (where the ids come from),
optional ``defaults`` and ``rules`` (``match`` is a regular expression on the requirement id;
every matching rule applies, in order), ``sections`` with ``section_key`` (section by id), and
either ``requirements`` (id -> summary string, or a mapping of fields) or, for CIS, ``topics``
plus ``topic_ids``. String fields may use ``{id}``, ``{title}`` and ``{section}``.

Source kinds: ``index`` (ids, sections and levels from the requirement index: CIS), ``nist``
(every non-withdrawn control and enhancement; with ``baseline``, those a FedRAMP Rev 5
baseline selects, for a mapping that ``extends`` the NIST one), ``fsbp`` (the index's FSBP ids
with AWS's titles) and ``list`` (the ids are the mapping's own ``requirements``; the index,
where it has the framework, must be a subset: ``index_exclude`` drops the index rows that are
not the framework's ids, ``index_field`` names the row field to convert). A mapping that
``extends`` another reuses it and amends its requirements (``extended``). Every output is
validated with ``incloud.compliance.model``.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from incloud.compliance.model import Framework
from incloud.evaluate import all_checks
from incloud.responsibility.schemas import schema_text

ROOT = Path(__file__).parents[1]
MAPPINGS = Path(__file__).parent / "frameworks"
CATALOG = ROOT / "src" / "incloud" / "catalog"
TARGET = CATALOG / "frameworks"

REFERENCE = Path(__file__).parent / "reference"
"""The reference data in the repository (copies of the shared data set, with their licences)."""

FIELDS = (
    "id",
    "section",
    "summary",
    "owner",
    "automation",
    "level",
    "checks",
    "manual_evidence",
    "aws_evidence",
    "reason",
)


def natural_key(requirement_id: str) -> tuple[tuple[int, object], ...]:
    """Sort ``1.10`` after ``1.9`` and ``AC-2(10)`` after ``AC-2(9)``."""
    parts = re.findall(r"\d+|[A-Za-z]+", requirement_id)
    return tuple((0, int(p)) if p.isdigit() else (1, p) for p in parts)


def hipaa_id(index_id: str) -> str:
    """``164_308_a_1_ii_a`` -> ``164.308(a)(1)(ii)(A)``."""
    part, section, *rest = index_id.split("_")
    out = f"{part}.{section}"
    for i, token in enumerate(rest):
        capital = i == 3 and len(token) == 1  # (A)..(E) are the implementation specifications
        out += f"({token.upper() if capital else token})"
    return out


def soc2_id(index_id: str) -> str:
    """``cc_1_3`` -> ``CC1.3``; ``cc_a_1_1`` -> ``A1.1``; ``pi_1_2`` -> ``PI1.2``."""
    tokens = index_id.split("_")
    if tokens[0] == "cc" and not tokens[1].isdigit():
        tokens = tokens[1:]
    return f"{tokens[0].upper()}{tokens[1]}.{tokens[2]}"


def csf_id(index_name: str) -> str:
    """``GV.OC-1`` -> ``GV.OC-01`` (NIST CSF 2.0 numbers subcategories with two digits)."""
    category, _, number = index_name.partition("-")
    return f"{category}-{int(number):02d}"


INDEX_IDS: dict[str, Callable[[str], str]] = {
    "hipaa": hipaa_id,
    "soc2": soc2_id,
    "iso-27001-2022": lambda i: i,
    "pci-dss-4.0": lambda i: i,
    "pci-dss-4.0.1": lambda i: i,  # v4.0.1 keeps every v4.0 id (no requirement added or removed)
    "gdpr": lambda i: "Art. " + i.removeprefix("article_"),
    "nist-csf-2.0": csf_id,  # from the index's ``name`` (its ``id``, ``sc_1``, loses the function)
}
"""How the index spells each listed framework's ids, turned into the ids incloud ships."""


def index_frameworks(shared: Path) -> dict[str, list[dict[str, Any]]]:
    """The requirement index's rows by Prowler file name."""
    data = json.loads((shared / "framework_requirement_index.json").read_text())
    return {entry["prowler_file"]: entry["requirements"] for entry in data["frameworks"]}


def base_rows(mapping: dict[str, Any], shared: Path) -> list[dict[str, Any]]:
    """The framework's ids in order, with what the source says about each."""
    source = mapping["source"]
    kind = source["kind"]
    if kind == "index":
        rows = index_frameworks(shared)[source["file"]]
        return sorted(
            (
                {"id": row["id"], "section": row["section"], "level": row.get("profile")}
                for row in rows
            ),
            key=lambda row: natural_key(row["id"]),
        )
    if kind == "nist":
        data = json.loads((shared / "nist_800_53_r5.json").read_text())
        families = data["families"]
        titles = {row["id"]: row["title"] for row in data["controls"]}
        selected: set[str] | None = None
        if "baseline" in source:  # a FedRAMP Rev 5 baseline: its controls only
            baselines = json.loads((shared / "fedramp_rev5_baselines.json").read_text())
            selected = set(baselines["baselines"][source["baseline"]])
        out = []
        for row in sorted(data["controls"], key=lambda row: natural_key(row["label"])):
            if row["withdrawn"]:
                continue
            if selected is not None and baseline_key(row["label"]) not in selected:
                continue
            title = row["title"]
            base = titles.get(row["id"].split(".")[0], title)
            if base != title and len(base) + len(title) + 2 <= 120:
                title = f"{base}: {title}"  # an enhancement, named with its control
            out.append(
                {
                    "id": row["label"],
                    "section": f"{row['family']} {families[row['family']]}",
                    "title": title,
                }
            )
        return out
    if kind == "fsbp":
        controls = json.loads((shared / "aws_security_hub_controls.json").read_text())
        by_id = {control["id"]: control for control in controls["controls"]}
        out = []
        for row in index_frameworks(shared)[source["file"]]:
            control = by_id.get(row["id"], {})  # the catalog lacks some controls: index title
            rules = ", ".join(control.get("config_rules", []))
            out.append(
                {
                    "id": row["id"],
                    "section": row["id"].split(".")[0],
                    "title": control.get("title", row["name"]).rstrip("."),
                    "config_rule": f" (AWS Config rule {rules})" if rules else "",
                }
            )
        return sorted(out, key=lambda row: natural_key(row["id"]))
    if kind == "list":
        return [{"id": str(key)} for key in mapping["requirements"]]
    raise SystemExit(f"unknown source kind {kind!r}")


def cross_check(mapping: dict[str, Any], ids: list[str], shared: Path) -> None:
    """Fail when a listed framework misses an id the requirement index knows."""
    source = mapping["source"]
    if source["kind"] != "list" or "index" not in source:
        return
    convert = INDEX_IDS[mapping["framework"]["id"]]
    exclude = re.compile(source.get("index_exclude", r"(?!)"))
    field = source.get("index_field", "id")
    ours = set(ids)
    missing = []
    for row in index_frameworks(shared)[source["index"]]:
        if exclude.search(row[field]):
            continue
        wanted = convert(row[field])
        if wanted not in ours and not any(i.startswith(wanted + "(") for i in ours):
            missing.append(wanted)
    if missing:
        raise SystemExit(f"{mapping['framework']['id']}: ids in the index but not here: {missing}")


def fill(value: Any, row: dict[str, Any]) -> Any:
    """Expand ``{id}``, ``{title}``, ``{section}`` in strings, recursively."""
    if isinstance(value, str):
        return value.format_map(_Row(row))
    if isinstance(value, dict):
        return {k: fill(v, row) for k, v in value.items()}
    if isinstance(value, list):
        return [fill(v, row) for v in value]
    return value


class _Row(dict[str, Any]):
    def __missing__(self, key: str) -> str:
        raise SystemExit(f"template field {{{key}}} is not known for requirement {self['id']}")


def checks(value: list[Any]) -> list[dict[str, Any]]:
    """Normalise ``[id, {id:, settings:}]`` to the output's mappings."""
    out = []
    for item in value:
        ref = {"id": item} if isinstance(item, str) else dict(item)
        if not ref.get("settings"):
            ref.pop("settings", None)
        out.append(ref)
    return out


def build(mapping: dict[str, Any], shared: Path) -> dict[str, Any]:
    """The framework document for one mapping file."""
    if "extends" in mapping:
        mapping = extended(mapping)
    rows = base_rows(mapping, shared)
    ids = [row["id"] for row in rows]
    cross_check(mapping, ids, shared)
    entries = {str(k): v for k, v in (mapping.get("requirements") or {}).items()}
    if "baseline" in mapping["source"]:  # a profile keeps the entries of its selection only
        entries = {k: v for k, v in entries.items() if k in set(ids)}
    unknown = sorted(set(entries) - set(ids))
    if unknown:
        raise SystemExit(f"{mapping['framework']['id']}: mapped ids not in the source: {unknown}")
    topics: dict[str, Any] = {}
    if "topics" in mapping:
        topics = yaml.safe_load((MAPPINGS / mapping["topics"]).read_text())
        topic_ids = {str(k): v for k, v in mapping["topic_ids"].items()}
        if set(topic_ids) != set(ids):
            raise SystemExit(
                f"{mapping['framework']['id']}: topic_ids differ from the source: "
                f"{sorted(set(ids) ^ set(topic_ids))}"
            )
    rules = [(re.compile(rule["match"]), rule) for rule in mapping.get("rules", [])]
    requirements = [resolve(row, mapping, rules, topics, entries.get(row["id"])) for row in rows]
    if "fedramp_evidence" in mapping:
        requirements = fedramp_evidence(requirements, mapping["fedramp_evidence"], shared)
    return {**mapping["framework"], "requirements": requirements}


def baseline_key(control: str) -> str:
    """``SC-7(12)`` as the FedRAMP baselines spell it: ``sc-7.12``."""
    return re.sub(r"\((\d+)\)", r".\1", control).lower()


def fedramp_evidence(
    requirements: list[dict[str, Any]], rule: dict[str, Any], shared: Path
) -> list[dict[str, Any]]:
    """Point each inherited or shared NIST control at AWS evidence that exists.

    AWS's P-ATOs are assessed against FedRAMP Rev 5 baselines: Moderate for the commercial US
    Regions, High for GovCloud (US). A control in the Moderate baseline keeps the mapping's
    FedRAMP pointer; one only in High cites the GovCloud High package (programme
    ``fedramp-high``); one in no baseline is in neither package, so its evidence says so and
    names what the customer can rely on instead (``rule["outside"]``, per family, with
    ``default``), under that evidence's programme.
    """
    baselines = json.loads((shared / "fedramp_rev5_baselines.json").read_text())["baselines"]
    moderate, high = set(baselines["moderate"]), set(baselines["high"])
    outside: dict[str, dict[str, str]] = rule["outside"]
    out = []
    for requirement in requirements:
        evidence = requirement.get("aws_evidence")
        key = baseline_key(requirement["id"])
        if requirement["owner"] not in ("inherited", "shared") or evidence is None:
            out.append(requirement)
            continue
        if key in moderate:
            fixed = evidence
        elif key in high:
            fixed = {
                "attestation": f"AWS GovCloud (US) FedRAMP High P-ATO package: {requirement['id']}"
                " is in the High baseline only (the commercial Regions' Moderate package does "
                "not assess it)",
                "programme": "fedramp-high",
            }
        else:
            family = requirement["id"].split("-")[0]
            fallback = outside.get(family, outside["default"])
            fixed = {
                "attestation": f"AWS's FedRAMP packages do not document {requirement['id']} (it "
                f"is in no FedRAMP baseline); rely on {fallback['evidence']}",
                "programme": fallback["programme"],
            }
        out.append({**requirement, "aws_evidence": fixed})
    return out


def resolve(
    row: dict[str, Any],
    mapping: dict[str, Any],
    rules: list[tuple[re.Pattern[str], dict[str, Any]]],
    topics: dict[str, Any],
    entry: str | dict[str, Any] | None,
) -> dict[str, Any]:
    """One requirement: defaults, then matching rules, the topic, and the id's own entry."""
    merged: dict[str, Any] = dict(mapping.get("defaults", {}))
    for pattern, rule in rules:
        if pattern.search(row["id"]):
            merged.update({k: v for k, v in rule.items() if k != "match"})
    if topics:
        merged.update(topics[mapping["topic_ids"][row["id"]]])
    if isinstance(entry, str):
        merged["summary"] = entry
    elif isinstance(entry, dict):
        merged.update(entry)
    if "section" not in row:
        key_match = re.search(mapping.get("section_key", r"^(.*)$"), row["id"])
        key = key_match.group(1) if key_match else row["id"]
        row = {**row, "section": merged.pop("section", None) or mapping["sections"][key]}
    merged.setdefault("summary", "{title}")
    merged["checks"] = checks(merged.get("checks", []))
    merged.setdefault("automation", "automated" if merged["checks"] else "manual")
    default_evidence = mapping.get("defaults", {}).get("manual_evidence")
    if (
        merged["automation"] == "partial"
        and "partial_evidence" in mapping
        and merged.get("manual_evidence") == default_evidence
    ):  # a partial requirement says what its checks leave out, not the generic line
        merged["manual_evidence"] = mapping["partial_evidence"]
    if merged["owner"] in ("inherited", "not_applicable"):
        merged.pop("manual_evidence", None)
    if merged["owner"] in ("customer", "not_applicable"):
        merged.pop("aws_evidence", None)
    if merged["owner"] != "not_applicable":
        merged.pop("reason", None)
    document = fill(
        {**merged, "id": row["id"], "section": row["section"], "level": row.get("level")}, row
    )
    return {f: document[f] for f in FIELDS if document.get(f) not in (None, [], {}, "")}


def extended(mapping: dict[str, Any]) -> dict[str, Any]:
    """A mapping that ``extends`` another: the other's rules, requirements and evidence, with
    this one's header and source (a FedRAMP baseline over NIST SP 800-53 selects some of the
    other's ids). This one's ``requirements`` amend the other's, id by id (fields given replace
    the other's; a string is a new summary): how PCI DSS v4.0.1 states what changed from v4.0
    without repeating the rest. An amendment for an id the other does not map is an error.
    """
    base = yaml.safe_load((MAPPINGS / mapping["extends"]).read_text())
    merged = {**base, **{k: v for k, v in mapping.items() if k not in ("extends", "requirements")}}
    amendments = {str(k): v for k, v in (mapping.get("requirements") or {}).items()}
    if amendments:
        entries = {str(k): v for k, v in (base.get("requirements") or {}).items()}
        unknown = sorted(set(amendments) - set(entries))
        if unknown:
            raise SystemExit(f"{mapping['framework']['id']}: amends ids the base lacks: {unknown}")
        merged["requirements"] = {
            key: {**_entry(value), **_entry(amendments[key])} if key in amendments else value
            for key, value in entries.items()
        }
    return merged


def _entry(value: str | dict[str, Any]) -> dict[str, Any]:
    """A requirement entry as a mapping of fields (a bare string is its summary)."""
    return {"summary": value} if isinstance(value, str) else dict(value)


def check_links(framework: Framework) -> None:
    """Stop on a check id that no check registers."""
    registered = set(all_checks())
    for requirement in framework.requirements:
        for ref in requirement.checks:
            if ref.id not in registered:
                raise SystemExit(f"{framework.id} {requirement.id}: unknown check {ref.id}")


def write(document: dict[str, Any], mapping_name: str) -> Framework:
    """Validate and write one framework file."""
    framework = Framework.model_validate(document)
    programmes = json.loads((CATALOG / "programmes.json").read_text())["programmes"]
    used = {framework.aws_attestation.programme} | {
        r.aws_evidence.programme for r in framework.requirements if r.aws_evidence
    }
    if not used - {None} <= set(programmes):
        raise SystemExit(f"{framework.id}: unknown programme in {sorted(map(str, used))}")
    header = (
        f"# {framework.name} {framework.version}: generated by tools/derive_frameworks.py from\n"
        f"# tools/frameworks/{mapping_name} and incloud's shared reference data. Do not edit by\n"
        "# hand: change the mapping and regenerate. Schema: ../framework.schema.json.\n"
    )
    body = yaml.safe_dump(document, sort_keys=False, allow_unicode=True, width=100)
    (TARGET / f"{framework.id}.yaml").write_text(header + body)
    return framework


def main(shared: Path) -> None:
    """Write every framework file and the schema."""
    TARGET.mkdir(exist_ok=True)
    (CATALOG / "framework.schema.json").write_text(schema_text(Framework))
    for path in sorted(MAPPINGS.glob("*.yaml")):
        mapping = yaml.safe_load(path.read_text())
        if "framework" not in mapping:
            continue  # a topics file, read by the mappings that name it
        framework = write(build(mapping, shared), path.name)
        check_links(framework)
        print(f"wrote {framework.id}: {len(framework.requirements)} requirements")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else REFERENCE)
