"""Checks whose thresholds come from ``Settings``, tested with stricter values.

``fixtures/settings/<check id>.yaml`` is a check fixture with a ``settings`` key (the values
to evaluate with) and ``relaxed_pass``: resources that fail under those values but pass
under the defaults, which shows the check reads the setting rather than a constant.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from incloud.evaluate import Verdict, all_checks, evaluate
from incloud.evaluate.settings import MAX_THRESHOLD, Settings, thresholds, with_thresholds
from tests.fixtures import build_snapshot, expectations

PINNED = Path(__file__).parent / "fixtures" / "settings"
FILES = sorted(PINNED.glob("*.yaml"))


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_a_stricter_setting_fails_what_the_default_passes(path: Path) -> None:
    document = yaml.safe_load(path.read_text())
    check = all_checks()[path.stem]
    snapshot = build_snapshot(document)
    expected = expectations(document, snapshot)
    names = {r.arn: r.name for r in snapshot.resources}

    strict = evaluate(snapshot, [check], settings=Settings(**document["settings"]))
    got = {f.resource: f.verdict for f in strict.findings}
    for arn, verdict in expected.items():
        assert got[arn] is Verdict(verdict), f"{names[arn]}: got {got[arn]}"

    default = evaluate(snapshot, [check])
    relaxed = {names[f.resource] for f in default.findings if f.verdict is Verdict.PASS}
    assert document["relaxed_pass"]
    assert set(document["relaxed_pass"]) <= relaxed
    assert all(got[a] is Verdict.FAIL for a, n in names.items() if n in document["relaxed_pass"])


def test_every_settings_fixture_names_a_check_and_real_settings() -> None:
    fields = set(Settings.__dataclass_fields__)
    for path in FILES:
        assert path.stem in all_checks(), path.name
        assert set(yaml.safe_load(path.read_text())["settings"]) <= fields, path.name


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
@pytest.mark.parametrize("value", [1, MAX_THRESHOLD])
def test_every_threshold_at_its_bounds_is_judged(path: Path, value: int) -> None:
    # Before: --setting access_key_max_age_days=1000000000 (or credentials_unused_days,
    # secret_max_age_days) ended in OverflowError from timedelta, a traceback with exit 1.
    document = yaml.safe_load(path.read_text())
    settings = with_thresholds(Settings(), [f"{name}={value}" for name in thresholds()])
    findings = evaluate(build_snapshot(document), [all_checks()[path.stem]], settings=settings)
    assert findings.findings


@pytest.mark.parametrize(
    "value", [str(MAX_THRESHOLD + 1), "1000000000", "9" * 5000, "0", "-1", "\u00b2", "12 days"]
)
def test_a_threshold_out_of_bounds_is_refused(value: str) -> None:
    with pytest.raises(ValueError, match=f"from 1 to {MAX_THRESHOLD}"):
        with_thresholds(Settings(), [f"access_key_max_age_days={value}"])
