"""Privilege-escalation paths: who can become an administrator, step by step."""

from .graph import ADMINISTRATOR, EscalationGraph
from .model import Path, Sensitive, Step
from .search import escalation_paths
from .technique import Need, Technique
from .techniques import TECHNIQUES

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
