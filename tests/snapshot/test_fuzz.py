"""The loader under random input: only ``InputError`` ever escapes, and quickly.

Each property runs a fixed set of generated examples (derandomised) with a deadline per
example; whatever loads must also save and load back unchanged.
"""

from __future__ import annotations

import gzip
import json
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from incloud.api import assess
from incloud.errors import InputError
from incloud.evaluate import all_checks
from incloud.evaluate.views import exposure_view, paths_view
from incloud.snapshot import load_snapshot, save_snapshot
from tests.fixtures import build_snapshot

from .samples import MAX_MESSAGE, sample_snapshot

FUZZ = settings(
    max_examples=150,
    deadline=timedelta(seconds=2),
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)

HOSTILE_CHARACTERS = ("\ud800", "\udfff", "\x00", "\x1b", "\x9b", "\u202e", "\n", "\ufeff")
"""Unpaired surrogates (JSON's ``"\\ud800"`` decodes to a string no encoding can write;
hypothesis leaves category Cs out unless asked), NUL, ESC, a C1 CSI, a bidi override, a line
break, a byte-order mark."""

CHARACTERS = st.characters() | st.sampled_from(HOSTILE_CHARACTERS)
"""Any code point, hostile ones included."""

TEXT = st.text(CHARACTERS, max_size=30) | st.builds(
    "{}{}{}".format,
    st.text(max_size=10),
    st.sampled_from(HOSTILE_CHARACTERS),
    st.text(max_size=10),
)
"""Random text, half the time with a hostile character in it (hypothesis rarely draws one
from :data:`CHARACTERS` alone)."""

JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | TEXT,
    lambda children: (
        st.lists(children, max_size=5)
        | st.dictionaries(st.text(CHARACTERS, max_size=10), children, max_size=5)
    ),
    max_leaves=30,
)


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A directory the examples of one module write their files to."""
    return tmp_path_factory.mktemp("fuzz")


@pytest.fixture(scope="module")
def saved(workdir: Path) -> bytes:
    """The sample snapshot as ``save_snapshot`` writes it (plain JSON)."""
    path = workdir / "saved.json"
    save_snapshot(sample_snapshot(), path)
    return path.read_bytes()


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every location in a JSON document, the root included."""
    found = [prefix]
    if isinstance(value, dict):
        for key, child in value.items():
            found += _paths(child, (*prefix, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            found += _paths(child, (*prefix, index))
    return found


def _replaced(document: Any, where: tuple[Any, ...], value: Any) -> Any:
    """``document`` with the value at ``where`` replaced."""
    if not where:
        return value
    copy = json.loads(json.dumps(document))
    parent = copy
    for step in where[:-1]:
        parent = parent[step]
    parent[where[-1]] = value
    return copy


def _only_input_errors(workdir: Path, content: bytes) -> None:
    """Load ``content``: an InputError of one clear line, or a snapshot that round-trips."""
    path = workdir / "input.json"
    path.write_bytes(content)
    try:
        snapshot = load_snapshot(path)
    except InputError as error:
        message = str(error)
        assert message.isprintable(), message[:200]
        assert len(message) <= MAX_MESSAGE, message[:200]
        return
    again = workdir / "again.json.gz"
    save_snapshot(snapshot, again)
    assert load_snapshot(again) == snapshot


@FUZZ
@given(content=st.binary(max_size=2000) | st.binary(max_size=2000).map(b"\x1f\x8b".__add__))
def test_random_bytes(workdir: Path, content: bytes) -> None:
    _only_input_errors(workdir, content)


@FUZZ
@given(value=JSON_VALUES, gzipped=st.booleans())
def test_random_json_values(workdir: Path, value: Any, gzipped: bool) -> None:
    content = json.dumps(value).encode()
    _only_input_errors(workdir, gzip.compress(content) if gzipped else content)


@FUZZ
@given(data=st.data(), value=JSON_VALUES)
def test_random_values_inside_a_snapshot(
    workdir: Path, saved: bytes, data: Any, value: Any
) -> None:
    document = json.loads(saved)
    where = data.draw(st.sampled_from(_paths(document)))
    _only_input_errors(workdir, json.dumps(_replaced(document, where, value)).encode())


def _strings(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every location in a JSON document that holds a string."""
    if isinstance(value, str):
        return [prefix]
    if isinstance(value, dict):
        return [p for key, child in value.items() for p in _strings(child, (*prefix, key))]
    if isinstance(value, list):
        return [p for index, child in enumerate(value) for p in _strings(child, (*prefix, index))]
    return []


@FUZZ
@given(data=st.data(), text=TEXT)
def test_random_text_in_any_string_of_a_snapshot(
    workdir: Path, saved: bytes, data: Any, text: str
) -> None:
    """Names, ARNs, policy text, messages: any text (control characters, unpaired surrogates)
    loads and round-trips or is one clear line."""
    document = json.loads(saved)
    where = data.draw(st.sampled_from(_strings(document)))
    _only_input_errors(workdir, json.dumps(_replaced(document, where, text)).encode())


@FUZZ
@given(
    cut=st.none() | st.integers(min_value=0),
    flips=st.lists(st.tuples(st.integers(min_value=0), st.integers(1, 255)), max_size=4),
    gzip_first=st.booleans(),
    gzip_after=st.booleans(),
)
def test_damaged_snapshots(
    workdir: Path,
    saved: bytes,
    cut: int | None,
    flips: list[tuple[int, int]],
    gzip_first: bool,
    gzip_after: bool,
) -> None:
    """A valid file, maybe gzipped, then truncated and with bytes flipped, maybe gzipped."""
    content = bytearray(gzip.compress(saved) if gzip_first else saved)
    if cut is not None:
        del content[cut % (len(content) + 1) :]
    for index, mask in flips:
        if content:
            content[index % len(content)] ^= mask
    _only_input_errors(workdir, gzip.compress(content) if gzip_after else bytes(content))


@FUZZ
@given(depth=st.integers(1, 200_000), opener=st.sampled_from([b"[", b'{"a":', b'[{"b":']))
def test_deep_nesting(workdir: Path, depth: int, opener: bytes) -> None:
    _only_input_errors(workdir, opener * depth)


FIXTURES = Path(__file__).parents[1] / "evaluate" / "fixtures"
EVALUATED = (
    "ec2.admin-port-internet-reachable.yaml",
    "iam.privilege-escalation.yaml",
    "eks.endpoint-not-public.yaml",
)
"""Fixtures whose resources feed the heavier analyses: reachability (EC2, EKS endpoints) and
escalation."""

ODD_VALUES: st.SearchStrategy[Any] = st.sampled_from(
    [
        "",
        "999.1.1.1",
        "10.0.0.0/99",
        "::/200",
        "arn:",
        ":::::",
        "*",
        "${aws:username}",
        "-1",
        "\x1b[2J\u202e",
        "a" * 500,
        "0.0.0.0/0",
        "::",
    ]
) | st.sampled_from([-1, 0, 65536, 2**31, 2**63, None, True, [], {}])
"""Values that are wrong for most fields: bad addresses and blocks, ARN fragments, policy
wildcards and variables, out-of-range numbers, other types."""


@pytest.fixture(scope="module")
def evaluated(workdir: Path) -> bytes:
    """A snapshot of network and IAM fixtures as ``save_snapshot`` writes it."""
    resources: list[Any] = []
    for name in EVALUATED:
        resources += yaml.safe_load((FIXTURES / name).read_text())["resources"]
    path = workdir / "evaluated.json"
    save_snapshot(build_snapshot({"resources": resources}), path)
    return path.read_bytes()


def _leaves(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every scalar location in a JSON document."""
    if isinstance(value, dict):
        return [p for key, child in value.items() for p in _leaves(child, (*prefix, key))]
    if isinstance(value, list):
        return [p for index, child in enumerate(value) for p in _leaves(child, (*prefix, index))]
    return [prefix]


@FUZZ
@given(data=st.data())
def test_whatever_loads_can_be_evaluated(workdir: Path, evaluated: bytes, data: Any) -> None:
    """A snapshot that loads is evaluated (every check, the escalation and exposure views)
    without an exception: what the loader lets through, the engines can read.
    """
    document = json.loads(evaluated)
    resources = document["resources"]
    for _ in range(data.draw(st.integers(1, 3))):
        where = data.draw(st.sampled_from(_leaves(resources)))
        resources = _replaced(resources, where, data.draw(ODD_VALUES))
    path = workdir / "odd.json"
    path.write_text(json.dumps(document | {"resources": resources}))
    try:
        snapshot = load_snapshot(path)
    except InputError:
        return
    assess(snapshot, list(all_checks().values()))
    paths_view(snapshot)
    exposure_view(snapshot)
