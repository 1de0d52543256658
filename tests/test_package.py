"""The package as users meet it: its public names, its schema, and a cheap import."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import yaml

import timeline
from conftest import DATA

PACKAGE = Path(timeline.__file__).parent


def test_public_names_are_exported():
    for name in timeline.__all__:
        assert hasattr(timeline, name), name
    assert (PACKAGE / "py.typed").exists()


def test_schema_accepts_the_bundled_data_and_rejects_bad_events():
    import jsonschema

    schema = json.loads((PACKAGE / "events.schema.json").read_text())
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    for path in sorted(DATA.glob("*.yaml")):
        assert not list(validator.iter_errors(yaml.safe_load(path.read_text()))), path
    bad = {"events": [{"id": "a", "title": "A", "date": "2024", "relatons": []}]}
    assert list(validator.iter_errors(bad))


def test_import_does_not_load_heavy_optional_libraries():
    code = (
        "import sys, timeline; "
        "print(sorted(m for m in ('edtf', 'yaml', 'kaleido', 'playwright', 'jsonschema', "
        "'ipywidgets') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
