"""The two newest members of the resource-policy family on moto: API Gateway REST API policies
(the ``policy`` member of ``GetRestApis``) and DynamoDB table policies (``GetResourcePolicy``
per table). Each collected, parsed, judged by both family checks, and failed reads as gaps.

moto facts met here (moto 5.2): ``GetRestApis`` answers ``policy`` as it was put (AWS answers
it escaped as a JSON string's contents, so an API seeded with the escaped text stands for AWS's
answer); DynamoDB implements ``PutResourcePolicy`` and ``GetResourcePolicy`` (with
``PolicyNotFoundException`` for a table without one) but not Block Public Access, so a public
table policy can be seeded.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from incloud.collect.runner import collect
from incloud.collect.session import AwsSession
from incloud.evaluate import Verdict, all_checks, evaluate
from incloud.evaluate.settings import Settings
from incloud.snapshot.apigateway import RestApi
from incloud.snapshot.dynamodb import DynamoDbTable
from incloud.snapshot.io import load_snapshot
from tests.collect.moto_account import ACCOUNT, raw_client
from tests.collect.test_stores import _table, answer_instead, body, denied, named, verdicts

STRANGER = "999988887777"

INVOKE_FROM_ANYWHERE = {
    "Version": "2012-10-17",
    "Statement": [
        {
            "Effect": "Allow",
            "Principal": "*",
            "Action": "execute-api:Invoke",
            "Resource": "execute-api:/*",
            "Condition": {"NotIpAddress": {"aws:SourceIp": ["10.0.0.0/8"]}},
        }
    ],
}
"""Open to everyone (a negated address test confines nothing), with a ``/`` AWS escapes."""

INVOKE_FROM_STRANGER = {
    "Version": "2012-10-17",
    "Statement": [
        {
            "Effect": "Allow",
            "Principal": {"AWS": f"arn:aws:iam::{STRANGER}:root"},
            "Action": "execute-api:Invoke",
            "Resource": "execute-api:/*",
        }
    ],
}


def as_aws_answers(document: dict[str, Any]) -> str:
    """The policy text as AWS answers it in ``GetRestApis``: the document escaped as a JSON
    string's contents, ``/`` as ``\\/`` (quotes and slashes backslashed).
    """
    return json.dumps(json.dumps(document))[1:-1].replace("/", "\\/")


def table_policy(table_arn: str, principal: Any) -> dict[str, Any]:
    return {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Principal": principal,
                "Action": ["dynamodb:GetItem", "dynamodb:Query"],
                "Resource": table_arn,
            }
        ],
    }


def seed_tables() -> dict[str, dict[str, Any]]:
    """``open`` (public), ``shared`` (a stranger's role), ``private`` (no policy) in
    us-east-1; returns the policies put, by table.
    """
    dynamodb = raw_client("dynamodb")
    put = {}
    for name, principal in (
        ("open", "*"),
        ("shared", {"AWS": f"arn:aws:iam::{STRANGER}:role/analytics"}),
        ("private", None),
    ):
        _table(dynamodb, name)
        if principal is None:
            continue
        arn = f"arn:aws:dynamodb:us-east-1:{ACCOUNT}:table/{name}"
        put[name] = table_policy(arn, principal)
        dynamodb.put_resource_policy(ResourceArn=arn, Policy=json.dumps(put[name]))
    return put


def seed_apis() -> dict[str, str]:
    """``escaped`` (AWS's answer, open to everyone), ``plain`` (moto's, a stranger's account),
    ``open-door`` (no policy) and ``garbled`` (text that is no JSON, however read); returns
    each API's id.
    """
    api = raw_client("apigateway")
    policies = {
        "escaped": as_aws_answers(INVOKE_FROM_ANYWHERE),
        "plain": json.dumps(INVOKE_FROM_STRANGER),
        "open-door": None,
        "garbled": '{"Version": "2012-10-17", "Statement": [',
    }
    return {
        name: api.create_rest_api(name=name, **({"policy": text} if text else {}))["id"]
        for name, text in policies.items()
    }


# --- DynamoDB --------------------------------------------------------------------------------


def test_table_policies_are_read_per_table_and_judged(session: AwsSession) -> None:
    put = seed_tables()

    snapshot = collect(session, services=["dynamodb"])

    assert snapshot.gaps == ()
    tables = named(snapshot, DynamoDbTable)
    assert {name: t.policy for name, t in tables.items()} == {**put, "private": None}
    calls = {c.operation: c.count for c in snapshot.api_calls if c.service == "dynamodb"}
    assert calls["GetResourcePolicy"] == 3  # one per table, a missing policy included
    assert verdicts(snapshot, "dynamodb.table-policy-not-public") == {
        "open": Verdict.FAIL,
        "shared": Verdict.PASS,
        "private": Verdict.PASS,
    }
    assert verdicts(snapshot, "dynamodb.table-policy-trusted-accounts") == {
        "open": Verdict.PASS,  # public, judged by the other check; names no account
        "shared": Verdict.FAIL,
        "private": Verdict.PASS,
    }


def test_trusted_account_passes_the_shared_table(session: AwsSession) -> None:
    seed_tables()
    snapshot = collect(session, services=["dynamodb"])

    check = all_checks()["dynamodb.table-policy-trusted-accounts"]
    trusting = evaluate(snapshot, [check], Settings(trusted_accounts=frozenset({STRANGER})))
    assert {f.resource_name: f.verdict for f in trusting.findings}["shared"] is Verdict.PASS


def test_denied_table_policy_is_a_gap_and_both_checks_unknown(session: AwsSession) -> None:
    seed_tables()

    def answer(params: dict[str, Any]) -> tuple[int, dict[str, Any]] | None:
        return denied("AccessDeniedException") if "table/open" in body(params) else None

    answer_instead(session, "dynamodb.GetResourcePolicy", answer)

    snapshot = collect(session, services=["dynamodb"])

    (gap,) = snapshot.gaps
    assert gap.action == "dynamodb:GetResourcePolicy"
    assert gap.resource_arn == f"arn:aws:dynamodb:us-east-1:{ACCOUNT}:table/open"
    tables = named(snapshot, DynamoDbTable)
    assert tables["open"].policy is None
    assert tables["open"].pitr_enabled is False  # the other read of the table stands
    for check_id in ("dynamodb.table-policy-not-public", "dynamodb.table-policy-trusted-accounts"):
        judged = verdicts(snapshot, check_id)
        assert judged["open"] is Verdict.UNKNOWN, check_id
        assert judged["private"] is Verdict.PASS, check_id


def test_malformed_table_policy_is_a_gap_not_a_missing_policy(session: AwsSession) -> None:
    seed_tables()

    def answer(params: dict[str, Any]) -> tuple[int, dict[str, Any]] | None:
        if "table/shared" in body(params):
            return 200, {"Policy": "{not json", "RevisionId": "1"}
        return None

    answer_instead(session, "dynamodb.GetResourcePolicy", answer)

    snapshot = collect(session, services=["dynamodb"])

    (gap,) = snapshot.gaps
    assert (gap.action, gap.error_code) == ("dynamodb:GetResourcePolicy", "MalformedDocument")
    assert gap.resource_arn == f"arn:aws:dynamodb:us-east-1:{ACCOUNT}:table/shared"
    assert verdicts(snapshot, "dynamodb.table-policy-trusted-accounts")["shared"] is (
        Verdict.UNKNOWN
    )


# --- API Gateway -----------------------------------------------------------------------------


def test_rest_api_policies_from_the_listing_escaped_or_not(session: AwsSession) -> None:
    ids = seed_apis()

    snapshot = collect(session, services=["apigateway"])

    apis = named(snapshot, RestApi)
    assert apis["escaped"].policy == INVOKE_FROM_ANYWHERE
    assert apis["plain"].policy == INVOKE_FROM_STRANGER
    assert apis["open-door"].policy is None
    calls = {c.operation for c in snapshot.api_calls if c.service == "apigateway"}
    assert calls == {"GetRestApis", "GetResources", "GetStages"}  # no call for the policy
    (gap,) = snapshot.gaps  # the text that is no JSON: a gap for that API alone
    assert (gap.action, gap.error_code) == ("apigateway:GetRestApis", "MalformedDocument")
    assert gap.resource_arn == f"arn:aws:apigateway:us-east-1::/restapis/{ids['garbled']}"
    assert apis["garbled"].policy is None
    assert verdicts(snapshot, "apigateway.rest-api-policy-not-public") == {
        "escaped": Verdict.FAIL,
        "plain": Verdict.PASS,
        "open-door": Verdict.PASS,
        "garbled": Verdict.UNKNOWN,
    }
    assert verdicts(snapshot, "apigateway.rest-api-policy-trusted-accounts") == {
        "escaped": Verdict.PASS,
        "plain": Verdict.FAIL,
        "open-door": Verdict.PASS,
        "garbled": Verdict.UNKNOWN,
    }


def test_denied_rest_api_listing_makes_the_policy_checks_unknown(session: AwsSession) -> None:
    seed_apis()
    answer_instead(session, "apigateway.GetRestApis", lambda _: denied("AccessDeniedException"))

    snapshot = collect(session, services=["apigateway"])

    assert [g.action for g in snapshot.gaps] == ["apigateway:GetRestApis"] * 2  # two regions
    assert not list(snapshot.of_type(RestApi))
    check = all_checks()["apigateway.rest-api-policy-not-public"]
    found = evaluate(snapshot, [check]).findings
    assert found and {f.verdict for f in found} == {Verdict.UNKNOWN}


# --- older snapshots -------------------------------------------------------------------------


def test_a_snapshot_written_before_the_policy_fields_still_loads(
    session: AwsSession, tmp_path: Path
) -> None:
    seed_tables()
    seed_apis()
    snapshot = collect(session, services=["dynamodb", "apigateway"])
    document = json.loads(snapshot.model_dump_json())
    older = [
        r for r in document["resources"] if r["kind"] in ("dynamodb.table", "apigateway.rest-api")
    ]
    assert older
    for resource in older:
        del resource["policy"]  # what the previous collector wrote: no such field
    path = tmp_path / "older.json"
    path.write_text(json.dumps(document))

    loaded = load_snapshot(path)  # same SCHEMA_VERSION: the field's default fills it in

    assert loaded.schema_version == snapshot.schema_version
    kept = [t.policy for t in loaded.of_type(DynamoDbTable)]
    kept += [a.policy for a in loaded.of_type(RestApi)]
    assert kept == [None] * len(older)
