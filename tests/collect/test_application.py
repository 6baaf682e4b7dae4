"""Application-security collectors on moto: EC2 images and metadata, SSM, Inspector, ECR,
ECS and EKS, with the APIs moto lacks turning into gaps and ``unknown`` verdicts.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from botocore.awsrequest import AWSResponse
from moto.core.botocore_stubber import MockRawResponse

from incloud.collect.aws.ec2 import _metadata
from incloud.collect.runner import collect
from incloud.collect.session import AwsSession
from incloud.evaluate import Verdict, evaluate, select_checks
from incloud.evaluate.settings import Settings
from incloud.snapshot import Snapshot
from incloud.snapshot.ec2 import Ec2Instance
from incloud.snapshot.ecr import EcrRegistry, EcrRepository, ScanningRule
from incloud.snapshot.ecs import EcsTaskDefinition
from incloud.snapshot.eks import EksCluster
from incloud.snapshot.inspector2 import Inspector2Region
from incloud.snapshot.ssm import SsmManagedInstance
from tests.collect.moto_account import ACCOUNT, raw_client
from tests.collect.seed_application import seed_application


def verdicts(
    snapshot: Snapshot, *check_ids: str, **settings: Any
) -> dict[tuple[str, str], Verdict]:
    assessment = evaluate(snapshot, select_checks(ids=check_ids), settings=Settings(**settings))
    return {(f.check_id, f.resource_name): f.verdict for f in assessment.findings}


def gap_codes(snapshot: Snapshot) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for gap in snapshot.gaps:
        found.setdefault(gap.action, set()).add(gap.error_code)
    return found


# --- EC2 ---------------------------------------------------------------------------------


def test_missing_metadata_options_mean_the_aws_defaults() -> None:
    """The API leaves HttpEndpoint (and the hop limit) out at their defaults."""
    options = _metadata({"HttpTokens": "optional"})
    assert (options.http_endpoint, options.hop_limit) == ("enabled", 1)
    assert not options.imdsv2_required


def test_instance_images_are_dated_and_missing_ones_left_unknown(session: AwsSession) -> None:
    seeded = seed_application()

    snapshot = collect(session, services=["ec2"])

    instances = {i.instance_id: i for i in snapshot.of_type(Ec2Instance)}
    leaky, clean = instances[seeded["leaky_instance"]], instances[seeded["clean_instance"]]
    assert leaky.image_id == seeded["image_id"]
    assert leaky.image_created is not None
    # ami-12345678 does not exist: looked up one by one after the batch failed, no gap.
    assert clean.image_created is None
    assert "ec2:DescribeImages" not in gap_codes(snapshot)
    found = verdicts(snapshot, "ec2.instance-ami-age")
    assert found[("ec2.instance-ami-age", leaky.name)] is Verdict.PASS
    assert found[("ec2.instance-ami-age", clean.name)] is Verdict.UNKNOWN
    # moto stamps the image with today's date; judged 181 days later it is too old.
    later = snapshot.model_copy(update={"collected_at": leaky.image_created + timedelta(days=181)})
    assert (
        verdicts(later, "ec2.instance-ami-age")[("ec2.instance-ami-age", leaky.name)]
        is Verdict.FAIL
    )
    # The limit is an evaluation setting.
    assert (
        verdicts(later, "ec2.instance-ami-age", ami_max_age_days=365)[
            ("ec2.instance-ami-age", leaky.name)
        ]
        is Verdict.PASS
    )


def test_denied_user_data_is_a_gap_per_instance(aws: None) -> None:
    from tests.collect.moto_account import make_session

    seed_application()
    session = make_session()

    def deny(request: Any, **_: Any) -> AWSResponse:
        body = (
            b"<Response><Errors><Error><Code>UnauthorizedOperation</Code>"
            b"<Message>denied</Message></Error></Errors><RequestID>1</RequestID></Response>"
        )
        return AWSResponse(request.url, 403, {}, MockRawResponse(body))

    session.client("ec2", "us-east-1").meta.events.register_first(
        "before-send.ec2.DescribeInstanceAttribute", deny
    )

    snapshot = collect(session, services=["ec2"])

    gaps = [g for g in snapshot.gaps if g.action == "ec2:DescribeInstanceAttribute"]
    instances = list(snapshot.of_type(Ec2Instance))
    assert {g.resource_arn for g in gaps} == {i.arn for i in instances}
    assert all(g.error_code == "UnauthorizedOperation" for g in gaps)
    found = verdicts(snapshot, "ec2.no-secrets-in-user-data")
    assert set(found.values()) == {Verdict.UNKNOWN}


# --- SSM and Inspector: moto lacks the APIs ----------------------------------------------


def test_ssm_without_the_apis_makes_patching_checks_unknown(session: AwsSession) -> None:
    seed_application()

    snapshot = collect(session, services=["ec2", "ssm"])

    assert list(snapshot.of_type(SsmManagedInstance)) == []
    codes = gap_codes(snapshot)
    assert codes["ssm:DescribeInstanceInformation"] == {"NotImplemented"}
    assert codes["ssm:ListResourceComplianceSummaries"] == {"NotImplemented"}
    found = verdicts(snapshot, "ssm.instance-managed", "ssm.patch-compliance")
    instance_findings = [v for (check, name), v in found.items() if not name.startswith("every ")]
    assert instance_findings and set(instance_findings) == {Verdict.UNKNOWN}
    assert Verdict.PASS not in found.values()


def test_inspector_without_account_status_or_aggregations_is_unknown(session: AwsSession) -> None:
    seed_application()

    snapshot = collect(session, services=["ec2", "inspector2"])

    regions = {r.region: r for r in snapshot.of_type(Inspector2Region)}
    assert set(regions) == {"us-east-1", "eu-west-1"}
    east = regions["us-east-1"]
    assert east.arn == f"arn:aws:inspector2:us-east-1:{ACCOUNT}:account/{ACCOUNT}"
    # moto answers BatchGetAccountStatus without our account, and lacks the aggregations.
    assert (east.scan_status, east.open_critical) == (None, None)
    assert gap_codes(snapshot)["inspector2:ListFindingAggregations"] == {"NotImplemented"}
    found = verdicts(snapshot, "inspector2.enabled", "inspector2.no-critical-findings")
    assert found[("inspector2.enabled", "us-east-1")] is Verdict.UNKNOWN
    # Nothing runs in eu-west-1: no scan type is needed there.
    assert found[("inspector2.enabled", "eu-west-1")] is Verdict.NOT_APPLICABLE
    assert found[("inspector2.no-critical-findings", "us-east-1")] is Verdict.UNKNOWN
    assert not east.in_use()


# --- ECR, ECS, EKS -----------------------------------------------------------------------


def test_ecr_repositories_and_registry_scanning(session: AwsSession) -> None:
    seed_application()
    raw_client("ecr").put_registry_scanning_configuration(
        scanType="BASIC",
        rules=[
            {
                "scanFrequency": "SCAN_ON_PUSH",
                "repositoryFilters": [{"filter": "app/*", "filterType": "WILDCARD"}],
            }
        ],
    )

    snapshot = collect(session, services=["ecr"])

    assert snapshot.gaps == ()
    repos = {r.name: r for r in snapshot.of_type(EcrRepository)}
    api, batch = repos["app/api"], repos["legacy/batch"]
    assert api.arn == f"arn:aws:ecr:us-east-1:{ACCOUNT}:repository/app/api"
    assert (api.scan_on_push, api.tag_mutability) == (True, "IMMUTABLE")
    assert (batch.scan_on_push, batch.tag_mutability) == (False, "MUTABLE")
    registries = {r.region: r for r in snapshot.of_type(EcrRegistry)}
    assert registries["us-east-1"].scan_type == "BASIC"
    assert registries["us-east-1"].rules == (
        ScanningRule(frequency="SCAN_ON_PUSH", filters=("app/*",)),
    )
    assert registries["eu-west-1"].rules == ()
    found = verdicts(snapshot, "ecr.scan-on-push", "ecr.tag-immutability")
    assert found[("ecr.scan-on-push", "app/api")] is Verdict.PASS
    assert found[("ecr.scan-on-push", "legacy/batch")] is Verdict.FAIL
    assert found[("ecr.tag-immutability", "app/api")] is Verdict.PASS
    assert found[("ecr.tag-immutability", "legacy/batch")] is Verdict.FAIL


def test_ecs_task_definitions_keep_names_and_masked_findings_only(session: AwsSession) -> None:
    seed_application()

    snapshot = collect(session, services=["ecs"])

    assert snapshot.gaps == ()
    tasks = {t.family: t for t in snapshot.of_type(EcsTaskDefinition)}
    billing = tasks["billing"]
    assert billing.arn == f"arn:aws:ecs:us-east-1:{ACCOUNT}:task-definition/billing:1"
    assert (billing.revision, billing.display_name()) == (1, "billing:1")
    assert billing.environment_variable_names == ("worker:DEBUG", "worker:GITHUB_TOKEN")
    assert billing.secret_references == ("worker:DB_PASSWORD",)
    assert [f.secret_type for f in billing.environment_secrets] == ["GitHub Token"]
    assert tasks["orders"].environment_secrets == ()


def test_eks_cluster_versions(session: AwsSession) -> None:
    seed_application()

    snapshot = collect(session, services=["eks"])

    assert snapshot.gaps == ()
    clusters = {c.name: c for c in snapshot.of_type(EksCluster)}
    old = clusters["old-cluster"]
    assert old.arn == f"arn:aws:eks:us-east-1:{ACCOUNT}:cluster/old-cluster"
    assert (old.version, clusters["new-cluster"].version) == ("1.27", "1.34")
    judged_on = snapshot.model_copy(update={"collected_at": datetime(2026, 11, 1, tzinfo=UTC)})
    found = verdicts(judged_on, "eks.cluster-version-supported")
    assert found[("eks.cluster-version-supported", "old-cluster")] is Verdict.FAIL
    assert found[("eks.cluster-version-supported", "new-cluster")] is Verdict.PASS


def test_undescribable_cluster_and_task_definition_are_unknown(aws: None) -> None:
    from tests.collect.moto_account import make_session

    seed_application()
    session = make_session()

    def deny(request: Any, **_: Any) -> AWSResponse:
        body = b'{"__type": "AccessDeniedException", "message": "denied"}'
        headers = {"Content-Type": "application/x-amz-json-1.1"}
        return AWSResponse(request.url, 403, headers, MockRawResponse(body))

    session.client("ecs", "us-east-1").meta.events.register_first(
        "before-send.ecs.DescribeTaskDefinition", deny
    )
    session.client("eks", "us-east-1").meta.events.register_first(
        "before-send.eks.DescribeCluster", deny
    )

    snapshot = collect(session, services=["ecs", "eks"])

    tasks = list(snapshot.of_type(EcsTaskDefinition))
    clusters = list(snapshot.of_type(EksCluster))
    assert {t.display_name() for t in tasks} == {"billing:1", "orders:1"}
    assert {c.version for c in clusters} == {None}
    denied = {g.resource_arn for g in snapshot.gaps if g.error_code == "AccessDeniedException"}
    assert denied == {t.arn for t in tasks} | {c.arn for c in clusters}
    found = verdicts(snapshot, "ecs.no-secrets-in-task-definition", "eks.cluster-version-supported")
    assert set(found.values()) == {Verdict.UNKNOWN}
