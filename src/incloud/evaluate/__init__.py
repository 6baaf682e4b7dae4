"""Evaluation: pure functions from a snapshot to an assessment. Never imports boto3."""

from .assessment import Assessment, Finding
from .check import Domain, Level, Severity, Verdict, all_checks, check
from .context import Context
from .engine import evaluate, select_checks

__all__ = [
    "Assessment",
    "Context",
    "Domain",
    "Finding",
    "Level",
    "Severity",
    "Verdict",
    "all_checks",
    "check",
    "evaluate",
    "select_checks",
]
