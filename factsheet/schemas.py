"""JSON Schemas generated from the fact models: one per kind, and one for facts.json.

Checked into `schemas/` so that consumers can validate exports without Python; a
test fails when the files no longer match the models.
"""

from __future__ import annotations

import json
from pathlib import Path

from factsheet.atomic import write_text
from factsheet.models import FACT_TYPES, Briefing


def generated() -> dict[str, str]:
    files: dict[str, str] = {}
    for kind, model in FACT_TYPES.items():
        files[f"{kind}.schema.json"] = _dump(model.model_json_schema(mode="serialization"))
    files["facts.schema.json"] = _dump(Briefing.model_json_schema(mode="serialization"))
    return files


def _dump(schema: dict) -> str:
    return json.dumps(schema, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def write_schemas(folder: Path) -> list[Path]:
    return [write_text(folder / name, text) for name, text in generated().items()]


def check_schemas(folder: Path) -> list[str]:
    """Names of schema files that are missing or differ from the models."""
    stale = []
    for name, text in generated().items():
        path = folder / name
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            stale.append(name)
    return stale
