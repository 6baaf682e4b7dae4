"""Derive ``src/incloud/catalog/programmes.json`` from the shared reference data.

    python tools/derive_programmes.py ../shared/data/aws_services_in_scope.json

The output keeps the source's facts (which AWS compliance programmes each IAM service prefix is
in scope for), renames the programmes to incloud's option names, and records the source, its
dates and its caveat, so every answer can say how old its evidence is.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

PROGRAMMES = {
    "soc": "SOC",
    "pci": "PCI",
    "iso": "ISO",
    "fedramp-moderate": "FedRAMP_Moderate",
    "fedramp-high": "FedRAMP_High",
    "dod-il2": "DoD_CC_SRG_IL2_EW",
    "dod-il4": "DoD_CC_SRG_IL4_GC",
    "dod-il5": "DoD_CC_SRG_IL5_GC",
    "hipaa": "HIPAA",
    "hitrust": "HITRUST",
    "irap": "IRAP",
    "ospar": "OSPAR",
    "finma": "FINMA",
    "ismap": "ISMAP",
}

AS_OF = {
    **dict.fromkeys(
        ("soc", "pci", "iso", "hipaa", "hitrust", "irap", "ospar", "finma"), "2022-07-15"
    ),
    **dict.fromkeys(
        ("fedramp-moderate", "fedramp-high", "dod-il2", "dod-il4", "dod-il5", "ismap"),
        "2021-10-11",
    ),
}
"""When the source last read each programme's column (its CSV scrape, or its older database)."""

ALIASES = {
    "inspector2": "inspector",
    "dax": "dynamodb",
}
"""Prefixes the source files under another one's row: AWS's page lists "Amazon Inspector" (whose
API prefix is ``inspector2`` today; the classic ``inspector`` API is retired) and "Amazon
DynamoDB" (whose row covers DynamoDB Accelerator, ``dax``). Each takes that row's values."""

TARGET = Path(__file__).parents[1] / "src" / "incloud" / "catalog" / "programmes.json"


def main(source: Path) -> None:
    """Write the derived file."""
    data = json.loads(source.read_text())
    services = {
        entry["service_prefix"]: {
            name: entry["programs"].get(column) for name, column in PROGRAMMES.items()
        }
        for entry in data["services"]
    }
    for alias, row in ALIASES.items():
        services[alias] = dict(services[row])
    document = {
        "_source": "salesforce/aws-allowlister (MIT), via incloud's shared reference data "
        "aws_services_in_scope.json; facts from AWS's 'AWS Services in Scope by Compliance "
        "Program' page",
        "_as_of": "2022-07-15 (SOC, PCI, ISO, HIPAA, HITRUST, IRAP, OSPAR, FINMA); "
        "2021-10-11 (FedRAMP, DoD CC SRG, ISMAP)",
        "_caveat": "A dated snapshot: AWS adds services to programmes over time, so 'not in "
        "scope' may be out of date. Confirm at "
        "https://aws.amazon.com/compliance/services-in-scope/ before acting.",
        "_as_of_by_programme": AS_OF,
        "_aliases": {alias: f"takes the {row!r} row" for alias, row in ALIASES.items()},
        "_values": "true = in scope, false = not in scope, null = not stated in the source",
        "programmes": {name: column for name, column in PROGRAMMES.items()},
        "services": dict(sorted(services.items())),
    }
    TARGET.write_text(json.dumps(document, indent=1, sort_keys=False) + "\n")
    print(f"wrote {TARGET}: {len(services)} services, {len(PROGRAMMES)} programmes")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
