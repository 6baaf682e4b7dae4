"""AWS Elastic Beanstalk collector: environments, and one ``DescribeConfigurationSettings``
per environment for the options its checks read (health reporting, log streaming).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ...snapshot import Resource
from ...snapshot.elasticbeanstalk import BeanstalkEnvironment
from ..registry import collector
from ..unit import Unit

HEALTH = ("aws:elasticbeanstalk:healthreporting:system", "SystemType")
LOGS = ("aws:elasticbeanstalk:cloudwatch:logs", "StreamLogs")


@collector(
    service="elasticbeanstalk",
    scope="regional",
    operations=(
        "elasticbeanstalk:DescribeEnvironments",
        "elasticbeanstalk:DescribeConfigurationSettings",
    ),
)
def collect_elasticbeanstalk(unit: Unit) -> Iterator[Resource]:
    """Every environment in the region that is not terminated, with its options."""
    environments = unit.pages("describe_environments", "Environments", IncludeDeleted=False)
    yield from unit.fan_out(lambda raw: _environment(unit, raw), environments)


def _environment(unit: Unit, raw: dict[str, Any]) -> BeanstalkEnvironment:
    # EnvironmentName and ApplicationName identify it (optional in botocore's model).
    name, application = raw["EnvironmentName"], raw["ApplicationName"]
    arn = raw.get("EnvironmentArn") or unit.arn(f"environment/{application}/{name}")
    options = _options(unit, arn, application, name)
    logs = options.get(LOGS)
    return BeanstalkEnvironment(
        arn=arn,
        name=name,
        account_id=unit.account_id,
        region=unit.region,
        application=application,
        status=raw.get("Status", "Ready"),
        health_reporting=options.get(HEALTH),
        stream_logs=None if logs is None else logs.lower() == "true",
    )


def _options(unit: Unit, arn: str, application: str, name: str) -> dict[tuple[str, str], str]:
    """The environment's option values by (namespace, option name); empty when not read."""
    answer = unit.call(
        "describe_configuration_settings",
        resource_arn=arn,
        ApplicationName=application,
        EnvironmentName=name,
    )
    found: dict[tuple[str, str], str] = {}
    for settings in (answer or {}).get("ConfigurationSettings", []):
        for option in settings.get("OptionSettings", []):
            if "Value" in option:
                found[(option.get("Namespace", ""), option.get("OptionName", ""))] = option["Value"]
    return found
