"""``incloud export securityhub``: a saved JSON report sent to AWS Security Hub.

The flow (what is sent is decided by :mod:`.plan`):

1. the report is read (one :class:`~incloud.errors.InputError` line for a bad file);
2. a boto3 session of its own (never :mod:`incloud.collect`'s read-only one), and STS
   ``GetCallerIdentity``: findings go to the calling account's default product in ``--region``.
   ``BatchImportFindings`` with a default product ARN must be called by the account named in
   each finding's ``AwsAccountId`` (API Reference, BatchImportFindings), so only the caller's
   findings are sent; a central security account sees them as the Security Hub administrator
   of its members (and across regions with cross-region aggregation), not by importing them;
3. ``GetFindings`` (filtered on ``ProductArn``, ``AwsAccountId``, ``GeneratorId`` prefix
   ``incloud/`` and ``RecordState`` ACTIVE; paginated): what earlier exports left there;
4. ``BatchImportFindings`` in batches of at most 100 findings and 6 MB, the API's limits
   (Security Hub Partner Guide, "Guidelines for using the BatchImportFindings API");
   ``FailedFindings`` are collected, not fatal;
5. ``BatchUpdateFindings`` (at most 100 findings a request) for the workflow changes.

Throttling (10 requests a second per account and region, bursts of 30) is retried by botocore's
``standard`` retry mode with :data:`MAX_ATTEMPTS` attempts and exponential backoff. Any other
error of a call (no credentials, access denied, Security Hub not enabled, a bad region) is one
InputError line.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import groupby
from operator import attrgetter
from pathlib import Path
from typing import Any

import boto3
import botocore.config
import botocore.exceptions
import botocore.parsers
import pydantic

from ..assessment import ASSESSMENT_SCHEMA_VERSION, Assessment
from ..collect.session import check_endpoint_url
from ..errors import InputError, read_input_file
from ..report.asff import GENERATOR_PREFIX
from .plan import Earlier, Plan, Target, WorkflowChange, earlier_findings, plan

BATCH_SIZE = 100
"""Findings per ``BatchImportFindings`` (and ``BatchUpdateFindings``) request, the API's most."""

BATCH_BYTES = 6_000_000
"""Bytes of findings per ``BatchImportFindings`` request: the API takes up to 6 MB."""

MAX_ATTEMPTS = 10
"""Attempts per call (botocore's standard mode makes 3): throttled imports are retried."""

MAX_REPORT_BYTES = 512 * 1024 * 1024
"""The largest report file read."""

SHOWN_FAILURES = 20
"""Refused findings listed one per line; the rest are counted."""

UNNAMED = "(unnamed)"
"""The id of a refused finding ``FailedCount`` counts but ``FailedFindings`` does not name."""

_REGION = re.compile(r"[a-z]{2}(-[a-z]+)+-\d{1,2}")


@dataclass(frozen=True)
class Failure:
    """A finding Security Hub refused, with its error."""

    id: str
    code: str
    message: str


@dataclass(frozen=True)
class Hub:
    """A Security Hub client (able to write) and where its findings go."""

    client: Any
    target: Target


@dataclass
class Outcome:
    """What one export did."""

    sent: int = 0
    """Current (failing or unknown) findings Security Hub accepted."""
    resolved: int = 0
    """Earlier findings sent as passing, not applicable or gone."""
    failed: list[Failure] = field(default_factory=list)
    other_accounts: int = 0
    newer: int = 0

    def line(self) -> str:
        """The one-line summary: ``sent N, resolved M, failed K`` (and what was left out)."""
        text = f"sent {self.sent}, resolved {self.resolved}, failed {len(self.failed)}"
        if self.other_accounts:
            text += f", skipped {self.other_accounts} of other accounts"
        if self.newer:
            text += f", left {self.newer} newer in Security Hub"
        return text

    def failure_lines(self) -> list[str]:
        """One line per refused finding (the first :data:`SHOWN_FAILURES`)."""
        lines = [
            f"incloud: Security Hub refused {f.id}: {f.code}: {' '.join(f.message.split())}"
            for f in self.failed[:SHOWN_FAILURES]
        ]
        if len(self.failed) > SHOWN_FAILURES:
            lines.append(f"incloud: ... and {len(self.failed) - SHOWN_FAILURES} more refused")
        return lines


def load_report(path: Path) -> Assessment:
    """The JSON report at ``path`` (``scan --format json``, ``report.json`` in ``-o``)."""
    data = read_input_file(path, "report", MAX_REPORT_BYTES)
    try:
        report = Assessment.model_validate_json(data)
    except pydantic.ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(part) for part in first["loc"])
        problem = f"{where}: {first['msg']}" if where else str(first["msg"])
        raise InputError(
            f"{path} is not an incloud JSON report (`scan --format json`): {problem[:200]}"
        ) from None
    if report.schema_version != ASSESSMENT_SCHEMA_VERSION:
        raise InputError(
            f"{path} is a report of schema version {report.schema_version}; this incloud "
            f"reads version {ASSESSMENT_SCHEMA_VERSION}: evaluate the snapshot again"
        )
    return report


def connect(region: str, *, profile: str | None = None, endpoint_url: str | None = None) -> Hub:
    """A Security Hub client in ``region`` and the calling account (STS), checked up front."""
    if endpoint_url is not None:
        check_endpoint_url(endpoint_url, "--endpoint-url")
    with aws_errors("connecting"):
        session = boto3.Session(profile_name=profile, region_name=region)
        _check_region(session, region, endpoint_url)
        if session.get_credentials() is None:
            raise InputError(
                "no AWS credentials found (set a profile with --profile, environment "
                "variables, or an instance role)"
            )
        sts = session.client(
            "sts", region_name=region, endpoint_url=endpoint_url, config=client_config()
        )
        identity = sts.get_caller_identity()
        arn, account = identity.get("Arn"), identity.get("Account")
        if not isinstance(arn, str) or arn.count(":") < 5 or not isinstance(account, str):
            raise InputError("cannot read the caller identity: STS gave no ARN and account")
        client = hub_client(session, region, endpoint_url)
    return Hub(client, Target(account=account, partition=arn.split(":")[1], region=region))


def hub_client(session: Any, region: str, endpoint_url: str | None) -> Any:
    """The Security Hub client exports use: standard retries with more attempts."""
    return session.client(
        "securityhub", region_name=region, endpoint_url=endpoint_url, config=client_config()
    )


def client_config() -> botocore.config.Config:
    """Retries (standard mode, :data:`MAX_ATTEMPTS`), timeouts and a user agent."""
    return botocore.config.Config(
        retries={"mode": "standard", "total_max_attempts": MAX_ATTEMPTS},
        connect_timeout=10,
        read_timeout=60,
        user_agent_extra="incloud-export",
    )


def export(assessment: Assessment, client: Any, target: Target) -> Outcome:
    """Send ``assessment`` to Security Hub through ``client`` (see the module's docstring)."""
    if not any(a.account_id == target.account for a in assessment.accounts):
        scanned = ", ".join(a.account_id for a in assessment.accounts)
        raise InputError(
            f"the report is of account {scanned[:200]}, the credentials of {target.account}: "
            "Security Hub takes findings only from the account they are about (export with "
            "that account's credentials; its administrator account then sees them)"
        )
    with aws_errors("GetFindings"):
        earlier = earlier_findings(_found(client, target), target)
    todo = plan(assessment, target, earlier)
    outcome = Outcome(other_accounts=todo.other_accounts, newer=todo.newer)
    _import(client, todo, outcome)
    refused = {f.id for f in outcome.failed}
    _update_workflow(client, [c for c in todo.workflow if c.id not in refused], outcome)
    return outcome


@contextmanager
def aws_errors(operation: str, sent: int = 0) -> Iterator[None]:
    """Every AWS error inside as one InputError line naming ``operation`` (and what had been
    sent before it, when something had).
    """
    after = f" (after {sent} findings were sent)" if sent else ""
    try:
        yield
    except botocore.exceptions.ProfileNotFound as error:
        raise InputError(f"AWS profile not found: {_one_line(error)}") from None
    except (
        botocore.exceptions.NoCredentialsError,
        botocore.exceptions.PartialCredentialsError,
    ) as error:
        raise InputError(f"AWS credentials: {_one_line(error)}") from None
    except botocore.exceptions.ClientError as error:
        details = error.response.get("Error", {})
        code, message = details.get("Code", "Unknown"), details.get("Message", "")
        raise InputError(
            f"Security Hub {operation}: {_one_line(f'{code}: {message}')}{after}"
        ) from None
    except (botocore.exceptions.BotoCoreError, botocore.parsers.ResponseParserError) as error:
        raise InputError(f"Security Hub {operation}: {_one_line(error)}{after}") from None


def _check_region(session: Any, region: str, endpoint_url: str | None) -> None:
    """InputError for a region that is malformed, or (without an endpoint override) one where
    botocore knows no Security Hub endpoint.
    """
    if not _REGION.fullmatch(region):
        raise InputError(f"--region {region[:60]!r} is not an AWS region name (eu-west-1)")
    if endpoint_url is not None or os.environ.get("AWS_ENDPOINT_URL"):
        return
    known = {
        name
        for partition in session.get_available_partitions()
        for name in session.get_available_regions("securityhub", partition_name=partition)
    }
    if region not in known:
        raise InputError(f"--region {region}: Security Hub is not available there")


def _found(client: Any, target: Target) -> Iterator[Any]:
    """Every finding ``GetFindings`` returns for incloud's active findings in ``target``."""
    filters = {
        "ProductArn": [{"Value": target.product_arn, "Comparison": "EQUALS"}],
        "AwsAccountId": [{"Value": target.account, "Comparison": "EQUALS"}],
        "GeneratorId": [{"Value": GENERATOR_PREFIX, "Comparison": "PREFIX"}],
        "RecordState": [{"Value": "ACTIVE", "Comparison": "EQUALS"}],
    }
    token: str | None = None
    tokens: set[str] = set()
    while True:
        page = client.get_findings(
            Filters=filters, MaxResults=BATCH_SIZE, **({"NextToken": token} if token else {})
        )
        found = page.get("Findings")
        yield from found if isinstance(found, list) else ()
        token = page.get("NextToken") or None
        if not isinstance(token, str) or token in tokens:  # the last page, or a loop
            return
        tokens.add(token)


def _import(client: Any, todo: Plan, outcome: Outcome) -> None:
    current = {str(document["Id"]) for document in todo.current}
    for batch in batches([*todo.current, *todo.resolutions]):
        with aws_errors("BatchImportFindings", outcome.sent + outcome.resolved):
            answer = client.batch_import_findings(Findings=batch)
        refused = _refused(answer, batch)
        outcome.failed.extend(refused)
        accepted = {str(d["Id"]) for d in batch} - {f.id for f in refused}
        sent, resolved = len(accepted & current), len(accepted - current)
        unnamed = sum(1 for f in refused if f.id == UNNAMED)  # which ones, nobody said
        outcome.sent += max(sent - unnamed, 0)
        outcome.resolved += max(resolved - max(unnamed - sent, 0), 0)


def batches(findings: Sequence[dict[str, Any]]) -> Iterator[list[dict[str, Any]]]:
    """``findings`` in requests of at most :data:`BATCH_SIZE` findings and
    :data:`BATCH_BYTES` bytes.
    """
    batch: list[dict[str, Any]] = []
    size = 0
    for finding in findings:
        length = len(json.dumps(finding).encode())
        if batch and (len(batch) == BATCH_SIZE or size + length > BATCH_BYTES):
            yield batch
            batch, size = [], 0
        batch.append(finding)
        size += length
    if batch:
        yield batch


def _refused(answer: Any, batch: Sequence[dict[str, Any]]) -> list[Failure]:
    """The findings ``BatchImportFindings`` refused: ``FailedFindings``, and when
    ``FailedCount`` says more failed than it names, the unnamed rest.
    """
    named = answer.get("FailedFindings") if isinstance(answer, dict) else None
    refused = [
        Failure(
            str(item.get("Id", "")),
            str(item.get("ErrorCode", "")),
            str(item.get("ErrorMessage", "")),
        )
        for item in (named if isinstance(named, list) else [])
        if isinstance(item, dict)
    ]
    count = answer.get("FailedCount") if isinstance(answer, dict) else None
    if isinstance(count, int) and count > len(refused):
        unnamed = f"{count - len(refused)} of a batch of {len(batch)}"
        refused += [Failure(UNNAMED, "FailedCount", unnamed)] * (count - len(refused))
    return refused


def _update_workflow(client: Any, changes: list[WorkflowChange], outcome: Outcome) -> None:
    key = attrgetter("status", "note", "author")
    for (status, note, author), group in groupby(sorted(changes, key=key), key=key):
        members = list(group)
        for start in range(0, len(members), BATCH_SIZE):
            chunk = members[start : start + BATCH_SIZE]
            with aws_errors("BatchUpdateFindings", outcome.sent + outcome.resolved):
                answer = client.batch_update_findings(
                    FindingIdentifiers=[{"Id": c.id, "ProductArn": c.product_arn} for c in chunk],
                    Workflow={"Status": status},
                    Note={"Text": note, "UpdatedBy": author},
                )
            unprocessed = answer.get("UnprocessedFindings") if isinstance(answer, dict) else None
            for item in unprocessed if isinstance(unprocessed, list) else []:
                if not isinstance(item, dict):
                    continue
                identifier = item.get("FindingIdentifier")
                ident = identifier.get("Id", "") if isinstance(identifier, dict) else ""
                outcome.failed.append(
                    Failure(
                        str(ident),
                        str(item.get("ErrorCode", "")),
                        str(item.get("ErrorMessage", "")),
                    )
                )


def _one_line(error: object) -> str:
    """An error's text on one line, shortened (it may quote an endpoint or a file)."""
    return " ".join(str(error).split())[:300]


__all__ = [
    "BATCH_SIZE",
    "Earlier",
    "Failure",
    "Hub",
    "Outcome",
    "batches",
    "connect",
    "export",
    "hub_client",
    "load_report",
]
