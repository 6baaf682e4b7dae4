"""SageMaker AI notebook instances: no root access for notebook users."""

from __future__ import annotations

from ....snapshot.sagemaker import SageMakerNotebook
from ...check import Domain, Severity
from ..factories import flag_check

notebook_no_root_access = flag_check(
    id="sagemaker.notebook-no-root-access",
    domain=Domain.APPLICATION,
    severity=Severity.HIGH,
    resource=SageMakerNotebook,
    requires=("sagemaker:DescribeNotebookInstance",),
    is_ok=lambda n: None if n.root_access is None else not n.root_access,
    ok="root access is disabled for notebook users",
    bad="root access is enabled: every notebook user can become root on the instance",
    unread="the notebook instance was not described",
    doc="""Notebook instances do not give their users root access.

    With root access a notebook user can change the instance's software, read every other
    user's files, and tamper with the lifecycle scripts and logging; it is on unless turned
    off (Security Hub SageMaker.3; SageMaker developer guide, "Control root access to a
    SageMaker notebook instance"). Lifecycle configurations still run as root.

    Remediation: stop the instance, then `aws sagemaker update-notebook-instance
    --notebook-instance-name NAME --root-access Disabled` and start it; Terraform
    `root_access = "Disabled"` on `aws_sagemaker_notebook_instance`.
    """,
)
