"""AWS Elastic Beanstalk: environments and the options they run with."""

from __future__ import annotations

from typing import ClassVar, Literal

from .base import Resource


class BeanstalkEnvironment(Resource):
    """An Elastic Beanstalk environment (terminated ones are not listed). Its options come
    from ``DescribeConfigurationSettings``: None when that answer did not carry the option.
    """

    kind: Literal["elasticbeanstalk.environment"] = "elasticbeanstalk.environment"
    application: str
    status: str
    health_reporting: str | None = None
    """``enhanced`` or ``basic`` (option ``aws:elasticbeanstalk:healthreporting:system``
    ``SystemType``)."""
    stream_logs: bool | None = None
    """Instance logs streamed to CloudWatch Logs (``aws:elasticbeanstalk:cloudwatch:logs``
    ``StreamLogs``)."""

    service: ClassVar[str] = "elasticbeanstalk"
    listed_by: ClassVar[tuple[str, ...]] = ("elasticbeanstalk:DescribeEnvironments",)
