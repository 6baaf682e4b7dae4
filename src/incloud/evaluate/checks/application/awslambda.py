"""Lambda runtimes, container image functions, public function URLs and secrets in environment
variables.
"""

from __future__ import annotations

from datetime import datetime

from ....catalog import lambda_runtimes
from ....snapshot.awslambda import LambdaFunction
from ...check import Domain, Outcome, Severity, check, failed, not_applicable, passed, unknown
from ...context import Context
from ._secrets import secrets_outcome


@check(
    id="lambda.runtime-supported",
    domain=Domain.APPLICATION,
    severity=Severity.HIGH,
    resource=LambdaFunction,
)
def runtime_supported(function: LambdaFunction, ctx: Context) -> Outcome:
    """Functions run on a Lambda runtime that still receives security patches.

    After a runtime's deprecation date AWS stops patching it; its language version is
    usually end-of-life too, so known vulnerabilities stay. Dates come from AWS's "Lambda
    runtimes" page, shipped in ``catalog/lambda_runtimes.json``.

    Remediation: move the function to a supported runtime
    (`aws lambda update-function-configuration --runtime python3.13`) after testing.
    """
    if function.runtime is None:
        return not_applicable("container image: the image owner patches the runtime")
    lifecycle = lambda_runtimes().get(function.runtime)
    if lifecycle is None:
        return unknown(f"runtime {function.runtime} is not in the runtime catalogue")
    deprecated = lifecycle.deprecation_date
    if deprecated is not None and deprecated <= ctx.now.date():
        return failed(
            f"runtime {function.runtime} deprecated on {deprecated}",
            runtime=function.runtime,
            deprecated=deprecated.isoformat(),
        )
    return passed(
        f"runtime {function.runtime} is supported",
        runtime=function.runtime,
        deprecation_date=deprecated.isoformat() if deprecated else None,
    )


@check(
    id="lambda.image-function-rebuilt",
    domain=Domain.APPLICATION,
    severity=Severity.MEDIUM,
    resource=LambdaFunction,
)
def image_function_rebuilt(function: LambdaFunction, ctx: Context) -> Outcome:
    """Container image functions got a new image within {image_function_max_age_days} days.

    A function on a managed runtime gets operating-system and runtime patches from AWS; one
    packaged as a container image runs the base image it was built from until the customer
    rebuilds on a newer base image and deploys it (Lambda Developer Guide, "Create a Lambda
    function using a container image": AWS publishes patched base images, the function keeps
    its own). The function's last modification is the latest a new image can have been
    deployed. The threshold is the setting `image_function_max_age_days`.

    Remediation: rebuild the image on the latest base image, push it and
    `aws lambda update-function-code --function-name NAME --image-uri URI`; Terraform
    `image_uri` on `aws_lambda_function` (automate the rebuild in the pipeline).
    """
    if function.package_type != "Image":
        return not_applicable("managed runtime (.zip): AWS patches the operating system")
    if function.last_modified is None:
        return unknown("the function's last modification time was not read")
    try:
        modified = datetime.fromisoformat(function.last_modified.replace("+0000", "+00:00"))
    except ValueError:
        return unknown(f"unreadable last modification time {function.last_modified!r}")
    age = (ctx.now - modified).days
    limit = ctx.settings.image_function_max_age_days
    if age > limit:
        return failed(
            f"container image function last deployed {age} days ago (more than {limit})",
            last_modified=function.last_modified,
        )
    return passed(f"container image function deployed {age} days ago", days=age)


@check(
    id="lambda.function-url-auth",
    domain=Domain.APPLICATION,
    severity=Severity.HIGH,
    resource=LambdaFunction,
    requires=("lambda:ListFunctionUrlConfigs",),
)
def function_url_auth(function: LambdaFunction, ctx: Context) -> Outcome:
    """Function URLs require IAM authentication.

    A function URL with auth type NONE is a public HTTPS endpoint: anyone can invoke the
    function and run up its cost or reach whatever its role can.

    Remediation: `aws lambda update-function-url-config --function-name NAME
    --auth-type AWS_IAM`, or front it with API Gateway and an authoriser.
    """
    if not function.urls:
        return not_applicable("no function URL")
    public = [u.url for u in function.urls if u.auth_type == "NONE"]
    if public:
        return failed("function URL open to anyone (auth type NONE)", urls=public)
    return passed("function URLs require AWS_IAM auth")


@check(
    id="lambda.runtime-deprecation-soon",
    domain=Domain.APPLICATION,
    severity=Severity.MEDIUM,
    resource=LambdaFunction,
)
def runtime_deprecation_soon(function: LambdaFunction, ctx: Context) -> Outcome:
    """Functions are not on a runtime AWS deprecates within {runtime_deprecation_warning_days} days.

    Complements lambda.runtime-supported, which fails once the date has passed: this one
    fails in the {runtime_deprecation_warning_days} days before (the setting
    `runtime_deprecation_warning_days`), while there is still time to test and move. A runtime
    already past its date is not applicable here (lambda.runtime-supported fails it). Dates
    come from AWS's "Lambda runtimes" page, shipped in ``catalog/lambda_runtimes.json``;
    AWS blocks function updates some time after deprecation, so late moves get harder.

    Remediation: move the function to a newer runtime of the same language
    (`aws lambda update-function-configuration --function-name NAME --runtime python3.13`)
    after testing it there; Terraform `runtime = "python3.13"`.
    """
    if function.runtime is None:
        return not_applicable("container image: the image owner patches the runtime")
    lifecycle = lambda_runtimes().get(function.runtime)
    if lifecycle is None:
        return unknown(f"runtime {function.runtime} is not in the runtime catalogue")
    deprecated = lifecycle.deprecation_date
    today = ctx.now.date()
    if deprecated is None:
        return passed(f"runtime {function.runtime} has no deprecation date announced")
    if deprecated <= today:
        return not_applicable(
            f"runtime {function.runtime} already deprecated on {deprecated} "
            "(see lambda.runtime-supported)"
        )
    days = (deprecated - today).days
    warning = ctx.settings.runtime_deprecation_warning_days
    if days <= warning:
        return failed(
            f"runtime {function.runtime} is deprecated in {days} days (within {warning}), "
            f"on {deprecated}",
            runtime=function.runtime,
            deprecation_date=deprecated.isoformat(),
            days_left=days,
            warning_days=warning,
        )
    return passed(
        f"runtime {function.runtime} is supported until {deprecated}, over {warning} days away",
        deprecation_date=deprecated.isoformat(),
        warning_days=warning,
    )


@check(
    id="lambda.no-secrets-in-environment",
    domain=Domain.APPLICATION,
    severity=Severity.HIGH,
    resource=LambdaFunction,
)
def no_secrets_in_environment(function: LambdaFunction, ctx: Context) -> Outcome:
    """Function environment variables hold no secrets.

    Environment variables are shown in the console and returned by `lambda:GetFunction`,
    `GetFunctionConfiguration` and `ListFunctions` to anyone with read access, and end up in
    logs and crash dumps. incloud scans them with detect-secrets while collecting (values
    are read from ListFunctions, scanned, and dropped) and keeps only masked findings.

    Remediation: store the secret in Secrets Manager or Parameter Store and read it at run
    time (the AWS Parameters and Secrets Lambda Extension caches it), pass only its name or
    ARN in the environment, and rotate the exposed secret.
    """
    return secrets_outcome(function.environment_secrets, "environment variables")
