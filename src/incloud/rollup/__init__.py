"""The organisation roll-up: every account's assessment summarised, and the whole
organisation's responsibility matrix, framework posture and account ranking.
"""

from .build import RollupBuilder
from .model import AccountResult, OrgAssessment, OrgCell, OrgRequirement

__all__ = ["AccountResult", "OrgAssessment", "OrgCell", "OrgRequirement", "RollupBuilder"]
