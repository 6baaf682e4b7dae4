"""Compliance frameworks as package data: the schema of ``catalog/frameworks/<id>.yaml``.

Each file lists every requirement of one framework (not only the ones a scanner can test) with
who owns it under the AWS Shared Responsibility Model, how far incloud can decide it, the checks
that evidence it (with any settings the framework pins), what a person must show otherwise, and
which AWS attestation covers AWS's side. The files are derived by ``tools/derive_frameworks.py``
from incloud's shared reference data and hand-written mappings; ``framework.schema.json`` is
generated from these models (a test keeps it in sync).

Summaries are incloud's own words: the text of CIS, ISO, PCI SSC and AICPA documents is never
copied (NIST, HIPAA, GDPR and AWS titles are public and may be used).
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Literal

import yaml
from pydantic import Field, ValidationError, field_validator, model_validator

from ..errors import InputError
from ..evaluate.settings import thresholds
from ..snapshot import Frozen

Owner = Literal["inherited", "shared", "customer", "not_applicable"]
"""Who meets a requirement: AWS alone (inherited), both, the customer, or nobody because it
cannot apply to a workload on AWS."""

Automation = Literal["automated", "partial", "manual"]
"""How far incloud's checks decide a requirement: fully, in part (a person must show the rest),
or not at all."""

FOLDER = "frameworks"
"""The package-data folder (inside ``incloud.catalog``) holding one YAML file per framework."""


PINNABLE_SETTINGS = thresholds()
"""Names of the ``Settings`` fields a ``CheckRef`` may pin (integer thresholds)."""


class CheckRef(Frozen):
    """A check that evidences a requirement, with the thresholds the framework pins."""

    id: str = Field(pattern=r"^[a-z0-9-]+\.[a-z0-9-]+$")
    settings: dict[str, int] = {}
    """``Settings`` field -> value the framework demands (overrides the user's setting)."""

    @field_validator("settings")
    @classmethod
    def _known_settings(cls, value: dict[str, int]) -> dict[str, int]:
        unknown = sorted(set(value) - PINNABLE_SETTINGS)
        if unknown:
            raise ValueError(f"not integer Settings fields: {unknown}")
        return value


class AwsEvidence(Frozen):
    """AWS's evidence for its side of one requirement."""

    attestation: str = Field(min_length=10)
    """The report or certificate and the part of it that covers the requirement."""
    programme: str | None = None
    """Key in ``catalog/programmes.json``; None means the framework's ``aws_attestation``."""


class AwsAttestation(Frozen):
    """What evidences AWS's side of a whole framework."""

    programme: str | None
    """Key in ``catalog/programmes.json``, or None where no AWS programme covers it."""
    evidence: str = Field(min_length=10)


class Requirement(Frozen):
    """One requirement, control or article of a framework."""

    id: str = Field(min_length=1)
    """The framework's own identifier, as a string (``1.10``, ``AC-2(1)``, ``164.312(b)``)."""
    section: str = Field(min_length=1)
    summary: str = Field(min_length=5, max_length=120)
    """One line in incloud's words."""
    owner: Owner
    automation: Automation
    level: str | None = None
    """The framework's profile or level where it has one (CIS ``Level 1``/``Level 2``)."""
    checks: tuple[CheckRef, ...] = ()
    manual_evidence: str | None = Field(default=None, min_length=10)
    """What a person must show for the part no check decides."""
    aws_evidence: AwsEvidence | None = None
    reason: str | None = Field(default=None, min_length=10)
    """Why a ``not_applicable`` requirement cannot apply to a workload on AWS."""

    @model_validator(mode="after")
    def _consistent(self) -> Requirement:
        if self.automation == "manual" and self.checks:
            raise ValueError(f"{self.id}: a manual requirement lists checks")
        if self.automation != "manual" and not self.checks:
            raise ValueError(f"{self.id}: {self.automation} requirement without checks")
        if self.owner in ("inherited", "not_applicable") and self.checks:
            raise ValueError(f"{self.id}: {self.owner} requirement lists checks")
        needs_person = self.automation != "automated" and self.owner in ("customer", "shared")
        if needs_person and not self.manual_evidence:
            raise ValueError(f"{self.id}: {self.automation} requirement needs manual_evidence")
        if self.owner in ("inherited", "shared") and self.aws_evidence is None:
            raise ValueError(f"{self.id}: {self.owner} requirement needs aws_evidence")
        if self.owner == "not_applicable" and not self.reason:
            raise ValueError(f"{self.id}: not_applicable requirement needs a reason")
        ids = [ref.id for ref in self.checks]
        if len(ids) != len(set(ids)):
            raise ValueError(f"{self.id}: a check is listed twice")
        return self


class Framework(Frozen):
    """One framework file: where its ids come from, and every requirement."""

    id: str = Field(pattern=r"^[a-z0-9.-]+$")
    name: str
    version: str
    publisher: str
    sources: tuple[str, ...] = Field(min_length=1)
    notice: str
    aws_attestation: AwsAttestation
    requirements: tuple[Requirement, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique_ids(self) -> Framework:
        seen: set[str] = set()
        for requirement in self.requirements:
            if requirement.id in seen:
                raise ValueError(f"requirement {requirement.id} is listed twice")
            seen.add(requirement.id)
        return self

    def requirement(self, requirement_id: str) -> Requirement:
        """The requirement with this id; ``KeyError`` if the framework has none."""
        for requirement in self.requirements:
            if requirement.id == requirement_id:
                return requirement
        raise KeyError(requirement_id)


def framework_ids() -> tuple[str, ...]:
    """The ids of the frameworks shipped with incloud, sorted."""
    folder = resources.files("incloud.catalog").joinpath(FOLDER)
    return tuple(
        sorted(
            path.name.removesuffix(".yaml")
            for path in folder.iterdir()
            if path.name.endswith(".yaml")
        )
    )


@cache
def load_framework(framework_id: str) -> Framework:
    """The framework ``framework_id``, validated; ``InputError`` for an id incloud lacks."""
    known = framework_ids()
    if framework_id not in known:
        raise InputError(f"unknown framework {framework_id!r}; choose from {', '.join(known)}")
    path = resources.files("incloud.catalog").joinpath(FOLDER, f"{framework_id}.yaml")
    try:
        framework = Framework.model_validate(yaml.safe_load(path.read_text()))
    except ValidationError as error:  # a broken package: report it, it is not the user's input
        raise ValueError(f"{FOLDER}/{framework_id}.yaml is invalid: {error}") from error
    if framework.id != framework_id:
        raise ValueError(f"{FOLDER}/{framework_id}.yaml declares id {framework.id!r}")
    return framework
