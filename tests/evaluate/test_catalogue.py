"""The whole check catalogue, tested on fixture data.

Every check has ``tests/evaluate/fixtures/<check id>.yaml``: a partial snapshot whose
resource names start with the verdict the check must give them (``pass-``, ``fail-``,
``na-`` for not_applicable, ``unknown-``), or which carry an ``expect:`` key instead.
"""

from __future__ import annotations

import inspect
import re
import types
import typing
from pathlib import Path
from typing import Any

import pytest

from incloud.evaluate import Verdict, all_checks, evaluate
from incloud.evaluate.check import Check, Domain
from incloud.evaluate.checks.factories import (
    PUBLIC_SEVERITY,
    PUBLIC_SUFFIX,
    TRUSTED_SUFFIX,
    UNTRUSTED_SEVERITY,
)
from incloud.evaluate.context import Context
from incloud.snapshot import Resource
from incloud.snapshot.model import RESOURCE_TYPES
from tests.fixtures import ACCOUNT, build_snapshot, load_fixture

FIXTURES = Path(__file__).parent / "fixtures"
CHECKS = all_checks()


@pytest.mark.parametrize("check_id", sorted(CHECKS))
def test_check_gives_the_verdicts_its_fixture_names(check_id: str) -> None:
    snapshot, expected = load_fixture(FIXTURES / f"{check_id}.yaml")
    assessment = evaluate(snapshot, [CHECKS[check_id]])
    judged = {f.resource: f for f in assessment.findings}
    targets = [r for r in snapshot.resources if isinstance(r, CHECKS[check_id].resource)]
    assert targets, "fixture has no resource of the check's type"
    for resource in targets:
        if resource.arn not in expected:
            continue  # supporting resource (e.g. a flow log for a VPC)
        finding = judged[resource.arn]
        assert finding.verdict is Verdict(expected[resource.arn]), (
            f"{resource.name}: got {finding.verdict} ({finding.reason})"
        )
        assert finding.reason


def test_every_check_has_passing_and_failing_fixtures() -> None:
    missing = []
    for check_id, item in CHECKS.items():
        path = FIXTURES / f"{check_id}.yaml"
        if not path.exists():
            missing.append(f"{check_id}: no fixture file")
            continue
        snapshot, expected = load_fixture(path)
        verdicts = {expected.get(r.arn) for r in snapshot.resources if isinstance(r, item.resource)}
        for verdict in ("pass", "fail"):
            if verdict not in verdicts:
                missing.append(f"{check_id}: no resource expected to {verdict}")
    assert not missing, "\n".join(missing)


def test_no_fixture_without_a_check() -> None:
    orphans = sorted(p.stem for p in FIXTURES.glob("*.yaml") if p.stem not in CHECKS)
    assert not orphans


@pytest.mark.parametrize("check_id", sorted(CHECKS))
def test_check_is_documented(check_id: str) -> None:
    item = CHECKS[check_id]
    assert item.title.endswith("."), "docstring needs a one-line title ending in a period"
    assert len(item.doc.split("\n\n")) >= 3, "docstring needs what, why it matters, remediation"
    assert item.remediation, "docstring needs a 'Remediation:' paragraph"
    service, _, name = check_id.partition(".")
    assert service and name, "check ids are service.kebab-name"
    assert name == name.lower() and " " not in name and "_" not in name


def test_checks_require_only_operations_a_collector_calls() -> None:
    from incloud.collect.registry import all_collectors

    declared = {op.lower() for c in all_collectors().values() for op in c.operations}
    for check_id, item in CHECKS.items():
        for action in (*item.requires, *item.resource.listed_by):
            assert action.lower() in declared, f"{check_id}: {action} is collected by no one"


# --- one source for each fact about a check ------------------------------------------------
#
# The duty a check serves (catalog/duties.yaml) decides its domain: that is what the matrix
# reports it under. The decorator's ``domain=`` must equal it, and the module that declares the
# check must sit in that domain's folder, named after the check's service.

SERVICE_MODULES = {
    "access-analyzer": "access_analyzer",
    "acm-pca": "acmpca",
    "cognito-idp": "cognito",
    "elasticfilesystem": "efs",
    "elasticmapreduce": "emr",
    "states": "stepfunctions",
    "es": "opensearch",
    "lambda": "awslambda",
    "network-firewall": "networkfirewall",
}
"""Services whose module is named after the snapshot's service module, not the IAM prefix."""

FAMILY_MODULES = {
    "network.reachability": {"ec2"},  # instances' internet exposure (the reachability engine)
    "data_protection.ebs": {"ec2"},  # EC2 block storage: volumes, snapshots, images
    "application._secrets": {"ec2", "iam"},  # secrets in tags, one family over EC2 and IAM
    # AWS Backup coverage: the region-wide check and its per-store twins, one selection logic
    "data_protection.backup": {"backup", "ec2", "dynamodb", "elasticfilesystem", "rds"},
}
"""Modules that declare checks of services they are not named after, and which services."""


def _duties_by_check() -> dict[str, list[tuple[str, str]]]:
    from incloud.responsibility.catalogue import duties

    linked: dict[str, list[tuple[str, str]]] = {check_id: [] for check_id in CHECKS}
    for duty in duties().values():
        for check_id in duty.checks:
            linked.setdefault(check_id, []).append((duty.id, str(duty.domain)))
    return linked


def test_the_duty_a_check_serves_decides_its_domain() -> None:
    wrong = []
    for check_id, links in sorted(_duties_by_check().items()):
        if len(links) != 1:
            wrong.append(f"{check_id}: linked to {len(links)} duties {links}, not exactly one")
            continue
        ((duty, domain),) = links
        item = CHECKS[check_id]
        folder = item.module.split(".")[3]
        if item.domain.value != domain:
            wrong.append(f"{check_id}: @check domain {item.domain.value}, duty {duty} {domain}")
        if folder != domain:
            wrong.append(f"{check_id}: declared in {item.module}, duty {duty} is {domain}")
    assert not wrong, "\n".join(wrong)


def test_each_check_reports_the_service_module_that_declares_it() -> None:
    wrong = []
    for check_id, item in CHECKS.items():
        package, _, stem = item.module.rpartition(".")
        if package != f"incloud.evaluate.checks.{item.domain.value}":
            wrong.append(f"{check_id}: reports {item.module}, outside checks/{item.domain.value}")
            continue
        family = FAMILY_MODULES.get(f"{item.domain.value}.{stem}")
        base = SERVICE_MODULES.get(item.service, item.service)
        if family is not None:
            if item.service not in family:
                wrong.append(f"{check_id}: family module {item.module} is not for {item.service}")
        elif stem != base and not stem.startswith(f"{base}_"):
            wrong.append(f"{check_id}: reports {item.module}, not {base}.py or {base}_*.py")
    assert not wrong, "\n".join(wrong)


def test_factory_made_checks_are_named_and_documented_by_check() -> None:
    from incloud.evaluate.checks import factories

    made = [item for item in CHECKS.values() if item.fn.__code__.co_filename == factories.__file__]
    assert made, "the factories make no check"
    for item in made:
        assert item.module != factories.__name__
        assert item.fn.__name__ == item.id.replace(".", "_").replace("-", "_")
        assert item.fn.__qualname__ == item.fn.__name__


def test_no_check_module_names_or_documents_a_function_by_hand() -> None:
    """Factories pass ``name=`` and ``doc=`` to ``@check`` (one mechanism, so every check's
    function is named after it and reports the module that declares it)."""
    from incloud.evaluate.checks import factories

    folder = Path(inspect.getfile(factories)).parent
    offenders = [
        f"{path.relative_to(folder)}:{number}"
        for path in sorted(folder.rglob("*.py"))
        for number, line in enumerate(path.read_text().splitlines(), start=1)
        if re.search(r"\.__(name|doc|qualname|module)__ = ", line)
    ]
    assert offenders == []
    for item in CHECKS.values():
        assert item.fn.__name__.isidentifier() and item.fn.__doc__, item.id


# --- one family for resource-based policies ------------------------------------------------

NOT_RESOURCE_POLICIES = {
    ("IamRole", "trust_policy"): "who may become the role: iam.role-trust-not-public and "
    "iam.role-third-party-external-id (identity)",
}
"""JSON policy fields on snapshot models that the resource-policy family does not judge."""

ALWAYS_HAS_POLICY = {"KmsKey"}
"""Types AWS never leaves without a policy: a missing one was not read, so unknown."""

PUBLIC = {"Statement": [{"Effect": "Allow", "Principal": "*", "Action": "*", "Resource": "*"}]}
STRANGER = {
    "Statement": [
        {
            "Effect": "Allow",
            "Principal": {"AWS": "arn:aws:iam::999988887777:root"},
            "Action": "*",
            "Resource": "*",
        }
    ]
}


def _policy_fields() -> list[tuple[type[Resource], str]]:
    """(model, field) for every JSON document field named ``...policy`` on a snapshot model."""
    found = []
    for model in RESOURCE_TYPES:
        for name, info in model.model_fields.items():
            if name.endswith("policy") and _is_document(info.annotation):
                found.append((model, name))
    return found


def _is_document(annotation: Any) -> bool:
    """``JsonDict`` or ``JsonDict | None`` (pydantic keeps ``Annotated`` inside a union)."""
    union = typing.get_origin(annotation) in (typing.Union, types.UnionType)
    for arg in typing.get_args(annotation) if union else (annotation,):
        bare = typing.get_args(arg)[0] if typing.get_origin(arg) is typing.Annotated else arg
        if typing.get_origin(bare) is dict:
            return True
    return False


def _policy_checks(model: type[Resource]) -> dict[str, Check[Any]]:
    return {
        suffix: item
        for item in CHECKS.values()
        for suffix in (PUBLIC_SUFFIX, TRUSTED_SUFFIX)
        if item.resource is model and item.id.endswith(suffix)
    }


def test_the_policy_fields_found_are_the_known_ones() -> None:
    names = {(m.__name__, f) for m, f in _policy_fields()}
    assert len(names) >= 10
    assert set(NOT_RESOURCE_POLICIES) <= names
    assert ("S3Bucket", "policy") in names and ("OpenSearchDomain", "access_policy") in names


@pytest.mark.parametrize(
    ("model", "field"),
    [
        pytest.param(m, f, id=f"{m.__name__}.{f}")
        for m, f in _policy_fields()
        if (m.__name__, f) not in NOT_RESOURCE_POLICIES
    ],
)
def test_every_resource_policy_has_both_family_checks(model: type[Resource], field: str) -> None:
    found = _policy_checks(model)
    assert set(found) == {PUBLIC_SUFFIX, TRUSTED_SUFFIX}, f"{model.__name__}: {sorted(found)}"
    public, trusted = found[PUBLIC_SUFFIX], found[TRUSTED_SUFFIX]
    assert public.id.removesuffix(PUBLIC_SUFFIX) == trusted.id.removesuffix(TRUSTED_SUFFIX)
    assert (public.severity, trusted.severity) == (PUBLIC_SEVERITY, UNTRUSTED_SEVERITY)
    assert public.domain is trusted.domain is Domain.DATA_PROTECTION
    assert public.requires == trusted.requires and public.requires

    ctx = Context(build_snapshot({"resources": []}))

    def verdicts(document: dict[str, Any] | None) -> tuple[Verdict, Verdict]:
        values: dict[str, Any] = {
            "arn": f"arn:aws:test:us-east-1:{ACCOUNT}:x/x",
            "name": "x",
            "account_id": ACCOUNT,
            "region": "us-east-1",
            field: document,
        }
        item = model.model_construct(**values)
        return public.fn(item, ctx).verdict, trusted.fn(item, ctx).verdict

    # the checks read this very field, and judge the same document the same way
    assert verdicts(PUBLIC)[0] is Verdict.FAIL
    assert verdicts(STRANGER) == (Verdict.PASS, Verdict.FAIL)
    absent = Verdict.UNKNOWN if model.__name__ in ALWAYS_HAS_POLICY else Verdict.PASS
    assert verdicts(None) == (absent, absent)
