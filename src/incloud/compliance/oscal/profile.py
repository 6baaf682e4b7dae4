"""What an OSCAL export is written against: NIST SP 800-53 r5 whole, or a FedRAMP Rev 5 baseline
over it; which AWS FedRAMP package evidences AWS's side; stable UUIDs; one-line text.

FedRAMP baselines are NIST profiles: they select controls of the catalogue, so the NIST
framework file (``catalog/frameworks/nist-800-53-r5.yaml``) holds every requirement and a
baseline only narrows it (``catalog/fedramp_rev5_baselines.json``, from GSA's
fedramp-automation). AWS's P-ATOs were assessed at FedRAMP Moderate (the commercial US regions)
and High (GovCloud): a control outside the assessed baseline is not documented in AWS's
package, whatever a mapping says, so the export says so instead of pointing at it.
"""

from __future__ import annotations

import json
import unicodedata
import uuid
from dataclasses import dataclass
from functools import cache
from importlib import resources

from ...errors import InputError

NAMESPACE = uuid.UUID("6f1c2d0e-5b7a-5e1c-9a43-1f0c7e2b8d54")
"""The fixed namespace every UUID of an export is derived in (uuid5): the same content gives
the same UUID in every run, so re-exports diff cleanly."""

INCLOUD_NS = "urn:incloud:oscal"
"""The namespace of incloud's own properties."""

FEDRAMP_NS = "https://fedramp.gov/ns/oscal"
"""FedRAMP's namespace (``control-origination``, ``implementation-status``)."""

NIST_CATALOG = (
    "https://raw.githubusercontent.com/usnistgov/oscal-content/main/nist.gov/SP800-53/rev5/"
    "json/NIST_SP-800-53_rev5_catalog.json"
)
FEDRAMP_PROFILES = (
    "https://raw.githubusercontent.com/GSA/fedramp-automation/master/dist/content/rev5/"
    "baselines/json/FedRAMP_rev5_{level}-baseline_profile-min.json"
)

FRAMEWORK = "nist-800-53-r5"
"""The framework file every export reads (FedRAMP baselines select from it)."""


def stable_uuid(*parts: str) -> str:
    """A UUID derived from ``parts`` (the content's identity: what, for which control, on
    which service or resource) in :data:`NAMESPACE`.
    """
    return str(uuid.uuid5(NAMESPACE, "\x1f".join(parts)))


def control_id(label: str) -> str:
    """NIST's label as an OSCAL control id: ``AC-2(1)`` -> ``ac-2.1``."""
    base, _, enhancement = label.partition("(")
    oscal = base.strip().lower()
    return f"{oscal}.{enhancement.rstrip(')')}" if enhancement else oscal


def one_line(text: str, empty: str = "(empty)") -> str:
    r"""``text`` fit for an OSCAL one-line field (titles, names, property values): control,
    format, line-separator and surrogate characters written as ``\uXXXX`` (so a name cannot
    forge a line or reorder text), outer whitespace removed, never empty.
    """
    escaped = "".join(
        f"\\u{ord(c):04x}" if unicodedata.category(c) in _ESCAPED else c for c in text
    ).strip()
    return escaped or empty


_ESCAPED = frozenset({"Cc", "Cf", "Cs", "Zl", "Zp"})


@dataclass(frozen=True)
class Baseline:
    """The controls an export covers and the AWS package that evidences AWS's side."""

    id: str
    title: str
    href: str
    """The catalogue or profile the SSP imports."""
    controls: frozenset[str] | None
    """OSCAL control ids the baseline selects (None: every control of the catalogue)."""
    aws_level: str
    """The FedRAMP baseline AWS's P-ATO for this use was assessed at (moderate or high)."""
    programme: str
    """The programme (``catalog/programmes.json``) whose service scope applies."""

    def selects(self, control: str) -> bool:
        """True when the baseline includes ``control`` (an OSCAL id)."""
        return self.controls is None or control in self.controls

    @property
    def aws_package(self) -> str:
        """AWS's package, in words."""
        where = "AWS GovCloud (US)" if self.aws_level == "high" else "the AWS US East/West regions"
        return f"AWS's FedRAMP {self.aws_level.capitalize()} P-ATO package for {where}"

    def aws_documents(self, control: str) -> bool:
        """True when AWS's package was assessed against a baseline that includes ``control``."""
        return control in fedramp_baselines()[self.aws_level]


BASELINE_IDS = ("nist-800-53-r5", "fedramp-low", "fedramp-moderate", "fedramp-high")
"""What ``incloud oscal --framework`` accepts."""


@cache
def fedramp_baselines() -> dict[str, frozenset[str]]:
    """FedRAMP Rev 5 baseline -> the OSCAL control ids it selects."""
    text = resources.files("incloud.catalog").joinpath("fedramp_rev5_baselines.json").read_text()
    data = json.loads(text)
    return {level: frozenset(ids) for level, ids in data["baselines"].items()}


def baseline(name: str) -> Baseline:
    """The baseline ``name`` (one of :data:`BASELINE_IDS`); InputError otherwise."""
    if name == FRAMEWORK:
        return Baseline(
            id=name,
            title="NIST SP 800-53 Rev. 5",
            href=NIST_CATALOG,
            controls=None,
            aws_level="moderate",
            programme="fedramp-moderate",
        )
    level = name.removeprefix("fedramp-")
    if name not in BASELINE_IDS:
        raise InputError(
            f"unknown --framework {name!r} for OSCAL (choose: {', '.join(BASELINE_IDS)})"
        )
    high = level == "high"
    return Baseline(
        id=name,
        title=f"FedRAMP Rev 5 {level.capitalize()} baseline",
        href=FEDRAMP_PROFILES.format(level=level.upper()),
        controls=fedramp_baselines()[level],
        aws_level="high" if high else "moderate",
        programme="fedramp-high" if high else "fedramp-moderate",
    )
