"""Where an organisation scan keeps its files: the organisation it read, and each account's
snapshot and assessment, written as each account completes (``<state dir>/scans/<id>/``).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..assessment import Assessment
from ..errors import InputError
from ..snapshot import Snapshot, save_snapshot
from ..snapshot.org import Organization
from ..store import state_dir


@dataclass(frozen=True)
class ScanFiles:
    """The files of one scan."""

    root: Path

    @classmethod
    def for_scan(cls, scan_id: str, base: Path | None = None) -> ScanFiles:
        """The scan's directory under ``base`` (default: the state directory)."""
        return cls((base or state_dir() / "scans") / scan_id)

    @property
    def organization(self) -> Path:
        """The organisation as read at the start of the scan."""
        return self.root / "organization.json"

    def snapshot(self, account_id: str) -> Path:
        """One account's snapshot."""
        return self.root / "accounts" / f"{account_id}.snapshot.json.gz"

    def assessment(self, account_id: str) -> Path:
        """One account's assessment (its JSON report)."""
        return self.root / "accounts" / f"{account_id}.json"

    def relative(self, path: Path) -> str:
        """``path`` relative to the scan directory, for reports."""
        return str(path.relative_to(self.root))

    def save_organization(self, organization: Organization) -> None:
        """Write the organisation (atomically)."""
        _write(self.organization, organization.model_dump_json(indent=1))

    def load_organization(self) -> Organization | None:
        """The organisation saved by an earlier run of this scan, if any."""
        if not self.organization.exists():
            return None
        try:
            return Organization.model_validate_json(self.organization.read_bytes())
        except ValueError as error:
            raise InputError(f"{self.organization}: not an organisation ({error})") from None

    def save_account(self, snapshot: Snapshot, assessment: Assessment) -> Path:
        """Write an account's snapshot and assessment; returns the assessment's path."""
        account_id = snapshot.accounts[0].account_id
        target = self.snapshot(account_id)
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise InputError(f"cannot create {target.parent}: {error.strerror}") from None
        save_snapshot(snapshot, target)
        path = self.assessment(account_id)
        _write(path, assessment.model_dump_json())
        return path

    def load_assessment(self, account_id: str) -> Assessment:
        """An account's assessment, read back for rendering."""
        path = self.assessment(account_id)
        try:
            return Assessment.model_validate_json(path.read_bytes())
        except OSError as error:
            raise InputError(f"cannot read {path}: {error.strerror}") from None
        except ValueError as error:
            raise InputError(f"{path}: not an assessment ({str(error)[:200]})") from None


def _write(path: Path, text: str) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f".{path.name}.tmp")
        temporary.write_text(text)
        temporary.replace(path)
    except OSError as error:
        raise InputError(f"cannot write {path}: {error.strerror}") from None
