"""Saving is atomic: a snapshot file is either the old one or the complete new one."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from incloud.errors import InputError
from incloud.snapshot import load_snapshot, save_snapshot

from .samples import assert_clear_line, sample_snapshot

OLD = b'{"an": "older snapshot the user wants to keep"}'


def _fail(exception: BaseException) -> object:
    def fail(*_args: object) -> None:
        raise exception

    return fail


@pytest.fixture(params=["snap.json", "snap.json.gz"])
def existing(request: pytest.FixtureRequest, tmp_path: Path) -> Path:
    """A file already at the destination."""
    path = tmp_path / str(request.param)
    path.write_bytes(OLD)
    return path


def test_save_replaces_the_file_and_leaves_nothing_else(existing: Path) -> None:
    save_snapshot(sample_snapshot(), existing)
    assert load_snapshot(existing) == sample_snapshot()
    assert [p.name for p in existing.parent.iterdir()] == [existing.name]


def test_new_file_mode_follows_the_umask(tmp_path: Path) -> None:
    umask = os.umask(0o022)
    os.umask(umask)
    save_snapshot(sample_snapshot(), tmp_path / "snap.json")
    assert (tmp_path / "snap.json").stat().st_mode & 0o777 == 0o666 & ~umask


@pytest.mark.parametrize("step", ["fsync", "replace"])
def test_a_failed_write_keeps_the_previous_file(
    monkeypatch: pytest.MonkeyPatch, existing: Path, step: str
) -> None:
    monkeypatch.setattr(os, step, _fail(OSError(errno.ENOSPC, "No space left on device")))
    with pytest.raises(InputError) as caught:
        save_snapshot(sample_snapshot(), existing)
    assert assert_clear_line(caught) == (
        f"cannot write snapshot {existing}: No space left on device"
    )
    assert existing.read_bytes() == OLD
    assert [p.name for p in existing.parent.iterdir()] == [existing.name]


def test_an_interrupted_write_keeps_the_previous_file(
    monkeypatch: pytest.MonkeyPatch, existing: Path
) -> None:
    monkeypatch.setattr(os, "fsync", _fail(KeyboardInterrupt()))
    with pytest.raises(KeyboardInterrupt):
        save_snapshot(sample_snapshot(), existing)
    assert existing.read_bytes() == OLD
    assert [p.name for p in existing.parent.iterdir()] == [existing.name]


def test_a_missing_directory_is_one_line(tmp_path: Path) -> None:
    path = tmp_path / "absent" / "snap.json"
    with pytest.raises(InputError) as caught:
        save_snapshot(sample_snapshot(), path)
    assert assert_clear_line(caught) == f"cannot write snapshot {path}: No such file or directory"
    assert list(tmp_path.iterdir()) == []


def test_a_directory_in_the_way_is_one_line(tmp_path: Path) -> None:
    (tmp_path / "snap.json").mkdir()
    with pytest.raises(InputError) as caught:
        save_snapshot(sample_snapshot(), tmp_path / "snap.json")
    assert "cannot write snapshot" in assert_clear_line(caught)
    assert [p.name for p in tmp_path.iterdir()] == ["snap.json"]
    assert (tmp_path / "snap.json").is_dir()


def test_gzip_output_is_deterministic(tmp_path: Path) -> None:
    save_snapshot(sample_snapshot(), tmp_path / "a.json.gz")
    save_snapshot(sample_snapshot(), tmp_path / "b.json.gz")
    first = (tmp_path / "a.json.gz").read_bytes()
    assert first == (tmp_path / "b.json.gz").read_bytes()
    assert first[4:8] == bytes(4)  # the gzip header's mtime
