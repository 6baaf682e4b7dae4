"""The CloudWatch Logs JSON filter-pattern parser and matcher, and how the alarm checks judge a
metric filter's pattern against an activity's representative CloudTrail events.

The syntax cases come from the CloudWatch Logs User Guide ("Filter pattern syntax for metric
filters, ...", section "Using filter patterns to match terms in JSON log events"), with its
example events and its stated outcomes. The CIS patterns are written out here as the benchmark
and Security Hub publish them, independently of the check's own data.
"""

from __future__ import annotations

import re
import time
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from incloud.evaluate.checks.compliance._cloudwatch_events import (
    ACTIVITIES,
    IAM_POLICY_EVENTS,
    Activity,
)
from incloud.evaluate.checks.compliance.cloudwatch import filter_problem
from incloud.evaluate.metric_filters import (
    AllOf,
    AnyOf,
    Compare,
    Everything,
    PatternError,
    matches,
    parse,
)

BY_SUFFIX = {a.suffix: a for a in ACTIVITIES}

# --- the guide's examples -----------------------------------------------------------------------

GUIDE_EVENT: dict[str, Any] = {
    "eventType": "UpdateTrail",
    "sourceIPAddress": "111.111.111.111",
    "arrayKey": ["value", "another value"],
    "objectList": [{"name": "a", "id": 1}, {"name": "b", "id": 2}],
    "SomeObject": None,
    "cluster.name": "c",
}

COMPOUND_EVENT: dict[str, Any] = {
    "user": {"id": 1, "email": "John.Stiles@example.com"},
    "users": [
        {"id": 2, "email": "John.Doe@example.com"},
        {"id": 3, "email": "Jane.Doe@example.com"},
    ],
    "actions": ["GET", "PUT", "DELETE"],
    "coordinates": [[0, 1, 2], [4, 5, 6], [7, 8, 9]],
}


@pytest.mark.parametrize(
    "pattern",
    [
        '{ $.eventType = "UpdateTrail" }',
        "{ $.sourceIPAddress != 123.123.* }",
        '{ $.arrayKey[0] = "value" }',
        "{ $.eventType = %Trail% }",
        "{ $.arrayKey[*] = %val.{2}% }",
        r"{ $.* = %111\.111\.111\.1[0-9]{1,2}% }",
        "{ $.objectList[1].id = 2 }",
        "{ $.['cluster.name'] = \"c\" }",
        "{ $.SomeObject IS NULL }",
        "{ $.SomeOtherObject NOT EXISTS }",
    ],
)
def test_the_guides_single_condition_examples_match_its_event(pattern: str) -> None:
    assert matches(parse(pattern), GUIDE_EVENT)


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        ('{ ($.user.id = 1) && ($.users[0].email = "John.Doe@example.com") }', True),
        (
            '{ $.user.email = "John.Stiles@example.com" || $.coordinates[0][1] = "nonmatch" '
            '&& $.actions[2] = "nonmatch" }',
            True,
        ),
        (
            '{ ($.user.email = "John.Stiles@example.com" || $.coordinates[0][1] = "nonmatch") '
            '&& $.actions[2] = "nonmatch" }',
            False,
        ),
        ('{ ($.user.id = 2 && $.users[0].email = "nonmatch") || $.actions[2] = "GET" }', False),
    ],
)
def test_the_guides_compound_examples_give_its_outcomes(pattern: str, expected: bool) -> None:
    """&& binds tighter than ||, and parentheses group ("() > && > ||")."""
    assert matches(parse(pattern), COMPOUND_EVENT) is expected


def test_and_binds_tighter_than_or_in_the_tree() -> None:
    node = parse("{ $.a = 1 || $.b = 2 && $.c = 3 }")
    assert isinstance(node, AnyOf)
    assert isinstance(node.items[0], Compare)
    assert isinstance(node.items[1], AllOf)


@pytest.mark.parametrize(
    ("pattern", "event", "expected"),
    [
        # Wildcards in strings: prefix, suffix, middle; the whole value must match.
        (
            '{ $.errorCode = "*UnauthorizedOperation" }',
            {"errorCode": "Client.UnauthorizedOperation"},
            True,
        ),
        (
            '{ $.errorCode = "*UnauthorizedOperation" }',
            {"errorCode": "UnauthorizedOperationX"},
            False,
        ),
        ('{ $.errorCode = "AccessDenied*" }', {"errorCode": "AccessDeniedException"}, True),
        ('{ $.errorCode = "AccessDenied*" }', {"errorCode": "Client.AccessDenied"}, False),
        ("{ $.eventSource = kms.amazonaws.com }", {"eventSource": "kms.amazonaws.com"}, True),
        ("{ $.eventSource = kms.amazonaws.com }", {"eventSource": "kmsXamazonaws.com"}, False),
        # Case sensitive.
        ("{ $.eventName = consolelogin }", {"eventName": "ConsoleLogin"}, False),
        # Numbers, including scientific notation and the wildcard.
        ("{ $.bandwidth > 75 }", {"bandwidth": 80}, True),
        ("{ $.bandwidth > 75 }", {"bandwidth": 75}, False),
        ("{ $.latency <= 5 }", {"latency": 5.0}, True),
        ("{ $.number[0] = 1e+3 }", {"number": [1000]}, True),
        ("{ $.number[0] != 1e-3 }", {"number": [0.002]}, True),
        ("{ $.status = 4* }", {"status": 404}, True),
        ("{ $.status = 4* }", {"status": 504}, False),
        ("{ $.count > 1 }", {"count": "5"}, False),
        # IS TRUE / IS FALSE test booleans, which = does not compare.
        ("{ $.readOnly IS TRUE }", {"readOnly": True}, True),
        ("{ $.readOnly IS FALSE }", {"readOnly": True}, False),
        ("{ $.readOnly = true }", {"readOnly": True}, False),
        # A selector that reaches an object or an array matches nothing.
        ('{ $.userIdentity = "*" }', {"userIdentity": {"type": "Root"}}, False),
        ('{ $.actions = "GET" }', {"actions": ["GET"]}, False),
        # An absent field: comparisons are false, != included; NOT EXISTS is true.
        ('{ $.errorCode != "AccessDenied" }', {}, False),
        ("{ $.errorCode NOT EXISTS }", {}, True),
        ("{ $.errorCode NOT EXISTS }", {"errorCode": None}, False),
        ("{ $.errorCode IS NULL }", {}, False),
        # Out-of-range index.
        ('{ $.actions[5] = "GET" }', {"actions": ["GET"]}, False),
        # Regex values are found anywhere in the value.
        ("{ $.eventName = %^Delete% }", {"eventName": "DeleteTrail"}, True),
        ("{ $.eventName = %^Delete% }", {"eventName": "UndeleteTrail"}, False),
        # Quoted strings keep spaces and escaped quotes.
        (
            '{ $.errorMessage = "Failed authentication" }',
            {"errorMessage": "Failed authentication"},
            True,
        ),
        ('{ $.m = "say \\"hi\\"" }', {"m": 'say "hi"'}, True),
    ],
)
def test_comparisons(pattern: str, event: dict[str, Any], expected: bool) -> None:
    assert matches(parse(pattern), event) is expected


def test_the_empty_pattern_matches_everything() -> None:
    assert parse("  ") == Everything()
    assert matches(parse(""), {"anything": 1})


@pytest.mark.parametrize(
    ("pattern", "message"),
    [
        ("?StopLogging ?DeleteTrail", "a term pattern, not a JSON pattern"),
        ('"Failed authentication"', "a term pattern, not a JSON pattern"),
        ("%DeleteTrail%", "a regular expression, not a JSON pattern"),
        ("[w1=ERROR, w2]", "a space-delimited pattern"),
        ("{ $.a IS NOT NULL }", "expected NULL, TRUE or FALSE after IS"),
        ("{ $.a EXISTS }", "expected an operator"),
        ("{ ($.a = 1 }", "expected ')'"),
        ("{ $.a = 1", "expected '}'"),
        ("{ $.a = 1 } && { $.b = 2 }", "unexpected text after '}'"),
        ('{ $.a = "open }', "unterminated string"),
        ("{ $.a = %open }", "unterminated regular expression"),
        ("{ $.a = %[% }", "bad regular expression"),
        ("{ $.*.items[*] = 1 }", "at most one wildcard per selector"),
        ("{ eventName = X }", "expected a property selector"),
        ("{ $ = X }", "a selector needs at least one field"),
        ("{ $.a = }", "expected a value"),
    ],
)
def test_what_cannot_be_evaluated_is_refused_with_a_reason(pattern: str, message: str) -> None:
    with pytest.raises(PatternError, match=re.escape(message)):
        parse(pattern)


@pytest.mark.parametrize(
    "pattern",
    [
        "{ " + "(" * 5_000 + "$.a = 1" + ")" * 5_000 + " }",
        "{" + "(" * 505 + "$.a=1" + ")" * 505 + "}",  # 1,017 characters: AWS allows 1,024
    ],
    ids=["5000-deep", "within-aws-length-limit"],
)
def test_deeply_nested_parentheses_are_refused_not_a_recursion_error(pattern: str) -> None:
    # Before: RecursionError out of the parser, a traceback from `incloud evaluate` on a
    # snapshot with such a metric filter (one AWS's 1,024-character limit allows).
    with pytest.raises(PatternError, match="parentheses nested deeper than 64") as caught:
        parse(pattern)
    assert len(str(caught.value)) < 250  # the pattern is not repeated whole


def test_nesting_up_to_the_limit_is_read() -> None:
    node = parse("{ " + "(" * 64 + "$.a = 1" + ")" * 64 + " }")
    assert matches(node, {"a": 1})


# --- the CIS patterns --------------------------------------------------------------------------

CIS_PATTERNS = {
    "unauthorized-api-calls": (
        '{ ($.errorCode = "*UnauthorizedOperation") || ($.errorCode = "AccessDenied*") '
        '&& ($.sourceIPAddress!="delivery.logs.amazonaws.com") && ($.eventName!="HeadBucket") }'
    ),
    "console-signin-without-mfa": (
        '{ ($.eventName = "ConsoleLogin") && ($.additionalEventData.MFAUsed != "Yes") '
        '&& ($.userIdentity.type = "IAMUser") && ($.responseElements.ConsoleLogin = "Success") }'
    ),
    "root-usage": (
        '{ $.userIdentity.type = "Root" && $.userIdentity.invokedBy NOT EXISTS '
        '&& $.eventType != "AwsServiceEvent" }'
    ),
    "iam-policy-changes": (
        "{($.eventSource=iam.amazonaws.com) && (($.eventName=DeleteGroupPolicy)||"
        "($.eventName=DeleteRolePolicy)||($.eventName=DeleteUserPolicy)||"
        "($.eventName=PutGroupPolicy)||($.eventName=PutRolePolicy)||($.eventName=PutUserPolicy)||"
        "($.eventName=CreatePolicy)||($.eventName=DeletePolicy)||"
        "($.eventName=CreatePolicyVersion)||($.eventName=DeletePolicyVersion)||"
        "($.eventName=AttachRolePolicy)||($.eventName=DetachRolePolicy)||"
        "($.eventName=AttachUserPolicy)||($.eventName=DetachUserPolicy)||"
        "($.eventName=AttachGroupPolicy)||($.eventName=DetachGroupPolicy))}"
    ),
    "cloudtrail-changes": (
        "{ ($.eventName = CreateTrail) || ($.eventName = UpdateTrail) || "
        "($.eventName = DeleteTrail) || ($.eventName = StartLogging) || "
        "($.eventName = StopLogging) }"
    ),
    "console-auth-failures": (
        '{ ($.eventName = ConsoleLogin) && ($.errorMessage = "Failed authentication") }'
    ),
    "cmk-disable-delete": (
        "{($.eventSource = kms.amazonaws.com) && (($.eventName=DisableKey)||"
        "($.eventName=ScheduleKeyDeletion)) }"
    ),
    "s3-bucket-policy-changes": (
        "{ ($.eventSource = s3.amazonaws.com) && (($.eventName = PutBucketAcl) || "
        "($.eventName = PutBucketPolicy) || ($.eventName = PutBucketCors) || "
        "($.eventName = PutBucketLifecycle) || ($.eventName = PutBucketReplication) || "
        "($.eventName = DeleteBucketPolicy) || ($.eventName = DeleteBucketCors) || "
        "($.eventName = DeleteBucketLifecycle) || ($.eventName = DeleteBucketReplication)) }"
    ),
    "config-changes": (
        "{ ($.eventSource = config.amazonaws.com) && (($.eventName=StopConfigurationRecorder)||"
        "($.eventName=DeleteDeliveryChannel) ||($.eventName=PutDeliveryChannel)||"
        "($.eventName=PutConfigurationRecorder)) }"
    ),
    "security-group-changes": (
        "{ ($.eventName = AuthorizeSecurityGroupIngress) || "
        "($.eventName = AuthorizeSecurityGroupEgress) || "
        "($.eventName = RevokeSecurityGroupIngress) || "
        "($.eventName = RevokeSecurityGroupEgress) || ($.eventName = CreateSecurityGroup) || "
        "($.eventName = DeleteSecurityGroup) }"
    ),
    "nacl-changes": (
        "{ ($.eventName = CreateNetworkAcl) || ($.eventName = CreateNetworkAclEntry) || "
        "($.eventName = DeleteNetworkAcl) || ($.eventName = DeleteNetworkAclEntry) || "
        "($.eventName = ReplaceNetworkAclEntry) || ($.eventName = ReplaceNetworkAclAssociation) }"
    ),
    "network-gateway-changes": (
        "{ ($.eventName = CreateCustomerGateway) || ($.eventName = DeleteCustomerGateway) || "
        "($.eventName = AttachInternetGateway) || ($.eventName = CreateInternetGateway) || "
        "($.eventName = DeleteInternetGateway) || ($.eventName = DetachInternetGateway) }"
    ),
    "route-table-changes": (
        "{($.eventSource = ec2.amazonaws.com) && (($.eventName = CreateRoute) || "
        "($.eventName = CreateRouteTable) || ($.eventName = ReplaceRoute) || "
        "($.eventName = ReplaceRouteTableAssociation) || ($.eventName = DeleteRouteTable) || "
        "($.eventName = DeleteRoute) || ($.eventName = DisassociateRouteTable)) }"
    ),
    "vpc-changes": (
        "{ ($.eventName = CreateVpc) || ($.eventName = DeleteVpc) || "
        "($.eventName = ModifyVpcAttribute) || ($.eventName = AcceptVpcPeeringConnection) || "
        "($.eventName = CreateVpcPeeringConnection) || "
        "($.eventName = DeleteVpcPeeringConnection) || "
        "($.eventName = RejectVpcPeeringConnection) || ($.eventName = AttachClassicLinkVpc) || "
        "($.eventName = DetachClassicLinkVpc) || ($.eventName = DisableVpcClassicLink) || "
        "($.eventName = EnableVpcClassicLink) }"
    ),
    "organizations-changes": (
        '{ ($.eventSource = organizations.amazonaws.com) && (($.eventName = "AcceptHandshake") '
        '|| ($.eventName = "AttachPolicy") || ($.eventName = "CreateAccount") || '
        '($.eventName = "CreateOrganizationalUnit") || ($.eventName = "CreatePolicy") || '
        '($.eventName = "DeclineHandshake") || ($.eventName = "DeleteOrganization") || '
        '($.eventName = "DeleteOrganizationalUnit") || ($.eventName = "DeletePolicy") || '
        '($.eventName = "DetachPolicy") || ($.eventName = "DisablePolicyType") || '
        '($.eventName = "EnablePolicyType") || ($.eventName = "InviteAccountToOrganization") || '
        '($.eventName = "LeaveOrganization") || ($.eventName = "MoveAccount") || '
        '($.eventName = "RemoveAccountFromOrganization") || ($.eventName = "UpdatePolicy") || '
        '($.eventName = "UpdateOrganizationalUnit")) }'
    ),
}
"""The benchmark's remediation patterns (CIS AWS Foundations v3.0.0, 4.1 to 4.15)."""

OLDER_PATTERNS = {
    # CIS v1.2.0 wording of 3.1, 3.2 and 3.3: no exclusions, no IAMUser condition.
    "unauthorized-api-calls": (
        '{ ($.errorCode = "*UnauthorizedOperation") || ($.errorCode = "AccessDenied*") }'
    ),
    "console-signin-without-mfa": (
        '{ ($.eventName = "ConsoleLogin") && ($.additionalEventData.MFAUsed != "Yes") }'
    ),
    "root-usage": (
        '{ $.userIdentity.type = "Root" && $.userIdentity.invokedBy NOT EXISTS '
        '&& $.eventType != "AwsServiceEvent" }'
    ),
}


def test_every_activity_has_a_published_pattern() -> None:
    assert set(CIS_PATTERNS) == set(BY_SUFFIX)


@pytest.mark.parametrize("suffix", sorted(CIS_PATTERNS))
def test_the_cis_pattern_monitors_its_activity(suffix: str) -> None:
    assert filter_problem(BY_SUFFIX[suffix], CIS_PATTERNS[suffix]) is None


@pytest.mark.parametrize("suffix", sorted(OLDER_PATTERNS))
def test_the_older_cis_patterns_still_monitor_their_activity(suffix: str) -> None:
    assert filter_problem(BY_SUFFIX[suffix], OLDER_PATTERNS[suffix]) is None


@pytest.mark.parametrize("activity", ACTIVITIES, ids=lambda a: a.suffix)
def test_the_remediation_pattern_monitors_its_activity(activity: Activity) -> None:
    assert filter_problem(activity, activity.pattern) is None


@pytest.mark.parametrize("suffix", sorted(CIS_PATTERNS))
def test_a_pattern_matching_everything_is_refused(suffix: str) -> None:
    problem = filter_problem(BY_SUFFIX[suffix], "{ $.eventVersion = * }")
    assert problem is not None
    assert "also matches ec2:DescribeInstances (a routine read)" in problem


def _name_alternatives(pattern: str) -> list[tuple[str, str]]:
    """``(event name, pattern without that alternative)`` for each ``$.eventName = X`` term."""
    found = []
    for match in re.finditer(r'\(\$\.eventName\s*=\s*"?(\w+)"?\)', pattern):
        before, after = pattern[: match.start()], pattern[match.end() :]
        if re.search(r"\|\|\s*$", before):
            without = re.sub(r"\s*\|\|\s*$", "", before) + after
        else:
            without = before + re.sub(r"^\s*\|\|\s*", "", after)
        found.append((match.group(1), without))
    return found


MISSING_ONE = [
    pytest.param(suffix, name, without, id=f"{suffix}-without-{name}")
    for suffix, pattern in sorted(CIS_PATTERNS.items())
    if len(BY_SUFFIX[suffix].must_match) > 1
    for name, without in _name_alternatives(pattern)
]


def test_every_multi_event_pattern_is_exercised() -> None:
    multi = {a.suffix for a in ACTIVITIES if len(a.must_match) > 1}
    named = {p.values[0] for p in MISSING_ONE}
    # unauthorized-api-calls and root-usage have several events but no name alternatives.
    assert named == multi - {"unauthorized-api-calls", "root-usage"}


@pytest.mark.parametrize(("suffix", "name", "without"), MISSING_ONE)
def test_a_pattern_missing_one_event_name_fails_and_names_it(
    suffix: str, name: str, without: str
) -> None:
    problem = filter_problem(BY_SUFFIX[suffix], without)
    assert problem is not None
    assert re.search(rf":{name}\b", problem), problem


@pytest.mark.parametrize(
    ("suffix", "pattern", "problem"),
    [
        (
            "unauthorized-api-calls",
            '{ $.errorCode = "*UnauthorizedOperation" }',
            "misses iam:CreateUser (denied: AccessDenied), secretsmanager:GetSecretValue",
        ),
        (
            "unauthorized-api-calls",
            '{ $.errorCode = "*" }',
            "also matches ec2:DescribeInstances (throttled",
        ),
        (
            "console-signin-without-mfa",
            '{ $.eventName = "ConsoleLogin" }',
            "also matches signin:ConsoleLogin (IAM user, with MFA)",
        ),
        (
            "console-auth-failures",
            "{ $.eventName = ConsoleLogin }",
            "also matches signin:ConsoleLogin (IAM user, with MFA)",
        ),
        (
            "root-usage",
            '{ $.userIdentity.type = "Root" && $.eventType = "AwsApiCall" }',
            "misses signin:ConsoleLogin (root sign-in)",
        ),
        (
            "root-usage",
            '{ $.userIdentity.type = "root" }',
            "misses signin:ConsoleLogin (root sign-in), iam:CreateAccessKey",
        ),
        # Pinned to the region or caller of one context: real events elsewhere slip through.
        (
            "cloudtrail-changes",
            '{ $.eventName = StopLogging && $.awsRegion = "us-east-1" }',
            "misses cloudtrail:CreateTrail",
        ),
        (
            "cmk-disable-delete",
            "{ $.eventName = DisableKey && $.userIdentity.type = IAMUser "
            "|| $.eventName = ScheduleKeyDeletion }",
            "misses kms:DisableKey",
        ),
        # The organizations pattern without its source still matches; one for IAM's source does not.
        (
            "organizations-changes",
            "{ $.eventSource = iam.amazonaws.com && $.eventName = CreatePolicy }",
            "misses organizations:AcceptHandshake",
        ),
        (
            "cloudtrail-changes",
            "?CreateTrail ?UpdateTrail ?DeleteTrail ?StartLogging ?StopLogging",
            "a term pattern, not a JSON pattern",
        ),
        ("iam-policy-changes", "", "also matches ec2:DescribeInstances"),
    ],
)
def test_sloppy_patterns_fail_with_the_reason(suffix: str, pattern: str, problem: str) -> None:
    found = filter_problem(BY_SUFFIX[suffix], pattern)
    assert found is not None
    assert problem in found


@given(st.sets(st.sampled_from(IAM_POLICY_EVENTS), min_size=1))
def test_an_iam_pattern_passes_exactly_when_it_names_every_event(names: set[str]) -> None:
    ordered = sorted(names)
    pattern = "{ " + " || ".join(f'$.eventName = "{n}"' for n in ordered) + " }"
    problem = filter_problem(BY_SUFFIX["iam-policy-changes"], pattern)
    missing = set(IAM_POLICY_EVENTS) - names
    if not missing:
        assert problem is None
    else:
        assert problem is not None
        assert set(re.findall(r"iam:(\w+)", problem)) == missing


# --- string wildcards, matched without backtracking ---------------------------------------------


def _seconds_to_decide(pattern: str, event: dict[str, Any]) -> tuple[bool, float]:
    started = time.perf_counter()
    result = matches(parse(pattern), event)
    return result, time.perf_counter() - started


def test_a_string_with_many_wildcards_decides_at_once() -> None:
    pattern = '{ $.m = "' + "*a" * 200 + '*b" }'
    result, seconds = _seconds_to_decide(pattern, {"m": "a" * 5000})
    assert result is False
    assert seconds < 1.0
