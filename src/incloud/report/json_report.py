"""The JSON report: the whole Assessment, in the schema documented in docs/json-report.md.

Serialised JSON keeps C1 controls and bidi characters raw; they are rewritten as JSON's own
unicode escapes (:func:`.inert.inert_json`), so the text is safe to print and decodes to the
same value.
"""

from __future__ import annotations

from pydantic import BaseModel

from ..assessment import Assessment
from .inert import inert_json


def render(assessment: Assessment, *, color: bool = False, width: int | None = None) -> str:
    """The assessment as indented JSON (``color`` and ``width`` are ignored)."""
    return model_json(assessment)


def model_json(model: BaseModel) -> str:
    """Any model (a matrix, a framework posture) as indented JSON, inert, ending in a newline."""
    return inert_json(model.model_dump_json(indent=2)) + "\n"
