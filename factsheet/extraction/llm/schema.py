"""Response models for the LLM, built from the same Pydantic fact models as everything else.

The model fills in each kind's content fields and the verbatim `quote`; provenance
(article id, offsets, extractor) and validation are ours to add, never the model's.
"""

from __future__ import annotations

import functools
import hashlib
import json
import operator
import re
from functools import cache
from typing import Annotated, Any, Literal

from instructor import ResponseSchema
from pydantic import BaseModel, Field, TypeAdapter, ValidationError, create_model

from factsheet.kinds import KindSpec, get, kinds
from factsheet.kinds import to_fact as fact_from_dict
from factsheet.models import FactBase

QUOTE_HELP = "The shortest span of the article, copied character for character, that states the fact."


@cache
def extraction_models() -> dict[str, type[BaseModel]]:
    models: dict[str, type[BaseModel]] = {}
    for spec in kinds():
        kind, fact_type = spec.name, spec.model
        doc = (fact_type.__doc__ or kind).strip().splitlines()[0]
        fields: dict[str, tuple] = {
            "kind": (Literal[kind], Field(description=doc)),
            "quote": (str, Field(description=QUOTE_HELP)),
        }
        for name in spec.content_fields():
            info = fact_type.model_fields[name]
            fields[name] = (info.annotation, info)
        models[kind] = create_model(f"{kind.capitalize()}Extraction", **fields)  # type: ignore[call-overload]
    return models


class _WireSchema(ResponseSchema):
    """Sends the strict five-kind schema; parses the answer one fact at a time.

    Each request carries the full JSON Schema of every kind once, where its mode puts
    it (`request.SCHEMA_IN`). But one fact with a bad value must not cost the others,
    so instructor only checks the answer's shape (an object with a list of objects)
    and each fact is then validated on its own: a fact that does not fit goes back to the model with the
    error, like a fact that does not hold against the text.

    The schema is built once: instructor asks for it on every request (~20 ms of CPU
    for this union), which would serialise concurrent requests. It is sent compact
    (`compact_schema`): the prompt already says what each kind and field means. The
    answer is read from a ```json block too (`answer_json`).
    """

    @classmethod
    def model_validate_json(cls, json_data: str | bytes | bytearray, **kwargs: Any):
        """The answer's JSON, also when it comes in a ```json block or after a line of prose."""
        text = json_data if isinstance(json_data, str) else bytes(json_data).decode("utf-8", "replace")
        return super().model_validate_json(answer_json(text), **kwargs)

    @classmethod
    def model_json_schema(cls, *args, **kwargs):
        key = (args, tuple(sorted(kwargs.items(), key=lambda kv: kv[0])))
        if key not in _SCHEMAS:
            full = strict_response_model().model_json_schema(*args, **kwargs)
            _SCHEMAS[key] = json.dumps(compact_schema(full))
        return json.loads(_SCHEMAS[key])  # a fresh copy: callers may change it


_FENCED = re.compile(r"```(?:json)?[ \t]*\n(.*?)```", re.DOTALL | re.IGNORECASE)


def answer_json(text: str) -> str:
    """The JSON of an answer: the text itself, else its last ```json block, else from its first `{`.

    Servers without structured output (md_json) let the model wrap its answer; with the
    schema in the system message it is asked for one JSON object, and answers in a
    fenced block or behind a sentence are common. What is not JSON is left for the
    parser to refuse (and instructor to ask again, with the error).
    """
    stripped = text.strip()
    if stripped.startswith("{"):
        return stripped
    blocks = _FENCED.findall(text)
    if blocks:
        return blocks[-1].strip()
    start, end = text.find("{"), text.rfind("}")
    return text[start : end + 1] if 0 <= start < end else text


_DROPPED = frozenset({"title", "default", "description", "discriminator", "minimum", "maximum"})


def compact_schema(schema: dict) -> dict:
    """The JSON Schema with only what constrains an answer: every request pays for each character.

    Titles, defaults and descriptions go (the instructions say what each kind and field
    means, once); an optional field is simply optional, without a `null` alternative
    (leaving it out says the same); the kind's tag is a bare `const`; the union is an
    `anyOf` of the kinds. What the answer may contain is unchanged: the same kinds,
    fields, types, enums, dates and required fields. The root keeps its title (a tool
    needs a name) and a one-line description.
    """
    compact = _compact(schema)
    compact["title"] = schema.get("title", "ExtractedFacts")
    compact["description"] = FACTS_HELP
    return compact


def _compact(node: Any) -> Any:
    if isinstance(node, list):
        return [_compact(n) for n in node]
    if not isinstance(node, dict):
        return node
    node = {k: v for k, v in node.items() if k not in _DROPPED}
    options = node.get("anyOf")
    if isinstance(options, list) and {"type": "null"} in options and len(options) == 2:
        rest = {k: v for k, v in node.items() if k != "anyOf"}
        node = {**rest, **next(o for o in options if o != {"type": "null"})}
        node = {k: v for k, v in node.items() if k not in _DROPPED}
    if "const" in node or "enum" in node:
        node.pop("type", None)
    if "oneOf" in node:
        node["anyOf"] = node.pop("oneOf")
    return {
        k: {name: _compact(sub) for name, sub in v.items()} if k in _MAPS else _compact(v)
        for k, v in node.items()
    }


_MAPS = frozenset({"properties", "$defs"})  # names (a field may be called "title"), not keywords


_SCHEMAS: dict[tuple, str] = {}
FACTS_HELP = "Every fact the text states."


@cache
def strict_response_model() -> type[BaseModel]:
    """{"facts": [...]}: every fact of the five kinds found in one chunk of text."""
    return create_model(
        "ExtractedFacts",
        facts=(list[_item_type()], Field(default_factory=list, description=FACTS_HELP)),  # type: ignore[misc,arg-type]
    )


@cache
def response_model() -> type[BaseModel]:
    """What instructor parses: the strict schema on the wire, any list of objects back."""
    return create_model(
        "ExtractedFacts",
        __base__=_WireSchema,
        facts=(list[dict[str, Any]], Field(default_factory=list, description=FACTS_HELP)),
    )


@cache
def _item_type():
    members = functools.reduce(operator.or_, extraction_models().values())
    return Annotated[members, Field(discriminator="kind")]


@cache
def _item_adapter() -> TypeAdapter:
    return TypeAdapter(_item_type())


@cache
def response_schema() -> dict:
    """The JSON Schema of the response model (computed once: it is costly and never changes)."""
    return response_model().model_json_schema()


@cache
def schema_hash() -> str:
    schema = json.dumps(response_schema(), sort_keys=True)
    return hashlib.sha256(schema.encode()).hexdigest()[:16]


class FactShapeError(ValueError):
    """An extracted item that does not fit its kind's schema, said so the model can fix it."""


def to_fact(item: dict[str, Any], *, doc: str, extractor: str) -> FactBase:
    """One extracted item as a full fact (provenance added, offsets found later).

    A qualifier outside the kind's value set is mapped to the nearest one first ("at
    least $1bn" → more_than), as the offline extractor does.
    """
    if not isinstance(item, dict):
        raise FactShapeError("a fact must be a JSON object")
    item = dict(item)
    spec = _spec_of(item.get("kind"))
    name = spec.roles.qualifier if spec else None
    if spec and name and isinstance(item.get(name), str):
        item[name] = spec.qualifier_for(item[name])
    try:
        extracted = _item_adapter().validate_python(item)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"][1:] or first["loc"]) or "fact"
        raise FactShapeError(f"{where}: {first['msg']}") from None
    data = extracted.model_dump()
    return fact_from_dict({**data, "doc": doc, "extractor": extractor})


def _spec_of(kind: object) -> KindSpec | None:
    from factsheet.errors import KindError

    try:
        return get(str(kind))
    except KindError:
        return None
