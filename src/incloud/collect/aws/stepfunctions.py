"""AWS Step Functions collector: state machines (``ListStateMachines``), one
``DescribeStateMachine`` each for its logging configuration.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ...snapshot import Resource
from ...snapshot.stepfunctions import StateMachine
from ..registry import collector
from ..unit import Unit


@collector(
    service="stepfunctions",
    scope="regional",
    operations=("stepfunctions:ListStateMachines", "stepfunctions:DescribeStateMachine"),
)
def collect_stepfunctions(unit: Unit) -> Iterator[Resource]:
    """Every state machine in the region, with its logging level."""
    machines = unit.pages("list_state_machines", "stateMachines")
    yield from unit.fan_out(lambda raw: _machine(unit, raw), machines)


def _machine(unit: Unit, raw: dict[str, Any]) -> StateMachine:
    arn = raw["stateMachineArn"]  # stateMachineArn, name and type are required
    answer = unit.call("describe_state_machine", resource_arn=arn, stateMachineArn=arn)
    level = None
    if answer is not None:
        # A machine without a logging configuration logs nothing.
        level = answer.get("loggingConfiguration", {}).get("level", "OFF")
    return StateMachine(
        arn=arn,
        name=raw["name"],
        account_id=unit.account_id,
        region=unit.region,
        machine_type=raw["type"],
        log_level=level,
    )
