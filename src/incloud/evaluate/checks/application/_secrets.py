"""The verdict shared by the "no secrets in configuration" checks."""

from __future__ import annotations

from collections.abc import Sequence

from ....snapshot.secrets import SecretFinding
from ...check import Outcome, failed, passed


def secrets_outcome(findings: Sequence[SecretFinding], where: str) -> Outcome:
    """Fail with the masked findings when any were made in ``where``; pass otherwise."""
    if not findings:
        return passed(f"nothing in the {where} looks like a secret")
    kinds = sorted({f.secret_type for f in findings})
    return failed(
        f"{len(findings)} secret-like value(s) in the {where}: {', '.join(kinds)}",
        secrets=[f"{f.location}: {f.secret_type} ({f.preview})" for f in findings],
    )
