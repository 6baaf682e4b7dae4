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
from incloud.evaluate.settings import Settings
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
