"""Rewrite the JSON Schemas shipped in actionplans/schemas/ from the types: python -m actionplans.commands.schemas_write"""

import json
from pathlib import Path

from ..content import schema

if __name__ == "__main__":
    folder = Path(__file__).resolve().parents[1] / "schemas"     # actionplans/schemas/
    folder.mkdir(exist_ok=True)
    for name in schema.FILES:
        (folder / f"{name}.schema.json").write_text(json.dumps(schema.json_schema(name), indent=2, sort_keys=True) + "\n")
        print(f"wrote {folder / name}.schema.json")
