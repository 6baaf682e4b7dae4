"""AWS DMS task logging: source and target database components logged at the default
severity or more (Security Hub DMS.7, DMS.8).
"""

from __future__ import annotations

from ....snapshot.dms import ReplicationTask
from ...check import (
    CheckFn,
    Domain,
    Outcome,
    Severity,
    check,
    failed,
    passed,
    unknown,
)
from ...context import Context

ENOUGH = frozenset(
    {"LOGGER_SEVERITY_DEFAULT", "LOGGER_SEVERITY_DEBUG", "LOGGER_SEVERITY_DETAILED_DEBUG"}
)
"""Severities that record at least what ``LOGGER_SEVERITY_DEFAULT`` does (AWS Config's
``dms-replication-task-sourcedb-logging`` and ``-targetdb-logging``)."""


def _logging_check(
    *, id: str, components: tuple[str, ...], side: str, doc: str
) -> CheckFn[ReplicationTask]:
    """Register a check that passes when the task logs and each of ``components`` is set to
    a severity in :data:`ENOUGH` (a component the settings leave out logs only errors).
    """

    def judge(task: ReplicationTask, _: Context) -> Outcome:
        if task.logging_enabled is None:
            return unknown("the task's logging settings were not read")
        if not task.logging_enabled:
            return failed("task logging is off (Logging.EnableLogging false)")
        levels = {c: task.log_severity.get(c, "(not set)") for c in components}
        weak = sorted(c for c, level in levels.items() if level not in ENOUGH)
        if weak:
            return failed(
                f"{side} database components below the default severity: {', '.join(weak)}",
                severity=levels,
            )
        return passed(
            f"{side} database components logged at the default severity or more", severity=levels
        )

    return check(
        id=id,
        domain=Domain.COMPLIANCE,
        severity=Severity.MEDIUM,
        resource=ReplicationTask,
        name=id.replace(".", "_").replace("-", "_"),
        doc=doc,
    )(judge)


replication_task_source_logging = _logging_check(
    id="dms.replication-task-source-logging",
    components=("SOURCE_CAPTURE", "SOURCE_UNLOAD"),
    side="source",
    doc="""DMS replication tasks log reading from the source database.

    With task logging on and `SOURCE_CAPTURE` (change data capture) and `SOURCE_UNLOAD`
    (full load) at `LOGGER_SEVERITY_DEFAULT` or more, CloudWatch Logs records what the task
    read and every error it met, the trail of a migration that moved a whole database (DMS
    User Guide, "Logging task settings"; Security Hub DMS.8).

    Remediation: stop the task, then `aws dms modify-replication-task
    --replication-task-arn ARN --replication-task-settings
    '{"Logging":{"EnableLogging":true,"LogComponents":[{"Id":"SOURCE_CAPTURE","Severity":"LOGGER_SEVERITY_DEFAULT"},{"Id":"SOURCE_UNLOAD","Severity":"LOGGER_SEVERITY_DEFAULT"}]}}'`;
    Terraform: the same JSON in `replication_task_settings` on `aws_dms_replication_task`.
    """,
)


replication_task_target_logging = _logging_check(
    id="dms.replication-task-target-logging",
    components=("TARGET_APPLY", "TARGET_LOAD"),
    side="target",
    doc="""DMS replication tasks log writing to the target database.

    With task logging on and `TARGET_APPLY` (changes applied) and `TARGET_LOAD` (full load)
    at `LOGGER_SEVERITY_DEFAULT` or more, CloudWatch Logs records what the task wrote and
    every error it met (DMS User Guide, "Logging task settings"; Security Hub DMS.7).

    Remediation: stop the task, then `aws dms modify-replication-task
    --replication-task-arn ARN --replication-task-settings
    '{"Logging":{"EnableLogging":true,"LogComponents":[{"Id":"TARGET_APPLY","Severity":"LOGGER_SEVERITY_DEFAULT"},{"Id":"TARGET_LOAD","Severity":"LOGGER_SEVERITY_DEFAULT"}]}}'`;
    Terraform: the same JSON in `replication_task_settings` on `aws_dms_replication_task`.
    """,
)
