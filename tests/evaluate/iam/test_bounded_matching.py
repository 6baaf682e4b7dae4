"""Every pattern matcher of the IAM engine decides in bounded time, whatever the policy says.

Each test would have hung (or taken minutes) when wildcards became backtracking regular
expressions: ``Resource`` and ``Action`` patterns, ``StringLike``/``StringNotLike``,
``ArnLike``/``ArnNotLike`` (IAM User Guide, "IAM JSON policy elements: Condition operators"),
the escalation graph's resource universes, and policy-variable parsing ("IAM policy elements:
Variables and tags"). The bounds are generous (seconds) so a loaded machine does not fail them;
the old code needed minutes or never finished.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from incloud.evaluate.iam.actions import universe
from incloud.evaluate.iam.conditions import evaluate_condition
from incloud.evaluate.iam.context import RequestContext
from incloud.evaluate.iam.escalation.universe import Universe
from incloud.evaluate.iam.logic import FALSE, TRUE
from incloud.evaluate.iam.matching import action_matches, arn_like, arn_matches
from incloud.evaluate.iam.policy import Condition
from incloud.evaluate.iam.simulate import simulate
from incloud.evaluate.iam.variables import substitute, unterminated

ACCOUNT = "111122223333"
MANY_STARS = "*a" * 200 + "*b"
"""200 stars, and a final ``b`` the texts below lack: every attempt fails, the worst case."""
LONG = "a" * 2000
BOUND = 2.0


def _timed(work: Callable[[], Any]) -> Any:
    started = time.perf_counter()
    result = work()
    assert time.perf_counter() - started < BOUND
    return result


def test_string_like_with_many_stars() -> None:
    context = RequestContext({"aws:PrincipalTag/team": LONG})
    like = Condition("StringLike", "aws:PrincipalTag/team", (MANY_STARS,))
    not_like = Condition("StringNotLike", "aws:PrincipalTag/team", (MANY_STARS,))
    assert _timed(lambda: evaluate_condition(like, context, variables=True)) == FALSE
    assert _timed(lambda: evaluate_condition(not_like, context, variables=True)) == TRUE


def test_arn_like_with_many_stars_in_every_part() -> None:
    arn = f"arn:aws:s3:::{LONG}"
    pattern = f"arn:aws:s3:::{MANY_STARS}"
    assert not _timed(lambda: arn_like(pattern, arn))
    condition = Condition("ArnNotLike", "aws:SourceArn", (pattern,))
    result = _timed(
        lambda: evaluate_condition(condition, RequestContext({"aws:SourceArn": arn}), True)
    )
    assert result == TRUE


def test_resource_and_action_patterns_with_many_stars() -> None:
    assert not _timed(lambda: arn_matches(f"arn:aws:s3:::{MANY_STARS}", f"arn:aws:s3:::{LONG}"))
    assert not _timed(lambda: action_matches("s3:" + MANY_STARS, "s3:" + LONG))
    coverage = _timed(lambda: universe().expand(("s3:" + MANY_STARS, "*" + MANY_STARS + ":*")))
    assert coverage.bits == 0


def test_the_simulator_with_a_two_hundred_star_resource() -> None:
    case = {
        "request": {
            "principal": f"arn:aws:iam::{ACCOUNT}:user/alice",
            "action": "s3:GetObject",
            "resource": f"arn:aws:s3:::{LONG}",
        },
        "identity_policies": [
            {
                "Version": "2012-10-17",
                "Statement": [
                    {
                        "Effect": "Allow",
                        "Action": "s3:*",
                        "Resource": f"arn:aws:s3:::{MANY_STARS}",
                        "Condition": {"StringLike": {"aws:username": MANY_STARS}},
                    }
                ],
            }
        ],
    }
    result = _timed(lambda: simulate(case))
    assert result["decision"] == "ImplicitlyDenied"


def test_escalation_universes_split_on_many_star_patterns() -> None:
    arns = [f"arn:aws:iam::{ACCOUNT}:role/{'a' * 60}{n}" for n in range(300)]
    roles = Universe(arns, [ACCOUNT] * len(arns))
    assert _timed(lambda: roles.matching(f"arn:aws:iam::{ACCOUNT}:role/{MANY_STARS}")) == 0
    everything = _timed(lambda: roles.split(roles.all, [f"arn:aws:iam::*:role/{'*a' * 200}*"]))
    assert everything == [roles.all]


def test_policy_variables_parse_in_linear_time() -> None:
    """The default-value regular expression backtracked cubically on a run of spaces; the
    variable scan retried every ``${`` when none closes.
    """
    context = RequestContext({"aws:username": "alice"})
    spaces = "${aws:username" + " " * 20000 + "}"
    assert _timed(lambda: substitute(spaces, context)) == "alice"  # the key is stripped
    spaces_and_default = "${aws:username" + " " * 20000 + ", 'x'}"
    assert _timed(lambda: substitute(spaces_and_default, context)) == "alice"
    opened = "${" * 50000
    assert _timed(lambda: substitute(opened, context)) == opened
    assert _timed(lambda: unterminated(opened))
