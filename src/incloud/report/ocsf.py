"""The OCSF report: one OCSF event per finding, as a JSON array (``--format ocsf``).

**Class.** Every event is a *Compliance Finding* (class_uid 2003, category Findings). An
incloud check compares a resource's configuration with a control and says whether it meets
it; that is what the OCSF schema says a Compliance Finding reports ("results of evaluations
performed against resources, to check compliance with ... Security Standards") and what its
``compliance`` object (a check with a pass/fail status) carries. A Detection Finding (2004)
reports detections and alerts from correlation or detection engines, activity that happened;
incloud observes no activity, so it would leave the verdict with nowhere to go but free text.

**Schema.** The events follow OCSF 1.5.0, the version py-ocsf-models 0.10.0 models (its
``OCSF_VERSION``, written to ``metadata.version``). Each event is built with the library's
pydantic classes, so the library validates it. OCSF adds ``cloud`` to a class through the
*cloud* profile, which the library does not model on ``ComplianceFinding``: the ``cloud``
object is built and validated with the library's ``Cloud`` class and added beside the rest;
``metadata.profiles`` names ``cloud`` and ``datetime`` (``time_dt``).

**Mapping** (the finding's field -> the event's):

* ``uid`` -> ``finding_info.uid``; ``title`` -> ``finding_info.title``; ``domain`` ->
  ``finding_info.types``; the check id -> ``metadata.event_code``,
  ``finding_info.analytic`` (a rule) and ``compliance.checks[0].uid``.
* ``verdict`` -> ``compliance.status_id`` and ``compliance.checks[0].status``/``status_id``:
  ``pass`` -> Pass (1), ``fail`` -> Fail (3), ``unknown`` -> Warning (2: the schema's "did
  not yield a result due to missing information", never a pass), ``not_applicable`` -> Other
  (99) with the status "Not Applicable" (the schema has no such status). The verdict itself
  is ``status_code``; ``reason`` is ``status_detail`` and ``message``.
* ``severity`` -> ``severity_id``: critical 5, high 4, medium 3, low 2, info 1 (Informational).
* ``muted`` -> the event's ``status_id`` Suppressed (3), else New (1); the mute's reason,
  owner, ticket and expiry in ``comment`` (one line) and in ``unmapped.muted``. An expired
  entry that matches the finding (it mutes nothing: fail closed) is in ``comment`` and
  ``unmapped.mute_expired`` instead, the status New.
* ``account``, ``region`` -> ``cloud.account.uid``, ``cloud.region`` (provider ``AWS``);
  ``resource``, ``resource_name`` -> ``resources[0].uid``, ``.name``, with ``type`` the
  resource kind the check judges (``s3.bucket``; for a check of IAM users and roles, the
  one the ARN names) and the account's partition.
* ``remediation`` -> ``remediation.desc`` (when there is one).
* With ``--framework``, the requirements that cite the check -> ``compliance.standards``
  (framework name and version) and ``compliance.requirements`` (framework id and requirement).
* ``collected_at`` -> ``time`` (epoch milliseconds) and ``time_dt``: never the wall clock, so
  the same assessment gives the same events.
* ``verdict``, ``domain``, ``level``, ``service``, ``evidence`` -> ``unmapped``.

The JSON is made inert as the JSON report is (:func:`.inert.inert_json`).
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from typing import Any

from py_ocsf_models import OCSF_VERSION
from py_ocsf_models.events.findings.activity_id import (
    ActivityID,
)
from py_ocsf_models.events.findings.compliance_finding import (
    ComplianceFinding,
)
from py_ocsf_models.events.findings.compliance_finding_type_id import (
    ComplianceFindingTypeID,
)
from py_ocsf_models.events.findings.severity_id import (
    SeverityID,
)
from py_ocsf_models.events.findings.status_id import StatusID
from py_ocsf_models.objects.account import (
    Account,
    TypeID,
)
from py_ocsf_models.objects.analytic import Analytic
from py_ocsf_models.objects.check import Check
from py_ocsf_models.objects.cloud import Cloud
from py_ocsf_models.objects.compliance import Compliance
from py_ocsf_models.objects.compliance_status import (
    StatusID as ComplianceStatusID,
)
from py_ocsf_models.objects.finding_info import (
    FindingInformation,
)
from py_ocsf_models.objects.metadata import Metadata
from py_ocsf_models.objects.product import Product
from py_ocsf_models.objects.remediation import Remediation
from py_ocsf_models.objects.resource_details import (
    ResourceDetails,
)
from pydantic import BaseModel
from pydantic_core import to_jsonable_python

from ..assessment import Assessment, Finding
from ..evaluate.check import Severity, Verdict, all_checks
from .inert import inert_json
from .junit import expired_note, mute_note

SCHEMA_VERSION: str = OCSF_VERSION
"""The OCSF version the events follow (py-ocsf-models' own)."""

PROFILES = ("cloud", "datetime")
"""The OCSF profiles the events apply: ``cloud`` (the ``cloud`` object), ``datetime``."""

PRODUCT = "incloud"
"""``metadata.product.name`` and ``vendor_name``."""

SEVERITY_IDS: Mapping[Severity, int] = {
    Severity.CRITICAL: SeverityID.Critical,
    Severity.HIGH: SeverityID.High,
    Severity.MEDIUM: SeverityID.Medium,
    Severity.LOW: SeverityID.Low,
    Severity.INFO: SeverityID.Informational,
}
"""incloud severity -> OCSF ``severity_id``."""

COMPLIANCE_STATUS: Mapping[Verdict, tuple[int, str]] = {
    Verdict.PASS: (ComplianceStatusID.Pass, "Pass"),
    Verdict.FAIL: (ComplianceStatusID.Fail, "Fail"),
    Verdict.UNKNOWN: (ComplianceStatusID.Warning, "Warning"),
    Verdict.NOT_APPLICABLE: (ComplianceStatusID.Other, "Not Applicable"),
}
"""Verdict -> OCSF compliance ``status_id`` and the check's ``status`` caption. Only ``pass``
maps to Pass: an unknown verdict (input not collected) is a Warning, which the schema
defines as a check that "did not yield a result due to missing information"."""

RULE = 1
"""OCSF analytic ``type_id`` of a rule (the analytic object has no enum in the library)."""

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def render(assessment: Assessment, *, color: bool = False, width: int | None = None) -> str:
    """The assessment's findings as a JSON array of OCSF Compliance Finding events, inert,
    ending in a newline (``color`` and ``width`` are ignored).
    """
    text = json.dumps(events(assessment), indent=2, ensure_ascii=False)
    return inert_json(text) + "\n"


def events(assessment: Assessment) -> list[dict[str, Any]]:
    """One OCSF event per finding, in the findings' order, as JSON-ready dictionaries."""
    context = _Context(assessment)
    return [_event(finding, context) for finding in assessment.findings]


def epoch_ms(moment: datetime) -> int:
    """``moment`` in milliseconds since the epoch (a naive time is taken as UTC)."""
    return (_utc(moment) - _EPOCH) // timedelta(milliseconds=1)


class _Context:
    """What every event of one assessment shares: metadata, time, partitions, kinds and the
    framework requirements that cite each check.
    """

    def __init__(self, assessment: Assessment) -> None:
        self.collected_at = _utc(assessment.collected_at)
        self.time = epoch_ms(self.collected_at)
        self.version = assessment.incloud_version
        self.partitions = {a.account_id: a.partition for a in assessment.accounts}
        self.kinds = _kinds()
        self.standards: dict[str, set[str]] = defaultdict(set)
        self.requirements: dict[str, set[str]] = defaultdict(set)
        for posture in assessment.compliance:
            for requirement in posture.requirements:
                for cited in requirement.checks:
                    self.standards[cited.check_id].add(f"{posture.name} {posture.version}")
                    self.requirements[cited.check_id].add(f"{posture.framework} {requirement.id}")

    def metadata(self, check_id: str) -> Any:
        """The event's metadata: the product, the schema version, the profiles."""
        return Metadata(
            product=Product(name=PRODUCT, vendor_name=PRODUCT, version=self.version),
            version=SCHEMA_VERSION,
            profiles=list(PROFILES),
            event_code=check_id,
        )


def _kinds() -> dict[str, frozenset[str]]:
    """Check id -> the kinds of resource it judges: one (``s3.bucket``), or those of every
    model of a shared base (IAM users and roles).
    """
    return {check_id: kinds_of(check.resource) for check_id, check in all_checks().items()}


def kinds_of(model: type[BaseModel]) -> frozenset[str]:
    """The ``kind`` of ``model`` when it has one, else those of its subclasses."""
    field = model.model_fields.get("kind")
    if field is not None and isinstance(field.default, str):
        return frozenset({field.default})
    return frozenset(kind for sub in model.__subclasses__() for kind in kinds_of(sub))


def resource_kind(kinds: frozenset[str], resource: str) -> str | None:
    """The resource's kind among ``kinds``: the only one, or the one its ARN names
    (``arn:aws:iam::123456789012:role/x`` -> ``iam.role``); None when neither says.
    """
    if len(kinds) == 1:
        return next(iter(kinds))
    parts = resource.split(":", 5)
    if len(parts) == 6 and parts[0] == "arn":
        named = f"{parts[2]}.{re.split('[/:]', parts[5], maxsplit=1)[0]}"
        if named in kinds:
            return named
    return None


def _event(finding: Finding, context: _Context) -> dict[str, Any]:
    """The finding as one validated Compliance Finding event with its ``cloud`` object."""
    severity_id = SEVERITY_IDS[finding.severity]
    muted = finding.muted is not None
    status_id = StatusID.Suppressed if muted else StatusID.New
    event = ComplianceFinding(
        activity_id=ActivityID.Create,
        activity_name="Create",
        class_name="Compliance Finding",
        type_uid=ComplianceFindingTypeID.Create,
        type_name="Compliance Finding: Create",
        metadata=context.metadata(finding.check_id),
        time=context.time,
        time_dt=context.collected_at,
        severity_id=severity_id,
        severity=SeverityID(severity_id).name,
        status_id=status_id,
        status=StatusID(status_id).name,
        status_code=finding.verdict.value,
        status_detail=finding.reason,
        message=finding.reason,
        comment=_comment(finding),
        finding_info=FindingInformation(
            uid=finding.uid,
            title=finding.title,
            types=[finding.domain.value],
            analytic=Analytic(
                uid=finding.check_id,
                name=finding.check_id,
                type="Rule",
                type_id=RULE,
                category=finding.domain.value,
            ),
        ),
        compliance=_compliance(finding, severity_id, context),
        resources=[
            ResourceDetails(
                uid=finding.resource,
                name=finding.resource_name,
                type=resource_kind(
                    context.kinds.get(finding.check_id, frozenset()), finding.resource
                ),
                region=finding.region,
                cloud_partition=context.partitions.get(finding.account),
            )
        ],
        remediation=Remediation(desc=finding.remediation) if finding.remediation else None,
        unmapped=_unmapped(finding),
    )
    cloud = Cloud(
        provider="AWS",
        region=finding.region,
        account=Account(
            uid=finding.account,
            name=finding.account,
            type_id=TypeID.AWS_Account,
            type="AWS Account",
        ),
    )
    return {**_dump(event), "cloud": _dump(cloud)}


def _compliance(finding: Finding, severity_id: int, context: _Context) -> Any:
    """The compliance object: the check, its status, and the requirements citing it."""
    status_id, status = COMPLIANCE_STATUS[finding.verdict]
    check = Check(
        uid=finding.check_id,
        name=finding.title,
        severity=finding.severity.value,
        severity_id=severity_id,
        status=status,
        status_id=status_id,
    )
    return Compliance(
        control=finding.check_id,
        desc=finding.title,
        status_id=status_id,
        checks=[check],
        standards=sorted(context.standards[finding.check_id]) or None,
        requirements=sorted(context.requirements[finding.check_id]) or None,
    )


def _comment(finding: Finding) -> str | None:
    """The mute in one line, or the expired entry that no longer mutes the finding."""
    if finding.muted is not None:
        return mute_note(finding.muted)
    if finding.mute_expired is not None:
        return expired_note(finding.mute_expired)
    return None


def _unmapped(finding: Finding) -> dict[str, Any]:
    """The finding's fields the schema has no place for."""
    unmapped: dict[str, Any] = {
        "verdict": finding.verdict.value,
        "domain": finding.domain.value,
        "level": finding.level.value,
        "service": finding.service,
        "evidence": to_jsonable_python(finding.evidence),
    }
    if finding.muted is not None:
        unmapped["muted"] = finding.muted.model_dump(mode="json")
    if finding.mute_expired is not None:
        unmapped["mute_expired"] = finding.mute_expired.model_dump(mode="json")
    return unmapped


def _dump(model: Any) -> dict[str, Any]:
    """A library model as JSON-ready data, without the attributes it leaves unset."""
    dumped: dict[str, Any] = model.model_dump(mode="json", exclude_none=True)
    return dumped


def _utc(moment: datetime) -> datetime:
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
