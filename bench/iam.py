"""Benchmark the IAM administrator analysis on a synthetic account.

    python bench/iam.py --roles 5000 --policies 2000 --attachments 20000

Builds a snapshot in memory (no AWS, no moto), then evaluates the administrator and ``*:*``
checks over every role; reports wall time and peak traced memory.
"""

from __future__ import annotations

import argparse
import random
import time
import tracemalloc
from datetime import UTC, datetime

from incloud.evaluate import Verdict, all_checks, evaluate
from incloud.snapshot import Account, Snapshot
from incloud.snapshot.iam import IamPolicy, IamRole

ACCOUNT = "123456789012"
SERVICES = ["s3", "ec2", "iam", "kms", "lambda", "dynamodb", "sqs", "sns", "logs", "rds"]


def _document(rng: random.Random, n: int) -> dict[str, object]:
    kind = n % 10
    statement: dict[str, object]
    if kind == 0:
        statement = {"Effect": "Allow", "Action": "*", "Resource": "*"}
    elif kind == 1:
        statement = {"Effect": "Allow", "NotAction": ["iam:*", "organizations:*"], "Resource": "*"}
    elif kind == 2:
        statement = {"Effect": "Deny", "Action": f"{rng.choice(SERVICES)}:Delete*", "Resource": "*"}
    else:
        service = rng.choice(SERVICES)
        statement = {
            "Effect": "Allow",
            "Action": [f"{service}:Get*", f"{service}:List*", f"{service}:Describe*"],
            "Resource": "*" if kind % 2 else f"arn:aws:{service}:::thing-{n}/*",
        }
    return {"Version": "2012-10-17", "Statement": [statement]}


def build(roles: int, policies: int, attachments: int, seed: int = 7) -> Snapshot:
    rng = random.Random(seed)
    managed = [
        IamPolicy(
            arn=f"arn:aws:iam::{ACCOUNT}:policy/p{n}",
            name=f"p{n}",
            account_id=ACCOUNT,
            region="global",
            document=_document(rng, n),
        )
        for n in range(policies)
    ]
    per_role = max(1, attachments // roles)
    role_models = [
        IamRole(
            arn=f"arn:aws:iam::{ACCOUNT}:role/r{n}",
            name=f"r{n}",
            account_id=ACCOUNT,
            region="global",
            attached_policy_arns=tuple(rng.choice(managed).arn for _ in range(per_role)),
        )
        for n in range(roles)
    ]
    return Snapshot(
        collected_at=datetime.now(UTC),
        accounts=(Account(account_id=ACCOUNT),),
        resources=(*managed, *role_models),
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--roles", type=int, default=5000)
    parser.add_argument("--policies", type=int, default=2000)
    parser.add_argument("--attachments", type=int, default=20000)
    parser.add_argument(
        "--escalation", action="store_true", help="Time the privilege-escalation paths instead."
    )
    args = parser.parse_args()
    snapshot = build(args.roles, args.policies, args.attachments)
    names: tuple[str, ...] = ("iam.role-not-full-admin", "iam.policy-no-star-star")
    if args.escalation:
        names = ("iam.privilege-escalation",)
    checks = [all_checks()[c] for c in names]
    tracemalloc.start()
    started = time.perf_counter()
    assessment = evaluate(snapshot, checks)
    seconds = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    admins = sum(1 for f in assessment.findings if f.verdict is Verdict.FAIL)
    print(f"{args.roles} roles, {args.policies} policies, {args.attachments} attachments")
    print(f"evaluate: {seconds:.2f}s, peak traced memory {peak / 2**20:.0f} MiB")
    print(f"failing principals ({', '.join(names)}): {admins}")


if __name__ == "__main__":
    main()
