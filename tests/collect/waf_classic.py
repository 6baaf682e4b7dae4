"""AWS WAF Classic (``waf``, ``waf-regional``) reads answered for tests: moto has neither API.

:func:`seed_waf_classic` keeps web ACLs, rules, rule groups and logging configurations on
moto's WAFv2 backend (so moto's reset clears them) and :func:`answer` serves the seven reads
the collectors make, in the shapes of the AWS WAF Classic API Reference; any other WAF
Classic operation is left to moto, which answers 501 like an endpoint without the API.
"""

from __future__ import annotations

import json
import re
from typing import Any

from botocore.awsrequest import AWSResponse
from moto.core.botocore_stubber import MockRawResponse

ACCOUNT = "123456789012"
_TARGET = re.compile(r"^AWSWAF(?P<regional>_Regional_20161128|_20150824)\.(?P<operation>\w+)$")
"""The two Classic APIs' JSON targets (WAFv2's is ``AWSWAF_20190729``, left to moto)."""
_REGIONAL_HOST = re.compile(r"waf-regional\.([a-z0-9-]+)\.amazonaws\.com")


def _store() -> dict[tuple[str, str], dict[str, Any]]:
    from moto.wafv2.models import wafv2_backends

    backend = wafv2_backends[ACCOUNT]["us-east-1"]
    store: dict[tuple[str, str], dict[str, Any]] = backend.__dict__.setdefault(
        "incloud_waf_classic", {}
    )
    return store


def seed_waf_classic(
    api: str,
    region: str = "global",
    *,
    web_acls: dict[str, list[str]] | None = None,
    rules: dict[str, list[tuple[str, str]]] | None = None,
    rule_groups: dict[str, list[str]] | None = None,
    logging: dict[str, str] | None = None,
) -> None:
    """Keep Classic resources for ``api`` (``waf``, or ``waf-regional`` in ``region``):
    web ACL id -> its rule ids, rule id -> its (Type, DataId) conditions, rule group id -> its
    rule ids, web ACL id -> a Firehose stream it logs to. Names are the ids."""
    _store()[(api, region)] = {
        "web_acls": web_acls or {},
        "rules": rules or {},
        "rule_groups": rule_groups or {},
        "logging": logging or {},
    }


def answer(request: Any) -> AWSResponse | None:
    """The answer to a Classic read of a seeded account, or None (moto answers)."""
    target = request.headers.get("X-Amz-Target")
    match = _TARGET.match(target.decode() if isinstance(target, bytes) else target or "")
    if match is None:
        return None
    if match["regional"].startswith("_Regional"):
        host = _REGIONAL_HOST.search(request.url)
        api, region = "waf-regional", host.group(1) if host else "us-east-1"
    else:
        api, region = "waf", "global"
    body = json.loads(request.body or b"{}")
    found = _read(api, region, match["operation"], body)
    if found is None:
        return None
    headers = {"Content-Type": "application/x-amz-json-1.1", "x-amzn-RequestId": "incloud-waf"}
    return AWSResponse(request.url, 200, headers, MockRawResponse(json.dumps(found)))


def _arn(api: str, region: str, kind: str, ident: str) -> str:
    return f"arn:aws:{api}:{'' if region == 'global' else region}:{ACCOUNT}:{kind}/{ident}"


def _read(api: str, region: str, operation: str, body: dict[str, Any]) -> dict[str, Any] | None:
    seeded = _store().get((api, region))
    if seeded is None:
        seeded = {"web_acls": {}, "rules": {}, "rule_groups": {}, "logging": {}}
    acls, rules, groups = seeded["web_acls"], seeded["rules"], seeded["rule_groups"]

    def activated(ids: list[str]) -> list[dict[str, Any]]:
        return [
            {"Priority": n, "RuleId": i, "Action": {"Type": "BLOCK"}} for n, i in enumerate(ids, 1)
        ]

    if operation == "ListWebACLs":
        return {"WebACLs": [{"WebACLId": i, "Name": i} for i in acls]}
    if operation == "GetWebACL":
        ident = body["WebACLId"]
        return {
            "WebACL": {
                "WebACLId": ident,
                "Name": ident,
                "DefaultAction": {"Type": "ALLOW"},
                "Rules": activated(acls[ident]),
                "WebACLArn": _arn(api, region, "webacl", ident),
            }
        }
    if operation == "ListRules":
        return {"Rules": [{"RuleId": i, "Name": i} for i in rules]}
    if operation == "GetRule":
        ident = body["RuleId"]
        predicates = [{"Negated": False, "Type": t, "DataId": d} for t, d in rules[ident]]
        return {"Rule": {"RuleId": ident, "Name": ident, "Predicates": predicates}}
    if operation == "ListRuleGroups":
        return {"RuleGroups": [{"RuleGroupId": i, "Name": i} for i in groups]}
    if operation == "ListActivatedRulesInRuleGroup":
        return {"ActivatedRules": activated(groups[body["RuleGroupId"]])}
    if operation == "ListLoggingConfigurations":
        stream = f"arn:aws:firehose:us-east-1:{ACCOUNT}:deliverystream"
        return {
            "LoggingConfigurations": [
                {
                    "ResourceArn": _arn(api, region, "webacl", acl),
                    "LogDestinationConfigs": [f"{stream}/{name}"],
                }
                for acl, name in seeded["logging"].items()
            ]
        }
    return None
