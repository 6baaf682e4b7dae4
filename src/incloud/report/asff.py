"""The assessment in the AWS Security Finding Format (ASFF): what AWS Security Hub imports.

Sources (AWS Security Hub User Guide, "AWS Security Finding Format (ASFF)" and "Required
top-level ASFF attributes"; Security Hub API Reference, ``AwsSecurityFinding``,
``BatchImportFindings``; the length limits below are the API Reference's, as botocore's
``securityhub`` model carries them):

* every finding has the required attributes ``AwsAccountId``, ``CreatedAt``, ``Description``,
  ``GeneratorId``, ``Id``, ``ProductArn``, ``Resources``, ``SchemaVersion`` (``2018-10-08``),
  ``Severity``, ``Title``, ``Types`` and ``UpdatedAt``;
* ``Id`` is the finding's stable ``uid`` (the same check on the same resource has the same id in
  every scan, so a later import updates the finding instead of adding one), ``GeneratorId`` is
  ``incloud/<check id>``;
* ``ProductArn`` is a custom integration's default product,
  ``arn:<partition>:securityhub:<region>:<account>:product/<account>/default`` (User Guide,
  "Using custom product integrations to send findings to Security Hub"): the account is the
  finding's own, since ``BatchImportFindings`` with the default product ARN must be called by
  the account in ``AwsAccountId``;
* Security Hub is regional: a finding about a global resource (IAM, account settings: region
  ``global`` in incloud) is placed in the account's first scanned region. ``ProductArn`` names
  the region the finding belongs in; :func:`asff_finding` takes the region to import into
  instead (``incloud export securityhub --region``).

Verdicts become ``Compliance.Status``: ``fail`` FAILED, ``pass`` PASSED, ``unknown``
NOT_AVAILABLE (never PASSED: the input could not be read), ``not_applicable`` NOT_AVAILABLE;
both NOT_AVAILABLE carry the reason in ``StatusReasons``. ``Workflow.Status`` is NEW for
failing and unknown findings, SUPPRESSED for muted ones (the mutelist entry in ``Note`` and
``ProductFields``; an expired entry that matches a finding mutes nothing and is named in
``ProductFields`` ``incloud/mute_expired``), RESOLVED for passing ones (as Security Hub does
for its own PASSED control findings). ``RecordState`` is ACTIVE, except for
``not_applicable`` findings, which are ARCHIVED, as Security Hub archives control findings
whose evaluation is NOT_APPLICABLE (User Guide, "Evaluating compliance status and control
status").

Every text field is cut to its limit. Account text is hostile: JSON escapes what it must, and
:func:`.inert.inert_json` escapes the rest (control, bidi and format characters).
"""

from __future__ import annotations

import functools
import json
from datetime import UTC, datetime
from typing import Any, get_args

from ..assessment import Assessment
from ..evaluate.check import Domain, Severity, Verdict, all_checks
from ..evaluate.finding import Finding
from ..snapshot import GLOBAL, Account, Resource
from .inert import inert_json
from .junit import expired_note

SCHEMA_VERSION = "2018-10-08"
"""The only ASFF schema version."""

MUTELIST_AUTHOR = "incloud mutelist"
"""``Note.UpdatedBy`` of a finding suppressed for a mutelist entry (the export reopens such a
finding when the entry no longer silences it)."""

GENERATOR_PREFIX = "incloud/"
"""``GeneratorId`` is this and the check id; the export finds its earlier findings by it."""

# Length limits (API Reference, AwsSecurityFinding and its members).
TITLE_MAX = 256
DESCRIPTION_MAX = 1024
ID_MAX = 512
"""``Id`` and ``GeneratorId``."""
RECOMMENDATION_MAX = 512
"""``Remediation.Recommendation.Text``."""
NOTE_MAX = 512
"""``Note.Text``."""
FIELD_KEY_MAX, FIELD_VALUE_MAX = 128, 2048
"""``ProductFields``: at most 50 pairs, keys of 128 characters, values of 2048."""
SEVERITY_ORIGINAL_MAX = 64
RESOURCE_TYPE_MAX = 256
REGION_MAX = 16
"""``Resources[].Region``."""
REASON_MAX = 1024
"""``Compliance.StatusReasons[].Description``: no limit documented; cut like ``Description``."""
RESOURCE_ID_MAX = 2048
"""``Resources[].Id``: no limit documented; cut so one finding stays far below the 240 KB
``BatchImportFindings`` accepts per finding."""

SEVERITY_LABELS = {
    Severity.CRITICAL: "CRITICAL",
    Severity.HIGH: "HIGH",
    Severity.MEDIUM: "MEDIUM",
    Severity.LOW: "LOW",
    Severity.INFO: "INFORMATIONAL",
}
"""incloud severity -> ``Severity.Label``."""

COMPLIANCE_STATUS = {
    Verdict.FAIL: "FAILED",
    Verdict.PASS: "PASSED",
    Verdict.UNKNOWN: "NOT_AVAILABLE",
    Verdict.NOT_APPLICABLE: "NOT_AVAILABLE",
}
"""incloud verdict -> ``Compliance.Status`` (``unknown`` is never PASSED)."""

REASON_CODES = {Verdict.UNKNOWN: "NOT_COLLECTED", Verdict.NOT_APPLICABLE: "NOT_APPLICABLE"}
"""``Compliance.StatusReasons[].ReasonCode`` of the NOT_AVAILABLE verdicts."""

BEST_PRACTICES = "Software and Configuration Checks/AWS Security Best Practices"
STANDARDS = "Software and Configuration Checks/Industry and Regulatory Standards"
TYPES = {
    Domain.DATA_PROTECTION: BEST_PRACTICES,
    Domain.IDENTITY: BEST_PRACTICES,
    Domain.NETWORK: BEST_PRACTICES,
    Domain.APPLICATION: BEST_PRACTICES,
    Domain.COMPLIANCE: STANDARDS,
}
"""The check's domain -> its ``Types`` entry (namespace/category of the ASFF types taxonomy)."""

RESOURCE_TYPES = {
    "acm.certificate": "AwsCertificateManagerCertificate",
    "apigateway.rest-api": "AwsApiGatewayRestApi",
    "apigateway.stage": "AwsApiGatewayStage",
    "cloudfront.distribution": "AwsCloudFrontDistribution",
    "cloudtrail.trail": "AwsCloudTrailTrail",
    "dms.endpoint": "AwsDmsEndpoint",
    "dms.replication-instance": "AwsDmsReplicationInstance",
    "dms.replication-task": "AwsDmsReplicationTask",
    "docdb.cluster": "AwsRdsDbCluster",
    "docdb.cluster-snapshot": "AwsRdsDbClusterSnapshot",
    "dynamodb.table": "AwsDynamoDbTable",
    "ec2.elastic-ip": "AwsEc2Eip",
    "ec2.instance": "AwsEc2Instance",
    "ec2.launch-template": "AwsEc2LaunchTemplate",
    "ec2.network-acl": "AwsEc2NetworkAcl",
    "ec2.security-group": "AwsEc2SecurityGroup",
    "ec2.subnet": "AwsEc2Subnet",
    "ec2.volume": "AwsEc2Volume",
    "ec2.vpc": "AwsEc2Vpc",
    "ecr.repository": "AwsEcrRepository",
    "ecs.task-definition": "AwsEcsTaskDefinition",
    "eks.cluster": "AwsEksCluster",
    "elasticloadbalancing.load-balancer": "AwsElbv2LoadBalancer",
    "es.domain": "AwsOpenSearchServiceDomain",
    "iam.group": "AwsIamGroup",
    "iam.policy": "AwsIamPolicy",
    "iam.role": "AwsIamRole",
    "iam.user": "AwsIamUser",
    "kms.key": "AwsKmsKey",
    "lambda.function": "AwsLambdaFunction",
    "neptune.cluster": "AwsRdsDbCluster",
    "neptune.cluster-snapshot": "AwsRdsDbClusterSnapshot",
    "network-firewall.firewall": "AwsNetworkFirewallFirewall",
    "network-firewall.firewall-policy": "AwsNetworkFirewallFirewallPolicy",
    "network-firewall.stateless-rule-group": "AwsNetworkFirewallRuleGroup",
    "rds.cluster": "AwsRdsDbCluster",
    "rds.instance": "AwsRdsDbInstance",
    "rds.snapshot": "AwsRdsDbSnapshot",
    "redshift.cluster": "AwsRedshiftCluster",
    "s3.account": "AwsS3AccountPublicAccessBlock",
    "s3.bucket": "AwsS3Bucket",
    "secretsmanager.secret": "AwsSecretsManagerSecret",
    "sns.topic": "AwsSnsTopic",
    "sqs.queue": "AwsSqsQueue",
}
"""Snapshot kind -> the ASFF resource type (``Resources[].Type``, one of the types the ASFF
``ResourceDetails`` object names). Kinds without one (account and region settings, EC2 images
and snapshots, listeners, log groups, ...) are ``Other``, as the ASFF asks."""

OTHER = "Other"

PARTITIONS = frozenset({"aws", "aws-cn", "aws-us-gov", "aws-us-iso", "aws-us-iso-b"})
"""``Resources[].Partition`` values the API accepts for AWS."""

DEFAULT_REGIONS = {"aws": "us-east-1", "aws-cn": "cn-north-1", "aws-us-gov": "us-gov-west-1"}
"""Where a global finding goes when the report lists no region for its account."""


def render(assessment: Assessment, *, color: bool = False, width: int | None = None) -> str:
    """Every finding of ``assessment`` as an ASFF JSON array, inert, ending in a newline
    (``color`` and ``width`` are ignored).
    """
    accounts = {account.account_id: account for account in assessment.accounts}
    findings = [
        asff_finding(
            finding,
            accounts.get(finding.account) or Account(account_id=finding.account),
            collected_at=assessment.collected_at,
            version=assessment.incloud_version,
        )
        for finding in assessment.findings
    ]
    return dumps(findings)


def dumps(document: Any) -> str:
    """``document`` as indented JSON, inert (:func:`.inert.inert_json`), ending in a newline."""
    return inert_json(json.dumps(document, indent=2, ensure_ascii=False)) + "\n"


def asff_finding(
    finding: Finding,
    account: Account,
    *,
    collected_at: datetime,
    version: str,
    region: str | None = None,
) -> dict[str, Any]:
    """``finding`` (of ``account``) as one ASFF finding, observed at ``collected_at`` by incloud
    ``version``. ``region`` is the Security Hub region it is for (``ProductArn``, and where a
    global resource is placed); by default the finding's own, or the account's first region
    for a global one.
    """
    hub_region = region or home_region(finding, account)
    stamp = timestamp(collected_at)
    types = [TYPES[finding.domain]]
    severity = {
        "Label": SEVERITY_LABELS[finding.severity],
        "Original": cut(finding.severity.value, SEVERITY_ORIGINAL_MAX),
    }
    document: dict[str, Any] = {
        "SchemaVersion": SCHEMA_VERSION,
        "Id": cut(finding.uid, ID_MAX),
        "ProductArn": product_arn(account.partition, hub_region, finding.account),
        "GeneratorId": cut(GENERATOR_PREFIX + finding.check_id, ID_MAX),
        "AwsAccountId": finding.account,
        "Types": types,
        "CreatedAt": stamp,
        "UpdatedAt": stamp,
        "FirstObservedAt": stamp,
        "LastObservedAt": stamp,
        "Severity": severity,
        "FindingProviderFields": {"Severity": dict(severity), "Types": list(types)},
        "Title": cut(finding.title or finding.check_id, TITLE_MAX),
        "Description": cut(finding.reason or finding.title or finding.check_id, DESCRIPTION_MAX),
        "ProductFields": product_fields(finding, version),
        "Resources": [_resource(finding, account, hub_region)],
        "Compliance": _compliance(finding),
        "Workflow": {"Status": workflow_status(finding)},
        "RecordState": "ARCHIVED" if finding.verdict is Verdict.NOT_APPLICABLE else "ACTIVE",
    }
    if finding.remediation:
        document["Remediation"] = {
            "Recommendation": {"Text": cut(finding.remediation, RECOMMENDATION_MAX)}
        }
    if finding.muted is not None and finding.verdict in (Verdict.FAIL, Verdict.UNKNOWN):
        document["Note"] = {
            "Text": cut(mute_note(finding), NOTE_MAX),
            "UpdatedBy": MUTELIST_AUTHOR,
            "UpdatedAt": stamp,
        }
    return document


def workflow_status(finding: Finding) -> str:
    """``Workflow.Status`` of a new finding: RESOLVED when it passes or does not apply,
    SUPPRESSED when a mutelist entry silenced it, else NEW.
    """
    if finding.verdict in (Verdict.PASS, Verdict.NOT_APPLICABLE):
        return "RESOLVED"
    return "SUPPRESSED" if finding.muted is not None else "NEW"


def mute_note(finding: Finding) -> str:
    """Why a muted finding is suppressed: its mutelist entry's reason, owner, ticket, expiry."""
    mute = finding.muted
    if mute is None:
        return ""
    ticket = f", ticket {mute.ticket}" if mute.ticket else ""
    return (
        f"Muted by incloud mutelist entry {mute.entry}: {mute.reason} "
        f"(owner {mute.owner}{ticket}, expires {mute.expires.isoformat()})"
    )


def product_fields(finding: Finding, version: str) -> dict[str, str]:
    """The details incloud adds (``ProductFields``): check, verdict, where, and the mute."""
    fields = {
        "incloud/check_id": finding.check_id,
        "incloud/verdict": finding.verdict.value,
        "incloud/service": finding.service,
        "incloud/domain": finding.domain.value,
        "incloud/level": finding.level.value,
        "incloud/region": finding.region,
        "incloud/resource_name": finding.resource_name,
        "incloud/version": version,
    }
    if finding.muted is not None:
        fields |= {
            "incloud/muted_entry": str(finding.muted.entry),
            "incloud/muted_reason": finding.muted.reason,
            "incloud/muted_owner": finding.muted.owner,
            "incloud/muted_ticket": finding.muted.ticket or "",
            "incloud/muted_expires": finding.muted.expires.isoformat(),
        }
    if finding.mute_expired is not None:
        fields["incloud/mute_expired"] = expired_note(finding.mute_expired)
    return {
        cut(key, FIELD_KEY_MAX): cut(value, FIELD_VALUE_MAX)
        for key, value in fields.items()
        if value
    }


def product_arn(partition: str, region: str, account: str) -> str:
    """The default product ARN of a custom integration in ``account`` and ``region``."""
    return f"arn:{partition}:securityhub:{region}:{account}:product/{account}/default"


def home_region(finding: Finding, account: Account) -> str:
    """The region a finding belongs in: its own, or the account's first region for a global
    resource (Security Hub is regional).
    """
    if finding.region not in (GLOBAL, ""):
        return finding.region
    if account.regions:
        return account.regions[0]
    return DEFAULT_REGIONS.get(account.partition, "us-east-1")


def timestamp(moment: datetime) -> str:
    """``moment`` as an ASFF timestamp: RFC 3339 in UTC with milliseconds
    (``2026-11-01T00:00:00.000Z``); a naive time is taken as UTC.
    """
    aware = moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
    return aware.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


def cut(text: str, limit: int) -> str:
    """``text`` shortened to ``limit`` characters (ending in ``...`` when it was cut)."""
    return text if len(text) <= limit else text[: limit - 3] + "..."


def resource_type(check_id: str, resource: str) -> str:
    """The ASFF resource type of what ``check_id`` judges (``Other`` when none fits).

    A check that judges a shared base (``IamPrincipal``: users and roles) is told apart by
    the resource's ARN (``:user/``, ``:role/``). A finding on an inventory that could not be
    listed names ``account/region``, not a resource: ``Other``.
    """
    if not resource.startswith("arn:"):
        return OTHER
    kinds = _kinds_by_check().get(check_id, ())
    if len(kinds) > 1:
        kinds = tuple(k for k in kinds if f":{k.split('.', 1)[1]}/" in resource)
    kind = kinds[0] if len(kinds) == 1 else ""
    if kind == "rds.snapshot" and ":cluster-snapshot:" in resource:
        return "AwsRdsDbClusterSnapshot"
    return RESOURCE_TYPES.get(kind, OTHER)


@functools.cache
def _kinds_by_check() -> dict[str, tuple[str, ...]]:
    """Check id -> the snapshot kinds it judges (several for a shared base class)."""
    return {check_id: _kinds(check.resource) for check_id, check in all_checks().items()}


def _kinds(model: type[Resource]) -> tuple[str, ...]:
    own = get_args(model.model_fields["kind"].annotation)
    if own:
        return tuple(str(kind) for kind in own)
    return tuple(kind for sub in model.__subclasses__() for kind in _kinds(sub))


def _resource(finding: Finding, account: Account, hub_region: str) -> dict[str, str]:
    region = hub_region if finding.region in (GLOBAL, "") else finding.region
    resource = {
        "Type": cut(resource_type(finding.check_id, finding.resource), RESOURCE_TYPE_MAX),
        "Id": cut(finding.resource or finding.account, RESOURCE_ID_MAX),
        "Region": cut(region, REGION_MAX),
    }
    if account.partition in PARTITIONS:
        resource["Partition"] = account.partition
    return resource


def _compliance(finding: Finding) -> dict[str, Any]:
    compliance: dict[str, Any] = {"Status": COMPLIANCE_STATUS[finding.verdict]}
    code = REASON_CODES.get(finding.verdict)
    if code is not None:
        compliance["StatusReasons"] = [
            {"ReasonCode": code, "Description": cut(finding.reason or code, REASON_MAX)}
        ]
    return compliance
