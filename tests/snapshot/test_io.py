"""Snapshot files: exact round trips and one clear error for anything else."""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import Any

import pytest

from incloud.errors import InputError
from incloud.snapshot import SCHEMA_VERSION, load_snapshot, save_snapshot
from incloud.snapshot.ec2 import SecurityGroup
from incloud.snapshot.s3 import S3Bucket

from .samples import POLICY, assert_clear_line, sample_snapshot, saved_document, write


@pytest.mark.parametrize("name", ["snap.json", "snap.json.gz"])
def test_round_trip_is_exact(tmp_path: Path, name: str) -> None:
    original = sample_snapshot()
    path = tmp_path / name
    save_snapshot(original, path)
    loaded = load_snapshot(path)
    assert loaded == original
    assert isinstance(next(loaded.of_type(SecurityGroup)), SecurityGroup)
    assert next(loaded.of_type(S3Bucket)).policy == POLICY
    assert (path.read_bytes()[:2] == b"\x1f\x8b") is name.endswith(".gz")


def test_concatenated_gzip_members_are_one_file(tmp_path: Path) -> None:
    """``cat a.gz b.gz`` is a valid gzip file (as gzip -d reads it): the members join."""
    text = json.dumps(saved_document(tmp_path)).encode()
    half = len(text) // 2
    path = write(tmp_path, gzip.compress(text[:half]) + gzip.compress(text[half:]))
    assert load_snapshot(path) == sample_snapshot()


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda d: d | {"schema_version": SCHEMA_VERSION + 1}, "newer than this incloud reads"),
        (lambda d: d | {"schema_version": 0}, "older than this incloud reads"),
        (lambda d: {k: v for k, v in d.items() if k != "schema_version"}, "no schema_version"),
        (lambda d: d | {"resources": [{"kind": "s3.bucket"}]}, "not a valid snapshot"),
        (lambda d: d | {"resources": [{"kind": "nope.thing", "name": "x"}]}, "not a valid"),
    ],
)
def test_bad_documents_give_one_line(tmp_path: Path, mutate: object, message: str) -> None:
    document = mutate(saved_document(tmp_path))  # type: ignore[operator]
    path = write(tmp_path, json.dumps(document).encode())
    with pytest.raises(InputError) as caught:
        load_snapshot(path)
    assert message in assert_clear_line(caught)


@pytest.mark.parametrize("version", ["1", 1.0, True, None, [1], {"v": 1}])
def test_schema_version_must_be_an_integer(tmp_path: Path, version: object) -> None:
    """``True == 1`` and ``1.0 == 1`` in Python: the type is checked, not just the value."""
    document = saved_document(tmp_path) | {"schema_version": version}
    path = write(tmp_path, json.dumps(document).encode())
    with pytest.raises(InputError) as caught:
        load_snapshot(path)
    message = assert_clear_line(caught)
    assert f"schema_version must be the integer {SCHEMA_VERSION}" in message


@pytest.mark.parametrize(
    "content",
    [b"{not json", b"\x1f\x8b\x08garbage", gzip.compress(b"[1, 2]", mtime=0), b"", b"\xff\xfe\x00"],
)
def test_corrupt_files_give_one_line(tmp_path: Path, content: bytes) -> None:
    with pytest.raises(InputError) as caught:
        load_snapshot(write(tmp_path, content))
    assert_clear_line(caught)


def _corrupt_gzip_bodies() -> list[bytes]:
    """Gzip files whose header is fine but whose body or trailer is not."""
    body = gzip.compress(b'{"schema_version": 1, "accounts": []}' * 50, mtime=0)
    middle = len(body) // 2
    flipped = body[:middle] + bytes([body[middle] ^ 0xFF]) + body[middle + 1 :]
    bad_crc = body[:-8] + bytes(4) + body[-4:]
    return [
        body[:10] + b"\xff" * 40,  # an invalid deflate block type
        flipped,
        bad_crc,
        body[:-3],  # truncated trailer
        body + b"trailing garbage",
    ]


@pytest.mark.parametrize("content", _corrupt_gzip_bodies())
def test_corrupt_gzip_bodies_give_one_line(tmp_path: Path, content: bytes) -> None:
    with pytest.raises(InputError) as caught:
        load_snapshot(write(tmp_path, content, "snap.json.gz"))
    assert "not a snapshot" in assert_clear_line(caught)


@pytest.mark.parametrize("gzipped", [False, True])
@pytest.mark.parametrize(
    "content", [b"[" * 100_000, b"[" * 100_000 + b"]" * 100_000, b'{"a":' * 50_000]
)
def test_deep_nesting_is_refused_not_a_recursion_error(
    tmp_path: Path, content: bytes, gzipped: bool
) -> None:
    data = gzip.compress(content) if gzipped else content
    with pytest.raises(InputError) as caught:
        load_snapshot(write(tmp_path, data))
    assert "not a snapshot" in assert_clear_line(caught)


def test_a_deep_value_inside_a_snapshot_is_refused(tmp_path: Path) -> None:
    """A document the JSON decoder can read (200 levels) but deeper than any snapshot."""
    deep: Any = "x"
    for _ in range(200):
        deep = [deep]
    document = saved_document(tmp_path)
    document["resources"][0]["tags"] = deep
    with pytest.raises(InputError) as caught:
        load_snapshot(write(tmp_path, json.dumps(document).encode()))
    assert "nested deeper than" in assert_clear_line(caught)


HUGE = "line\n\x1b[31m" * 20_000
"""A value no error message should repeat: 200,000 characters with newlines and escapes."""


@pytest.mark.parametrize(
    "mutate",
    [
        lambda d: d | {"schema_version": HUGE},
        lambda d: d | {"schema_version": int("9" * 4000)},
        lambda d: d | {"resources": [{"kind": HUGE, "name": "x"}]},
        lambda d: d | {"resources": [d["resources"][0] | {HUGE: 1}]},
        lambda d: d | {HUGE: 1},
        lambda d: d | {"accounts": [{"account_id": HUGE}]},
        lambda d: d | {"collected_at": HUGE},
    ],
)
def test_messages_do_not_echo_huge_or_control_values(tmp_path: Path, mutate: object) -> None:
    document = mutate(saved_document(tmp_path))  # type: ignore[operator]
    path = write(tmp_path, json.dumps(document).encode())
    with pytest.raises(InputError) as caught:
        load_snapshot(path)
    assert_clear_line(caught)


def test_unknown_kind_is_named_briefly(tmp_path: Path) -> None:
    document = saved_document(tmp_path)
    document["resources"][0]["kind"] = "nope.thing"
    with pytest.raises(InputError) as caught:
        load_snapshot(write(tmp_path, json.dumps(document).encode()))
    assert assert_clear_line(caught).endswith(
        "is not a valid snapshot: resources.0: unknown resource kind 'nope.thing'"
    )


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="cannot read snapshot"):
        load_snapshot(tmp_path / "absent.json")


def test_directory_is_not_a_snapshot(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="cannot read snapshot") as caught:
        load_snapshot(tmp_path)
    assert_clear_line(caught)


def test_a_version_1_snapshot_asks_to_collect_again(tmp_path: Path) -> None:
    document = saved_document(tmp_path)
    document["schema_version"] = 1
    path = write(tmp_path, json.dumps(document).encode())
    with pytest.raises(InputError) as caught:
        load_snapshot(path)
    line = assert_clear_line(caught)
    assert f"has snapshot schema 1, older than this incloud reads ({SCHEMA_VERSION})" in line
    assert "collect again" in line
