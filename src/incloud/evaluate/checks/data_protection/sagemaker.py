"""SageMaker AI endpoint configurations: production variants on more than one instance."""

from __future__ import annotations

from ....snapshot.sagemaker import SageMakerEndpointConfig
from ...check import Domain, Outcome, Severity, check, failed, not_applicable, passed, unknown
from ...context import Context


@check(
    id="sagemaker.endpoint-config-instance-count",
    domain=Domain.DATA_PROTECTION,
    severity=Severity.MEDIUM,
    resource=SageMakerEndpointConfig,
    requires=("sagemaker:DescribeEndpointConfig",),
)
def endpoint_config_instance_count(config: SageMakerEndpointConfig, ctx: Context) -> Outcome:
    """Endpoint variants start on {sagemaker_min_initial_instances} or more instances.

    SageMaker spreads a variant's instances over Availability Zones; a variant on one
    instance stops serving when that instance or its zone fails (Security Hub SageMaker.4;
    SageMaker developer guide, "Best practices for deploying models on SageMaker AI Hosting
    Services"). Serverless variants have no instance count and are not judged.

    Remediation: create an endpoint configuration with `aws sagemaker
    create-endpoint-config ... --production-variants
    VariantName=V,ModelName=MODEL,InstanceType=ml.m5.large,InitialInstanceCount=2` and
    `aws sagemaker update-endpoint --endpoint-name NAME --endpoint-config-name NEW`;
    Terraform `production_variants { initial_instance_count = 2 }` on
    `aws_sagemaker_endpoint_configuration`.
    """
    if config.variants is None:
        return unknown("the endpoint configuration was not described")
    wanted = ctx.settings.sagemaker_min_initial_instances
    counted = [v for v in config.variants if not v.serverless]
    if not counted:
        return not_applicable("serverless variants only")
    few = [
        f"{v.name} ({v.initial_instance_count or 0})"
        for v in counted
        if (v.initial_instance_count or 0) < wanted
    ]
    if few:
        return failed(
            f"variant(s) on fewer than {wanted} instances: {', '.join(few)}", variants=few
        )
    return passed(f"every instance-based variant starts on {wanted} or more instances")
