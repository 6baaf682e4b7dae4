"""Container image scanning, tag immutability and lifecycle policies in Amazon ECR."""

from __future__ import annotations

from ....snapshot.ecr import EcrRegistry, EcrRepository
from ....wildcards import star_match
from ...check import Domain, Outcome, Severity, check, failed, passed, unknown
from ...context import Context

_SCANNING = {"ENHANCED": ("SCAN_ON_PUSH", "CONTINUOUS_SCAN"), "BASIC": ("SCAN_ON_PUSH",)}


def filter_matches(pattern: str, repository: str) -> bool:
    """True when ECR's repository filter ``pattern`` selects ``repository``.

    Without a wildcard a filter matches every name that contains it; ``*`` stands for zero
    or more characters of a whole-name match (Amazon ECR User Guide, "Filter wildcards").
    The filter is account data, so it is matched without a regular expression, in time
    bounded by the lengths (:func:`incloud.wildcards.star_match`).
    """
    if "*" not in pattern:
        return pattern in repository
    return star_match(pattern, repository)


def _registry(repository: EcrRepository, ctx: Context) -> EcrRegistry | None:
    for registry in ctx.resources(EcrRegistry, repository.account_id, repository.region):
        return registry
    return None


@check(
    id="ecr.scan-on-push",
    domain=Domain.APPLICATION,
    severity=Severity.HIGH,
    resource=EcrRepository,
    requires=("ecr:GetRegistryScanningConfiguration",),
)
def scan_on_push(repository: EcrRepository, ctx: Context) -> Outcome:
    """Images pushed to private repositories are scanned for vulnerabilities.

    Unscanned images reach production with whatever CVEs their base image and packages
    carry. With the registry on basic scanning, a repository is scanned on push when its
    own scan-on-push setting is on or a registry SCAN_ON_PUSH rule's filter matches its
    name; with enhanced scanning (Amazon Inspector) only the registry's SCAN_ON_PUSH or
    CONTINUOUS_SCAN rules count. Filters: without ``*`` a filter matches names containing
    it; with ``*`` it matches whole names.
    See https://docs.aws.amazon.com/AmazonECR/latest/userguide/image-scanning.html

    Remediation: add a registry scanning rule covering the repository
    (`aws ecr put-registry-scanning-configuration --scan-type ENHANCED --rules
    '[{"scanFrequency":"CONTINUOUS_SCAN","repositoryFilters":[{"filter":"*","filterType":"WILDCARD"}]}]'`),
    or on basic scanning `aws ecr put-image-scanning-configuration --repository-name NAME
    --image-scanning-configuration scanOnPush=true`; Terraform
    `aws_ecr_registry_scanning_configuration`.
    """
    registry = _registry(repository, ctx)
    if registry is None or registry.scan_type is None:
        return unknown("the registry scanning configuration was not read")
    frequencies = _SCANNING.get(registry.scan_type, ())
    matching = [
        rule.frequency
        for rule in registry.rules
        if rule.frequency in frequencies
        and any(filter_matches(f, repository.name) for f in rule.filters)
    ]
    if matching:
        return passed(
            f"{registry.scan_type.lower()} scanning ({', '.join(sorted(set(matching)))}) "
            "by a registry rule"
        )
    if registry.scan_type == "BASIC" and repository.scan_on_push:
        return passed("basic scan on push set on the repository")
    if registry.scan_type == "ENHANCED":
        return failed("enhanced scanning is on, but no registry rule covers this repository")
    return failed("images are not scanned on push", scan_type=registry.scan_type)


@check(
    id="ecr.tag-immutability",
    domain=Domain.APPLICATION,
    severity=Severity.MEDIUM,
    resource=EcrRepository,
)
def tag_immutability(repository: EcrRepository, ctx: Context) -> Outcome:
    """Private repositories make image tags immutable.

    With mutable tags anyone who can push can replace the image behind `app:1.4.2` (or
    `latest`) without changing the tag, so a deployment pulls code nobody reviewed or
    scanned. Immutable tags make every tag name one image, forever. A repository that is
    immutable except for listed exclusion filters passes (the exclusions are deliberate).

    Remediation: `aws ecr put-image-tag-mutability --repository-name NAME
    --image-tag-mutability IMMUTABLE`; Terraform `image_tag_mutability = "IMMUTABLE"`.
    Deploy by digest or unique tags rather than `latest`.
    """
    mutability = repository.tag_mutability
    if mutability == "IMMUTABLE":
        return passed("tags are immutable")
    if mutability == "IMMUTABLE_WITH_EXCLUSION":
        return passed("tags are immutable except the excluded filters")
    return failed(f"tags can be overwritten ({mutability})", tag_mutability=mutability)


@check(
    id="ecr.repository-lifecycle-policy",
    domain=Domain.APPLICATION,
    severity=Severity.MEDIUM,
    resource=EcrRepository,
    requires=("ecr:GetLifecyclePolicy",),
)
def repository_lifecycle_policy(repository: EcrRepository, ctx: Context) -> Outcome:
    """ECR repositories have a lifecycle policy.

    Without a lifecycle policy every image pushed stays forever: old images with known
    vulnerabilities remain pullable by any task or cluster that names them, and storage
    grows without end (Security Hub ECR.3; ECR User Guide, "Automate the cleanup of images
    by using lifecycle policies in Amazon ECR").

    Remediation: `aws ecr put-lifecycle-policy --repository-name NAME
    --lifecycle-policy-text '{"rules":[{"rulePriority":1,"selection":{"tagStatus":"any",
    "countType":"imageCountMoreThan","countNumber":50},"action":{"type":"expire"}}]}'`;
    Terraform `aws_ecr_lifecycle_policy`.
    """
    if repository.lifecycle_policy is None:
        return unknown("the repository's lifecycle policy was not read")
    if repository.lifecycle_policy:
        return passed("a lifecycle policy expires old images")
    return failed("no lifecycle policy: every image pushed is kept")
