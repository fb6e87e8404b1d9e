"""Response models for the LLM, built from the same Pydantic fact models as everything else.

The model fills in each kind's content fields and the verbatim `quote`; provenance
(article id, offsets, extractor) and validation are ours to add, never the model's.
"""

from __future__ import annotations

import functools
import hashlib
import json
import operator
from functools import cache
from typing import Annotated, Literal

from instructor import ResponseSchema
from pydantic import BaseModel, Field, create_model

from factsheet.models import FACT_TYPES, FactAdapter, FactBase, content_fields

QUOTE_HELP = "The shortest span of the article, copied character for character, that states the fact."


@cache
def extraction_models() -> dict[str, type[BaseModel]]:
    models: dict[str, type[BaseModel]] = {}
    for kind, fact_type in FACT_TYPES.items():
        fields: dict[str, tuple] = {
            "kind": (Literal[kind], Field(description=fact_type.__doc__.strip().splitlines()[0])),  # type: ignore[valid-type]
            "quote": (str, Field(description=QUOTE_HELP)),
        }
        for name in content_fields(kind):
            info = fact_type.model_fields[name]
            fields[name] = (info.annotation, info)
        models[kind] = create_model(f"{kind.capitalize()}Extraction", **fields)  # type: ignore[call-overload]
    return models


class _SchemaOnce(ResponseSchema):
    """Builds its JSON Schema once per set of arguments.

    instructor asks the response model for its schema on every request (and wraps a
    plain model in a new class each time, unless it already is a ResponseSchema);
    for this five-kind union that costs ~20 ms of CPU per request, which serialises
    concurrent requests. The schema never changes, so it is computed once.
    """

    @classmethod
    def model_json_schema(cls, *args, **kwargs):  # type: ignore[override]
        key = (cls, args, tuple(sorted(kwargs.items(), key=lambda kv: kv[0])))
        if key not in _SCHEMAS:
            _SCHEMAS[key] = json.dumps(super().model_json_schema(*args, **kwargs))
        return json.loads(_SCHEMAS[key])  # a fresh copy: callers may change it


_SCHEMAS: dict[tuple, str] = {}


@cache
def response_model() -> type[BaseModel]:
    """{"facts": [...]}: every fact of the five kinds found in one chunk of text."""
    members = functools.reduce(operator.or_, extraction_models().values())
    item = Annotated[members, Field(discriminator="kind")]  # type: ignore[valid-type]
    return create_model(
        "ExtractedFacts",
        __base__=_SchemaOnce,
        facts=(list[item], Field(default_factory=list, description="Every fact the text states.")),  # type: ignore[valid-type]
    )


@cache
def response_schema() -> dict:
    """The JSON Schema of the response model (computed once: it is costly and never changes)."""
    return response_model().model_json_schema()


@cache
def schema_hash() -> str:
    schema = json.dumps(response_schema(), sort_keys=True)
    return hashlib.sha256(schema.encode()).hexdigest()[:16]


def to_fact(extracted: BaseModel, *, doc: str, extractor: str) -> FactBase:
    """An extracted item as a full fact (provenance added, offsets found later)."""
    data = extracted.model_dump()
    return FactAdapter.validate_python({**data, "doc": doc, "extractor": extractor})
