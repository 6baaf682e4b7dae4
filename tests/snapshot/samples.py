"""Snapshot documents and files shared by the snapshot tests."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from incloud.errors import InputError
from incloud.snapshot import Snapshot, save_snapshot
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
"""A small snapshot with a policy document, nested models, a global resource and a gap."""

MAX_MESSAGE = 400
"""The longest error line the loader may print for these tests' inputs."""


def sample_snapshot() -> Snapshot:
    """:data:`DOCUMENT` as a snapshot."""
    return build_snapshot(DOCUMENT)


def saved_document(tmp_path: Path) -> dict[str, Any]:
    """The sample snapshot as a JSON document, exactly as ``save_snapshot`` writes it."""
    path = tmp_path / "good.json"
    save_snapshot(sample_snapshot(), path)
    document: dict[str, Any] = json.loads(path.read_text())
    return document


def write(tmp_path: Path, content: bytes, name: str = "snap.json") -> Path:
    """``content`` in a file called ``name`` under ``tmp_path``."""
    path = tmp_path / name
    path.write_bytes(content)
    return path


def assert_clear_line(error: pytest.ExceptionInfo[InputError]) -> str:
    """The error's message, checked to be one short line of printable characters."""
    message = str(error.value)
    assert message
    assert message.isprintable(), message[:200]
    assert len(message) <= MAX_MESSAGE, message[:200]
    return message
