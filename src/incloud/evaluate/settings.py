"""What the user tells evaluation: their organisation (trusted accounts, break glass) and the
thresholds checks judge by.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, fields, replace
from functools import cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .iam.escalation.model import Sensitive


@dataclass(frozen=True)
class Settings:
    """Evaluation settings; the defaults trust only the accounts in the snapshot."""

    trusted_accounts: frozenset[str] = frozenset()
    """Accounts outside the snapshot that may be granted access (partners, your other
    organisation accounts)."""
    break_glass: frozenset[str] = frozenset()
    """ARNs (or names) of users and roles that are intended emergency administrators."""
    organisation_id: str | None = None
    """Your AWS Organizations id: ``aws:PrincipalOrgID`` conditions naming it are trusted."""
    ami_max_age_days: int = 180
    """How old a running instance's image may be before ec2.instance-ami-age fails."""
    image_function_max_age_days: int = 90
    """How long a Lambda function packaged as a container image may go without a new image
    deployed before lambda.image-function-rebuilt fails."""
    credentials_unused_days: int = 45
    """Passwords and access keys unused this long fail iam.credentials-unused."""
    access_key_max_age_days: int = 90
    """Active access keys older than this fail iam.access-key-rotated."""
    password_min_length: int = 14
    """The shortest minimum password length iam.password-policy-strong accepts."""
    password_reuse_prevention: int = 24
    """How many previous passwords the password policy must remember."""
    sensitive_permissions: tuple[Sensitive, ...] = ()
    """Permissions treated like administrator rights by the privilege-escalation check
    (``--sensitive ACTION[=RESOURCE]``, parsed once by ``escalation.Sensitive.parse``)."""
    log_retention_days: int = 365
    """The shortest CloudWatch Logs retention the log-retention check accepts."""
    role_unused_days: int = 90
    """Roles neither used nor created within this many days fail iam.role-recently-used."""
    root_quiet_days: int = 90
    """A root sign-in within this many days fails iam.root-not-used-recently."""
    root_key_recent_use_days: int = 90
    """A root access key that signed a request within this many days fails
    iam.root-access-keys-not-used-recently (the same default as ``root_quiet_days``)."""
    secret_max_age_days: int = 90
    """Secrets last rotated (or, never rotated, created) longer ago than this fail
    secretsmanager.rotated-recently; 90 is the default of the AWS Config rule behind Security
    Hub SecretsManager.4."""
    runtime_deprecation_warning_days: int = 90
    """How many days ahead lambda.runtime-deprecation-soon looks for a runtime's deprecation
    date."""
    rds_backup_retention_days: int = 7
    """The fewest days of automated backups rds.instance-backup-retention and
    rds.cluster-backup-retention accept; 7 as in Security Hub RDS.11 and AWS Config's
    ``db-instance-backup-enabled``."""
    neptune_backup_retention_days: int = 7
    """The fewest days of automated backups neptune.cluster-backup-retention accepts; 7 as
    in AWS Config's ``neptune-cluster-backup-retention-check`` (Security Hub Neptune.5)."""
    docdb_backup_retention_days: int = 7
    """The fewest days of automated backups docdb.cluster-backup-retention accepts; 7 as in
    AWS Config's ``docdb-cluster-backup-retention-check`` (Security Hub DocumentDB.2)."""
    redshift_snapshot_retention_days: int = 7
    """The fewest days of automated snapshots redshift.cluster-automated-snapshots accepts; 7
    as Security Hub Redshift.3's ``MinRetentionPeriod`` default."""
    certificate_expiry_warning_days: int = 30
    """Certificates with fewer days than this left fail acm.certificate-not-expiring: Security
    Hub ACM.1's default (ACM starts renewing eligible certificates 60 days before expiry, so
    one still unrenewed 30 days out is stuck)."""
    trail_delivery_stale_hours: int = 24
    """A trail whose last delivery to CloudWatch Logs is older than this (in hours) does not
    count for cloudtrail.cloudwatch-logs (CloudTrail delivers within minutes)."""
    search_min_data_nodes: int = 3
    """The fewest data nodes es.domain-data-nodes accepts: Security Hub Opensearch.6 and ES.6
    ask for three, so the domain survives a node's loss."""
    search_min_master_nodes: int = 3
    """The fewest dedicated master nodes es.domain-dedicated-masters accepts: Security Hub ES.7
    asks for three (a quorum that survives a master's loss)."""
    secret_unused_days: int = 90
    """Secrets not read (``LastAccessedDate``) for this many days fail
    secretsmanager.secret-recently-used; 90 is the AWS Config rule's default behind Security
    Hub SecretsManager.3."""
    secret_rotation_grace_hours: int = 24
    """How long past its scheduled date (``NextRotationDate``, the start of the rotation
    window) a rotation may be before secretsmanager.rotation-succeeding fails: AWS rotates
    within the window, by default the day."""
    certificate_min_rsa_bits: int = 2048
    """The shortest RSA key acm.certificate-rsa-key-length accepts (Security Hub ACM.2)."""
    lambda_min_availability_zones: int = 2
    """The fewest Availability Zones a VPC function's subnets must span for
    lambda.function-multi-az (Security Hub Lambda.5)."""
    stopped_instance_max_days: int = 30
    """Instances stopped longer than this fail ec2.stopped-instance-removed; 30 is the
    ``allowedDays`` default of AWS Config's ``ec2-stopped-instance`` (Security Hub EC2.4)."""
    load_balancer_min_availability_zones: int = 2
    """The fewest Availability Zones elasticloadbalancing.multi-az and elb.multi-az accept
    (Security Hub ELB.13 and ELB.10 default to 2)."""
    autoscaling_min_availability_zones: int = 2
    """The fewest Availability Zones autoscaling.group-multi-az accepts (Security Hub
    AutoScaling.2's ``minAvailabilityZones`` defaults to 2)."""
    sagemaker_min_initial_instances: int = 2
    """The fewest instances sagemaker.endpoint-config-instance-count accepts for each
    production variant (Security Hub SageMaker.4: more than 1)."""
    authorized_public_ports: tuple[int, ...] = (80, 443)
    """TCP ports a security group may open to 0.0.0.0/0 or ::/0 (ec2.security-group-authorized-
    ports): Security Hub EC2.18's ``authorizedTcpPorts`` default."""
    high_risk_ports: tuple[int, ...] = (
        20, 21, 22, 23, 25, 110, 135, 143, 445, 1433, 1434, 3000, 3306, 3389, 4333, 5000,
        5432, 5500, 5601, 8080, 8088, 8888, 9200, 9300,
    )  # fmt: skip
    """TCP ports ec2.high-risk-port-internet-reachable fails when an internet client can open
    them: the high-risk ports of Security Hub EC2.19."""


MAX_THRESHOLD = 36_500
"""The largest value ``--setting`` accepts for any threshold: a century of days. Checks add
a threshold to the collection time (``timedelta(days=...)``), which overflows past
999,999,999 days, and dates past the year 9999: no meaningful limit comes near either."""


@cache
def thresholds() -> frozenset[str]:
    """The integer fields of :class:`Settings`: thresholds a user may change (``--setting``)
    and a compliance framework may pin.
    """
    return frozenset(f.name for f in fields(Settings) if f.type in ("int", int))


_PLACEHOLDER = re.compile(r"\{([a-z][a-z0-9_]*)\}")
"""``{name}``: where a check's documentation states a threshold."""


def placeholders(text: str) -> list[str]:
    """The names of the ``{name}`` placeholders in ``text``, thresholds or not, in order."""
    return _PLACEHOLDER.findall(text)


def fill_thresholds(text: str, settings: Settings | None = None) -> str:
    """``text`` with every ``{NAME}`` that names a threshold replaced by its value in
    ``settings`` (the defaults when None); any other brace is left as written.

    Check docstrings state limits this way (``Active access keys are younger than
    {access_key_max_age_days} days.``), so a title says the value a finding was judged by.
    """
    if "{" not in text:
        return text
    values = settings if settings is not None else Settings()
    names = thresholds()

    def value(match: re.Match[str]) -> str:
        name = match.group(1)
        return str(getattr(values, name)) if name in names else match.group(0)

    return _PLACEHOLDER.sub(value, text)


def with_thresholds(settings: Settings, assignments: Iterable[str]) -> Settings:
    """``settings`` with ``NAME=VALUE`` thresholds applied; ValueError names a bad one."""
    changes: dict[str, Any] = {}
    for assignment in assignments:
        name, equals, value = assignment.partition("=")
        name = name.strip()
        if not equals or name not in thresholds():
            names = ", ".join(sorted(thresholds()))
            raise ValueError(f"{assignment!r} is not NAME=VALUE with NAME one of {names}")
        digits = value.strip()
        number = int(digits) if digits.isascii() and digits.isdigit() and len(digits) < 9 else 0
        if not 1 <= number <= MAX_THRESHOLD:
            raise ValueError(
                f"{name} must be a whole number from 1 to {MAX_THRESHOLD}, not {digits[:20]!r}"
            )
        changes[name] = number
    return replace(settings, **changes)
