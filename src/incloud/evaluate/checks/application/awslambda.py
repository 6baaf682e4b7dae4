"""Lambda runtimes and public function URLs."""

from __future__ import annotations

from ....catalog import lambda_runtimes
from ....snapshot.awslambda import LambdaFunction
from ...check import Domain, Outcome, Severity, check, failed, not_applicable, passed, unknown
from ...context import Context


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
