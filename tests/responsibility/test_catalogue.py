"""The responsibility catalogue: schema, coverage of the service list, and links to checks."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

import jsonschema
import pytest
import yaml

from incloud.evaluate import all_checks
from incloud.responsibility.catalogue import duties, owner, services
from incloud.responsibility.schemas import SCHEMAS, schema_text

CATALOG = Path(str(resources.files("incloud.catalog")))
REFERENCE = Path(__file__).parents[2] / "tools" / "reference"


@pytest.mark.parametrize("name", sorted(SCHEMAS))
def test_shipped_schemas_match_the_models(name: str) -> None:
    assert (CATALOG / name).read_text() == schema_text(SCHEMAS[name]), (
        "regenerate with: python -m incloud.responsibility.schemas"
    )


def _service_files() -> list[Path]:
    return sorted((CATALOG / "services").glob("*.yaml"))


@pytest.mark.parametrize("path", _service_files(), ids=lambda p: p.name)
def test_service_files_validate_against_the_schema(path: Path) -> None:
    schema = json.loads((CATALOG / "services.schema.json").read_text())
    jsonschema.validate(yaml.safe_load(path.read_text()), schema)


def test_duties_file_validates_against_the_schema() -> None:
    schema = json.loads((CATALOG / "duties.schema.json").read_text())
    jsonschema.validate(yaml.safe_load((CATALOG / "duties.yaml").read_text()), schema)


def test_catalogue_covers_at_least_sixty_services() -> None:
    assert len(services()) >= 60


def test_every_prefix_is_a_real_iam_prefix() -> None:
    path = REFERENCE / "aws_services_oscal.json"
    known = {s["iam_prefix"] for s in json.loads(path.read_text())["services"]}
    unknown = sorted(set(services()) - known)
    assert not unknown


def test_every_duty_link_names_a_real_check_and_every_check_has_a_duty() -> None:
    checks = all_checks()
    linked = {check_id for duty in duties().values() for check_id in duty.checks}
    assert not sorted(linked - set(checks)), "dangling check ids in duties.yaml"
    assert not sorted(set(checks) - linked), "checks linked to no duty"


def test_customer_duties_are_verifiable_or_say_what_evidence_is_needed() -> None:
    for duty in duties().values():
        if duty.side == "customer":
            assert duty.domain is not None
            assert duty.checks or duty.manual, f"{duty.id}: no checks and no manual evidence"
            assert duty.customer_does
        else:
            assert duty.domain is None and not duty.checks
        assert duty.aws_does


def test_overrides_name_real_duties() -> None:
    for entry in services().values():
        assert set(entry.overrides) <= set(duties()), entry.prefix


def test_every_customer_domain_has_duties() -> None:
    domains = {d.domain for d in duties().values() if d.side == "customer"}
    assert len(domains) == 5


@pytest.mark.parametrize(
    ("prefix", "duty", "expected"),
    [
        ("ec2", "application.patch-os", "customer"),
        ("rds", "application.patch-os", "aws"),
        ("lambda", "application.patch-os", "shared"),  # container image functions
        ("lambda", "application.patch-runtime", "shared"),
        ("s3", "data.encrypt-at-rest", "shared"),
        # KMS: keys never leave the HSMs, endpoints are TLS only; keys' policy is the customer's
        ("kms", "data.encrypt-at-rest", "aws"),
        ("kms", "data.encrypt-in-transit", "aws"),
        ("kms", "data.manage-keys", "customer"),
        # always encrypted at rest by AWS, the key choice left: like S3, DynamoDB and SQS
        ("lambda", "data.encrypt-at-rest", "shared"),
        ("cloudfront", "data.encrypt-at-rest", "shared"),
        ("eks", "data.encrypt-at-rest", "shared"),
        ("ecs", "data.encrypt-at-rest", "shared"),
        # no host or image of the customer's to scan: the same for every managed engine
        ("rds", "application.scan-vulnerabilities", "aws"),
        ("es", "application.scan-vulnerabilities", "aws"),
        ("elasticache", "application.scan-vulnerabilities", "aws"),
        ("redshift", "application.scan-vulnerabilities", "aws"),
        ("events", "application.scan-vulnerabilities", "aws"),
        ("ecr", "application.scan-vulnerabilities", "customer"),
        ("ec2", "data.encrypt-at-rest", "customer"),
        ("ec2", "aws.virtualisation", "aws"),
    ],
)
def test_ownership_follows_the_model(prefix: str, duty: str, expected: str) -> None:
    assert owner(services()[prefix], duties()[duty]) == expected
