"""The reference data in tools/reference is a faithful copy of the shared data set, where that
is present beside the repository (it is not in CI: the copy is what the tools and tests read).
"""

from __future__ import annotations

from pathlib import Path

import pytest

REFERENCE = Path(__file__).parents[1] / "tools" / "reference"
SHARED = Path(__file__).parents[1].parent / "shared" / "data"

COPIES = sorted(p.name for p in REFERENCE.glob("*.json"))


def test_the_reference_data_names_its_sources_and_licences() -> None:
    readme = (REFERENCE / "README.md").read_text()
    for name in COPIES:
        assert name in readme
        header = (REFERENCE / name).read_text()[:2000]
        assert '"_source"' in header and '"_licence"' in header, name


@pytest.mark.parametrize("name", COPIES)
def test_each_copy_matches_the_shared_original(name: str) -> None:
    original = SHARED / name
    if not original.exists():
        pytest.skip(f"no shared data set beside the repository to compare {name} with")
    assert (REFERENCE / name).read_bytes() == original.read_bytes(), f"refresh {name}"
