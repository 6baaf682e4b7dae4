"""A finding: one check's verdict on one resource; an evaluation: the findings of one run."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from typing import Any

from pydantic import SerializerFunctionWrapHandler, model_serializer

from ..snapshot import Frozen
from .check import Domain, Level, Severity, Verdict

UID_PREFIX = "incloud-"


def finding_uid(check_id: str, account: str, region: str, resource: str) -> str:
    """The stable id of the finding of ``check_id`` on ``resource``: ``incloud-`` and the first
    32 hex digits of SHA-256 over the check id, account, region and resource (ARN, or
    ``account/region`` for an inventory that could not be listed), joined by newlines.

    The same check on the same resource has the same uid in every scan, whatever its verdict,
    so a mutelist, a diff, Security Hub and a ticket can all refer to it.
    """
    text = "\n".join((check_id, account, region, resource))
    return UID_PREFIX + hashlib.sha256(text.encode()).hexdigest()[:32]


class Mute(Frozen):
    """The mutelist entry that silenced a finding (see ``incloud.mutelist``)."""

    entry: int
    """Its position in the mutelist file, from 1."""
    reason: str
    owner: str
    ticket: str | None = None
    expires: dt.date


class Finding(Frozen):
    """One check's verdict on one resource (or on a scope it could not inventory)."""

    uid: str
    """Stable across scans: :func:`finding_uid` of the check, account, region and resource."""
    check_id: str
    title: str
    verdict: Verdict
    severity: Severity
    domain: Domain
    level: Level
    service: str
    account: str
    region: str
    resource: str
    """The resource ARN; for a scope that could not be listed, ``account/region``."""
    resource_name: str
    reason: str
    evidence: dict[str, Any] = {}
    remediation: str = ""
    muted: Mute | None = None
    """The accepted-risk entry that silenced it: the verdict stands, but it does not count
    toward ``--fail-on``."""
    mute_expired: Mute | None = None
    """The first mutelist entry that matches the finding but whose date has passed: it mutes
    nothing (fail closed), and every report says so on the finding. Never set with ``muted``;
    left out of the JSON when None."""

    @model_serializer(mode="wrap")
    def _without_absent_expiry(self, handler: SerializerFunctionWrapHandler) -> Any:
        """The fields, ``mute_expired`` only when an expired entry matched."""
        data = handler(self)
        if isinstance(data, dict) and data.get("mute_expired", False) is None:
            del data["mute_expired"]
        return data


@dataclass(frozen=True)
class Evaluation:
    """What one run of checks over a snapshot found: evaluation's whole output.

    The responsibility matrix and the compliance posture are built from it, by their own
    packages; ``incloud.assessment`` composes them.
    """

    findings: tuple[Finding, ...]
    """Sorted by check, account, region and resource."""
    checks_run: tuple[str, ...]
    """The ids of the checks that ran, sorted."""
