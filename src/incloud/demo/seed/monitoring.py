"""Monitoring of the demo account: the trail's CloudWatch Logs group, metric filters, alarms.

Deliberate misconfigurations: the incloud check each should fail, then the Security Hub
control(s) it corresponds to.

CloudWatch
  - ``northwind-trail`` delivers to the log group ``northwind/cloudtrail``, whose root-usage
    chain is complete (metric filter, alarm, topic ``security-alerts`` with a confirmed e-mail
    subscription). The trail is single-region, so cloudwatch.alarm-root-usage still fails and
    says the chain is complete but the trail does not count (CloudWatch.1).
  - The ``iam-policy-changes`` metric filter has no alarm ->
    cloudwatch.alarm-iam-policy-changes names the missing alarm (CloudWatch.4).
  - The other thirteen activities have no filter at all -> cloudwatch.alarm-* (CloudWatch.2,
    .3, .5 to .14).
  - ``/aws/lambda/legacy-report-export`` keeps its logs for 7 days ->
    logs.log-group-retention (CloudWatch.16).
  Fine: ``northwind/cloudtrail`` keeps events for 400 days; ``security-alerts`` is encrypted
  with the data key.

moto notes: moto confirms every SNS subscription at once (AWS waits for the subscriber).
"""

from __future__ import annotations

from ._common import ACCOUNT_ID, MAIN_REGION, _allow, _doc, _Seeder, _trust

TRAIL = "northwind-trail"
"""Created by :func:`.compute.seed_cloudtrail`; this step adds its CloudWatch Logs delivery."""

TRAIL_LOG_GROUP = "northwind/cloudtrail"

ROOT_USAGE = (
    '{ $.userIdentity.type = "Root" && $.userIdentity.invokedBy NOT EXISTS '
    '&& $.eventType != "AwsServiceEvent" }'
)
IAM_POLICY_CHANGES = (
    "{ ($.eventName = DeleteGroupPolicy) || ($.eventName = DeleteRolePolicy) || "
    "($.eventName = DeleteUserPolicy) || ($.eventName = PutGroupPolicy) || "
    "($.eventName = PutRolePolicy) || ($.eventName = PutUserPolicy) || "
    "($.eventName = CreatePolicy) || ($.eventName = DeletePolicy) || "
    "($.eventName = CreatePolicyVersion) || ($.eventName = DeletePolicyVersion) || "
    "($.eventName = AttachRolePolicy) || ($.eventName = DetachRolePolicy) || "
    "($.eventName = AttachUserPolicy) || ($.eventName = DetachUserPolicy) || "
    "($.eventName = AttachGroupPolicy) || ($.eventName = DetachGroupPolicy) }"
)


def seed_monitoring(s: _Seeder) -> None:
    """Deliver the trail to CloudWatch Logs; one complete alarm chain, one filter without an
    alarm, and a short-lived function log group. Runs after :func:`.compute.seed_cloudtrail`.
    """
    logs = s("logs")
    logs.create_log_group(logGroupName=TRAIL_LOG_GROUP, tags={"company": "northwind-notes"})
    logs.put_retention_policy(logGroupName=TRAIL_LOG_GROUP, retentionInDays=400)
    function_logs = "/aws/lambda/legacy-report-export"
    logs.create_log_group(logGroupName=function_logs)
    logs.put_retention_policy(logGroupName=function_logs, retentionInDays=7)

    group_arn = f"arn:aws:logs:{MAIN_REGION}:{ACCOUNT_ID}:log-group:{TRAIL_LOG_GROUP}"
    role = s("iam").create_role(
        RoleName="northwind-cloudtrail-logs",
        AssumeRolePolicyDocument=_trust({"Service": "cloudtrail.amazonaws.com"}),
        Description="Lets CloudTrail write the trail to CloudWatch Logs",
    )["Role"]["Arn"]
    s("iam").put_role_policy(
        RoleName="northwind-cloudtrail-logs",
        PolicyName="write-trail-logs",
        PolicyDocument=_doc(_allow(["logs:CreateLogStream", "logs:PutLogEvents"], group_arn)),
    )
    s("cloudtrail").update_trail(
        Name=TRAIL, CloudWatchLogsLogGroupArn=f"{group_arn}:*", CloudWatchLogsRoleArn=role
    )

    for name, pattern in (("root-usage", ROOT_USAGE), ("iam-policy-changes", IAM_POLICY_CHANGES)):
        logs.put_metric_filter(
            logGroupName=TRAIL_LOG_GROUP,
            filterName=name,
            filterPattern=pattern,
            metricTransformations=[
                {"metricName": name, "metricNamespace": "Northwind/Security", "metricValue": "1"}
            ],
        )
    sns = s("sns")
    topic = sns.create_topic(Name="security-alerts", Attributes={"KmsMasterKeyId": s.data_key})
    sns.subscribe(
        TopicArn=topic["TopicArn"], Protocol="email", Endpoint="security@northwind.example"
    )
    s("cloudwatch").put_metric_alarm(
        AlarmName="root-usage",
        AlarmDescription="The root user was used",
        Namespace="Northwind/Security",
        MetricName="root-usage",
        Statistic="Sum",
        Period=300,
        EvaluationPeriods=1,
        Threshold=1,
        ComparisonOperator="GreaterThanOrEqualToThreshold",
        TreatMissingData="notBreaching",
        AlarmActions=[topic["TopicArn"]],
    )
