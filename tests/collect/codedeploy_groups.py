"""CodeDeploy's ``BatchGetDeploymentGroups`` answered for tests: moto implements
``GetDeploymentGroup`` but not the batch read, so :func:`answer` serves it from moto's own
backend, in moto's ``GetDeploymentGroup`` shape (the API Reference's
``DeploymentGroupInfo``), with Auto Scaling groups as the API gives them (``{"name": ...}``;
moto keeps the names given to ``CreateDeploymentGroup``).
"""

from __future__ import annotations

import json
import re
from typing import Any

from botocore.awsrequest import AWSResponse
from moto.core.botocore_stubber import MockRawResponse

ACCOUNT = "123456789012"
_TARGET = "CodeDeploy_20141006.BatchGetDeploymentGroups"
_HOST = re.compile(r"codedeploy\.([a-z0-9-]+)\.amazonaws\.com")


def answer(request: Any) -> AWSResponse | None:
    """The answer to ``BatchGetDeploymentGroups``, or None (moto answers the rest)."""
    target = request.headers.get("X-Amz-Target")
    if (target.decode() if isinstance(target, bytes) else target) != _TARGET:
        return None
    from moto.codedeploy.models import codedeploy_backends
    from moto.codedeploy.responses import _deployment_group_info

    host = _HOST.search(request.url)
    backend = codedeploy_backends[ACCOUNT][host.group(1) if host else "us-east-1"]
    body = json.loads(request.body or b"{}")
    groups = backend.deployment_groups.get(body["applicationName"], {})
    found: list[dict[str, Any]] = []
    for name in body["deploymentGroupNames"]:
        if name in groups:
            info = _deployment_group_info(groups[name])
            info["autoScalingGroups"] = [{"name": n} for n in info["autoScalingGroups"]]
            found.append(info)
    headers = {"Content-Type": "application/x-amz-json-1.1", "x-amzn-RequestId": "incloud-cd"}
    answer = {"deploymentGroupsInfo": found, "errorMessage": ""}
    return AWSResponse(request.url, 200, headers, MockRawResponse(json.dumps(answer, default=str)))
