"""Ports an internet client can actually open, decided by the reachability engine.

A world-open security-group rule is not exposure: the engine follows the public address, the
subnet's network ACL both ways, the security groups and the route the reply takes (see
``evaluate.network``). Each failure carries the path, like Reachability Analyzer; each pass on an
instance with a public address says what blocked the port.
"""

from __future__ import annotations

from ....snapshot.ec2 import Ec2Instance
from ...check import CheckFn, Domain, Outcome, Severity, check, failed, passed, unknown
from ...context import Context
from ...network.reachability import Reachability, analyse, exposures_of

NETWORK_READS = (
    "ec2:DescribeRouteTables",
    "ec2:DescribeNetworkAcls",
    "ec2:DescribeSecurityGroups",
    "ec2:DescribeNetworkInterfaces",
    "ec2:DescribeAddresses",
)

ADMIN_PORTS = {22: "SSH", 3389: "RDP", 5985: "WinRM", 5986: "WinRM over TLS"}
DATA_PORTS = {
    3306: "MySQL",
    5432: "PostgreSQL",
    1433: "SQL Server",
    1521: "Oracle",
    27017: "MongoDB",
    6379: "Redis",
    11211: "Memcached",
    9200: "Elasticsearch/OpenSearch",
    5601: "Kibana",
    9042: "Cassandra",
}

_REMEDIATION = """Remediation: remove the internet-facing rule from the security group (or the
    public address from the instance), keep the port reachable only from private ranges or
    through Systems Manager Session Manager, and tighten the subnet's network ACL."""


def _reach_check(check_id: str, ports: dict[int, str], noun: str) -> CheckFn[Ec2Instance]:
    def judge(instance: Ec2Instance, ctx: Context) -> Outcome:
        reach: Reachability = ctx.analysis("network.reachability", analyse)
        interfaces = instance.network_interface_ids or (instance.instance_id,)
        found: list[str] = []
        latent: list[str] = []
        for exposure in exposures_of(reach, interfaces):
            if exposure.protocol != "tcp":
                continue
            for port, label in sorted(ports.items()):
                if port not in exposure.ports:
                    continue
                path = exposure.path_for(port)
                entry = f"{label} ({port}) on {exposure.address}" + (
                    f": {path.describe()}" if path else ""
                )
                (found if exposure.status == "current" else latent).append(entry)
        if found:
            return failed(f"{noun} reachable from the internet: {found[0]}", paths=found)
        caveats = sorted(
            {c for i in interfaces if i in reach.interfaces for c in reach.interfaces[i].caveats}
        )
        if caveats:
            return unknown("not exposed on what was modelled, but " + "; ".join(caveats))
        if latent:
            return passed(f"not exposed now; latent while stopped: {latent[0]}", latent=latent)
        return passed(f"no {noun} reachable from the internet")

    judge.__name__ = check_id.replace(".", "_").replace("-", "_")
    return judge


def _register(check_id: str, ports: dict[int, str], noun: str, doc: str) -> None:
    judge = _reach_check(check_id, ports, noun)
    judge.__doc__ = doc
    check(
        id=check_id,
        domain=Domain.NETWORK,
        severity=Severity.HIGH,
        resource=Ec2Instance,
        requires=NETWORK_READS,
    )(judge)


_register(
    "ec2.admin-port-internet-reachable",
    ADMIN_PORTS,
    "administration port",
    f"""No instance's administration ports (SSH, RDP, WinRM) can be opened from the internet.

    Decided by real reachability, not by rule strings: the public address, the route back to
    an internet gateway, the network ACL in both directions and the security groups must all
    let the connection through. Scanners find open administration ports within minutes.

    {_REMEDIATION}
    """,
)
_register(
    "ec2.database-port-internet-reachable",
    DATA_PORTS,
    "database or cache port",
    f"""No instance's database, cache or search ports can be opened from the internet.

    Self-managed databases on EC2 answer anyone who reaches the port; exposed MongoDB, Redis and
    Elasticsearch servers are routinely wiped or ransomed. Decided by real reachability.

    {_REMEDIATION}
    """,
)
