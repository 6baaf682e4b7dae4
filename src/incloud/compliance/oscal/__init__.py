"""OSCAL export: the shared responsibility matrix and the posture against NIST SP 800-53 r5
(or a FedRAMP baseline over it) as three OSCAL documents, built with compliance-trestle's
models (the ``oscal`` extra). The mapping is in docs/oscal.md.

* ``component-definition.json``: AWS as a leveraged authorisation, per service in use: what
  AWS provides for each control and what it leaves to the customer (:mod:`.component`);
* ``system-security-plan.json``: every control by component, with control origination, what is
  inherited, how each customer responsibility is satisfied and the implementation status
  (:mod:`.ssp`);
* ``assessment-results.json``: the check results and attestations as observations, and a
  finding per control they decide (:mod:`.results`).

Pure: snapshot, evaluation, settings and attestations in, documents out. UUIDs are derived
(uuid5 in a fixed namespace, from what each item is about) and every timestamp is the
snapshot's, so exporting the same snapshot twice gives the same bytes.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from ...errors import InputError
from ...evaluate.finding import Evaluation
from ...evaluate.settings import Settings
from ...snapshot import Snapshot
from ..attestations import Attestation
from .profile import BASELINE_IDS, baseline

__all__ = ["BASELINE_IDS", "FILES", "Documents", "export", "require_trestle"]

FILES = {
    "component_definition": "component-definition.json",
    "system_security_plan": "system-security-plan.json",
    "assessment_results": "assessment-results.json",
}
"""Each document's file name in the output directory."""


@dataclass(frozen=True)
class Documents:
    """The three documents, as trestle models."""

    component_definition: Any
    system_security_plan: Any
    assessment_results: Any

    def files(self) -> dict[str, str]:
        """File name -> the document as JSON text (wrapped in its root key, every character
        outside printable ASCII escaped: account text cannot act on whoever reads the file).
        """
        return {name: render(getattr(self, field)) for field, name in FILES.items()}


def require_trestle() -> None:
    """InputError (one line, how to install it) unless compliance-trestle can be imported."""
    try:
        import trestle.oscal  # noqa: F401
    except ModuleNotFoundError as error:
        if (error.name or "").split(".")[0] != "trestle":
            raise
        raise InputError(
            "OSCAL export needs compliance-trestle: pip install 'incloud[oscal]'"
        ) from None


def render(model: Any) -> str:
    """One document as JSON, ``{"<root>": {...}}``, two-space indented, ASCII only."""
    return json.dumps(model.oscal_dict(), indent=2, ensure_ascii=True) + "\n"


def export(
    snapshot: Snapshot,
    framework: str = "nist-800-53-r5",
    *,
    evaluation: Evaluation | None = None,
    settings: Settings | None = None,
    attestations: Iterable[Attestation] = (),
) -> Documents:
    """The documents of ``snapshot`` for ``framework`` (one of :data:`BASELINE_IDS`).

    ``evaluation``, when given, must come from the same snapshot and settings (its findings
    are reused). InputError for an unknown framework, or when compliance-trestle is missing.
    """
    chosen = baseline(framework)
    require_trestle()
    from .component import component_definition
    from .facts import gather
    from .results import assessment_results
    from .ssp import system_security_plan

    facts = gather(snapshot, evaluation, chosen, settings=settings, attestations=attestations)
    return Documents(
        component_definition=component_definition(facts),
        system_security_plan=system_security_plan(facts),
        assessment_results=assessment_results(facts, FILES["system_security_plan"]),
    )
