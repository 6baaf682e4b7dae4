"""Organisation roll-ups built by hand for the organisation's reports: a small fixed one (the
golden files), the same with hostile text in everything an account or the organisation
controls, and a large one (50 accounts with long names) for the page's layout.

Everything is fixed (times included), so a render is the same bytes every time.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from incloud import __version__
from incloud.rollup import AccountResult, OrgAssessment, OrgCell, OrgRequirement
from incloud.rollup.model import FrameworkScore, OrgFramework
from incloud.snapshot import CollectionGap

COLLECTED = datetime(2026, 12, 7, 5, 35, 12, tzinfo=UTC)

ATTACKS = (
    "<script>alert(1)</script>",
    '"onmouseover=alert(2) x="',
    "'><img src=x onerror=alert(3)>",
    "\u202egnp.exe",
    "=cmd|' /C calc'!A0",
    "\x1b]0;owned\x07",
    "</style></script><!--",
)
"""An element, attribute break-outs (double and single quote), a right-to-left override, a
spreadsheet formula, an OSC window title, and the ends of the page's inline blocks."""

EVIL = "".join(ATTACKS)

MANAGEMENT = "123456789012"
CIS = "cis-5.0"
INTERNAL = "internal-baseline"


def _account(
    account_id: str,
    name: str,
    ou_path: str,
    *,
    state: str = "assessed",
    reason: str = "",
    severities: dict[str, int] | None = None,
    unknown: int = 3,
    load: float = 20.0,
    controls: str = "applied",
    scores: tuple[float | None, float | None] | None = (80.0, 100.0),
) -> AccountResult:
    failing = severities or {}
    reached = state != "unreachable"
    frameworks: tuple[FrameworkScore, ...] = ()
    if reached and scores is not None:
        frameworks = (
            FrameworkScore(framework=CIS, score=scores[0], by_status={"met": 30, "not_met": 4}),
            FrameworkScore(framework=INTERNAL, score=scores[1], by_status={"met": 5}),
        )
    return AccountResult.model_validate(
        {
            "account_id": account_id,
            "name": name,
            "ou_path": ou_path,
            "state": state,
            "reason": reason,
            "regions": ("eu-west-1", "us-east-1"),
            "verdicts": {"fail": sum(failing.values()), "unknown": unknown, "pass": 40}
            if reached
            else {"unknown": 351},
            "failures_by_severity": failing,
            "muted": 1 if account_id == MANAGEMENT else 0,
            "services": ("ec2", "iam", "s3") if reached else (),
            "load": load if reached else 0.0,
            "frameworks": frameworks,
            "api_calls": 200 if reached else 0,
            "gaps": 2 if reached else 317,
            "controls": controls,
            "report": f"accounts/{account_id}.json",
        }
    )


def _cell(service: str, duty: str, title: str, owner: str, **statuses: Any) -> OrgCell:
    not_met = tuple(statuses.pop("not_met_in", ()))
    unknown = tuple(statuses.pop("unknown_in", ()))
    return OrgCell(
        service=service,
        duty=duty,
        title=title,
        owner=owner,
        accounts=sum(statuses.values()),
        by_status=statuses,
        not_met_in=not_met,
        unknown_in=unknown,
    )


def org_assessment(*, text: str = "") -> OrgAssessment:
    """Six accounts: one not entered, one incomplete, the management account, one without
    its SCPs applied; a matrix with every kind of cell; two frameworks (CIS, whose
    requirement texts incloud ships, and one it does not); a failed organisation read.
    ``text`` is appended to every string the accounts and the organisation control.
    """
    t = text
    accounts = (
        _account("222222222222", f"security-audit{t}", f"Root/Security{t}", state="unreachable",
                 reason=f"RoleNotFound: role OrganizationAccountAccessRole does not exist{t}",
                 controls="not_applied"),
        _account("111111111111", f"payments-prod{t}", f"Root/Production/Payments{t}",
                 severities={"critical": 2, "high": 5, "medium": 9, "low": 4, "info": 1},
                 load=34.5, scores=(61.5, 100.0)),
        _account("333333333333", f"data-lake{t}", f"Root/Production{t}", state="incomplete",
                 reason=f"interrupted: most reads failed{t}",
                 severities={"high": 2, "medium": 3}, unknown=80, load=28.0, scores=(None, 40.0)),
        _account("444444444444", f"dev-sandbox{t}", f"Root/Development{t}",
                 severities={"medium": 2, "low": 6}, load=12.0, controls="not_applied",
                 scores=(90.0, 100.0)),
        _account(MANAGEMENT, f"management{t}", "Root", severities={"low": 1}, load=8.0,
                 controls="management", scores=None),
        _account("555555555555", "", "", severities={}, unknown=0, load=4.0, controls="none",
                 scores=(100.0, 100.0)),
    )  # fmt: skip
    read = ("111111111111", "333333333333", "444444444444", MANAGEMENT, "555555555555")
    matrix = (
        _cell("account", "compliance.audit-logging", f"Keep an audit trail{t}", "customer",
              met=3, not_met=2, not_met_in=("111111111111", "444444444444")),
        _cell("account", "identity.protect-root", "Protect the root user", "customer",
              unknown=5, unknown_in=read),
        _cell("ec2", "aws.physical-security", "Physical and environmental security", "aws",
              inherited=4),
        _cell("ec2", "data.encrypt-at-rest", "Encrypt stored data", "customer", met=4),
        _cell("ec2", "network.restrict-exposure", "Expose only what must be public", "customer",
              met=2, not_met=1, unknown=1, not_met_in=("111111111111",),
              unknown_in=("333333333333",)),
        _cell(f"iam{t}", f"identity.least-privilege{t}", f"Grant least privilege{t}", "customer",
              met=1, partly_met=1, not_met=2,
              not_met_in=("111111111111", "333333333333", "444444444444")),
        _cell("s3", "application.patch-os", "Patch the guest operating system", "aws",
              inherited=5),
        _cell("s3", "aws.physical-security", "Physical and environmental security", "aws",
              inherited=5),
        _cell("s3", "data.backup-recover", "Back up and be able to recover", "shared", manual=5),
        _cell("s3", "data.control-access", "Keep data from unintended readers", "customer",
              met=3, not_met=1, unknown=1, not_met_in=("111111111111",),
              unknown_in=("333333333333",)),
        _cell("s3", "data.encrypt-at-rest", "Encrypt stored data", "customer", met=5),
    )  # fmt: skip

    def requirement(framework: str, rid: str, status: str, **counts: int) -> OrgRequirement:
        not_met = ("111111111111", "333333333333") if status == "not_met" else ()
        return OrgRequirement(framework=framework, requirement=rid, status=status,
                              by_status=counts, not_met_in=not_met)  # fmt: skip

    frameworks = (
        OrgFramework(
            framework=CIS,
            name=f"CIS Amazon Web Services Foundations Benchmark{t}",
            by_status={"not_met": 2, "unknown": 1, "manual": 1, "inherited": 1},
            requirements=(
                requirement(CIS, "1.1", "manual", manual=4),
                requirement(CIS, "1.3", "not_met", met=2, not_met=2, unknown=1),
                requirement(CIS, "1.4", "unknown", met=3, unknown=2),
                requirement(CIS, "1.9", "not_met", met=2, not_met=2, unknown=1),
                requirement(CIS, "2.1.1", "inherited", inherited=5),
            ),
        ),
        OrgFramework(
            framework=INTERNAL,
            name=f"Internal baseline{t}",
            by_status={"unknown": 1},
            requirements=(requirement(INTERNAL, f"IB-1{t}", "unknown", met=4, unknown=1),),
        ),
    )
    gap = CollectionGap(
        account_id=MANAGEMENT,
        region="us-east-1",
        service="organizations",
        operation="DescribePolicy",
        error_code=f"AccessDeniedException{t}",
        message=f"not authorized to perform organizations:DescribePolicy{t}",
        resource_arn=f"arn:aws:organizations::{MANAGEMENT}:policy/o-abc/rcp/p-1{t}",
    )
    return OrgAssessment(
        incloud_version=__version__,
        scan_id="org-20261207T053212Z-1a2b3c",
        organization_id=f"o-abc123def4{t}",
        management_account_id=MANAGEMENT,
        collected_at=COLLECTED,
        accounts=accounts,
        matrix=matrix,
        frameworks=frameworks,
        organization_gaps=(gap,),
        timings={"scan": 216.3},
        api_calls=10_679,
    )


def hostile_org_assessment() -> OrgAssessment:
    """The fixed roll-up with :data:`EVIL` in every string the accounts control, and an
    account whose id is not an account id (it must never become a link)."""
    rollup = org_assessment(text=EVIL)
    odd = rollup.accounts[-1].model_copy(
        update={"account_id": f"9999{ATTACKS[0]}", "name": f"odd{EVIL}", "ou_path": f"Root{EVIL}"}
    )
    return rollup.model_copy(update={"accounts": (*rollup.accounts[:-1], odd)})


LONG_NAME = "workload-account-with-a-rather-long-name-for-the-platform-team"
OUS = (
    "Root/Production/Payments/Card-Processing-Europe",
    "Root/Production/Analytics",
    "Root/Development",
    "Root/Sandbox/Experiments-With-A-Very-Long-Organisational-Unit-Name",
    "Root/Security",
)


def large_org_assessment(count: int = 50) -> OrgAssessment:
    """``count`` accounts with long names in five OUs (one deep, one with a long name): two
    not entered, one incomplete, a few without SCPs applied; the fixed matrix and frameworks.
    """
    base = org_assessment()
    accounts = []
    for n in range(count):
        state = "unreachable" if n in (7, 31) else "incomplete" if n == 12 else "assessed"
        accounts.append(
            _account(
                f"{100000000000 + n * 7919:012d}",
                f"{LONG_NAME}-{n:02d}" if n % 3 else f"acct-{n:02d}",
                OUS[n % len(OUS)],
                state=state,
                reason="RoleNotFound: role OrganizationAccountAccessRole does not exist"
                if state == "unreachable"
                else "interrupted"
                if state == "incomplete"
                else "",
                severities={"critical": n % 4, "high": n % 7, "medium": n % 11, "low": n % 5},
                unknown=n % 9,
                load=round(10 + n * 0.7, 1),
                controls="not_applied" if n % 10 == 3 else "applied",
                scores=(float(40 + n), 100.0 - n),
            )
        )
    ranked = sorted(
        accounts,
        key=lambda a: (a.state != "unreachable", -a.failures, -a.load, a.account_id),
    )
    return base.model_copy(update={"accounts": tuple(ranked)})
