"""Templates and plans -> one snapshot (merged into a collected one when given)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ..errors import InputError, read_input_file
from ..snapshot import Account, Resource, Snapshot
from .assembly import Assembly, Declared, Draft, Undecided
from .builders import build
from .source import IacResult, Source

PLACEHOLDER_ACCOUNT = "000000000000"
"""The account resources are created in when neither ``--snapshot`` nor ``--account-id`` says
(ARNs need one; every resource of the files shares it, so trust between them holds)."""

MAX_PLAN_BYTES = 256 * 1024 * 1024
"""The largest Terraform plan read."""


@dataclass(frozen=True)
class Reading:
    """What reading the files produced: the snapshot and sources, the fields deploy decides
    among a few values, and the declarations no builder covers (never silently dropped).
    """

    result: IacResult
    undecided: tuple[Undecided, ...]
    skipped: tuple[Source, ...]


def read_iac(
    paths: Sequence[Path],
    *,
    context: Snapshot | None = None,
    account_id: str | None = None,
    region: str | None = None,
    parameters: dict[str, str] | None = None,
    now: datetime | None = None,
) -> Reading:
    """Read CloudFormation templates and Terraform plans (``terraform show -json``) into a
    snapshot of what they would create, in ``context``'s account when given.
    """
    account = account_id or (context.accounts[0].account_id if context else PLACEHOLDER_ACCOUNT)
    home = region or _first_region(context) or "us-east-1"
    moment = now or datetime.now(UTC)
    asm = Assembly(account_id=account, region=home, now=moment, context=context)
    declared: list[Declared] = []
    seen: set[str] = set()
    for path in paths:
        declared.extend(_declared(path, asm, parameters or {}, seen))
    unused = sorted(set(parameters or {}) - seen)
    if unused:
        raise InputError(f"--parameter {unused[0]}: no template declares it")
    skipped = build(asm, declared)
    resources = [_model(draft) for draft in asm.drafts.values()]
    sources = {r.arn: asm.drafts[r.arn].source for r in resources}
    snapshot = _snapshot(resources, asm, context, moment)
    return Reading(
        IacResult(snapshot, sources), tuple(asm.undecided), tuple(item.source for item in skipped)
    )


def _first_region(context: Snapshot | None) -> str | None:
    if context is None:
        return None
    regions = [r for a in context.accounts for r in a.regions if r != "global"]
    return regions[0] if regions else None


def _declared(
    path: Path, asm: Assembly, parameters: dict[str, str], seen: set[str]
) -> list[Declared]:
    head = read_input_file(path, "template or plan", MAX_PLAN_BYTES)
    document: Any = None
    if head.lstrip()[:1] == b"{":
        try:
            document = json.loads(head)
        except (ValueError, RecursionError):
            document = None  # JSON templates are read by cfn-lint's decoder, which says why
    if isinstance(document, dict) and "format_version" in document:
        from .terraform.plan import declared as plan_declared

        return plan_declared(path, document, asm)
    if isinstance(document, dict) and "Resources" not in document:
        raise InputError(
            f"{path} is neither a CloudFormation template (no Resources) nor a Terraform plan "
            "(`terraform show -json PLANFILE`)"
        )
    from .cfn.template import declared as template_declared

    return template_declared(
        path,
        account_id=asm.account_id,
        region=asm.region,
        partition=asm.partition,
        parameters=parameters,
        seen=seen,
    )


def _model(draft: Draft) -> Resource:
    fields = {k: tuple(v) if isinstance(v, list) else v for k, v in draft.fields.items()}
    try:
        return draft.model(**fields)
    except ValidationError as error:
        problem = error.errors()[0]
        where = ".".join(str(part) for part in problem["loc"])
        raise InputError(f"{draft.source.describe()}: {where}: {problem['msg']}") from None


def _snapshot(
    resources: Iterable[Resource], asm: Assembly, context: Snapshot | None, now: datetime
) -> Snapshot:
    made = list(resources)
    if context is None:
        return Snapshot(
            collected_at=now,
            accounts=(Account(account_id=asm.account_id, regions=(asm.region,)),),
            resources=tuple(made),
            gaps=tuple(asm.gaps),
        )
    replaced = {(r.kind, r.arn) for r in made}
    kept = [r for r in context.resources if (r.kind, r.arn) not in replaced]
    accounts = context.accounts
    if asm.account_id not in {a.account_id for a in accounts}:
        accounts = (*accounts, Account(account_id=asm.account_id, regions=(asm.region,)))
    return Snapshot(
        incloud_version=context.incloud_version,
        collected_at=context.collected_at,
        accounts=accounts,
        resources=(*kept, *made),
        gaps=(*context.gaps, *asm.gaps),
        api_calls=context.api_calls,
    )
