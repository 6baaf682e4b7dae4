"""Amazon Athena: workgroups and how they encrypt query results."""

from __future__ import annotations

from typing import ClassVar, Literal

from .base import Resource

PRIMARY = "primary"
"""The workgroup AWS creates in every account and region."""


class AthenaWorkGroup(Resource):
    """An Athena workgroup. ``results_encryption`` is how its query results are encrypted
    (``SSE_S3``, ``SSE_KMS``, ``CSE_KMS``, ``MANAGED`` for results Athena stores itself,
    always encrypted), None when they are not (a failed read is a gap instead).
    """

    kind: Literal["athena.workgroup"] = "athena.workgroup"
    state: str
    results_encryption: str | None = None
    enforced: bool = False
    """The workgroup's settings override what each query asks for."""

    service: ClassVar[str] = "athena"
    listed_by: ClassVar[tuple[str, ...]] = ("athena:ListWorkGroups",)

    def in_use(self) -> bool:
        """Every account has a ``primary`` workgroup; another shows Athena in use."""
        return self.name != PRIMARY
