"""The privilege-escalation check over users and roles, with configured sensitive goals."""

from __future__ import annotations

from dataclasses import replace

from incloud.evaluate import Verdict, all_checks, evaluate
from incloud.evaluate.iam.escalation import Sensitive
from incloud.evaluate.settings import Settings
from tests.fixtures import build_snapshot

IAM = "arn:aws:iam::123456789012"


def _doc(action: str, resource: str) -> dict[str, object]:
    statement = {"Effect": "Allow", "Action": action, "Resource": resource}
    return {"Version": "2012-10-17", "Statement": [statement]}


def _verdicts(settings: Settings) -> dict[str, Verdict]:
    resources = [
        {
            "kind": "iam.user",
            "name": name,
            "arn": f"{IAM}:user/{name}",
            "region": "global",
            "inline_policies": {"p": document},
        }
        for name, document in (
            ("dev", _doc("iam:CreateAccessKey", f"{IAM}:user/payroll-bot")),
            ("payroll-bot", _doc("s3:GetObject", "arn:aws:s3:::payroll/*")),
        )
    ]
    resources.append(
        {
            "kind": "iam.role",
            "name": "builder",
            "arn": f"{IAM}:role/builder",
            "region": "global",
            "inline_policies": {"p": _doc("iam:PutRolePolicy", f"{IAM}:role/builder")},
        }
    )
    snapshot = build_snapshot({"resources": resources})
    check = all_checks()["iam.privilege-escalation"]
    findings = evaluate(snapshot, [check], settings=settings).findings
    return {f.resource.rsplit("/", 1)[-1]: f.verdict for f in findings}


def test_one_check_judges_users_and_roles() -> None:
    assert _verdicts(Settings()) == {
        "dev": Verdict.PASS,
        "payroll-bot": Verdict.PASS,
        "builder": Verdict.FAIL,  # rewrites its own inline policy
    }


def test_a_configured_sensitive_permission_turns_a_path_to_it_into_a_failure() -> None:
    goal = Sensitive.parse("s3:GetObject=arn:aws:s3:::payroll/*")
    settings = replace(Settings(), sensitive_permissions=(goal,))
    verdicts = _verdicts(settings)
    assert verdicts["dev"] is Verdict.FAIL  # mints payroll-bot's keys
    assert verdicts["payroll-bot"] is Verdict.PASS  # holds it already: not an escalation
