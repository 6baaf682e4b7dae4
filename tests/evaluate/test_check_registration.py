"""``@check`` records each check's function name, documentation and declaring module, also
for the checks a factory makes in another module."""

from __future__ import annotations

import importlib
import types
from typing import Any

import pytest

from incloud.evaluate.check import Check, all_checks

check_module = importlib.import_module("incloud.evaluate.check")
"""The module (``incloud.evaluate.check`` the attribute is the decorator)."""

SCRATCH = '''
from incloud.evaluate.check import Domain, Severity, check, passed
from incloud.evaluate.checks.factories import flag_check, resource_policy_checks
from incloud.snapshot.sqs import SqsQueue

flagged = flag_check(
    id="sqs.scratch-flag",
    domain=Domain.DATA_PROTECTION,
    severity=Severity.LOW,
    resource=SqsQueue,
    is_ok=lambda queue: True,
    ok="fine",
    bad="not fine",
    doc="""Scratch queues are fine.

    Why it matters.

    Remediation: nothing.
    """,
)

public, trusted = resource_policy_checks(
    prefix="sqs.scratch",
    resource=SqsQueue,
    policy=lambda queue: queue.policy,
    requires=("sqs:GetQueueAttributes",),
)


@check(id="sqs.scratch-hand", domain=Domain.DATA_PROTECTION, severity=Severity.LOW,
       resource=SqsQueue)
def by_hand(queue, ctx):
    """Written by hand."""
    return passed("fine")


def register_later():
    return check(id="sqs.scratch-late", domain=Domain.DATA_PROTECTION, severity=Severity.LOW,
                 resource=SqsQueue, module="declared.elsewhere")(lambda queue, ctx: passed("x"))


late = register_later()
'''


@pytest.fixture
def registered(monkeypatch: pytest.MonkeyPatch) -> dict[str, Check[Any]]:
    """The checks the scratch module registers, in a registry of their own."""
    all_checks()  # the catalogue, imported by the factories, registers in the real one first
    registry: dict[str, Check[Any]] = {}
    monkeypatch.setattr(check_module, "_REGISTRY", registry)
    module = types.ModuleType("tests.evaluate.scratch_checks")
    exec(compile(SCRATCH, "scratch_checks.py", "exec"), module.__dict__)
    return registry


def test_checks_report_the_module_that_declares_them(registered: dict[str, Check[Any]]) -> None:
    assert sorted(registered) == [
        "sqs.scratch-flag",
        "sqs.scratch-hand",
        "sqs.scratch-late",
        "sqs.scratch-policy-not-public",
        "sqs.scratch-policy-trusted-accounts",
    ]
    declared = {check_id: item.module for check_id, item in registered.items()}
    assert declared.pop("sqs.scratch-late") == "declared.elsewhere"
    assert set(declared.values()) == {"tests.evaluate.scratch_checks"}
    for item in registered.values():
        assert item.fn.__module__ == item.module


def test_factories_name_and_document_through_check(registered: dict[str, Check[Any]]) -> None:
    flagged = registered["sqs.scratch-flag"]
    assert flagged.fn.__name__ == flagged.fn.__qualname__ == "sqs_scratch_flag"
    assert flagged.title == "Scratch queues are fine."
    assert flagged.remediation == "nothing."
    public = registered["sqs.scratch-policy-not-public"]
    assert public.fn.__name__ == "sqs_scratch_policy_not_public"
    assert public.title == "The scratch policy grants nothing to everyone."
    hand = registered["sqs.scratch-hand"]
    assert (hand.fn.__name__, hand.doc) == ("by_hand", "Written by hand.")


def test_a_duplicate_id_is_refused(registered: dict[str, Check[Any]]) -> None:
    with pytest.raises(ValueError, match=r"duplicate check id sqs\.scratch-flag"):
        exec(compile(SCRATCH, "scratch_checks.py", "exec"), {"__name__": "again"})
