"""Detection and recording in the demo account: AWS Config, GuardDuty, Security Hub and AWS
Backup, switched on in the main region and forgotten in the European one.

Deliberate misconfigurations: the incloud check each should fail, then the Security Hub
control(s) it corresponds to.

  - eu-west-1 has no configuration recorder -> config.recorder-enabled; Config.1
  - eu-west-1 has no GuardDuty detector -> guardduty.enabled; GuardDuty.1
  - eu-west-1 has Security Hub off -> securityhub.enabled
  - eu-west-1 has no backup plan for ``eu-scratch`` (an encrypted EBS volume) ->
    backup.data-stores-covered
  Fine: us-east-1 records every resource type (global ones included) and delivers to the log
  bucket, and runs an enabled GuardDuty detector.

moto facts: moto has no ``securityhub:GetEnabledStandards``, so us-east-1's Security Hub
(enabled with the default standards) is unknown, never a pass; and no AWS Backup selections
at all (``CreateBackupSelection`` and the selection reads are missing), so the
``northwind-daily`` plan in us-east-1 assigns nothing the scan can see and the region's
coverage is unknown.
"""

from __future__ import annotations

from ._common import ACCOUNT_ID, EU_REGION, LOG_BUCKET, _Seeder, _spec

CONFIG_ROLE = (
    f"arn:aws:iam::{ACCOUNT_ID}:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig"
)
BACKUP_ROLE = f"arn:aws:iam::{ACCOUNT_ID}:role/service-role/AWSBackupDefaultServiceRole"
_COMPANY_TAGS = {"company": "northwind-notes"}


def seed_detection(s: _Seeder) -> None:
    """Turn on Config, GuardDuty, Security Hub and a backup plan in the main region only, and
    leave a volume in eu-west-1 outside any plan.

    Needs :func:`.storage.seed_s3` (the log bucket receives Config's deliveries).
    """
    config = s("config")
    config.put_configuration_recorder(
        ConfigurationRecorder={
            "name": "default",
            "roleARN": CONFIG_ROLE,
            "recordingGroup": {"allSupported": True, "includeGlobalResourceTypes": True},
        }
    )
    config.put_delivery_channel(
        DeliveryChannel={"name": "default", "s3BucketName": LOG_BUCKET, "s3KeyPrefix": "config"}
    )
    config.start_configuration_recorder(ConfigurationRecorderName="default")
    s("guardduty").create_detector(Enable=True, Tags=_COMPANY_TAGS)
    s("securityhub").enable_security_hub(EnableDefaultStandards=True, Tags=_COMPANY_TAGS)
    s("backup").create_backup_plan(
        BackupPlan={
            "BackupPlanName": "northwind-daily",
            "Rules": [
                {
                    "RuleName": "daily-35-days",
                    "TargetBackupVaultName": "Default",
                    "ScheduleExpression": "cron(0 5 ? * * *)",
                    "Lifecycle": {"DeleteAfterDays": 35},
                }
            ],
        },
        BackupPlanTags=_COMPANY_TAGS,
    )
    s("ec2", EU_REGION).create_volume(
        AvailabilityZone=f"{EU_REGION}a",
        Size=20,
        VolumeType="gp3",
        Encrypted=True,
        TagSpecifications=_spec("volume", "eu-scratch"),
    )
