"""Secret detection in configuration values: what is found, how it is masked, and that raw
values never reach a snapshot or a report.
"""

from __future__ import annotations

import base64
import gzip
import json
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest

from incloud.assessment import assess
from incloud.collect.runner import collect
from incloud.collect.secrets import decode_user_data, mask, scan_mapping, scan_text
from incloud.collect.session import AwsSession
from incloud.evaluate import Verdict, evaluate, select_checks
from incloud.report import reporter
from incloud.snapshot.awslambda import LambdaFunction
from incloud.snapshot.ec2 import Ec2Instance, LaunchTemplate
from incloud.snapshot.ecs import EcsTaskDefinition
from incloud.snapshot.iam import IamUser
from tests.collect.moto_account import raw_client, trust_policy
from tests.collect.seed_application import (
    CLEAN_ENVIRONMENT,
    FAKE_ACCESS_KEY_ID,
    FAKE_GITHUB_TOKEN,
    FAKE_PASSWORD,
    RAW_SECRETS,
    SECRET_ENVIRONMENT,
    USER_DATA,
    seed_application,
)

SECRET_CHECKS = (
    "lambda.no-secrets-in-environment",
    "ec2.no-secrets-in-user-data",
    "ec2.no-secrets-in-launch-template",
    "ecs.no-secrets-in-task-definition",
)


def test_each_kind_of_secret_is_found_with_its_type() -> None:
    found = {f.location: f.secret_type for f in scan_mapping(SECRET_ENVIRONMENT)}

    assert found == {
        "AWS_ACCESS_KEY_ID": "AWS Access Key",
        "AWS_SECRET_ACCESS_KEY": "AWS Access Key",
        "GITHUB_TOKEN": "GitHub Token",
        "SLACK_BOT_TOKEN": "Slack Token",
        "SIGNING_KEY": "Private Key",
        "DB_PASSWORD": "Secret Keyword",
    }


def test_urls_ids_flags_and_secret_references_are_not_secrets() -> None:
    assert scan_mapping(CLEAN_ENVIRONMENT) == ()
    assert scan_mapping({"STAGE": "prod", "EMPTY": "", "PORT": "8080"}) == ()
    # Templates and references point at a secret kept elsewhere.
    assert scan_mapping({"DB_PASSWORD": "{{resolve:secretsmanager:db:SecretString}}"}) == ()
    assert scan_text("PASSWORD=${DB_PASSWORD}\necho $API_TOKEN\n") == ()


def test_text_is_scanned_line_by_line_with_unquoted_assignments() -> None:
    found = scan_text(USER_DATA)

    assert [(f.location, f.secret_type) for f in found] == [
        ("line 2", "AWS Access Key"),
        ("line 3", "Secret Keyword"),
        ("line 6", "Secret Keyword"),
    ]


def test_previews_are_masked_and_never_the_value() -> None:
    findings = scan_mapping(SECRET_ENVIRONMENT) + scan_text(USER_DATA)

    dumped = repr(findings)
    for raw in RAW_SECRETS:
        assert raw not in dumped
    assert all("****" in f.preview and len(f.preview) <= 8 for f in findings)
    assert mask("short-secret") == "****"
    assert mask(FAKE_PASSWORD) == "Zr****3s"


def test_embedded_credentials_are_found_in_longer_values() -> None:
    url = "postgres://app:" + FAKE_PASSWORD + "@db.internal:5432/app"
    (finding,) = scan_mapping({"DATABASE_URL": url})
    assert finding.secret_type == "Basic Auth Credentials"
    (finding,) = scan_mapping({"CONFIG": '{"user": "app", "password": "' + FAKE_PASSWORD + '"}'})
    assert finding.location == "CONFIG"


def test_user_data_is_decoded_from_base64_and_gzip() -> None:
    plain = base64.b64encode(USER_DATA.encode()).decode()
    zipped = base64.b64encode(gzip.compress(USER_DATA.encode())).decode()

    assert decode_user_data(plain) == USER_DATA
    assert decode_user_data(zipped) == USER_DATA
    assert decode_user_data("not base64 at all!") == "not base64 at all!"


def test_scanning_sends_nothing_over_the_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """detect-secrets can verify some secrets with their issuer; that stays off."""
    import requests

    def refuse(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("detect-secrets tried to verify a secret over the network")

    monkeypatch.setattr(requests.Session, "request", refuse)
    assert len(scan_mapping(SECRET_ENVIRONMENT)) == len(SECRET_ENVIRONMENT)


def test_scans_from_many_threads_agree() -> None:
    expected = scan_mapping(SECRET_ENVIRONMENT)
    with ThreadPoolExecutor(8) as pool:
        results = list(pool.map(lambda _: scan_mapping(SECRET_ENVIRONMENT), range(32)))
    assert all(result == expected for result in results)


def test_collected_secrets_appear_nowhere_in_snapshot_or_reports(session: AwsSession) -> None:
    seeded = seed_application()

    snapshot = collect(session, services=["ec2", "lambda", "ecs"])

    functions = {f.name: f for f in snapshot.of_type(LambdaFunction)}
    assert {f.location for f in functions["leaky-fn"].environment_secrets} == set(
        SECRET_ENVIRONMENT
    )
    assert functions["clean-fn"].environment_secrets == ()
    instances = {i.instance_id: i for i in snapshot.of_type(Ec2Instance)}
    assert [f.location for f in instances[seeded["leaky_instance"]].user_data_secrets] == [
        "line 2",
        "line 3",
        "line 6",
    ]
    assert instances[seeded["clean_instance"]].user_data_secrets == ()
    templates = {t.template_id: t for t in snapshot.of_type(LaunchTemplate)}
    (template_finding,) = templates[seeded["leaky_template"]].user_data_secrets
    assert (template_finding.location, template_finding.secret_type) == ("line 3", "Slack Token")
    tasks = {t.family: t for t in snapshot.of_type(EcsTaskDefinition)}
    (task_finding,) = tasks["billing"].environment_secrets
    assert task_finding.location == "container worker: GITHUB_TOKEN"

    assessment = assess(snapshot, select_checks(ids=SECRET_CHECKS))
    verdicts = {(f.check_id, f.resource_name): f.verdict for f in assessment.findings}
    assert verdicts[("lambda.no-secrets-in-environment", "leaky-fn")] is Verdict.FAIL
    assert verdicts[("lambda.no-secrets-in-environment", "clean-fn")] is Verdict.PASS
    assert verdicts[("ecs.no-secrets-in-task-definition", "billing:1")] is Verdict.FAIL
    assert verdicts[("ecs.no-secrets-in-task-definition", "orders:1")] is Verdict.PASS
    assert verdicts[("ec2.no-secrets-in-launch-template", "leaky-lt")] is Verdict.FAIL

    outputs = {
        "snapshot": snapshot.model_dump_json(),
        "json report": reporter("json")(assessment, color=False),
        "terminal report": reporter("terminal")(assessment, color=False),
    }
    for where, text in outputs.items():
        for raw in RAW_SECRETS:
            assert raw not in text, f"a raw secret reached the {where}"
    assert "AK****3P" in outputs["json report"]


def test_secrets_in_tags_are_masked_in_the_snapshot_and_reported(session: AwsSession) -> None:
    iam = raw_client("iam")
    iam.create_user(UserName="ci", Tags=[{"Key": "token", "Value": FAKE_GITHUB_TOKEN}])
    iam.create_role(
        RoleName="plain",
        AssumeRolePolicyDocument=json.dumps(trust_policy("ec2.amazonaws.com")),
        Tags=[{"Key": "owner", "Value": "alice"}],
    )
    ec2 = raw_client("ec2")
    image = ec2.register_image(Name="base", RootDeviceName="/dev/sda1")["ImageId"]
    tags = [{"Key": "Name", "Value": "batch"}, {"Key": "deploy", "Value": FAKE_ACCESS_KEY_ID}]
    ec2.run_instances(
        ImageId=image,
        MinCount=1,
        MaxCount=1,
        TagSpecifications=[{"ResourceType": "instance", "Tags": tags}],
    )

    snapshot = collect(session, services=["iam", "ec2"])

    users = {u.name: u for u in snapshot.of_type(IamUser)}
    (finding,) = users["ci"].tag_secrets
    assert (finding.location, finding.secret_type) == ("tag token", "GitHub Token")
    assert users["ci"].tags == {"token": mask(FAKE_GITHUB_TOKEN)}
    (instance,) = snapshot.of_type(Ec2Instance)
    assert instance.tags == {"Name": "batch", "deploy": mask(FAKE_ACCESS_KEY_ID)}
    assert [f.location for f in instance.tag_secrets] == ["tag deploy"]
    assert FAKE_GITHUB_TOKEN not in snapshot.model_dump_json()
    assert FAKE_ACCESS_KEY_ID not in snapshot.model_dump_json()

    checks = select_checks(
        ids=["iam.no-secrets-in-principal-tags", "ec2.no-secrets-in-instance-tags"]
    )
    verdicts = {
        (f.check_id, f.resource_name): f.verdict for f in evaluate(snapshot, checks).findings
    }
    assert verdicts[("iam.no-secrets-in-principal-tags", "ci")] is Verdict.FAIL
    assert verdicts[("iam.no-secrets-in-principal-tags", "plain")] is Verdict.PASS
    assert verdicts[("ec2.no-secrets-in-instance-tags", "batch")] is Verdict.FAIL
