"""Ports an internet client can actually open, decided by the reachability engine.

A world-open security-group rule is not exposure: the engine follows the public address, the
subnet's network ACL both ways, the security groups and the route the reply takes (see
``evaluate.network``). Each failure carries the path, like Reachability Analyzer; each pass on an
instance with a public address says what blocked the port. A port an internet-facing load
balancer forwards to fails too, with ``via <load balancer>:<listener port>`` evidence (ELB
guides, "Target security groups"); a port only CloudFront's origin-facing servers may open is
not an administration or database exposure (CloudFront speaks HTTP to origins).
"""

from __future__ import annotations

from collections.abc import Callable

from ....snapshot.ec2 import Ec2Instance
from ...check import CheckFn, Domain, Outcome, Severity, check, failed, passed, unknown
from ...context import Context
from ...network.reachability import Reachability, exposures_of
from ...settings import Settings
from ..analyses import reachability

NETWORK_READS = (
    "ec2:DescribeRouteTables",
    "ec2:DescribeNetworkAcls",
    "ec2:DescribeSecurityGroups",
    "ec2:DescribeNetworkInterfaces",
    "ec2:DescribeAddresses",
    "elbv2:DescribeLoadBalancers",
    "elbv2:DescribeListeners",
    "elbv2:DescribeTargetGroups",
    "elb:DescribeLoadBalancers",
)


def _hides_targets(caveat: str) -> bool:
    """Load balancer caveats meaning a forwarded port of *any* instance could be missing: a
    target group's targets not read, or a listener's target group not collected (a target
    missing from the snapshot is not one of the instances being judged).
    """
    return "not read" in caveat or (
        caveat.startswith("target group ") and caveat.endswith("not in the snapshot")
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

FILE_SHARE_PORTS = {
    139: "NetBIOS session (SMB)",
    445: "SMB/CIFS",
    111: "RPC portmapper (NFS)",
    2049: "NFS",
}

_REMEDIATION = """Remediation: remove the internet-facing rule from the security group (or the
    public address from the instance), keep the port reachable only from private ranges or
    through Systems Manager Session Manager, and tighten the subnet's network ACL. For a port
    reached through a load balancer, remove the listener (or its target group) that forwards
    to it, or make the load balancer internal."""


COUNTED = ("direct", "via-load-balancer")
"""Exposure kinds that fail: on the instance's own address, or forwarded by a load balancer.
CloudFront-only ports are not (CloudFront speaks HTTP to origins); ports behind an inspection
appliance leave a caveat (unknown)."""


Ports = dict[int, str] | Callable[[Settings], dict[int, str]]
"""The ports a check judges, labelled: fixed, or read from the evaluation's settings."""


def _reach_check(check_id: str, wanted: Ports, noun: str) -> CheckFn[Ec2Instance]:
    def judge(instance: Ec2Instance, ctx: Context) -> Outcome:
        ports = wanted(ctx.settings) if callable(wanted) else wanted
        reach: Reachability = ctx.analysis(reachability)
        interfaces = instance.network_interface_ids or (instance.instance_id,)
        found: list[str] = []
        latent: list[str] = []
        via: list[str] = []
        for exposure in exposures_of(reach, interfaces):
            if exposure.protocol != "tcp" or exposure.kind not in COUNTED:
                continue
            for port, label in sorted(ports.items()):
                if port not in exposure.ports:
                    continue
                path = exposure.path_for(port)
                where = f" via {exposure.via}" if exposure.via else ""
                entry = f"{label} ({port}) on {exposure.address}{where}" + (
                    f": {path.describe()}" if path else ""
                )
                (found if exposure.status == "current" else latent).append(entry)
                if exposure.via:
                    via.append(exposure.via)
        if found:
            return failed(
                f"{noun} reachable from the internet: {found[0]}",
                paths=found,
                via=sorted(set(via)),
            )
        caveats = sorted(
            {c for i in interfaces if i in reach.interfaces for c in reach.interfaces[i].caveats}
            | {
                f"load balancer {b.balancer.name}: {c}"
                for b in reach.load_balancers.values()
                if (b.balancer.account_id, b.balancer.region)
                == (instance.account_id, instance.region)
                for c in b.caveats
                if _hides_targets(c)
            }
        )
        if caveats:
            return unknown("not exposed on what was modelled, but " + "; ".join(caveats))
        if latent:
            return passed(f"not exposed now; latent while stopped: {latent[0]}", latent=latent)
        return passed(f"no {noun} reachable from the internet")

    return judge


def _register(check_id: str, ports: Ports, noun: str, doc: str) -> None:
    check(
        id=check_id,
        domain=Domain.NETWORK,
        severity=Severity.HIGH,
        resource=Ec2Instance,
        requires=NETWORK_READS,
        name=check_id.replace(".", "_").replace("-", "_"),
        doc=doc,
    )(_reach_check(check_id, ports, noun))


_register(
    "ec2.admin-port-internet-reachable",
    ADMIN_PORTS,
    "administration port",
    f"""No instance's administration ports (SSH, RDP, WinRM) can be opened from the internet.

    Decided by real reachability, not by rule strings: the public address, the route back to
    an internet gateway, the network ACL in both directions and the security groups must all
    let the connection through. A port an internet-facing load balancer forwards to counts too
    (reported "via" the load balancer and listener port). Scanners find open administration
    ports within minutes.

    {_REMEDIATION}
    """,
)
_register(
    "ec2.database-port-internet-reachable",
    DATA_PORTS,
    "database or cache port",
    f"""No instance's database, cache or search ports can be opened from the internet.

    Self-managed databases on EC2 answer anyone who reaches the port; exposed MongoDB, Redis and
    Elasticsearch servers are routinely wiped or ransomed. Decided by real reachability,
    including ports a Network Load Balancer forwards (reported "via" the load balancer).

    {_REMEDIATION}
    """,
)
_register(
    "ec2.file-share-port-internet-reachable",
    FILE_SHARE_PORTS,
    "file-sharing port",
    f"""No instance's file-sharing ports (SMB/CIFS, NFS) can be opened from the internet.

    Ports: SMB/CIFS 445 and 139, NFS 2049 and its portmapper 111. SMB and NFS were built for
    trusted networks: exposed SMB is how worms such as WannaCry spread, and NFS exports trust
    client-supplied identities (CIS AWS Foundations Benchmark 5.0.0, 5.1.2 "CIFS access
    restricted to trusted networks"). Decided by real reachability, including ports a load
    balancer forwards.

    {_REMEDIATION}
    """,
)


PORT_NAMES = {
    20: "FTP data",
    21: "FTP",
    23: "Telnet",
    25: "SMTP",
    110: "POP3",
    135: "RPC",
    143: "IMAP",
    1434: "SQL Server Browser",
    9300: "Elasticsearch transport",
    **FILE_SHARE_PORTS,
    **DATA_PORTS,
    **ADMIN_PORTS,
}
"""Names for the ports the high-risk check reports (others are "port N")."""


def _high_risk(settings: Settings) -> dict[int, str]:
    return {port: PORT_NAMES.get(port, "port") for port in settings.high_risk_ports}


_register(
    "ec2.high-risk-port-internet-reachable",
    _high_risk,
    "high-risk port",
    f"""No instance's high-risk ports can be opened from the internet.

    The ports are ``Settings.high_risk_ports``, by default Security Hub EC2.19's: FTP (20,
    21), SSH (22), Telnet (23), SMTP (25), POP3 (110), RPC (135), IMAP (143), SMB (445),
    SQL Server (1433, 1434), 3000, MySQL (3306), RDP (3389), 4333, 5000, PostgreSQL (5432),
    5500, Kibana (5601), 8080, 8088, 8888 and Elasticsearch (9200, 9300). Decided by real
    reachability, not by rule strings: the public address, the route back to an internet
    gateway, the network ACL both ways and the security groups must all let the connection
    through; a port a load balancer (ALB, NLB or Classic) forwards counts too, reported
    "via" the load balancer and listener port.

    {_REMEDIATION}
    """,
)
