"""The checked-in JSON Schemas match the models (regenerate with `factsheet schema`)."""

from __future__ import annotations

import json
from pathlib import Path

from factsheet.schemas import check_schemas, generated

SCHEMAS = Path(__file__).resolve().parent.parent / "schemas"


def test_checked_in_schemas_are_current():
    assert check_schemas(SCHEMAS) == []


def test_stale_schema_is_detected(tmp_path):
    for name, text in generated().items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    schema = json.loads((tmp_path / "tariff.schema.json").read_text())
    schema["properties"].pop("rate_percent")
    (tmp_path / "tariff.schema.json").write_text(json.dumps(schema))
    assert check_schemas(tmp_path) == ["tariff.schema.json"]
