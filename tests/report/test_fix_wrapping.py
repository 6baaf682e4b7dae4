"""Remediation in the terminal report: wrapped at spaces, never inside a command."""

from __future__ import annotations

from incloud.assessment import Assessment
from incloud.report import terminal
from incloud.report.terminal import fix_lines
from tests.report.hostile import SGR, hostile_assessment

COMMAND = (
    "aws iam put-role-policy --role-name ROLE --policy-name deny-insecure "
    "--policy-document file://policies/deny-insecure-transport-for-every-bucket.json"
)
REMEDIATION = (
    f"attach a policy that refuses plain HTTP with `{COMMAND}`, then check it with "
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html"
    " and rerun the scan."
)


def test_fix_is_wrapped_at_spaces_and_commands_stay_whole() -> None:
    assert fix_lines(REMEDIATION, 40) == [
        "    fix: attach a policy that refuses",
        "         plain HTTP with",
        f"         `{COMMAND}`,",
        "         then check it with",
        "         https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html",
        "         and rerun the scan.",
    ]


def test_fix_fills_lines_up_to_the_width() -> None:
    lines = fix_lines("word " * 30, 40)
    assert lines[0] == "    fix: word word word word word word"
    assert all(len(line) <= 40 < len(line) + len(" word") for line in lines[:-1])
    assert " ".join(lines).split() == ["fix:", *["word"] * 30]


def test_the_report_prints_the_command_unbroken_at_a_narrow_width() -> None:
    assessment = hostile_assessment()
    findings = list(assessment.findings)
    index = next(i for i, f in enumerate(findings) if f.verdict == "fail")
    findings[index] = findings[index].model_copy(update={"remediation": REMEDIATION})
    narrow = Assessment.model_validate(
        assessment.model_copy(update={"findings": tuple(findings)}).model_dump()
    )
    for color in (False, True):
        text = SGR.sub("", terminal.render(narrow, color=color, width=40))
        assert f"         `{COMMAND}`," in text
        assert "reference_policies_elements_condition_operators.html\n" in text
