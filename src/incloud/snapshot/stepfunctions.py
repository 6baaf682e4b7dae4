"""AWS Step Functions (IAM prefix ``states``): state machines and their logging."""

from __future__ import annotations

from typing import ClassVar, Literal

from .base import Resource


class StateMachine(Resource):
    """A state machine. ``log_level`` is its execution history logging level (``ALL``,
    ``ERROR``, ``FATAL`` or ``OFF``; a machine described without a logging configuration
    logs nothing; None when it could not be described).
    """

    kind: Literal["states.state-machine"] = "states.state-machine"
    machine_type: str
    """``STANDARD`` or ``EXPRESS``."""
    log_level: str | None = None

    service: ClassVar[str] = "states"
    listed_by: ClassVar[tuple[str, ...]] = ("stepfunctions:ListStateMachines",)
