"""JSON Schemas generated from the fact models: one per kind, and one for facts.json.

Checked into `schemas/` so that consumers can validate exports without Python; a
test fails when the files no longer match the models.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from factsheet.atomic import write_text
from factsheet.kinds import fact_type, kinds
from factsheet.models import Briefing, Event


def generated() -> dict[str, str]:
    files: dict[str, str] = {}
    for spec in kinds():
        files[f"{spec.name}.schema.json"] = _dump(spec.model.model_json_schema(mode="serialization"))
    files["facts.schema.json"] = _dump(_briefing_model().model_json_schema(mode="serialization"))
    return files


def _dump(schema: dict) -> str:
    return json.dumps(schema, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def bundled_schemas() -> Path:
    """The schema files shipped with factsheet: inside the wheel, or the checkout's schemas/."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "data" / "schemas", here.parent / "schemas"):
        if candidate.is_dir():
            return candidate
    return here / "data" / "schemas"


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


def _briefing_model() -> type[Briefing]:
    """facts.json's shape with the registered kinds spelled out (in memory, facts are any kind)."""
    from pydantic import Field, create_model

    fact: Any = fact_type()
    event: Any = create_model(
        "Event", __base__=Event, fact=(fact, Field(description=Event.model_fields["fact"].description))
    )
    return create_model(
        "Briefing",
        __base__=Briefing,
        facts=(list[fact], ...),
        events=(list[event], Field(default_factory=list)),
    )
