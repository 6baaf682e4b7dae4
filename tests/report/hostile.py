"""An assessment whose every account-controlled string tries to take over the terminal."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from incloud.api import assess
from incloud.assessment import Assessment, with_posture
from incloud.compliance.attestations import Attestation
from incloud.compliance.model import Framework
from incloud.evaluate.check import Verdict
from incloud.responsibility.matrix import Matrix
from tests.fixtures import build_snapshot

ATTACKS = {
    "title": "\x1b]0;x\x07",
    "clear": "\x1b[2J",
    "clipboard": "\x1b]52;c;aGk=\x07",
    "conceal": "\x1b[8m",
    "csi": "\x9b31m",
    "next-line": "\x85",
    "bidi": "\u202e",
    "forged": "\nNo failing checks.",
    "markup": "[bold]markup[/]",
    "html": "<script>alert(1)</script>",
}
"""One of each: OSC window title, clear screen, OSC 52 clipboard write, concealed text, 8-bit
CSI, C1 next line, right-to-left override, a forged line, rich markup, HTML."""

EVIL = "".join(ATTACKS.values())

EVIL_ESCAPED = (
    r"\x1b]0;x\x07\x1b[2J\x1b]52;c;aGk=\x07\x1b[8m\x9b31m\x85\u202e\nNo failing checks."
    "[bold]markup[/]<script>alert(1)</script>"
)
"""``EVIL`` as an analyst must see it."""

MARK = r"\x1b]0;x\x07\x1b[2J"
"""The start of ``EVIL_ESCAPED``: short enough never to be wrapped, so each field is found."""

PUBLIC_READ = {
    "grantee_type": "Group",
    "permission": "READ",
    "grantee": "http://acs.amazonaws.com/groups/global/AllUsers",
}


def hostile_assessment() -> Assessment:
    """A real evaluation of hostile resources and gaps, then hostile data in every other field
    a report shows: findings' reasons and evidence (tag values), the matrix, and a framework
    posture with a hostile framework file and attestation.
    """
    snapshot = build_snapshot(
        {
            "resources": [
                {"kind": "s3.bucket", "name": f"bucket{EVIL}", "acl_grants": [PUBLIC_READ]},
                {
                    "kind": "ec2.instance",
                    "name": f"instance{EVIL}",
                    "instance_id": "i-1",
                    "tags": {"Name": f"tag{EVIL}", f"key{EVIL}": "v"},
                },
            ],
            "gaps": [
                {
                    "service": "kms",
                    "operation": "ListKeys",
                    "error_code": f"Code{EVIL}",
                    "message": f"gapmessage{EVIL}",
                }
            ],
        }
    )
    assessment = assess(snapshot)
    findings = list(assessment.findings)
    failing = next(i for i, f in enumerate(findings) if f.verdict is Verdict.FAIL)
    findings[failing] = findings[failing].model_copy(
        update={
            "reason": f"reason{EVIL}",
            "evidence": {"tags": {"Name": f"tagvalue{EVIL}"}, "note": f"evidence{EVIL}"},
        }
    )
    assessment = assessment.model_copy(
        update={"findings": tuple(findings), "matrix": _hostile_matrix(assessment.matrix)}
    )
    framework = _hostile_framework()
    attestation = Attestation(
        framework=framework.id,
        requirement=f"R{EVIL}",
        by=f"attester{EVIL}",
        date=date(2026, 1, 1),
        expires=date(2026, 2, 1),
        note=f"note{EVIL}",
    )
    return with_posture(assessment, snapshot, [framework], attestations=[attestation])


def _hostile_matrix(matrix: Matrix | None) -> Matrix:
    assert matrix is not None
    account = matrix.accounts[0]
    cells = list(account.cells)
    s3 = next(i for i, c in enumerate(cells) if c.service == "s3" and c.side != "aws")
    cells[s3] = cells[s3].model_copy(
        update={"reason": f"cellreason{EVIL}", "title": f"celltitle{EVIL}"}
    )
    account = account.model_copy(
        update={
            "account_id": f"account{EVIL}",
            "cells": tuple(cells),
            "uncatalogued": (f"service{EVIL}",),
        }
    )
    return matrix.model_copy(update={"accounts": (account,)})


def _requirement(rid: str, **more: Any) -> dict[str, Any]:
    return {
        "id": rid,
        "section": f"section{EVIL}",
        "summary": f"summary{EVIL}",
        "owner": "customer",
        **more,
    }


def _hostile_framework() -> Framework:
    return Framework.model_validate(
        {
            "id": "hostile-fw",
            "name": f"fwname{EVIL}",
            "version": f"fwversion{EVIL}",
            "publisher": "tests",
            "sources": ["tests"],
            "notice": f"notice{EVIL}",
            "aws_attestation": {"programme": None, "evidence": f"awsevidence{EVIL}"},
            "requirements": [
                _requirement(
                    f"R{EVIL}", automation="manual", manual_evidence=f"manualevidence{EVIL}"
                ),
                _requirement(
                    "R2", automation="automated", checks=[{"id": "s3.bucket-acl-not-public"}]
                ),
            ],
        }
    )


BIDI_AND_INVISIBLE = re.compile("[\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]")
C1 = re.compile("[\x80-\x9f]")
SGR = re.compile(r"\x1b\[([0-9;]*)m")


def assert_inert(text: str, *, color: bool) -> None:
    """No character that could act on a terminal, except the SGR colours of our own styles."""
    assert not C1.search(text), "raw C1 control"
    assert not BIDI_AND_INVISIBLE.search(text), "raw bidi or invisible formatting character"
    assert "\x7f" not in text
    without_sgr = SGR.sub("", text) if color else text
    assert not [c for c in without_sgr if c < " " and c != "\n"], "raw C0 control"
    assert "\x1b]" not in text, "OSC sequence"
    assert "\x1b[2J" not in text
    for match in SGR.finditer(text):
        assert "8" not in match.group(1).split(";"), "concealed text (SGR 8)"
    for line in SGR.sub("", text).splitlines():
        assert not line.lstrip().startswith("No failing checks."), "forged line"
