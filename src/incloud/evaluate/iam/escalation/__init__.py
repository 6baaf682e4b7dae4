"""Privilege-escalation paths: who can become an administrator, step by step."""

from .graph import ADMINISTRATOR, EscalationGraph, Path, Step, escalation_paths
from .techniques import TECHNIQUES, Need, Technique

__all__ = [
    "ADMINISTRATOR",
    "TECHNIQUES",
    "EscalationGraph",
    "Need",
    "Path",
    "Step",
    "Technique",
    "escalation_paths",
]
