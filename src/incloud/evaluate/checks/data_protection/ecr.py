"""ECR: who a repository policy lets pull or push images."""

from __future__ import annotations

from ....snapshot.ecr import EcrRepository
from ..factories import resource_policy_checks

repository_policy_not_public, repository_policy_trusted_accounts = resource_policy_checks(
    prefix="ecr.repository",
    resource=EcrRepository,
    policy=lambda r: r.policy,
    requires=("ecr:GetRepositoryPolicy",),
)
