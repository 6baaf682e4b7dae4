"""SageMaker AI: notebook instances in a VPC without SageMaker's own internet route, and
models whose containers cannot call out.
"""

from __future__ import annotations

from ....snapshot.sagemaker import SageMakerModel, SageMakerNotebook
from ...check import Domain, Severity
from ..factories import flag_check

DESCRIBED = ("sagemaker:DescribeNotebookInstance",)

notebook_no_direct_internet = flag_check(
    id="sagemaker.notebook-no-direct-internet",
    domain=Domain.NETWORK,
    severity=Severity.HIGH,
    resource=SageMakerNotebook,
    requires=DESCRIBED,
    is_ok=lambda n: None if n.direct_internet_access is None else not n.direct_internet_access,
    ok="direct internet access is disabled: traffic leaves only through its VPC",
    bad="direct internet access is enabled: SageMaker routes the instance to the internet",
    unread="the notebook instance was not described",
    doc="""Notebook instances have no direct internet access.

    With direct internet access SageMaker gives the notebook its own route to the internet,
    outside any VPC control: code in it can download anything and send data anywhere, and
    no security group, network ACL or firewall of the customer's applies (Security Hub
    SageMaker.1; SageMaker developer guide, "Connect a notebook instance in a VPC to external
    resources"). It is on unless turned off when the instance is created.

    Remediation: the setting is fixed at creation: create the instance again with
    `aws sagemaker create-notebook-instance ... --subnet-id SUBNET --security-group-ids SG
    --direct-internet-access Disabled` (internet through the VPC's NAT gateway if needed) and
    move the work over; Terraform `direct_internet_access = "Disabled"` with `subnet_id` on
    `aws_sagemaker_notebook_instance`.
    """,
)

notebook_in_vpc = flag_check(
    id="sagemaker.notebook-in-vpc",
    domain=Domain.NETWORK,
    severity=Severity.HIGH,
    resource=SageMakerNotebook,
    requires=DESCRIBED,
    # A notebook that was not described has no network settings to judge.
    is_ok=lambda n: None if n.direct_internet_access is None else n.subnet_id is not None,
    ok="runs in a subnet of the customer's VPC",
    bad="runs outside the customer's VPCs: no security group or flow log of theirs applies",
    unread="the notebook instance was not described",
    doc="""Notebook instances run in a subnet of a customer VPC.

    A notebook launched without a subnet runs in a network SageMaker manages: the customer's
    security groups, network ACLs, VPC endpoints and flow logs cannot restrict or record
    what it reaches (Security Hub SageMaker.2; SageMaker developer guide, "Connect to
    SageMaker AI Within your VPC").

    Remediation: the subnet is fixed at creation: create the instance again with
    `aws sagemaker create-notebook-instance ... --subnet-id SUBNET --security-group-ids SG`
    and move the work over; Terraform `subnet_id` and `security_groups` on
    `aws_sagemaker_notebook_instance`.
    """,
)

model_network_isolation = flag_check(
    id="sagemaker.model-network-isolation",
    domain=Domain.NETWORK,
    severity=Severity.MEDIUM,
    resource=SageMakerModel,
    requires=("sagemaker:DescribeModel",),
    is_ok=lambda m: m.network_isolation,
    ok="network isolation is on: the model's containers make no outbound calls",
    bad="network isolation is off: the model's containers can call out to the network",
    unread="the model was not described",
    doc="""Models run their inference containers with network isolation.

    A model's containers run code the customer may not have written (a public model, a
    third-party container); without network isolation they can reach the internet or the
    VPC and send inference data, or the model's own artefacts, elsewhere (Security Hub
    SageMaker.5; SageMaker developer guide, "Run Training and Inference Containers in
    Internet-Free Mode").

    Remediation: a model cannot be changed: create it again with `aws sagemaker create-model
    ... --enable-network-isolation` and point the endpoint configuration at it; Terraform
    `enable_network_isolation = true` on `aws_sagemaker_model`.
    """,
)
