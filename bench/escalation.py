"""Benchmark the privilege-escalation search on a synthetic account.

    python bench/escalation.py --principals 2000 --policies 10000
    python bench/escalation.py --principals 2000 --policies 10000 --escalating 0.5

Builds a snapshot in memory (no AWS, no moto): users and roles (half each), groups, customer
managed policies attached at random, role trust policies naming services, the account, single
users or another account. ``--escalating`` is the share of policies that hold some escalation
action (``iam:CreateAccessKey``, ``iam:PassRole`` with a service action, ``sts:AssumeRole``,
``iam:Attach*Policy`` ...), on ``*`` or on a narrower resource, sometimes under a condition; a
few policies are administrator policies and a few are Denies. Reports the wall time of
``escalation_paths`` and its CPU time (untraced; ``--trace`` times it under tracemalloc, whose
bookkeeping slows every allocation, and reports peak traced memory: see ``_timing.py``) and
how many principals can escalate.
"""

from __future__ import annotations

import argparse
import random
from datetime import UTC, datetime
from typing import Any

from _timing import add_trace_option, measure

from incloud.evaluate.iam.escalation import escalation_paths
from incloud.snapshot import Account, Snapshot
from incloud.snapshot.iam import IamGroup, IamPolicy, IamRole, IamUser

ACCOUNT = "123456789012"
IAM = f"arn:aws:iam::{ACCOUNT}"
SERVICES = ["s3", "ec2", "kms", "lambda", "dynamodb", "sqs", "sns", "logs", "rds", "glue"]
ESCALATIONS: list[list[str]] = [
    ["iam:CreateAccessKey"],
    ["iam:CreateLoginProfile"],
    ["iam:UpdateLoginProfile"],
    ["iam:AttachUserPolicy"],
    ["iam:PutRolePolicy"],
    ["iam:CreatePolicyVersion"],
    ["iam:AddUserToGroup"],
    ["iam:UpdateAssumeRolePolicy", "sts:AssumeRole"],
    ["sts:AssumeRole"],
    ["iam:PassRole", "ec2:RunInstances"],
    ["iam:PassRole", "lambda:CreateFunction", "lambda:InvokeFunction"],
    ["iam:PassRole", "cloudformation:CreateStack"],
    ["lambda:UpdateFunctionCode"],
    ["ssm:SendCommand"],
]
TRUSTED_SERVICES = ["ec2.amazonaws.com", "lambda.amazonaws.com", "cloudformation.amazonaws.com"]


def _document(rng: random.Random, n: int, escalating: float, principals: int) -> dict[str, Any]:
    draw = rng.random()
    statements: list[dict[str, Any]]
    if n % 500 == 0:
        statements = [{"Effect": "Allow", "Action": "*", "Resource": "*"}]
    elif n % 97 == 0:
        statements = [{"Effect": "Deny", "Action": "iam:*", "Resource": "*"}]
    elif draw < escalating:
        actions = rng.choice(ESCALATIONS)
        shape = rng.random()
        if shape < 0.5:
            resource: str | list[str] = "*"
        elif shape < 0.8:
            resource = [f"{IAM}:user/u{rng.randrange(principals)}", f"{IAM}:role/r*"]
        else:
            resource = f"{IAM}:*/team-{rng.randrange(20)}-*"
        statement: dict[str, Any] = {"Effect": "Allow", "Action": actions, "Resource": resource}
        if rng.random() < 0.2:
            statement["Condition"] = {"Bool": {"aws:MultiFactorAuthPresent": "true"}}
        statements = [statement]
    else:
        service = rng.choice(SERVICES)
        statements = [
            {
                "Effect": "Allow",
                "Action": [f"{service}:Get*", f"{service}:List*", f"{service}:Describe*"],
                "Resource": "*",
            }
        ]
    return {"Version": "2012-10-17", "Statement": statements}


def _trust(rng: random.Random, n: int, users: int) -> dict[str, Any]:
    draw = rng.random()
    principal: dict[str, Any]
    if draw < 0.4:
        principal = {"Service": rng.choice(TRUSTED_SERVICES)}
    elif draw < 0.7:
        principal = {"AWS": f"arn:aws:iam::{ACCOUNT}:root"}
    elif draw < 0.9:
        principal = {"AWS": f"{IAM}:user/u{rng.randrange(users)}"}
    else:
        principal = {"AWS": "arn:aws:iam::210987654321:root"}
    statement = {"Effect": "Allow", "Principal": principal, "Action": "sts:AssumeRole"}
    return {"Version": "2012-10-17", "Statement": [statement]}


def build(principals: int, policies: int, escalating: float, seed: int = 7) -> Snapshot:
    """A synthetic account with ``principals`` users and roles and ``policies`` policies."""
    rng = random.Random(seed)
    managed = [
        IamPolicy(
            arn=f"{IAM}:policy/p{n}",
            name=f"p{n}",
            account_id=ACCOUNT,
            region="global",
            document=_document(rng, n, escalating, principals),
            version_count=1 + (n % 7 == 0),
        )
        for n in range(policies)
    ]
    per_principal = max(1, policies // principals)
    groups = [
        IamGroup(
            arn=f"{IAM}:group/g{n}",
            name=f"g{n}",
            account_id=ACCOUNT,
            region="global",
            attached_policy_arns=tuple(rng.choice(managed).arn for _ in range(3)),
        )
        for n in range(max(1, principals // 40))
    ]
    users = principals // 2
    user_models = [
        IamUser(
            arn=f"{IAM}:user/u{n}",
            name=f"u{n}",
            account_id=ACCOUNT,
            region="global",
            groups=(rng.choice(groups).name,),
            password_enabled=rng.random() < 0.5,
            attached_policy_arns=tuple(rng.choice(managed).arn for _ in range(per_principal)),
        )
        for n in range(users)
    ]
    role_models = [
        IamRole(
            arn=f"{IAM}:role/r{n}",
            name=f"r{n}",
            account_id=ACCOUNT,
            region="global",
            trust_policy=_trust(rng, n, users),
            instance_profile_arns=(f"{IAM}:instance-profile/r{n}",) if n % 3 == 0 else (),
            attached_policy_arns=tuple(rng.choice(managed).arn for _ in range(per_principal)),
        )
        for n in range(principals - users)
    ]
    return Snapshot(
        collected_at=datetime.now(UTC),
        accounts=(Account(account_id=ACCOUNT),),
        resources=(*managed, *groups, *user_models, *role_models),
    )


def main() -> None:
    """Build the account, time the search, print the numbers."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--principals", type=int, default=2000)
    parser.add_argument("--policies", type=int, default=10000)
    parser.add_argument("--escalating", type=float, default=0.05)
    add_trace_option(parser)
    args = parser.parse_args()
    snapshot = build(args.principals, args.policies, args.escalating)
    paths, timing = measure(lambda: escalation_paths(snapshot), trace=args.trace)
    longest = max((len(p.steps) for p in paths.values()), default=0)
    print(
        f"{args.principals} principals, {args.policies} policies, "
        f"{args.escalating:.0%} escalating policies"
    )
    print(timing.line("escalation_paths"))
    print(f"principals that can escalate: {len(paths)} (longest path {longest} steps)")


if __name__ == "__main__":
    main()
