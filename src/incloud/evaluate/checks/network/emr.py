"""Amazon EMR: primary nodes without public addresses, and block public access."""

from __future__ import annotations

from ....snapshot.emr import EmrBlockPublicAccess, EmrCluster
from ...check import Domain, Outcome, Severity, check, failed, passed, unknown
from ...context import Context
from ..factories import flag_check

SSH_PORT = 22
"""The one port EMR block public access may leave open to the internet, as Security Hub
EMR.2 allows."""

cluster_primary_no_public_ip = flag_check(
    id="elasticmapreduce.cluster-primary-no-public-ip",
    domain=Domain.NETWORK,
    severity=Severity.HIGH,
    resource=EmrCluster,
    requires=("emr:DescribeCluster", "emr:ListInstances"),
    is_ok=lambda cluster: (
        None if cluster.primary_public_ips is None else not cluster.primary_public_ips
    ),
    ok="its primary node has no public IP address",
    bad="its primary node has a public IP address",
    doc="""EMR clusters' primary nodes have no public IP address.

    The primary node runs the cluster's resource manager, web interfaces and, usually, SSH:
    with a public address it is one security group rule away from the internet, where
    unauthenticated Hadoop and Spark interfaces are scanned for. Clusters in a private subnet
    reach AWS services through VPC endpoints or a NAT gateway (Security Hub EMR.1; Amazon EMR
    Management Guide, "Configure networking in a VPC"). Judged on the running primary
    instances' addresses (`ListInstances`); terminated clusters are not listed.

    Remediation: a cluster's subnet cannot change: launch a replacement in a private subnet
    (`aws emr create-cluster ... --ec2-attributes SubnetId=PRIVATE_SUBNET`) and terminate this
    one (`aws emr terminate-clusters --cluster-ids ID`). Terraform: `subnet_id` of a private
    subnet in `ec2_attributes` of `aws_emr_cluster`, and `map_public_ip_on_launch = false` on
    the subnet.
    """,
)


@check(
    id="elasticmapreduce.block-public-access",
    domain=Domain.NETWORK,
    severity=Severity.CRITICAL,
    resource=EmrBlockPublicAccess,
    requires=("emr:GetBlockPublicAccessConfiguration",),
)
def block_public_access(setting: EmrBlockPublicAccess, _: Context) -> Outcome:
    """EMR block public access is on, with no port but SSH (22) let through.

    With block public access on, EMR refuses to launch or resize a cluster whose security
    groups admit `0.0.0.0/0` or `::/0` on a port outside the permitted ranges; the account
    default permits only port 22. It is set per region (Security Hub EMR.2; Amazon EMR
    Management Guide, "Using Amazon EMR block public access").

    Remediation: `aws emr put-block-public-access-configuration
    --block-public-access-configuration
    '{"BlockPublicSecurityGroupRules":true,"PermittedPublicSecurityGroupRuleRanges":[{"MinRange":22,"MaxRange":22}]}'`
    in each region; Terraform `aws_emr_block_public_access_configuration` with
    `block_public_security_group_rules = true`.
    """
    if setting.enabled is None:
        return unknown("the block public access setting was not read")
    if not setting.enabled:
        return failed(f"block public access is off in {setting.region}")
    wider = [
        f"{r.low}-{r.high}" if r.low != r.high else str(r.low)
        for r in setting.permitted_ranges
        if (r.low, r.high) != (SSH_PORT, SSH_PORT)
    ]
    if wider:
        return failed(
            f"block public access is on but lets the internet reach ports {', '.join(wider)}",
            permitted=wider,
        )
    return passed("block public access is on; at most port 22 may be public")
