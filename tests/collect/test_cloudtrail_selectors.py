"""CloudTrail event selectors are typed at collection, from the API's own shape."""

from __future__ import annotations

from incloud.collect.aws.cloudtrail import _advanced, _basic
from incloud.evaluate import Verdict, all_checks, evaluate
from incloud.snapshot.cloudtrail import DataResource, EventSelector, FieldSelector, Trail
from tests.fixtures import build_snapshot


def test_a_basic_selector_keeps_what_the_checks_read() -> None:
    raw = {
        "ReadWriteType": "WriteOnly",
        "IncludeManagementEvents": False,
        "DataResources": [{"Type": "AWS::S3::Object", "Values": ["arn:aws:s3"]}],
    }
    assert _basic(raw) == EventSelector(
        read_write_type="WriteOnly",
        include_management_events=False,
        data_resources=(DataResource(type="AWS::S3::Object", values=("arn:aws:s3",)),),
    )
    assert _basic({}) == EventSelector()  # every member is optional: AWS's defaults


def test_an_operator_incloud_does_not_know_is_kept_and_never_admits() -> None:
    selector = _advanced(
        {
            "Name": "future",
            "FieldSelectors": [
                {"Field": "eventCategory", "Equals": ["Data"]},
                {"Field": "resources.type", "Equals": ["AWS::S3::Object"]},
                {"Field": "resources.ARN", "Contains": ["payroll"]},
            ],
        }
    )
    assert selector.field_selectors[2] == FieldSelector(
        field="resources.ARN", unsupported=("Contains",)
    )
    # A trail whose only data selector uses it is not taken to log the bucket's objects.
    document = {
        "resources": [
            {"kind": "s3.bucket", "name": "fail-payroll"},
            {
                "kind": "cloudtrail.trail",
                "name": "main",
                "multi_region": True,
                "is_logging": True,
                "advanced_event_selectors": [selector.model_dump()],
            },
        ]
    }
    snapshot = build_snapshot(document)
    assert next(snapshot.of_type(Trail)).advanced_event_selectors == (selector,)
    check = all_checks()["cloudtrail.s3-object-write-events"]
    (finding,) = evaluate(snapshot, [check]).findings
    assert finding.verdict is Verdict.FAIL
