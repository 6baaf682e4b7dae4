"""Write the catalogue's JSON Schemas from its models.

python -m incloud.responsibility.schemas
"""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

from pydantic import BaseModel

from .catalogue import DutyCatalogue, ServiceCatalogue

SCHEMAS: dict[str, type[BaseModel]] = {
    "services.schema.json": ServiceCatalogue,
    "duties.schema.json": DutyCatalogue,
}


def schema_text(model: type[BaseModel]) -> str:
    """The JSON Schema of ``model`` as the shipped file spells it."""
    return json.dumps(model.model_json_schema(), indent=2, sort_keys=True) + "\n"


def main() -> None:
    """Regenerate the schema files next to the catalogue data."""
    folder = Path(str(resources.files("incloud.catalog")))
    for name, model in SCHEMAS.items():
        (folder / name).write_text(schema_text(model))
        print(f"wrote {folder / name}")


if __name__ == "__main__":
    main()
