"""``incloud iam simulate`` refuses what it cannot evaluate; the engine never crashes on it.

The simulator raises :class:`InputError` with one line naming the field for malformed typed
condition values (IAM User Guide, "IAM JSON policy elements: Condition operators": "IP address
condition operators", "Date condition operators" (W3C ISO 8601 or epoch), numbers, booleans),
unterminated policy variables ("IAM policy elements: Variables and tags"), principals that are
none, JSON values of the wrong type and documents nested deeper than ``jsondoc.MAX_DEPTH``.

The same malformed values in a snapshot's policies (judged by checks through
``evaluate_request``, not the simulator) never raise: a positive operator does not match them,
and a negated one leaves the condition open (a residual), as for an unknown context value.

Fuzzing: random JSON documents, and random mutations of a valid input, either give a result or
an InputError, never another exception, and quickly.
"""

from __future__ import annotations

import copy
import time
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from incloud.errors import InputError
from incloud.evaluate.iam.context import RequestContext
from incloud.evaluate.iam.decide import PolicySet, Request, evaluate_request
from incloud.evaluate.iam.matching import RequestPrincipal
from incloud.evaluate.iam.policy import parse_policy
from incloud.evaluate.iam.simulate import simulate, simulate_document
from incloud.jsondoc import MAX_DEPTH

Json = dict[str, Any]
ACCOUNT = "111122223333"
USER = f"arn:aws:iam::{ACCOUNT}:user/alice"


def _case(condition: Json | None = None, *, context: Any = None, **request: Any) -> Json:
    statement: Json = {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}
    if condition is not None:
        statement["Condition"] = condition
    return {
        "request": {
            "principal": USER,
            "action": "s3:GetObject",
            "resource": "arn:aws:s3:::doc-bucket/report.txt",
            "context": context or {},
            **request,
        },
        "identity_policies": [{"Version": "2012-10-17", "Statement": [statement]}],
    }


def _refused(case: Any) -> str:
    with pytest.raises(InputError) as raised:
        simulate_document(case)
    message = str(raised.value)
    assert "\n" not in message
    return message


REFUSED: list[tuple[str, Json, tuple[str, ...]]] = [
    # IP addresses and CIDR ranges: in the policy, and in the request context.
    (
        "policy-cidr",
        _case({"IpAddress": {"aws:SourceIp": "203.0.113.0/33"}}),
        ("identity_policies[0]", "statement 1", "IpAddress aws:SourceIp", "'203.0.113.0/33'"),
    ),
    (
        "policy-not-ip",
        _case({"NotIpAddress": {"aws:SourceIp": ["10.0.0.0/8", "intranet"]}}),
        ("NotIpAddress aws:SourceIp", "'intranet'", "IP address or CIDR"),
    ),
    (
        "context-source-ip",
        _case(context={"aws:SourceIp": "203.0.113.500"}),
        ("request.context['aws:SourceIp']", "'203.0.113.500'", "IP address"),
    ),
    (  # a request comes from one address: a range in the context is a malformed question
        "context-source-ip-range",
        _case(context={"aws:SourceIp": "10.0.0.0/8"}),
        ("request.context['aws:SourceIp']", "'10.0.0.0/8'", "is not an IP address"),
    ),
    (
        "context-ip-compared-by-policy",
        _case(
            {"IpAddress": {"example:ClientIp": "10.0.0.0/8"}},
            context={"example:ClientIp": ["10.0.0.1", "localhost"]},
        ),
        ("request.context['example:ClientIp']", "'localhost'", "IpAddress"),
    ),
    # Dates: W3C ISO 8601 or epoch seconds only.
    (
        "policy-date",
        _case({"DateGreaterThan": {"aws:CurrentTime": "next tuesday"}}),
        ("DateGreaterThan aws:CurrentTime", "'next tuesday'", "ISO 8601"),
    ),
    (
        "policy-date-out-of-calendar",
        _case({"DateLessThan": {"aws:CurrentTime": "2024-02-30T00:00:00Z"}}),
        ("DateLessThan aws:CurrentTime", "'2024-02-30T00:00:00Z'"),
    ),
    (
        "policy-epoch-beyond-any-date",
        _case({"DateLessThan": {"aws:EpochTime": "99999999999999999999"}}),
        ("DateLessThan aws:EpochTime", "99999999999999999999"),
    ),
    (
        "context-current-time",
        _case(context={"aws:CurrentTime": "yesterday"}),
        ("request.context['aws:CurrentTime']", "'yesterday'", "ISO 8601"),
    ),
    (
        "context-epoch-overflow",
        _case(context={"aws:EpochTime": 1e300}),
        ("request.context['aws:EpochTime']",),
    ),
    (
        "context-date-compared-by-policy",
        _case(
            {"DateLessThan": {"example:Expiry": "2030-01-01T00:00:00Z"}},
            context={"example:Expiry": "soon"},
        ),
        ("request.context['example:Expiry']", "DateLessThan"),
    ),
    # Numbers and booleans compared by their operators.
    (
        "policy-number",
        _case({"NumericLessThan": {"s3:max-keys": "ten"}}),
        ("NumericLessThan s3:max-keys", "'ten'", "a number"),
    ),
    (
        "policy-null-value",
        _case({"Null": {"aws:TokenIssueTime": "yes"}}),
        ("Null aws:TokenIssueTime", "'yes'", "true or false"),
    ),
    (
        "context-bool",
        _case({"Bool": {"aws:SecureTransport": "true"}}, context={"aws:SecureTransport": "yes"}),
        ("request.context['aws:SecureTransport']", "'yes'", "Bool"),
    ),
    # Principals that are not one.
    ("principal-name", _case(principal="alice"), ("request.principal", "'alice'")),
    ("principal-account", _case(principal=ACCOUNT), ("request.principal", ACCOUNT)),
    (
        "principal-bucket",
        _case(principal="arn:aws:s3:::doc-bucket"),
        ("request.principal", "not a principal ARN"),
    ),
    (
        "principal-bad-account",
        _case(principal="arn:aws:iam::alice:user/alice"),
        ("request.principal", "12-digit account"),
    ),
    (
        "principal-empty-user",
        _case(principal=f"arn:aws:iam::{ACCOUNT}:user/"),
        ("request.principal", "resource part"),
    ),
    (
        "principal-session-without-name",
        _case(principal=f"arn:aws:sts::{ACCOUNT}:assumed-role/app"),
        ("request.principal", "resource part"),
    ),
    (
        "principal-service-with-space",
        _case(principal="sns amazonaws.com"),
        ("request.principal", "service principal"),
    ),
    # Unterminated ${ where variables are substituted.
    (
        "variable-in-resource",
        {
            **_case(),
            "identity_policies": [
                {
                    "Version": "2012-10-17",
                    "Statement": [
                        {
                            "Effect": "Allow",
                            "Action": "s3:GetObject",
                            "Resource": "arn:aws:s3:::doc-bucket/${aws:username/*",
                        }
                    ],
                }
            ],
        },
        ("identity_policies[0]", "statement 1", "Resource", "'${'"),
    ),
    (
        "variable-in-condition",
        _case({"StringNotLike": {"s3:prefix": "home/${aws:username"}}),
        ("StringNotLike s3:prefix", "'${'"),
    ),
    # Wrong JSON types.
    (
        "resource-account-number",
        _case(resource_account=111122223333),
        ("request.resource_account", "12-digit"),
    ),
    (
        "flag-string",
        _case(principal_in_management_account="false"),
        ("request.principal_in_management_account", "true or false"),
    ),
    (
        "context-object",
        _case(context={"aws:PrincipalTag/team": {"name": "blue"}}),
        ("request.context['aws:PrincipalTag/team']", "an object"),
    ),
    ("context-null", _case(context={"aws:PrincipalTag/team": None}), ("null",)),
    ("context-nested-list", _case(context={"aws:TagKeys": [["a"]]}), ("a list",)),
    ("context-not-object", _case(context=["aws:SourceIp"]), ("request.context",)),
    (
        "action-null",
        {
            **_case(),
            "identity_policies": [
                {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": None}]}
            ],
        },
        ("identity_policies[0]", "statement 1", "Action must not be null"),
    ),
]


@pytest.mark.parametrize(
    ("case", "wanted"), [pytest.param(case, wanted, id=name) for name, case, wanted in REFUSED]
)
def test_refused_with_one_line_naming_the_field(case: Json, wanted: tuple[str, ...]) -> None:
    message = _refused(case)
    for text in wanted:
        assert text in message, (text, message)


def test_a_sid_with_a_line_break_keeps_the_error_on_one_line() -> None:
    case = _case()
    case["identity_policies"][0]["Statement"][0].update(Sid="two\nlines", Effect="allow")
    assert "statement 1 ('two\\nlines'): Effect" in _refused(case)


def test_nesting_beyond_the_limit_is_refused() -> None:
    deep: Any = "x"
    for _ in range(MAX_DEPTH + 5):
        deep = [deep]
    message = _refused(_case(context={"aws:TagKeys": deep}))
    assert f"deeper than {MAX_DEPTH}" in message
    very_deep: Any = []
    for _ in range(100_000):  # far past Python's recursion limit: still one clean error
        very_deep = [very_deep]
    assert f"deeper than {MAX_DEPTH}" in _refused(very_deep)


def test_policy_text_nested_too_deeply_is_refused() -> None:
    """A policy given as JSON text is read with the same bound (``jsondoc.parse_document``)."""
    case = _case()
    case["identity_policies"] = ["[" * 5000 + "]" * 5000]
    assert "deeper than" in _refused(case)


@pytest.mark.parametrize(
    ("condition", "context"),
    [
        ({"IpAddress": {"aws:SourceIp": "2001:db8::/32"}}, {"aws:SourceIp": "2001:db8::1"}),
        ({"IpAddress": {"aws:SourceIp": "203.0.113.5"}}, {"aws:SourceIp": "203.0.113.5"}),
        ({"DateGreaterThan": {"aws:CurrentTime": "2024-05"}}, {"aws:CurrentTime": "2024-06-01"}),
        (
            {"DateGreaterThan": {"aws:CurrentTime": "2024-05-01T12:00+02:00"}},
            {"aws:CurrentTime": "2024-05-01T10:00:01Z"},
        ),
        ({"DateLessThan": {"aws:EpochTime": "1714564800"}}, {"aws:EpochTime": 1714564799}),
        ({"NumericLessThan": {"s3:max-keys": "1e3"}}, {"s3:max-keys": 10}),
        ({"Bool": {"aws:SecureTransport": "TRUE"}}, {"aws:SecureTransport": True}),
        ({"IpAddress": {"aws:SourceIp": "10.0.0.0/8"}}, {"aws:SourceIp": "<unknown>"}),
    ],
)
def test_valid_typed_values_are_evaluated(condition: Json, context: Json) -> None:
    assert simulate(_case(condition, context=context))["decision"] == "Allowed"


def test_service_principals_and_anonymous_callers_are_accepted() -> None:
    for principal in ("sns.amazonaws.com", "logs.us-east-1.amazonaws.com", "*", "anonymous"):
        assert simulate(_case(principal=principal))["decision"] == "ImplicitlyDenied"


# --- the engine on snapshot policies: no crash, no invented pass --------------------------------


def _decide(condition: Json, context: Json, effect: str = "Allow") -> tuple[str, tuple[str, ...]]:
    statements = [{"Effect": effect, "Action": "s3:*", "Resource": "*", "Condition": condition}]
    if effect == "Deny":
        statements.append({"Effect": "Allow", "Action": "s3:*", "Resource": "*"})
    policy = parse_policy({"Version": "2012-10-17", "Statement": statements}, name="p")
    request = Request(
        principal=RequestPrincipal.parse(USER),
        action="s3:GetObject",
        resource="arn:aws:s3:::b/k",
        context=RequestContext(context),
    )
    result = evaluate_request(request, PolicySet(identity=(policy,)))
    return result.decision, result.conditions


@pytest.mark.parametrize(
    ("operator", "value", "context"),
    [
        ("IpAddress", "not-an-address", {"aws:SourceIp": "10.0.0.1"}),
        ("IpAddress", "10.0.0.0/8", {"aws:SourceIp": "not-an-address"}),
        ("DateLessThan", "1e400", {"aws:CurrentTime": "2024-01-01T00:00:00Z"}),
        ("DateLessThan", "99999999999999999999", {"aws:CurrentTime": "2024-01-01T00:00:00Z"}),
        ("DateLessThan", "2030-01-01T00:00:00Z", {"aws:CurrentTime": "NaN"}),
        ("NumericLessThan", "Infinity", {"s3:max-keys": "10"}),
    ],
)
def test_a_malformed_value_never_matches_a_positive_operator(
    operator: str, value: str, context: Json
) -> None:
    key = next(iter(context))
    assert _decide({operator: {key: value}}, context) == ("ImplicitlyDenied", ())


@pytest.mark.parametrize(
    ("operator", "value", "context"),
    [
        ("NotIpAddress", "not-an-address", {"aws:SourceIp": "10.0.0.1"}),
        ("DateNotEquals", "1e400", {"aws:CurrentTime": "2024-01-01T00:00:00Z"}),
        ("NumericNotEquals", "ten", {"s3:max-keys": "10"}),
    ],
)
def test_a_malformed_value_leaves_a_negated_operator_open(
    operator: str, value: str, context: Json
) -> None:
    key = next(iter(context))
    decision, conditions = _decide({operator: {key: value}}, context)
    assert (decision, len(conditions)) == ("Allowed", 1)
    assert operator in conditions[0]
    decision, conditions = _decide({operator: {key: value}}, context, effect="Deny")
    assert decision == "Allowed"
    assert conditions[0].startswith("not (")


def test_a_valid_value_still_decides_a_negated_operator_beside_a_malformed_one() -> None:
    condition = {"NotIpAddress": {"aws:SourceIp": ["10.0.0.0/8", "garbage"]}}
    assert _decide(condition, {"aws:SourceIp": "10.1.2.3"}) == ("ImplicitlyDenied", ())


def test_an_unterminated_variable_in_a_snapshot_policy_is_literal_text() -> None:
    policy = parse_policy(
        {
            "Version": "2012-10-17",
            "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "arn:aws:s3:::b/${x"}],
        }
    )
    request = Request(RequestPrincipal.parse(USER), "s3:GetObject", "arn:aws:s3:::b/${x")
    assert evaluate_request(request, PolicySet(identity=(policy,))).decision == "Allowed"


# --- fuzzing ------------------------------------------------------------------------------------

FUZZ = settings(
    max_examples=300,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
SECONDS = 5.0
"""Per document: generous for a loaded machine; a hang (the old matchers) takes minutes."""

NASTY = [
    "",
    "*",
    "?",
    "${",
    "${aws:username",
    "${aws:username, 'x'}",
    "<unknown>",
    "arn:",
    "arn:aws:iam::111122223333:root",
    "sns.amazonaws.com",
    "10.0.0.0/8",
    "10.0.0.0/33",
    "::1/129",
    "2024-01-01T00:00:00Z",
    "2024-13-01",
    "1e400",
    "NaN",
    "-1",
    "99999999999999999999",
    "*a" * 40 + "*b",
    "Allow",
    "Deny",
    "2012-10-17",
    "s3:*",
]
KEYS = [
    "request",
    "principal",
    "action",
    "resource",
    "resource_account",
    "context",
    "identity_policies",
    "resource_policy",
    "scps",
    "Version",
    "Statement",
    "Sid",
    "Effect",
    "Action",
    "NotAction",
    "Resource",
    "Principal",
    "AWS",
    "Condition",
    "IpAddress",
    "NotIpAddress",
    "DateLessThan",
    "StringLike",
    "ForAllValues:ArnNotLike",
    "aws:SourceIp",
    "aws:CurrentTime",
    "service_linked_role",
]
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=12),
    st.sampled_from(NASTY),
)
documents = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.sampled_from(KEYS), inner, max_size=5)
    ),
    max_leaves=40,
)

VALID: Json = {
    "request": {
        "principal": f"arn:aws:sts::{ACCOUNT}:assumed-role/app/s1",
        "action": "s3:GetObject",
        "resource": "arn:aws:s3:::doc-bucket/alice/report.txt",
        "resource_account": ACCOUNT,
        "context": {
            "aws:SourceIp": "203.0.113.5",
            "aws:CurrentTime": "2024-05-01T12:00:00Z",
            "aws:TagKeys": ["a", "b"],
            "aws:PrincipalTag/name": "alice",
        },
        "service_linked_role": False,
    },
    "identity_policies": [
        {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Sid": "Home",
                    "Effect": "Allow",
                    "Action": ["s3:Get*"],
                    "Resource": "arn:aws:s3:::doc-bucket/${aws:PrincipalTag/name}/*",
                    "Condition": {
                        "IpAddress": {"aws:SourceIp": ["203.0.113.0/24"]},
                        "DateGreaterThan": {"aws:CurrentTime": "2020-01-01T00:00:00Z"},
                        "ForAnyValue:StringLike": {"aws:TagKeys": "a*"},
                        "NumericLessThanIfExists": {"s3:max-keys": "10"},
                    },
                }
            ],
        }
    ],
    "resource_policy": {
        "Version": "2012-10-17",
        "Statement": {"Effect": "Allow", "Principal": {"AWS": ACCOUNT}, "Action": "s3:*"},
    },
    "scps": [
        [
            {
                "Version": "2012-10-17",
                "Statement": {"Effect": "Allow", "Action": "*", "Resource": "*"},
            }
        ]
    ],
}


def test_the_fuzzing_base_is_valid() -> None:
    assert simulate(VALID)["decision"] == "Allowed"


def _paths(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix]
    if isinstance(node, dict):
        for key, value in node.items():
            found += _paths(value, (*prefix, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found += _paths(value, (*prefix, index))
    return found


def _replace(document: Any, path: tuple[Any, ...], value: Any) -> Any:
    if not path:
        return value
    parent = document
    for step in path[:-1]:
        parent = parent[step]
    parent[path[-1]] = value
    return document


WRONG_TYPES: list[Any] = [None, True, False, 0, -1, 1e300, float("nan"), [], {}, [None], {"": 1}]
replacements = st.one_of(st.sampled_from(NASTY + WRONG_TYPES), documents)
"""Half the time a known troublemaker (a wrong JSON type, a malformed value), else random."""


@st.composite
def mutations(draw: st.DrawFn) -> Any:
    """``VALID`` with one to three of its values (or subtrees) replaced."""
    document: Any = copy.deepcopy(VALID)
    for _ in range(draw(st.integers(1, 3))):
        path = draw(st.sampled_from(_paths(document)))
        document = _replace(document, path, copy.deepcopy(draw(replacements)))
    return document


def _result_or_input_error(document: Any) -> None:
    started = time.perf_counter()
    try:
        result = simulate_document(document)
    except InputError as error:
        assert "\n" not in str(error)
    else:
        assert isinstance(result, dict | list)
    assert time.perf_counter() - started < SECONDS


@FUZZ
@given(documents)
def test_random_documents_give_a_result_or_an_input_error(document: Any) -> None:
    _result_or_input_error(document)


@settings(FUZZ, max_examples=1000)
@given(mutations())
def test_mutated_inputs_give_a_result_or_an_input_error(document: Any) -> None:
    _result_or_input_error(document)
