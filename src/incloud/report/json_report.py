"""The JSON report: the whole Assessment, in the schema documented in docs/json-report.md."""

from __future__ import annotations

from ..evaluate.assessment import Assessment


def render(assessment: Assessment, *, color: bool = False) -> str:
    """The assessment as indented JSON (``color`` is ignored)."""
    return assessment.model_dump_json(indent=2) + "\n"
