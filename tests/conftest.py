"""Fixtures shared by every test package."""

from __future__ import annotations

import os
from pathlib import Path

import pytest


@pytest.fixture
def no_credentials(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """An environment in which boto3 can find no credentials anywhere."""
    for name in list(os.environ):
        if name.startswith("AWS_"):
            monkeypatch.delenv(name)
    empty = tmp_path / "empty"
    empty.write_text("")
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(empty))
    monkeypatch.setenv("AWS_CONFIG_FILE", str(empty))
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")


@pytest.fixture(autouse=True)
def terminal_defaults(monkeypatch: pytest.MonkeyPatch) -> None:
    """Reports render at their default width and colour in every test: pytest-xdist workers
    set ``COLUMNS=80``, and a developer's ``NO_COLOR`` must not change what tests see.
    """
    for name in ("COLUMNS", "NO_COLOR"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture(autouse=True)
def no_default_store(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No test records into a developer's posture history: the default store
    (``$XDG_DATA_HOME/incloud/history.db``) is looked for in the test's own directory, and
    ``$INCLOUD_STORE`` is unset.
    """
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.delenv("INCLOUD_STORE", raising=False)
