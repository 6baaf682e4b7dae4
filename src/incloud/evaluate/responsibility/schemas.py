"""Write the catalogue's JSON Schemas from the models: ``python -m incloud.evaluate.responsibility.schemas``."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

from .catalogue import DutyCatalogue, ServiceCatalogue

SCHEMAS = {"services.schema.json": ServiceCatalogue, "duties.schema.json": DutyCatalogue}


def main() -> None:
    """Regenerate the schema files next to the catalogue data."""
    folder = Path(str(resources.files("incloud.catalog")))
    for name, model in SCHEMAS.items():
        text = json.dumps(model.model_json_schema(), indent=2, sort_keys=True) + "\n"
        (folder / name).write_text(text)
        print(f"wrote {folder / name}")


if __name__ == "__main__":
    main()
