"""Privilege-escalation paths: who can become an administrator, step by step."""

from .graph import ADMINISTRATOR, EscalationGraph
from .model import Path, Sensitive, Step
from .search import escalation_paths
from .techniques import TECHNIQUES, Need, Technique

__all__ = [
    "ADMINISTRATOR",
    "TECHNIQUES",
    "EscalationGraph",
    "Need",
    "Path",
    "Sensitive",
    "Step",
    "Technique",
    "escalation_paths",
]
