"""What can be reached: interfaces with their public addresses, security groups and state.

A public IPv4 address or Elastic IP is translated one-to-one to the private address it is
associated with (VPC User Guide, "IP addressing", "Elastic IP addresses"); IPv6 addresses are
not translated, and only global unicast ones are reachable from the internet.

An interface in the ``available`` state is attached to nothing and receives no traffic
(VPC User Guide, "Elastic network interfaces"): it is not a target. What an interface is
attached to comes from ``DescribeNetworkInterfaces``: an instance attachment, else the
interface type and the description and requester the managing service sets (Elastic Load
Balancing: ``ELB app/NAME/ID``, ``ELB net/NAME/ID``, ``ELB NAME`` (Classic), requester
``amazon-elb``; RDS:
``RDSNetworkInterface``; Lambda: interface type ``lambda``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from ...snapshot import Snapshot
from ...snapshot.ec2 import Ec2Instance, ElasticIp, NetworkInterface, Subnet
from .intervals import is_internet_address

Attachment = Literal["instance", "elb", "rds", "lambda", "nat-gateway", "vpc-endpoint", "other"]
"""What an interface serves (``other``: anything not recognised, evaluated like an instance)."""

State = Literal["current", "latent"]
"""``current``: reachable now; ``latent``: the instance is stopped, its Elastic IP kept."""

_LATENT_STATES = ("stopped", "stopping")
_GONE_STATES = ("shutting-down", "terminated")


@dataclass(frozen=True)
class Address:
    """A public address and the private address it is translated to (None for IPv6)."""

    public: str
    private: str | None
    elastic: bool = False


@dataclass(frozen=True)
class Target:
    """One network interface as the engine sees it."""

    interface_id: str
    instance_id: str | None
    account_id: str
    region: str
    vpc_id: str | None
    subnet_id: str | None
    group_ids: tuple[str, ...]
    private_ips: tuple[str, ...]
    addresses: tuple[Address, ...]
    state: State
    attachment: Attachment = "instance"
    load_balancer: str | None = None
    """For an Elastic Load Balancing interface, the load balancer's ARN suffix
    (``app/NAME/ID``, or ``NAME`` for a Classic Load Balancer), from the interface's
    description."""


def attachment_of(eni: NetworkInterface) -> Attachment:
    """What the interface is attached to, from its attachment, type and description."""
    kind, description, requester = eni.interface_type, eni.description, eni.requester_id or ""
    if eni.attached_instance_id:
        return "instance"
    if kind in ("network_load_balancer", "gateway_load_balancer") or requester == "amazon-elb":
        return "elb"
    if description.startswith("ELB "):
        return "elb"
    if description.startswith("RDSNetworkInterface") or requester == "amazon-rds":
        return "rds"
    if kind == "lambda" or description.startswith("AWS Lambda VPC ENI"):
        return "lambda"
    if kind == "nat_gateway":
        return "nat-gateway"
    if kind in ("vpc_endpoint", "gateway_load_balancer_endpoint", "interface_endpoint"):
        return "vpc-endpoint"
    return "other"


def _load_balancer(eni: NetworkInterface) -> str | None:
    """``ELB app/NAME/ID`` -> ``app/NAME/ID``; a Classic Load Balancer's ``ELB NAME`` ->
    ``NAME`` (both the suffix of the load balancer's ARN after ``loadbalancer/``).
    """
    if eni.description.startswith("ELB ") and len(eni.description) > 4:
        return eni.description[4:]
    return None


def _state(instance: Ec2Instance | None) -> State | None:
    if instance is None:
        return "current"
    if instance.state in _GONE_STATES:
        return None
    return "latent" if instance.state in _LATENT_STATES else "current"


def _public(
    eips: list[ElasticIp], listed: tuple[str, ...], primary: str | None
) -> tuple[Address, ...]:
    found: dict[str, Address] = {}
    for eip in eips:
        found[eip.public_ip] = Address(eip.public_ip, eip.private_ip or primary, elastic=True)
    for address in listed:
        found.setdefault(address, Address(address, primary))
    return tuple(found.values())


class _ElasticIps:
    """The snapshot's Elastic IPs, indexed by the interface and the instance they name."""

    def __init__(self, eips: list[ElasticIp]) -> None:
        self.eips = eips
        self.by_interface: dict[str, list[int]] = {}
        self.by_instance: dict[str, list[int]] = {}
        for position, eip in enumerate(eips):
            if eip.network_interface_id is not None:
                self.by_interface.setdefault(eip.network_interface_id, []).append(position)
            if eip.instance_id is not None:
                self.by_instance.setdefault(eip.instance_id, []).append(position)

    def of_interface(self, interface_id: str, instance_id: str | None) -> list[ElasticIp]:
        """The addresses associated with the interface, and, given its instance (when it is
        the instance's first interface), those associated with the instance without naming
        an interface; in the snapshot's order.
        """
        positions = set(self.by_interface.get(interface_id, []))
        if instance_id is not None:
            positions.update(
                p
                for p in self.by_instance.get(instance_id, [])
                if self.eips[p].network_interface_id is None
            )
        return [self.eips[p] for p in sorted(positions)]

    def of_instance(self, instance_id: str) -> list[ElasticIp]:
        """The addresses associated with the instance."""
        return [self.eips[p] for p in self.by_instance.get(instance_id, [])]


def targets(snapshot: Snapshot) -> list[Target]:
    """Every interface that could be reached, ENIs first, then instances without ENI records.

    Interfaces in the ``available`` state are left out; others not attached to an instance
    are in use by the service that created it (``attachment`` says which).
    """
    instances = {i.instance_id: i for i in snapshot.of_type(Ec2Instance)}
    subnets = {s.subnet_id: s for s in snapshot.of_type(Subnet)}
    eips = _ElasticIps(list(snapshot.of_type(ElasticIp)))
    found: list[Target] = []
    seen: set[str] = set()
    for eni in snapshot.of_type(NetworkInterface):
        if eni.status == "available":
            continue
        instance = instances.get(eni.attached_instance_id or "")
        state = _state(instance)
        if state is None:
            continue
        seen.add(eni.interface_id)
        primary = eni.private_ips[0] if eni.private_ips else None
        owner = instance.instance_id if instance is not None else None
        first = instance is not None and instance.network_interface_ids[:1] == (eni.interface_id,)
        mine = eips.of_interface(eni.interface_id, owner if first else None)
        vpc = eni.vpc_id or (subnets[eni.subnet_id].vpc_id if eni.subnet_id in subnets else None)
        found.append(
            Target(
                interface_id=eni.interface_id,
                instance_id=eni.attached_instance_id,
                account_id=eni.account_id,
                region=eni.region,
                vpc_id=vpc,
                subnet_id=eni.subnet_id,
                group_ids=eni.security_group_ids,
                private_ips=eni.private_ips,
                addresses=_public(mine, eni.public_ips, primary)
                + tuple(Address(a, None) for a in eni.ipv6_addresses if is_internet_address(a)),
                state=state,
                attachment=attachment_of(eni),
                load_balancer=_load_balancer(eni),
            )
        )
    for instance in instances.values():
        state = _state(instance)
        if state is None or any(i in seen for i in instance.network_interface_ids):
            continue
        mine = eips.of_instance(instance.instance_id)
        listed = (instance.public_ip,) if instance.public_ip else ()
        found.append(
            Target(
                interface_id=(instance.network_interface_ids or (instance.instance_id,))[0],
                instance_id=instance.instance_id,
                account_id=instance.account_id,
                region=instance.region,
                vpc_id=instance.vpc_id,
                subnet_id=instance.subnet_id,
                group_ids=instance.security_group_ids,
                private_ips=(instance.private_ip,) if instance.private_ip else (),
                addresses=_public(mine, listed, instance.private_ip)
                + tuple(
                    Address(a, None) for a in instance.ipv6_addresses if is_internet_address(a)
                ),
                state=state,
            )
        )
    return found
