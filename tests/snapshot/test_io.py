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
from tests.fixtures import build_snapshot

POLICY = {"Version": "2012-10-17", "Statement": [{"Effect": "Deny"}]}
DOCUMENT: dict[str, Any] = {
    "resources": [
        {
            "kind": "s3.bucket",
            "name": "data",
            "policy": POLICY,
            "encryption": [{"algorithm": "aws:kms", "kms_key_id": "k"}],
        },
        {
            "kind": "ec2.security-group",
            "name": "web",
            "group_id": "sg-1",
            "ingress": [{"protocol": "tcp", "from_port": 443, "to_port": 443, "cidr_ipv6": "::/0"}],
        },
        {"kind": "iam.account", "name": "123456789012", "region": "global"},
    ],
    "gaps": [{"service": "kms", "operation": "ListKeys", "error_code": "AccessDenied"}],
}


@pytest.mark.parametrize("name", ["snap.json", "snap.json.gz"])
def test_round_trip_is_exact(tmp_path: Path, name: str) -> None:
    original = build_snapshot(DOCUMENT)
    path = tmp_path / name
    save_snapshot(original, path)
    loaded = load_snapshot(path)
    assert loaded == original
    assert isinstance(next(loaded.of_type(SecurityGroup)), SecurityGroup)
    assert next(loaded.of_type(S3Bucket)).policy == POLICY
    assert (path.read_bytes()[:2] == b"\x1f\x8b") is name.endswith(".gz")


def _write(tmp_path: Path, content: bytes) -> Path:
    path = tmp_path / "snap.json"
    path.write_bytes(content)
    return path


def _saved_document(tmp_path: Path) -> dict[str, object]:
    path = tmp_path / "good.json"
    save_snapshot(build_snapshot(DOCUMENT), path)
    document: dict[str, object] = json.loads(path.read_text())
    return document


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
    document = mutate(_saved_document(tmp_path))  # type: ignore[operator]
    path = _write(tmp_path, json.dumps(document).encode())
    with pytest.raises(InputError) as caught:
        load_snapshot(path)
    assert message in str(caught.value)
    assert "\n" not in str(caught.value)


@pytest.mark.parametrize(
    "content",
    [b"{not json", b"\x1f\x8b\x08garbage", gzip.compress(b"[1, 2]"), b""],
)
def test_corrupt_files_give_one_line(tmp_path: Path, content: bytes) -> None:
    with pytest.raises(InputError) as caught:
        load_snapshot(_write(tmp_path, content))
    assert "\n" not in str(caught.value)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="cannot read snapshot"):
        load_snapshot(tmp_path / "absent.json")
