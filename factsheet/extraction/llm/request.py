"""Where each mode puts the one copy of the schema, and what the fixed part of a request costs.

Every request carries the schema of the answer exactly once:

- `tools`: in the tool's `parameters`. The model reads it where the chat template
  shows tools (OpenAI); llama.cpp's server decodes against it (`tool_choice`).
- `json_schema`: in `response_format` (`json_schema`); the server decodes against it.
- `json`: in `response_format` (`json_object` with `schema`); llama.cpp decodes against it.
- `md_json`: in the system message, compact; for servers with no structured output.

Where only the server reads the schema (`response_format`), the system message lists
each closed field's values in the kind's own words instead (`prompt.system_prompt`).

instructor builds and parses every request. Its JSON and MD_JSON handlers (1.17)
append the schema, indented, to the system message: next to `response_format` that
is a second copy (`json`), and indented it costs twice its compact size (`md_json`).
So `json` and `md_json` are built by instructor's JSON_SCHEMA handler, which adds
nothing but `response_format`, and factsheet sets that field itself through the
openai client's `extra_body`: replaced (`json`) or left out (`md_json`). Answers are
read the same way in both; one in a ```json block is read too (`schema._WireSchema`).

`request_overhead(settings)` is what `factsheet config` and run.json show: the mode in
effect and what a request costs beyond the article, built from the same parts the
extractor sends (a test holds it to what a loopback server receives).
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from typing import Any, Literal

from factsheet.extraction.llm.settings import LLMSettings, Mode

SchemaPlace = Literal["tools", "response_format", "system message"]

SCHEMA_IN: dict[Mode, SchemaPlace] = {
    "tools": "tools",
    "json_schema": "response_format",
    "json": "response_format",
    "md_json": "system message",
}

INSTRUCTOR_MODE: dict[Mode, str] = {
    "tools": "TOOLS",
    "json_schema": "JSON_SCHEMA",
    "json": "JSON_SCHEMA",  # response_format replaced: see extra_body()
    "md_json": "JSON_SCHEMA",  # response_format left out: see extra_body()
}

CHARS_PER_TOKEN = 3.4
"""Characters of text per token in a request's fixed part (instructions, a JSON example,
the JSON Schema): 3.44-3.49 in the four modes with SmolLM2's tokenizer, a 49k BPE
(`bench/llm_tokens.py --tokenizer`). Larger vocabularies make fewer tokens."""

EXAMPLE_HEADER_DATE = "2025-01-01"


def model_reads_schema(mode: Mode) -> bool:
    """Whether the model itself is shown the schema (else only the server decodes against it)."""
    return SCHEMA_IN[mode] in ("tools", "system message")


def instructor_mode(mode: Mode) -> Any:
    """The instructor.Mode that builds and parses this mode's requests."""
    import instructor

    return getattr(instructor.Mode, INSTRUCTOR_MODE[mode])


def extra_body(mode: Mode) -> dict[str, Any]:
    """What factsheet sets in the request body over instructor's handler (`extra_body`)."""
    if mode == "json":
        return {"response_format": schema_parts("json")["response_format"]}
    if mode == "md_json":
        from openai import omit

        return {"response_format": omit}  # the schema is in the system message
    return {}


def schema_parts(mode: Mode) -> dict[str, Any]:
    """The body's fields besides `messages` that carry the schema, as the endpoint receives them."""
    from factsheet.extraction.llm.schema import response_model, response_schema

    if mode == "tools":
        function = response_model().openai_schema  # type: ignore[attr-defined]  # instructor's TOOLS tool
        return {
            "tools": [{"type": "function", "function": function}],
            "tool_choice": {"type": "function", "function": {"name": function["name"]}},
        }
    if mode == "json_schema":
        named = {"name": response_model().__name__, "schema": response_schema()}
        return {"response_format": {"type": "json_schema", "json_schema": named}}
    if mode == "json":
        return {"response_format": {"type": "json_object", "schema": response_schema()}}
    return {}


def fixed_part(mode: Mode, user: str) -> dict[str, Any]:
    """The fields of a request body that make its prompt, for a user message `user`."""
    from factsheet.extraction.llm.prompt import system_prompt

    messages = [{"role": "system", "content": system_prompt(mode)}, {"role": "user", "content": user}]
    return {"messages": messages, **schema_parts(mode)}


@dataclass(frozen=True)
class RequestOverhead:
    """What every request costs beyond the article (and its title), in the mode in effect."""

    mode: Mode
    schema_in: SchemaPlace
    characters: int
    """Characters of messages, tools, tool_choice and response_format beyond the article, as
    the endpoint receives them (compact JSON, as httpx sends it)."""
    tokens: int
    """Estimated from the text (the JSON escapes aside): its length / CHARS_PER_TOKEN."""

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    def describe(self) -> str:
        """One line for `factsheet config`."""
        return (
            f"{self.characters:,} characters (~{self.tokens:,} tokens) per request beyond the article; "
            f"the schema goes in {self.schema_in}"
        )


def request_overhead(settings: LLMSettings) -> RequestOverhead:
    """What one request costs beyond the article in `settings`' mode (nothing is sent)."""
    from factsheet.extraction.llm.prompt import user_prompt

    mode = settings.effective_mode
    user = user_prompt("", EXAMPLE_HEADER_DATE, None, mode)  # an article of no characters
    body = fixed_part(mode, user)
    text = "".join(m["content"] for m in body["messages"]) + json.dumps(
        {k: v for k, v in body.items() if k != "messages"}, ensure_ascii=False, separators=(",", ":")
    )
    return RequestOverhead(
        mode=mode,
        schema_in=SCHEMA_IN[mode],
        characters=len(json.dumps(body, ensure_ascii=False, separators=(",", ":"))),
        tokens=round(len(text) / CHARS_PER_TOKEN),
    )
