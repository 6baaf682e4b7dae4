"""The README stays true: its commands exist and its IAM policy is the generated one."""

from __future__ import annotations

import json
import re
from pathlib import Path

from incloud.collect.registry import required_policy

README = (Path(__file__).parents[1] / "README.md").read_text()


def test_permissions_block_is_generated_from_collectors() -> None:
    block = re.search(r"<!-- permissions:start -->\n```json\n(.*?)\n```", README, re.S)
    assert block, "README lost its permissions block"
    assert json.loads(block.group(1)) == required_policy()


def test_setup_commands_are_documented() -> None:
    assert "make demo" in README
    assert "make test" in README
