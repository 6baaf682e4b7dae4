"""Amazon EKS collector: clusters with their Kubernetes version and upgrade policy."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ...snapshot import Resource
from ...snapshot.eks import EksCluster
from ..registry import collector
from ..unit import Unit


@collector(service="eks", scope="regional", operations=("eks:ListClusters", "eks:DescribeCluster"))
def collect_eks(unit: Unit) -> Iterator[Resource]:
    """Every cluster in the region."""
    names = unit.pages("list_clusters", "clusters")
    yield from unit.fan_out(lambda name: _cluster(unit, name), names)


def _cluster(unit: Unit, name: str) -> EksCluster:
    arn = unit.arn(f"cluster/{name}")
    answer = unit.call("describe_cluster", resource_arn=arn, name=name)
    raw = (answer or {}).get("cluster", {})
    vpc = raw.get("resourcesVpcConfig", {})
    return EksCluster(
        arn=raw.get("arn", arn),
        name=name,
        account_id=unit.account_id,
        region=unit.region,
        version=raw.get("version"),
        platform_version=raw.get("platformVersion"),
        status=raw.get("status", "ACTIVE" if answer else "UNKNOWN"),
        support_type=raw.get("upgradePolicy", {}).get("supportType"),
        # CreateCluster's defaults (EKS API Reference, "VpcConfigRequest"): public access on,
        # from 0.0.0.0/0; private access off. AWS reports them; moto omits what was not set.
        endpoint_public_access=vpc.get("endpointPublicAccess", True) if answer else None,
        endpoint_private_access=vpc.get("endpointPrivateAccess", False) if answer else None,
        public_access_cidrs=tuple(vpc.get("publicAccessCidrs", ["0.0.0.0/0"]) if answer else ()),
        created=raw.get("createdAt"),
        secrets_key_arn=_secrets_key(raw),
        log_types=_log_types(raw),
    )


def _secrets_key(raw: dict[str, Any]) -> str | None:
    """The key of the ``encryptionConfig`` entry covering ``secrets`` (EKS API Reference,
    ``EncryptionConfig``: today the only resource it takes).
    """
    for config in raw.get("encryptionConfig") or ():
        if "secrets" in (config.get("resources") or ()):
            key = (config.get("provider") or {}).get("keyArn")
            return str(key) if key else None
    return None


def _log_types(raw: dict[str, Any]) -> tuple[str, ...]:
    """The enabled types of ``logging.clusterLogging`` (entries of types with ``enabled``)."""
    entries = (raw.get("logging") or {}).get("clusterLogging") or ()
    return tuple(
        sorted({t for entry in entries if entry.get("enabled") for t in entry.get("types") or ()})
    )
