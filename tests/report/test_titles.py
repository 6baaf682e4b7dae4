"""Check titles and docs as people see them: no reStructuredText inline markup."""

from __future__ import annotations

from incloud.evaluate.check import all_checks


def test_titles_are_plain_text() -> None:
    assert [c.id for c in all_checks().values() if "`" in c.title] == []
    checks = all_checks()
    assert checks["iam.role-third-party-external-id"].title == (
        "Roles trusted by other accounts require an sts:ExternalId."
    )
    assert checks["iam.policy-no-star-star"].title == (
        "Customer-managed policies do not allow * on *."
    )


def test_docs_mark_code_one_way_and_remediation_keeps_its_commands_marked() -> None:
    checks = all_checks()
    assert [c.id for c in checks.values() if "``" in c.doc] == []
    doc = checks["cloudtrail.cloudwatch-logs"].doc
    assert "`GetTrailStatus`" in doc
    assert (
        "`aws cloudtrail update-trail --name TRAIL"
        in checks["cloudtrail.cloudwatch-logs"].remediation
    )
