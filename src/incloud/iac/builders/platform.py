"""CloudTrail trails, EKS clusters, Application and Network Load Balancers and listeners.

A trail's logging state is known once it runs (``IsLogging`` true by default for a trail
CloudFormation creates); a load balancer's attributes come from its
``LoadBalancerAttributes``, with Elastic Load Balancing's defaults.
"""

from __future__ import annotations

from typing import Any

from ...snapshot.cloudtrail import DataResource, EventSelector, Trail
from ...snapshot.eks import EksCluster
from ...snapshot.elbv2 import Listener, ListenerAction, LoadBalancer
from ..assembly import Assembly, Declared
from .registry import builds, flag, listed


@builds("AWS::CloudTrail::Trail")
def trail(asm: Assembly, declared: Declared) -> None:
    """A trail and its basic event selectors (AWS's default: all management events)."""
    props = declared.properties
    draft = asm.add(Trail, declared)
    draft.fields.update(
        multi_region=flag(asm.known(draft, props, "IsMultiRegionTrail", False)),
        organization_trail=flag(asm.known(draft, props, "IsOrganizationTrail", False)),
        is_logging=flag(asm.known(draft, props, "IsLogging", True), True),
        log_file_validation=flag(asm.known(draft, props, "EnableLogFileValidation", False)),
        kms_key_id=asm.known(draft, props, "KMSKeyId", None),
        s3_bucket=asm.known(draft, props, "S3BucketName", None),
        cloudwatch_logs_log_group_arn=asm.known(draft, props, "CloudWatchLogsLogGroupArn", None),
        include_global_events=flag(
            asm.known(draft, props, "IncludeGlobalServiceEvents", True), True
        ),
    )
    selectors = asm.known(draft, props, "EventSelectors", None)
    draft.fields["event_selectors"] = tuple(
        EventSelector(
            read_write_type=str(s.get("ReadWriteType", "All")),
            include_management_events=flag(s.get("IncludeManagementEvents", True), True),
            data_resources=tuple(
                DataResource(
                    type=str(d.get("Type", "")),
                    values=tuple(str(v) for v in listed(d.get("Values"))),
                )
                for d in listed(s.get("DataResources"))
                if isinstance(d, dict)
            ),
        )
        for s in listed(selectors)
        if isinstance(s, dict)
    ) or (EventSelector(),)


@builds("AWS::EKS::Cluster")
def cluster(asm: Assembly, declared: Declared) -> None:
    """A cluster: version, endpoint access, secrets encryption, control-plane logs."""
    props = declared.properties
    draft = asm.add(EksCluster, declared)
    draft.fields["version"] = asm.known(draft, props, "Version", None, action="eks:DescribeCluster")
    draft.fields["created"] = asm.now
    vpc = asm.known(draft, props, "ResourcesVpcConfig", {}, action="eks:DescribeCluster")
    vpc = vpc if isinstance(vpc, dict) else {}
    draft.fields["endpoint_public_access"] = flag(vpc.get("EndpointPublicAccess", True), True)
    draft.fields["endpoint_private_access"] = flag(vpc.get("EndpointPrivateAccess", False))
    draft.fields["public_access_cidrs"] = tuple(
        str(c) for c in listed(vpc.get("PublicAccessCidrs"))
    ) or (("0.0.0.0/0",) if draft.fields["endpoint_public_access"] else ())
    keys = [
        e.get("Provider", {}).get("KeyArn")
        for e in listed(props.get("EncryptionConfig"))
        if isinstance(e, dict) and "secrets" in listed(e.get("Resources"))
    ]
    draft.fields["secrets_key_arn"] = keys[0] if keys else None
    logging = props.get("Logging")
    enabled = (
        (logging or {}).get("ClusterLogging", {}).get("EnabledTypes", [])
        if isinstance(logging, dict)
        else []
    )
    draft.fields["log_types"] = tuple(
        str(t.get("Type")) for t in listed(enabled) if isinstance(t, dict)
    )


@builds("AWS::ElasticLoadBalancingV2::LoadBalancer")
def load_balancer(asm: Assembly, declared: Declared) -> None:
    """An Application or Network Load Balancer and its attributes."""
    props = declared.properties
    kind = str(props.get("Type", "application"))
    draft = asm.add(
        LoadBalancer, declared, lb_type=kind, scheme=str(props.get("Scheme", "internet-facing"))
    )
    if "Scheme" in props:
        draft.fields["scheme"] = str(asm.known(draft, props, "Scheme", "internet-facing"))
    attributes: dict[str, Any] = {
        str(a.get("Key")): a.get("Value")
        for a in listed(
            asm.known(
                draft,
                props,
                "LoadBalancerAttributes",
                [],
                action="elbv2:DescribeLoadBalancerAttributes",
            )
        )
        if isinstance(a, dict)
    }
    draft.fields.update(
        security_group_ids=tuple(str(g) for g in listed(props.get("SecurityGroups"))),
        subnet_ids=tuple(str(s) for s in listed(props.get("Subnets"))),
        ip_address_type=str(props.get("IpAddressType", "ipv4")),
        access_logs_enabled=flag(attributes.get("access_logs.s3.enabled", False)),
        access_logs_bucket=attributes.get("access_logs.s3.bucket"),
        deletion_protection=flag(attributes.get("deletion_protection.enabled", False)),
    )
    if kind == "application":
        draft.fields["drop_invalid_header_fields"] = flag(
            attributes.get("routing.http.drop_invalid_header_fields.enabled", False)
        )
        draft.fields["desync_mitigation_mode"] = str(
            attributes.get("routing.http.desync_mitigation_mode", "defensive")
        )
    # target groups are not modelled: what the load balancer forwards to, and so what it
    # exposes, is not known, and no reachability verdict in the region may rest on its absence
    asm.unknown(
        draft,
        "elbv2:DescribeTargetGroups",
        "its target groups are not modelled: what it exposes is not known",
        everywhere="elbv2:DescribeTargetGroups",
    )
    asm.unknown(
        draft,
        "wafv2:ListResourcesForWebACL",
        "web ACL associations are separate resources (not modelled)",
    )


@builds("AWS::ElasticLoadBalancingV2::Listener")
def listener(asm: Assembly, declared: Declared) -> None:
    """A listener of a load balancer the files create."""
    props = declared.properties
    target = props.get("LoadBalancerArn")
    balancer = asm.find(str(target)) if isinstance(target, str) else None
    fields: dict[str, Any] = {
        "load_balancer_arn": str(target) if isinstance(target, str) else "",
        "protocol": str(props.get("Protocol", "")),
        "port": int(props["Port"]) if props.get("Port") is not None else None,
        "ssl_policy": props.get("SslPolicy"),
        "certificate_arns": tuple(
            str(c.get("CertificateArn"))
            for c in listed(props.get("Certificates"))
            if isinstance(c, dict) and c.get("CertificateArn")
        ),
        "default_actions": tuple(
            ListenerAction(
                type=str(a.get("Type", "")),
                redirect_protocol=(a.get("RedirectConfig") or {}).get("Protocol"),
            )
            for a in listed(props.get("DefaultActions"))
            if isinstance(a, dict)
        ),
        "rules": (),
    }
    if balancer is not None:
        fields.update(
            load_balancer_name=balancer.fields["name"],
            lb_type=balancer.fields["lb_type"],
            scheme=balancer.fields["scheme"],
        )
    draft = asm.add(Listener, declared, **fields)
    if balancer is None:
        asm.unknown(draft, None, "its load balancer is not in the files")
