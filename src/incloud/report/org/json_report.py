"""The organisation's JSON report: the roll-up, each account's summary and the path of its
full report (docs/organizations.md, "JSON report").
"""

from __future__ import annotations

from ...rollup import OrgAssessment
from ..json_report import model_json


def render(rollup: OrgAssessment, *, color: bool = False, width: int | None = None) -> str:
    """The roll-up as indented JSON, inert (``color`` and ``width`` are ignored)."""
    return model_json(rollup)
