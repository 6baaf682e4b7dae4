"""AWS Config: a recorder of every resource type in every scanned region."""

from __future__ import annotations

from ....snapshot.config import ConfigRegion
from ...check import Domain, Outcome, Severity, check, failed, passed, unknown
from ...context import Context

CONFIG_READS = (
    "config:DescribeConfigurationRecorders",
    "config:DescribeConfigurationRecorderStatus",
    "config:DescribeDeliveryChannels",
)


@check(
    id="config.recorder-enabled",
    domain=Domain.COMPLIANCE,
    severity=Severity.MEDIUM,
    resource=ConfigRegion,
    requires=CONFIG_READS,
)
def recorder_enabled(region: ConfigRegion, ctx: Context) -> Outcome:
    """AWS Config records every resource type in the region and delivers what it records.

    Config keeps the history of each resource's configuration: what a security group
    allowed last Tuesday, when a bucket became public. Investigations, Security Hub's
    controls and most audit frameworks depend on it (CIS 3.3 in v3.0 / 3.5 in v1.x,
    Security Hub Config.1). Each region needs a recorder that is recording, records all
    supported resource types without exclusions (the "all resource types" strategy), has
    not failed its last delivery, and has a delivery channel. Global resource types (IAM
    users, roles, groups, policies) need recording in one region only, to avoid duplicate
    configuration items (AWS Config Developer Guide, "Recording global resource types"):
    a region passes when it or another scanned region of the account records them.

    Remediation: `aws configservice put-configuration-recorder --configuration-recorder
    name=default,roleARN=ROLE_ARN --recording-group
    allSupported=true,includeGlobalResourceTypes=true` (global types in one region only),
    `aws configservice put-delivery-channel --delivery-channel
    name=default,s3BucketName=BUCKET`, then `aws configservice
    start-configuration-recorder --configuration-recorder-name default`; Terraform
    `aws_config_configuration_recorder` with `recording_group { all_supported = true }`,
    `aws_config_delivery_channel` and `aws_config_configuration_recorder_status`.
    """
    if not region.recorders:
        return failed(f"no configuration recorder in {region.region}")
    problems: list[str] = []
    recording = [r for r in region.recorders if r.recording]
    complete = [r for r in recording if r.records_all_types]
    healthy = [r for r in complete if r.last_status != "FAILURE"]
    if not recording:
        problems.append("the recorder is stopped")
    elif not complete:
        partial = recording[0]
        problems.append(
            "the recorder records only some resource types "
            f"(strategy {partial.recording_strategy or 'resource type list'})"
        )
    elif not healthy:
        problems.append(f"the recorder's last delivery failed ({complete[0].last_error_code})")
    if not region.delivery_channels:
        problems.append("no delivery channel: recorded changes are not delivered")
    evidence = {
        "recorders": [r.name for r in region.recorders],
        "delivery_channels": [c.name for c in region.delivery_channels],
    }
    if problems:
        return failed("; ".join(problems), **evidence)
    if region.records_global_types:
        return passed("recording all resource types, global ones included", **evidence)
    elsewhere = sorted(
        r.region
        for r in ctx.resources(ConfigRegion, account_id=region.account_id)
        if r.records_global_types
    )
    if elsewhere:
        return passed(
            f"recording all resource types; global ones are recorded in {', '.join(elsewhere)}",
            **evidence,
        )
    unread = [
        g.describe()
        for action in CONFIG_READS
        for g in ctx.gaps(action)
        if g.account_id == region.account_id
    ]
    if unread:
        return unknown(
            "global resource types are recorded in no region read, and some regions could "
            "not be read: " + "; ".join(unread)
        )
    return failed(
        "no scanned region records global resource types (IAM): turn them on in one region",
        **evidence,
    )
