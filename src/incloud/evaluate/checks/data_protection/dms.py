"""AWS DMS encryption in transit: endpoints connect with TLS (Security Hub DMS.9)."""

from __future__ import annotations

from ....snapshot.dms import DmsEndpoint
from ...check import Domain, Severity
from ..factories import setting_check

AWS_API_ENGINES = frozenset({"s3", "dynamodb", "kinesis"})
"""Endpoint engines DMS reaches through the AWS service's HTTPS API, where ``SslMode`` does
not apply (DMS User Guide, "Using SSL with AWS Database Migration Service": SSL modes are
for database connections)."""


def _api_engine(endpoint: DmsEndpoint) -> str | None:
    if endpoint.engine_name in AWS_API_ENGINES:
        return f"engine {endpoint.engine_name} is reached through its HTTPS API, not SslMode"
    return None


endpoint_ssl = setting_check(
    id="dms.endpoint-ssl",
    domain=Domain.DATA_PROTECTION,
    severity=Severity.MEDIUM,
    resource=DmsEndpoint,
    setting="ssl_mode",
    value=lambda e: e.ssl_mode,
    is_ok=lambda mode: mode != "none",
    ok="connects with TLS (SslMode {value})",
    bad="connects without TLS (SslMode none): data and credentials cross the network in clear",
    exempt=_api_engine,
    doc="""DMS endpoints connect to their databases with TLS.

    A migration copies the whole database; with `SslMode` `none` the rows and the database
    credentials travel in clear between the replication instance and the source or target
    (DMS User Guide, "Using SSL with AWS Database Migration Service"; Security Hub DMS.9).
    `verify-full` (or `verify-ca`) also checks the server's certificate. Endpoints for S3,
    DynamoDB and Kinesis are reached through those services' HTTPS APIs and are not judged.

    Remediation: import the database's CA certificate (`aws dms import-certificate`), then
    `aws dms modify-endpoint --endpoint-arn ARN --ssl-mode verify-full --certificate-arn
    CERT`; Terraform `ssl_mode = "verify-full"` and `certificate_arn` on `aws_dms_endpoint`.
    """,
)
