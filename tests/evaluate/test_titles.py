"""Titles, reasons and remediation state the thresholds in force, never hard-coded numbers.

A check's docstring writes a threshold as a placeholder (``{access_key_max_age_days}``);
``Check.title`` shows the defaults, and each finding carries the title (and remediation) for
the settings it was judged under.
"""

from __future__ import annotations

import inspect
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from incloud.cli import EXIT_OK
from incloud.evaluate import Verdict, all_checks, evaluate
from incloud.evaluate.check import Check
from incloud.evaluate.settings import Settings, fill_thresholds, placeholders, thresholds
from tests.cli_helpers import run
from tests.fixtures import build_snapshot

PINNED = Path(__file__).parent / "fixtures" / "settings"
NUMBER = re.compile(r"(?<![\w.])\d+(?![\w.]*\d)(?![A-Za-z])")
"""A number standing alone, not part of a version or a name such as TLS 1.2 or IMDSv2."""
PLACEHOLDER = re.compile(r"\{[a-z][a-z0-9_]*\}")

DEFAULTS = {name: getattr(Settings(), name) for name in thresholds()}
_UNUSUAL: dict[str, Any] = {name: 9001 + i for i, name in enumerate(sorted(thresholds()))}
UNUSUAL = Settings(**_UNUSUAL)
"""Every threshold at a value no text would state by chance, each one different."""


def _raw_title(item: Check[Any]) -> str:
    return item.template.split("\n", 1)[0]


def _reads_settings(item: Check[Any]) -> set[str]:
    try:
        source = inspect.getsource(item.fn)
    except OSError:  # checks built by a factory from data
        return set()
    return {name for name in thresholds() if f"settings.{name}" in source}


def test_no_title_hard_codes_a_threshold() -> None:
    default_values = {str(value) for value in DEFAULTS.values()}
    for item in all_checks().values():
        literal = PLACEHOLDER.sub("", _raw_title(item))
        hard_coded = set(NUMBER.findall(literal)) & default_values
        assert not hard_coded, f"{item.id}: {hard_coded} in {_raw_title(item)!r}: use a placeholder"
        if _reads_settings(item):
            assert not NUMBER.findall(literal), f"{item.id} reads a threshold: {literal!r}"


def test_every_placeholder_names_a_threshold() -> None:
    for item in all_checks().values():
        unknown = set(placeholders(item.template)) - thresholds()
        assert not unknown, f"{item.id}: {unknown} are not Settings thresholds"
        assert not placeholders(item.doc), f"{item.id}: unfilled placeholder in {item.doc!r}"


def test_titles_show_the_defaults_and_follow_the_settings() -> None:
    titled = {
        item.id: placeholders(_raw_title(item))
        for item in all_checks().values()
        if placeholders(_raw_title(item))
    }
    # every threshold a title used to hard-code is now a placeholder
    assert {
        "iam.access-key-rotated",
        "iam.credentials-unused",
        "iam.role-recently-used",
        "iam.root-not-used-recently",
        "iam.root-access-keys-not-used-recently",
        "secretsmanager.rotated-recently",
        "lambda.runtime-deprecation-soon",
        "rds.instance-backup-retention",
        "rds.cluster-backup-retention",
        "acm.certificate-not-expiring",
        "ec2.instance-ami-age",
    } <= set(titled)
    for check_id, names in titled.items():
        item = all_checks()[check_id]
        for name in names:
            assert str(DEFAULTS[name]) in item.title, item.title
            assert str(getattr(UNUSUAL, name)) in item.title_for(UNUSUAL)
        assert item.title_for(None) == item.title == item.title_for(Settings())
    assert all_checks()["iam.access-key-rotated"].title == (
        "Active access keys are younger than 90 days."
    )


def test_filling_leaves_other_braces_alone() -> None:
    text = 'JSON {"a": 1}, {not_a_setting}, { spaced }, {log_retention_days}'
    assert fill_thresholds(text, Settings(log_retention_days=400)) == (
        'JSON {"a": 1}, {not_a_setting}, { spaced }, 400'
    )
    assert fill_thresholds("no braces") == "no braces"


def test_findings_carry_the_title_and_remediation_of_their_settings() -> None:
    snapshot = build_snapshot(
        {
            "resources": [
                {
                    "kind": "rds.cluster",
                    "name": "ledger",
                    "engine": "aurora-postgresql",
                    "backup_retention_days": 10,
                }
            ]
        }
    )
    check = all_checks()["rds.cluster-backup-retention"]

    (default,) = evaluate(snapshot, [check]).findings
    assert default.verdict is Verdict.PASS
    assert default.title == "DB clusters keep automated backups for at least 7 days."
    assert default.reason == "backups kept 10 days (at least 7)"

    (strict,) = evaluate(snapshot, [check], Settings(rds_backup_retention_days=14)).findings
    assert strict.verdict is Verdict.FAIL
    assert strict.title == "DB clusters keep automated backups for at least 14 days."
    assert strict.reason == "backups kept 10 day(s), fewer than 14"
    assert "--backup-retention-period 14 " in strict.remediation
    assert strict.evidence["minimum_days"] == 14


def _settings_fixtures() -> list[Path]:
    return sorted(PINNED.glob("*.yaml"))


@pytest.mark.parametrize("path", _settings_fixtures(), ids=lambda p: p.stem)
def test_stricter_failures_state_the_value_in_force(path: Path) -> None:
    """Where a stricter setting fails a resource, the reason says the stricter value and the
    finding's title says it too (when the title states a threshold)."""
    document = yaml.safe_load(path.read_text())
    settings = Settings(**document["settings"])
    values = {str(v) for v in document["settings"].values()}
    item = all_checks()[path.stem]
    findings = evaluate(build_snapshot(document), [item], settings).findings
    tightened = [f for f in findings if f.resource_name in document["relaxed_pass"]]
    assert tightened
    for finding in tightened:
        assert finding.verdict is Verdict.FAIL
        assert values & set(NUMBER.findall(finding.reason)), finding.reason
        assert finding.title == item.title_for(settings)
        for name in placeholders(_raw_title(item)):
            assert str(getattr(settings, name)) in finding.title


def test_every_threshold_has_a_settings_fixture() -> None:
    pinned: set[str] = set()
    for path in _settings_fixtures():
        pinned |= set(yaml.safe_load(path.read_text())["settings"])
    assert pinned == thresholds()


def test_checks_list_shows_default_titles(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "checks", "--service", "rds")
    assert code == EXIT_OK
    assert "DB instances keep automated backups for at least 7 days." in out
    assert "{" not in out
