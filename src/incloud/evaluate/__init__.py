"""Evaluation: pure functions from a snapshot to findings. Never imports boto3, and nothing of
the layers above it (responsibility, compliance, assessment, report).
"""

from .check import Domain, Level, Severity, Verdict, all_checks, check
from .context import Context
from .engine import evaluate, select_checks
from .finding import Evaluation, Finding

__all__ = [
    "Context",
    "Domain",
    "Evaluation",
    "Finding",
    "Level",
    "Severity",
    "Verdict",
    "all_checks",
    "check",
    "evaluate",
    "select_checks",
]
