"""Reports of an organisation scan: the roll-up (:class:`~incloud.rollup.OrgAssessment`) in
every format, with each account's own report beside it (see docs/organizations.md).
"""

from __future__ import annotations

from ...rollup import OrgAssessment
from ..protocol import Reporter
from . import html, json_report, terminal

ORG_REPORTERS: dict[str, Reporter[OrgAssessment]] = {
    "terminal": terminal.render,
    "json": json_report.render,
    "html": html.render,
}
"""The roll-up's own formats; the finding formats (OCSF, ASFF, CSV, JUnit) are every account's
findings in one file (:mod:`.combined`)."""

__all__ = ["ORG_REPORTERS"]
