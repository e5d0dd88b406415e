"""The JSON Schema is generated from the validator's own types, shipped in the package, and
agrees with the validator on real files."""

import json
from pathlib import Path

import jsonschema
import pytest
import yaml

from conftest import EXAMPLE, ROOT, VALID
from actionplans.content import schema

SHIPPED = ROOT / "actionplans" / "schemas"


@pytest.mark.parametrize("name", sorted(schema.FILES))
def test_shipped_schema_matches_the_types(name):
    shipped = json.loads((SHIPPED / f"{name}.schema.json").read_text())
    assert shipped == schema.json_schema(name), "run: python -m actionplans.commands.schemas_write"


def _plain(path):
    return yaml.load(path.read_text(), Loader=_NoDates)


class _NoDates(yaml.SafeLoader):
    pass


_NoDates.yaml_implicit_resolvers = {k: [(t, r) for t, r in v if t != "tag:yaml.org,2002:timestamp"]
                                    for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()}


@pytest.mark.parametrize("path", sorted((EXAMPLE / "reviews").glob("*.yaml")) + sorted((VALID / "reviews").glob("*.yaml")),
                         ids=lambda p: p.name)
def test_example_reviews_validate_against_schema(path):
    jsonschema.validate(_plain(path), schema.json_schema("review"))


@pytest.mark.parametrize("name", ["site", "agencies", "topics", "glossary", "redaction"])
def test_example_files_validate_against_schema(name):
    jsonschema.validate(_plain(EXAMPLE / f"{name}.yaml"), schema.json_schema(name))


@pytest.mark.parametrize("change", [
    ("status: in-progress", "status: in progress"),
    ("lead: north-police\n        supporting", "lead_agncy: north-police\n        supporting"),
    ("report_url: https://", "report_url: javascript://"),
    ("due: 2022-12-31", "due: 31/12/2022"),
])
def test_schema_rejects_what_the_validator_rejects(change):
    text = (VALID / "reviews" / "north-dhr-001.yaml").read_text().replace(*change)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(yaml.load(text, Loader=_NoDates), schema.json_schema("review"))
