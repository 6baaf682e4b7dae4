"""The responsibility catalogue: services (who runs each layer) and duties (what must be done).

Both are package data in ``incloud/catalog`` (``services/<family>.yaml``, ``duties.yaml``),
validated on load by the models below; ``services.schema.json`` and ``duties.schema.json`` are
generated from the same models for editors and reviewers (a test keeps them in sync).

The layer model follows AWS's "Shared Responsibility Model" page and the whitepaper "Amazon Web
Services: Overview of Security Processes" (infrastructure, container and abstracted services).
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Literal

import yaml
from pydantic import Field

from ..evaluate.check import Domain
from ..snapshot import Frozen

Owner = Literal["aws", "customer", "shared"]
"""Who runs a layer or owns a duty."""

Category = Literal["infrastructure", "container", "abstracted"]
"""AWS's three service categories: the customer runs the guest OS and up (infrastructure),
AWS runs the OS and platform (container), or AWS runs everything below the API (abstracted)."""

Group = Literal[
    "compute",
    "containers",
    "serverless",
    "storage",
    "databases",
    "analytics",
    "networking",
    "security",
    "management",
    "integration",
    "developer-tools",
    "machine-learning",
    "account",
]
"""The service's family, for grouping in reports."""


class Layers(Frozen):
    """Who runs each layer of the stack for one service."""

    facilities: Owner
    hardware: Owner
    network_fabric: Owner
    virtualisation: Owner
    host_os: Owner
    guest_os: Owner
    platform: Owner
    """The engine or managed platform (database engine, container orchestrator, broker)."""
    runtime: Owner
    """The language runtime or execution environment the customer's code runs in."""
    application: Owner
    data: Owner
    identity: Owner
    network_config: Owner


Layer = Literal[
    "facilities",
    "hardware",
    "network_fabric",
    "virtualisation",
    "host_os",
    "guest_os",
    "platform",
    "runtime",
    "application",
    "data",
    "identity",
    "network_config",
]


class Source(Frozen):
    """Where a non-obvious claim about a service comes from."""

    claim: str
    url: str = Field(pattern=r"^https://")


class DutyOverride(Frozen):
    """A per-service exception to the owner a duty's layer would give."""

    owner: Owner
    reason: str = Field(min_length=10)


class ServiceEntry(Frozen):
    """One AWS service in the catalogue, keyed by its IAM service prefix."""

    prefix: str = Field(pattern=r"^[a-z0-9-]+$")
    name: str
    group: Group
    category: Category
    summary: str = Field(min_length=20)
    """One line, our words: what AWS runs and what is left to the customer."""
    layers: Layers
    security_doc: str = Field(pattern=r"^https://docs\.aws\.amazon\.com/")
    """The service's "Security in <service>" documentation page."""
    sources: tuple[Source, ...] = Field(min_length=1)
    overrides: dict[str, DutyOverride] = {}
    """Duty id -> owner, where the layer default is wrong for this service."""


class Duty(Frozen):
    """A security duty under the shared responsibility model.

    Customer duties belong to one of the five domains; AWS duties (``side: aws``) are what the
    customer inherits. The owner for a service is the owner of the duty's ``layer`` in that
    service, unless the service overrides it.
    """

    id: str = Field(pattern=r"^[a-z]+\.[a-z0-9-]+$")
    side: Literal["customer", "aws"]
    domain: Domain | None = None
    """The customer domain; None for AWS-side duties."""
    title: str
    layer: Layer
    scope: Literal["service", "account"] = "service"
    """``account`` duties (protect the root user, audit logging) are judged once per account."""
    categories: tuple[Category, ...] = ("infrastructure", "container", "abstracted")
    """The service categories the duty applies to."""
    customer_does: str = ""
    aws_does: str = ""
    checks: tuple[str, ...] = ()
    """Check ids that verify the duty (many-to-many)."""
    manual: str | None = None
    """Evidence a human must give where no check (or not every part) can be automated."""


class ServiceCatalogue(Frozen):
    """One file of the service catalogue (``services/<family>.yaml``)."""

    as_of: str
    services: tuple[ServiceEntry, ...]


class DutyCatalogue(Frozen):
    """The file ``duties.yaml``."""

    duties: tuple[Duty, ...]


def _read(name: str) -> object:
    return yaml.safe_load(resources.files("incloud.catalog").joinpath(name).read_text())


@cache
def services() -> dict[str, ServiceEntry]:
    """The service catalogue keyed by IAM prefix; a prefix in two files is an error."""
    found: dict[str, ServiceEntry] = {}
    folder = resources.files("incloud.catalog").joinpath("services")
    for path in sorted(folder.iterdir(), key=lambda p: p.name):
        if not path.name.endswith(".yaml"):
            continue
        catalogue = ServiceCatalogue.model_validate(yaml.safe_load(path.read_text()))
        for entry in catalogue.services:
            if entry.prefix in found:
                raise ValueError(f"service {entry.prefix} is catalogued twice ({path.name})")
            found[entry.prefix] = entry
    return dict(sorted(found.items()))


@cache
def duties() -> dict[str, Duty]:
    """Every duty keyed by id, in catalogue order."""
    catalogue = DutyCatalogue.model_validate(_read("duties.yaml"))
    return {duty.id: duty for duty in catalogue.duties}


def owner(service: ServiceEntry, duty: Duty) -> Owner:
    """Who owns ``duty`` for ``service``: the override, else the owner of the duty's layer."""
    override = service.overrides.get(duty.id)
    if override is not None:
        return override.owner
    value: Owner = getattr(service.layers, duty.layer)
    return value
