"""Where a resource of the snapshot comes from in the user's files, and what reading them
produced.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..snapshot import Snapshot


@dataclass(frozen=True)
class Source:
    """One resource's place in a template (logical id and line) or a plan (address)."""

    file: str
    """The path as the user gave it."""
    name: str
    """The CloudFormation logical id or the Terraform resource address."""
    resource_type: str
    """``AWS::EC2::Instance`` or ``aws_instance``."""
    line: int | None = None
    """The 1-based line of the logical id in the template; None for a plan (JSON on one
    line says nothing useful)."""

    def describe(self) -> str:
        """``template.yaml:12 WebServer`` or ``plan.json aws_instance.web``."""
        where = f"{self.file}:{self.line}" if self.line is not None else self.file
        return f"{where} {self.name}"


@dataclass(frozen=True)
class IacResult:
    """The snapshot a set of templates and plans would make, and each resource's source.

    ``snapshot`` holds the context snapshot's resources too when one was given; ``sources``
    names only the resources the files create (keyed by ARN).
    """

    snapshot: Snapshot
    sources: dict[str, Source] = field(default_factory=dict)
