"""The attestations file: its format, and one clear line for every way it can be wrong."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from incloud.compliance.attestations import latest, load_attestations
from incloud.errors import InputError

EXAMPLE = Path(__file__).parents[2] / "docs" / "attestations.example.yaml"

VALID = """\
attestations:
  - framework: cis-5.0
    requirement: "1.1"
    by: Jane Doe (security lead)
    date: 2026-09-01
    expires: 2027-09-01
    link: https://wiki.example.com/aws-contacts
    note: contact details reviewed
  - framework: cis-5.0
    requirement: "1.2"
    by: Jane Doe
    date: "2026-09-01"
    expires: "2026-12-31"
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "attestations.yaml"
    path.write_text(text)
    return path


def test_a_valid_file_loads_every_entry(tmp_path: Path) -> None:
    first, second = load_attestations(write(tmp_path, VALID))
    assert (first.framework, first.requirement, first.by) == (
        "cis-5.0",
        "1.1",
        "Jane Doe (security lead)",
    )
    assert first.expires == date(2027, 9, 1)
    assert first.link == "https://wiki.example.com/aws-contacts"
    assert second.date == date(2026, 9, 1) and second.note is None
    assert not second.expired(date(2026, 12, 31))
    assert second.expired(date(2027, 1, 1))


def test_the_documented_example_file_is_valid() -> None:
    entries = load_attestations(EXAMPLE)
    assert entries
    assert all(isinstance(e.requirement, str) for e in entries)


def test_an_empty_file_has_no_attestations(tmp_path: Path) -> None:
    assert load_attestations(write(tmp_path, "")) == ()


def test_the_longest_lasting_attestation_of_a_requirement_wins(tmp_path: Path) -> None:
    text = VALID + (
        "  - {framework: cis-5.0, requirement: '1.2', by: Sam, date: 2026-10-01,"
        " expires: 2027-10-01}\n"
    )
    chosen = latest(load_attestations(write(tmp_path, text)))
    assert chosen[("cis-5.0", "1.2")].by == "Sam"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("attestations: [\n", r"is not valid YAML at line \d+"),
        ("- framework: cis-5.0\n", "expected a mapping with an 'attestations' list"),
        (
            "attestations:\n  - {framework: cis-5.0, requirement: 1.10, by: x, date: 2026-01-01,"
            " expires: 2027-01-01}\n",
            r"entry 1 \(cis-5.0 1.1\): requirement: .*quote requirement ids",
        ),
        (
            "attestations:\n  - {framework: cis-5.0, requirement: '1.1', by: x,"
            " date: 2026-01-01}\n",
            r"entry 1 \(cis-5.0 1.1\): expires: Field required",
        ),
        (
            "attestations:\n  - {framework: cis-5.0, requirement: '1.1', by: x,"
            " date: 2026-01-01, expires: 2025-01-01}\n",
            r"entry 1 \(cis-5.0 1.1\): .*expires \(2025-01-01\) is before date",
        ),
        (
            "attestations:\n  - {framework: cis-5.0, requirement: '1.1', by: x,"
            " date: 2026-01-01, expires: next year}\n",
            r"entry 1 \(cis-5.0 1.1\): expires: ",
        ),
        (
            "attestations:\n  - {framework: cis-5.0, requirement: '1.1', by: x,"
            " date: 2026-01-01, expires: 2027-01-01, signed: yes}\n",
            r"entry 1 \(cis-5.0 1.1\): signed: Extra inputs are not permitted",
        ),
        ("attestations: 3\n", r"attestations: "),
        # a few lines that alias their way to a billion nodes
        (
            "a: &a [lol, lol, lol]\nb: &b [*a, *a, *a]\nattestations: *b\n",
            "is not valid YAML at line 2: aliases are not allowed",
        ),
        ("[" * 20_000 + "]" * 20_000, "nested too deeply"),
    ],
    ids=lambda value: value[:40] if isinstance(value, str) else None,
)
def test_a_malformed_file_is_one_input_error(tmp_path: Path, text: str, message: str) -> None:
    path = write(tmp_path, text)
    with pytest.raises(InputError, match=message) as caught:
        load_attestations(path)
    assert "\n" not in str(caught.value)
    assert str(caught.value).startswith(str(path))


def test_a_missing_file_is_one_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="cannot read attestations"):
        load_attestations(tmp_path / "nope.yaml")
