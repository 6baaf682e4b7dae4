"""AWS Elastic Beanstalk: enhanced health reporting and instance logs in CloudWatch."""

from __future__ import annotations

from ....snapshot.elasticbeanstalk import BeanstalkEnvironment
from ...check import Domain, Severity
from ..factories import flag_check

READS = ("elasticbeanstalk:DescribeConfigurationSettings",)

environment_enhanced_health = flag_check(
    id="elasticbeanstalk.environment-enhanced-health",
    domain=Domain.COMPLIANCE,
    severity=Severity.LOW,
    resource=BeanstalkEnvironment,
    requires=READS,
    is_ok=lambda env: (
        None if env.health_reporting is None else env.health_reporting.lower() == "enhanced"
    ),
    ok="enhanced health reporting is on",
    bad="basic health reporting only",
    unread="the environment's health reporting option was not reported",
    doc="""Elastic Beanstalk environments use enhanced health reporting.

    Enhanced health reporting has an agent on each instance report requests, latency, load
    and deployment state, so a failing instance or a bad deployment is seen and its cause
    named; basic reporting only follows the load balancer's health checks (Security Hub
    ElasticBeanstalk.1; AWS Elastic Beanstalk Developer Guide, "Enhanced health reporting
    and monitoring").

    Remediation: `aws elasticbeanstalk update-environment --environment-name NAME
    --option-settings
    Namespace=aws:elasticbeanstalk:healthreporting:system,OptionName=SystemType,Value=enhanced`;
    Terraform: a `setting` block with that namespace, name `SystemType` and value `enhanced`
    on `aws_elastic_beanstalk_environment`.
    """,
)

environment_cloudwatch_logs = flag_check(
    id="elasticbeanstalk.environment-cloudwatch-logs",
    domain=Domain.COMPLIANCE,
    severity=Severity.HIGH,
    resource=BeanstalkEnvironment,
    requires=READS,
    is_ok=lambda env: env.stream_logs,
    ok="instance logs are streamed to CloudWatch Logs",
    bad="instance logs stay on the instances (not streamed to CloudWatch Logs)",
    unread="the environment's log streaming option was not reported",
    doc="""Elastic Beanstalk environments stream their instance logs to CloudWatch Logs.

    Without streaming, application, web server and platform logs live on the instances and
    are lost when Elastic Beanstalk replaces or scales them in, which is when they are
    needed (Security Hub ElasticBeanstalk.3; AWS Elastic Beanstalk Developer Guide, "Using
    Elastic Beanstalk with Amazon CloudWatch Logs").

    Remediation: `aws elasticbeanstalk update-environment --environment-name NAME
    --option-settings
    Namespace=aws:elasticbeanstalk:cloudwatch:logs,OptionName=StreamLogs,Value=true`
    (and `RetentionInDays`); Terraform: a `setting` block with that namespace, name
    `StreamLogs` and value `true` on `aws_elastic_beanstalk_environment`.
    """,
)
