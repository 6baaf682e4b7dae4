"""Amazon Athena: query results encrypted at rest."""

from __future__ import annotations

from ....snapshot.athena import AthenaWorkGroup
from ...check import Domain, Severity
from ..factories import flag_check

workgroup_results_encrypted = flag_check(
    id="athena.workgroup-results-encrypted",
    domain=Domain.DATA_PROTECTION,
    severity=Severity.MEDIUM,
    resource=AthenaWorkGroup,
    requires=("athena:GetWorkGroup",),
    is_ok=lambda group: group.results_encryption is not None,
    ok="query results are encrypted at rest",
    bad="the workgroup does not encrypt its query results",
    doc="""Athena workgroups encrypt their query results at rest.

    Athena writes every query's results, often a copy of the very data queried, to the
    workgroup's result location; a workgroup without an encryption setting leaves that to
    each client and the bucket's defaults (Security Hub Athena.1; Amazon Athena User Guide,
    "Encrypt Athena query results stored in Amazon S3"). `SSE_S3`, `SSE_KMS`, `CSE_KMS` and
    results Athena manages itself (always encrypted) pass. Setting
    `EnforceWorkGroupConfiguration` also stops clients from overriding it.

    Remediation: `aws athena update-work-group --work-group NAME --configuration-updates
    'ResultConfigurationUpdates={EncryptionConfiguration={EncryptionOption=SSE_KMS,KmsKey=KEY_ARN}},EnforceWorkGroupConfiguration=true'`;
    Terraform `configuration { result_configuration { encryption_configuration {
    encryption_option = "SSE_KMS" kms_key_arn = KEY_ARN } } }` on `aws_athena_workgroup`.
    """,
)
