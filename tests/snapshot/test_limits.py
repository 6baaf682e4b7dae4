"""Size limits: a snapshot file, plain or decompressed, larger than the cap is refused early."""

from __future__ import annotations

import gzip
import struct
import tracemalloc
import zlib
from pathlib import Path

import pytest

from incloud.errors import InputError
from incloud.snapshot import io, load_snapshot, save_snapshot

from .samples import assert_clear_line, sample_snapshot, write

MIB = 1024 * 1024


def gzip_bomb(expanded: int) -> bytes:
    """A valid gzip file of ``expanded`` spaces (JSON whitespace), a thousandth of the size.

    One MiB compressed after a full flush does not refer back, so its bytes are repeated
    instead of compressing every MiB again.
    """
    compressor = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    block = b" " * MIB
    unit = compressor.compress(block) + compressor.flush(zlib.Z_FULL_FLUSH)
    assert compressor.compress(block) + compressor.flush(zlib.Z_FULL_FLUSH) == unit
    count = expanded // MIB
    crc = 0
    for _ in range(count):
        crc = zlib.crc32(block, crc)
    header = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\xff"
    trailer = struct.pack("<II", crc, (count * MIB) & 0xFFFFFFFF)
    return header + unit * count + compressor.flush() + trailer


@pytest.fixture(scope="module")
def bomb() -> bytes:
    """256 MiB of spaces in a file of a few hundred KiB."""
    return gzip_bomb(256 * MIB)


def test_the_bomb_is_well_formed() -> None:
    assert gzip.decompress(gzip_bomb(8 * MIB)) == b" " * 8 * MIB


def test_default_limit_is_512_mib(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("INCLOUD_MAX_SNAPSHOT_MB", raising=False)
    assert io.snapshot_size_limit() == 512 * MIB


def test_limit_follows_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("INCLOUD_MAX_SNAPSHOT_MB", " 2048 ")
    assert io.snapshot_size_limit() == 2048 * MIB


@pytest.mark.parametrize("value", ["lots", "0", "-5", "1.5", "9" * 5000, "1\n2"])
def test_a_bad_limit_is_one_line_naming_the_variable(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, value: str
) -> None:
    monkeypatch.setenv("INCLOUD_MAX_SNAPSHOT_MB", value)
    save_snapshot(sample_snapshot(), tmp_path / "snap.json")
    with pytest.raises(InputError) as caught:
        load_snapshot(tmp_path / "snap.json")
    assert "INCLOUD_MAX_SNAPSHOT_MB must be a whole number of MiB" in assert_clear_line(caught)


def test_gzip_bomb_stops_at_the_cap_without_expanding(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, bomb: bytes
) -> None:
    monkeypatch.setenv("INCLOUD_MAX_SNAPSHOT_MB", "4")
    path = write(tmp_path, bomb, "bomb.json.gz")
    assert path.stat().st_size < MIB
    tracemalloc.start()
    try:
        with pytest.raises(InputError) as caught:
            load_snapshot(path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 16 * MIB, f"peak {peak / MIB:.0f} MiB for a 4 MiB cap"
    message = assert_clear_line(caught)
    assert "is larger than 4 MiB uncompressed" in message
    assert "INCLOUD_MAX_SNAPSHOT_MB" in message


def test_gzip_bomb_past_the_default_cap_is_refused(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """The 300 KB file that expands to 670 MB: refused at 512 MiB, not decompressed whole."""
    monkeypatch.delenv("INCLOUD_MAX_SNAPSHOT_MB", raising=False)
    path = write(tmp_path, gzip_bomb(640 * MIB), "bomb.json.gz")
    with pytest.raises(InputError) as caught:
        load_snapshot(path)
    assert "is larger than 512 MiB uncompressed" in assert_clear_line(caught)


def test_plain_file_over_the_cap_is_refused(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("INCLOUD_MAX_SNAPSHOT_MB", "1")
    path = write(tmp_path, b" " * (MIB + 1))
    with pytest.raises(InputError) as caught:
        load_snapshot(path)
    message = assert_clear_line(caught)
    assert "is larger than 1 MiB;" in message
    assert "INCLOUD_MAX_SNAPSHOT_MB" in message


@pytest.mark.parametrize("compress", [False, True])
def test_a_snapshot_of_exactly_the_cap_loads(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, compress: bool
) -> None:
    monkeypatch.setenv("INCLOUD_MAX_SNAPSHOT_MB", "1")
    save_snapshot(sample_snapshot(), tmp_path / "good.json")
    text = (tmp_path / "good.json").read_bytes()
    padded = text + b" " * (MIB - len(text))
    path = write(tmp_path, gzip.compress(padded) if compress else padded)
    assert load_snapshot(path) == sample_snapshot()


def test_compressed_bytes_count_against_the_cap(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Endless empty deflate blocks expand to nothing; reading them still stops at the cap."""
    monkeypatch.setenv("INCLOUD_MAX_SNAPSHOT_MB", "1")
    compressor = zlib.compressobj(9, zlib.DEFLATED, 31)
    head = compressor.compress(b"{") + compressor.flush(zlib.Z_FULL_FLUSH)
    empty_block = b"\x00\x00\x00\xff\xff"  # stored, not final, length 0 (RFC 1951 3.2.4)
    path = write(tmp_path, head + empty_block * (2 * MIB // len(empty_block)), "x.json.gz")
    with pytest.raises(InputError) as caught:
        load_snapshot(path)
    assert "is larger than 1 MiB;" in assert_clear_line(caught)


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_an_endless_file_stops_at_the_cap(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("INCLOUD_MAX_SNAPSHOT_MB", "1")
    with pytest.raises(InputError) as caught:
        load_snapshot(Path("/dev/zero"))
    assert "is larger than 1 MiB;" in assert_clear_line(caught)
