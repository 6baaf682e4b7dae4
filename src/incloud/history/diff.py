"""What changed between two recorded scans: findings new, resolved, regressed (fixed, then
failing again), still failing, unknown now; matrix cells, framework requirements, services
in use and gaps.

Never silent: a finding that failed before and is missing now is **resolved** only when its
account was read and no failed read (gap) of its service and region explains the absence;
otherwise it is **unknown now**. An account the later scan did not read makes every one of its
failing findings unknown now.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from ..errors import InputError
from ..evaluate.check import Severity
from ..snapshot import Frozen
from ..store import PostureStore, ScanInfo
from ..store.posture import FindingRow, GapRow

DIFF_SCHEMA_VERSION = 1
"""Version of ``incloud diff --format json``'s layout."""

GLOBAL = "global"


class ScanRef(Frozen):
    """One side of a diff."""

    scan_id: str
    collected_at: datetime
    incloud_version: str
    settings_digest: str
    accounts: dict[str, str]


class ChangedFinding(Frozen):
    """A finding on either side of the diff, with its verdict before and after."""

    uid: str
    check_id: str
    title: str
    severity: str
    domain: str
    account_id: str
    region: str
    resource: str
    resource_name: str
    before: str | None
    """The verdict in the earlier scan (None: not judged there)."""
    after: str | None
    """The verdict in the later scan (None: not judged there)."""
    muted: bool = False
    """Muted in the later scan (or, for a finding no longer judged, in the earlier)."""
    reason: str = ""
    """Why: the later result's reason, or why it is resolved or unknown now."""


class CellChange(Frozen):
    """A responsibility-matrix cell whose owner or status changed (None: not there)."""

    account_id: str
    service: str
    duty: str
    owner_before: str | None
    owner_after: str | None
    before: str | None
    after: str | None


class RequirementChange(Frozen):
    """A framework requirement whose status changed."""

    framework: str
    requirement: str
    owner: str
    before: str | None
    after: str | None


class ServiceChange(Frozen):
    """A service that started or stopped being in use in an account."""

    account_id: str
    service: str
    resources: int


class Diff(Frozen):
    """The changes from ``before`` to ``after``: ``incloud diff``'s subject."""

    schema_version: int = DIFF_SCHEMA_VERSION
    before: ScanRef
    after: ScanRef
    new: tuple[ChangedFinding, ...] = ()
    regressed: tuple[ChangedFinding, ...] = ()
    resolved: tuple[ChangedFinding, ...] = ()
    unknown_now: tuple[ChangedFinding, ...] = ()
    still_failing: tuple[ChangedFinding, ...] = ()
    muted_now: tuple[ChangedFinding, ...] = ()
    """Failing in both, muted in the later scan only (accepted since)."""
    cells: tuple[CellChange, ...] = ()
    requirements: tuple[RequirementChange, ...] = ()
    frameworks_compared: tuple[str, ...] = ()
    """Frameworks recorded in both scans (only their requirements are compared)."""
    new_services: tuple[ServiceChange, ...] = ()
    removed_services: tuple[ServiceChange, ...] = ()
    new_gaps: tuple[GapRow, ...] = ()
    """Failed reads of the later scan that the earlier did not have."""
    not_read: tuple[str, ...] = ()
    """Accounts of the earlier scan that the later did not read (or not wholly)."""
    settings_changed: bool = False

    def new_failures(self, at_least: Severity) -> list[ChangedFinding]:
        """Failures that appeared (new or regressed) at or above ``at_least``, unmuted."""
        return [
            f
            for f in (*self.new, *self.regressed)
            if not f.muted and Severity(f.severity).rank >= at_least.rank
        ]


def pick_scans(
    store: PostureStore,
    first: str | None = None,
    second: str | None = None,
    account: str | None = None,
) -> tuple[ScanInfo, ScanInfo]:
    """The two scans to compare: as named; one named and the latest scan of its account after
    it; or the last two of ``account`` (or of the account the latest scan covers).
    """
    if first is not None and second is not None:
        return store.scan(first), store.scan(second)
    if first is not None:
        before = store.scan(first)
        later = [
            s
            for a in before.accounts
            for s in store.scans(a)
            if (s.collected_at, s.seq) > (before.collected_at, before.seq)
        ]
        if not later:
            raise InputError(f"no scan of its account was recorded after {before.scan_id}")
        return before, max(later, key=lambda s: (s.collected_at, s.seq))
    if account is None:
        every = store.scans()
        if not every:
            raise InputError(f"no scan is recorded in {store.url}")
        accounts = list(every[-1].accounts)
        if len(accounts) != 1:
            raise InputError(
                f"the latest scan covers {len(accounts)} accounts: choose one with --account "
                "or name the two scans"
            )
        account = accounts[0]
    scans = store.scans(account)
    if len(scans) < 2:
        raise InputError(
            f"account {account[:40]} has {len(scans)} recorded scan(s): diff needs two"
        )
    return scans[-2], scans[-1]


def diff(store: PostureStore, before: ScanInfo, after: ScanInfo) -> Diff:
    """Compare two recorded scans (``before`` should be the earlier)."""
    if before.scan_id == after.scan_id:
        raise InputError("diff needs two different scans")
    old, new = store.findings(before.scan_id), store.findings(after.scan_id)
    gaps, old_gaps = store.gaps(after.scan_id), store.gaps(before.scan_id)
    unread = {a for a in before.accounts if after.accounts.get(a) != "read"}
    appeared = [
        u for u, row in new.items() if row.verdict == "fail" and _verdict(old.get(u)) != "fail"
    ]
    earlier = [
        s.scan_id
        for s in store.scans()
        if (s.collected_at, s.seq) < (before.collected_at, before.seq)
        and set(s.accounts) & set(after.accounts)
    ]
    failed_earlier = store.failed_in(earlier, appeared)
    buckets: dict[str, list[ChangedFinding]] = {
        k: [] for k in ("new", "regressed", "resolved", "unknown_now", "still_failing", "muted_now")
    }
    for uid in sorted(set(old) | set(new)):
        a, b = old.get(uid), new.get(uid)
        if b is not None and b.verdict == "fail":
            if a is not None and a.verdict == "fail":
                muted_now = b.muted and not a.muted
                buckets["muted_now" if muted_now else "still_failing"].append(_changed(a, b))
            elif uid not in failed_earlier:
                buckets["new"].append(_changed(a, b))
            elif _why_unknown(b, a, before, old_gaps):
                # the earlier scan could not tell (unknown, or not read): never fixed
                buckets["still_failing"].append(_changed(a, b))
            else:
                buckets["regressed"].append(_changed(a, b))
        elif a is not None and a.verdict == "fail":
            why = _why_unknown(a, b, after, gaps)
            if why:
                buckets["unknown_now"].append(_changed(a, b, why))
            else:
                gone = "judged " + b.verdict if b is not None else "no longer found (read whole)"
                buckets["resolved"].append(_changed(a, b, gone))
    return Diff(
        before=_ref(before),
        after=_ref(after),
        **{k: tuple(v) for k, v in buckets.items()},
        cells=tuple(_cells(store, before, after)),
        requirements=tuple(_requirements(store, before, after)),
        frameworks_compared=tuple(_frameworks_in_both(store, before, after)),
        new_services=tuple(_services(store, after, before, set())),
        removed_services=tuple(_services(store, before, after, unread)),
        new_gaps=tuple(_new_gaps(old_gaps, gaps)),
        not_read=tuple(sorted(unread)),
        settings_changed=before.settings_digest != after.settings_digest,
    )


def _verdict(row: FindingRow | None) -> str | None:
    return row.verdict if row is not None else None


def _why_unknown(
    before: FindingRow, after: FindingRow | None, scan: ScanInfo, gaps: list[GapRow]
) -> str:
    """Why ``scan`` (where the finding ``before`` describes is ``after``, None: missing)
    cannot tell whether the finding still fails ('' when it can).
    """
    state = scan.accounts.get(before.account_id)
    if state is None:
        return "its account was not in the later scan"
    if state == "not_read":
        return "its account was not read in the later scan"
    if after is not None:
        return f"judged {after.verdict} now: {after.reason}" if after.verdict == "unknown" else ""
    for gap in gaps:
        if (
            gap.account_id == before.account_id
            and gap.service == before.service
            and (gap.region in (before.region, GLOBAL) or before.region == GLOBAL)
        ):
            return f"no longer found, but {gap.service}:{gap.operation} failed ({gap.error_code})"
    if state == "incomplete":
        return "no longer found, but its account was read only in part"
    return ""


def _changed(
    a: FindingRow | None, b: FindingRow | None, reason: str | None = None
) -> ChangedFinding:
    row = b if b is not None else a
    assert row is not None
    return ChangedFinding(
        uid=row.uid,
        check_id=row.check_id,
        title=row.title,
        severity=row.severity,
        domain=row.domain,
        account_id=row.account_id,
        region=row.region,
        resource=row.resource,
        resource_name=row.resource_name,
        before=_verdict(a),
        after=_verdict(b),
        muted=row.muted,
        reason=reason if reason is not None else row.reason,
    )


def _ref(scan: ScanInfo) -> ScanRef:
    return ScanRef(
        scan_id=scan.scan_id,
        collected_at=scan.collected_at,
        incloud_version=scan.incloud_version,
        settings_digest=scan.settings_digest,
        accounts=scan.accounts,
    )


def _cells(store: PostureStore, before: ScanInfo, after: ScanInfo) -> Iterable[CellChange]:
    old = {(c.account_id, c.service, c.duty): c for c in store.cells(before.scan_id)}
    new = {(c.account_id, c.service, c.duty): c for c in store.cells(after.scan_id)}
    for key in sorted(set(old) | set(new)):
        a, b = old.get(key), new.get(key)
        if a is not None and b is not None and (a.status, a.owner) == (b.status, b.owner):
            continue
        yield CellChange(
            account_id=key[0],
            service=key[1],
            duty=key[2],
            owner_before=a.owner if a else None,
            owner_after=b.owner if b else None,
            before=a.status if a else None,
            after=b.status if b else None,
        )


def _frameworks_in_both(store: PostureStore, before: ScanInfo, after: ScanInfo) -> list[str]:
    first = {f.framework for _, f in store.frameworks(before.scan_id)}
    return sorted(first & {f.framework for _, f in store.frameworks(after.scan_id)})


def _requirements(
    store: PostureStore, before: ScanInfo, after: ScanInfo
) -> Iterable[RequirementChange]:
    both = set(_frameworks_in_both(store, before, after))
    old = {(r.framework, r.requirement): r for r in store.requirements(before.scan_id)}
    new = {(r.framework, r.requirement): r for r in store.requirements(after.scan_id)}
    for key in sorted(set(old) | set(new)):
        if key[0] not in both:
            continue
        a, b = old.get(key), new.get(key)
        if a is not None and b is not None and a.status == b.status:
            continue
        owner = (b or a).owner  # type: ignore[union-attr]
        yield RequirementChange(
            framework=key[0],
            requirement=key[1],
            owner=owner,
            before=a.status if a else None,
            after=b.status if b else None,
        )


def _services(
    store: PostureStore, there: ScanInfo, here: ScanInfo, unread: set[str]
) -> Iterable[ServiceChange]:
    """Services in ``there`` not in ``here`` (for accounts ``here`` covers and read)."""
    present = {(s.account_id, s.service) for s in store.services(here.scan_id)}
    for s in sorted(store.services(there.scan_id), key=lambda s: (s.account_id, s.service)):
        covered = s.account_id in here.accounts and s.account_id not in unread
        if covered and (s.account_id, s.service) not in present:
            yield ServiceChange(account_id=s.account_id, service=s.service, resources=s.resources)


def _new_gaps(old: list[GapRow], new: list[GapRow]) -> Iterable[GapRow]:
    def key(g: GapRow) -> tuple[object, ...]:
        return (g.account_id, g.region, g.service, g.operation, g.error_code, g.resource_arn)

    seen = {key(g) for g in old}
    for gap in new:
        if key(gap) not in seen:
            seen.add(key(gap))
            yield gap
