"""CodeBuild report groups for tests: moto lacks ``CreateReportGroup``, ``ListReportGroups``
and ``BatchGetReportGroups``, so :func:`seed_report_group` keeps report groups on moto's
codebuild backend (reset with it) and :func:`answer` serves the two reads from there, in the
shapes of the CodeBuild API Reference. A region with none seeded answers an empty list.
"""

from __future__ import annotations

import json
import re
from typing import Any

from botocore.awsrequest import AWSResponse
from moto.core.botocore_stubber import MockRawResponse

ACCOUNT = "123456789012"
_PREFIX = "CodeBuild_20161006."
_HOST = re.compile(r"codebuild\.([a-z0-9-]+)\.amazonaws\.com")
_STORE = "incloud_report_groups"


def _store(region: str) -> dict[str, dict[str, Any]]:
    from moto.codebuild.models import codebuild_backends

    backend = codebuild_backends[ACCOUNT][region]
    store: dict[str, dict[str, Any]] = backend.__dict__.setdefault(_STORE, {})
    return store


def seed_report_group(name: str, export: dict[str, Any], region: str = "us-east-1") -> str:
    """A report group exporting as ``export`` (``ReportExportConfig``); its ARN."""
    arn = f"arn:aws:codebuild:{region}:{ACCOUNT}:report-group/{name}"
    _store(region)[arn] = {"arn": arn, "name": name, "type": "TEST", "exportConfig": export}
    return arn


def answer(request: Any) -> AWSResponse | None:
    """The answer to ``ListReportGroups`` or ``BatchGetReportGroups``, or None."""
    target = request.headers.get("X-Amz-Target")
    target = target.decode() if isinstance(target, bytes) else target
    if target not in (f"{_PREFIX}ListReportGroups", f"{_PREFIX}BatchGetReportGroups"):
        return None
    host = _HOST.search(request.url)
    store = _store(host.group(1) if host else "us-east-1")
    if target.endswith("ListReportGroups"):
        body: dict[str, Any] = {"reportGroups": sorted(store)}
    else:
        wanted = json.loads(request.body or b"{}")["reportGroupArns"]
        body = {
            "reportGroups": [store[arn] for arn in wanted if arn in store],
            "reportGroupsNotFound": [arn for arn in wanted if arn not in store],
        }
    headers = {"Content-Type": "application/x-amz-json-1.1", "x-amzn-RequestId": "incloud-cb"}
    return AWSResponse(request.url, 200, headers, MockRawResponse(json.dumps(body)))
