"""One copy of the schema per LLM request in every mode, and what `request_overhead` says it costs.

Requests go to a real HTTP server on loopback (tests/fake_openai.py) and are read as
they arrived; the answers come back in each mode's own form (a tool call, plain JSON,
JSON in a fenced block after a sentence).
"""

from __future__ import annotations

import json
import re

import pytest
from articles import article_folder
from fake_openai import Reply, ScriptedServer, completion

from factsheet.extraction.llm import LLMSettings, RequestOverhead, request_overhead
from factsheet.extraction.llm.prompt import MD_JSON_REMINDER
from factsheet.extraction.llm.request import SCHEMA_IN
from factsheet.extraction.llm.schema import answer_json
from factsheet.pipeline import RunOptions, run

MODES = ("tools", "json_schema", "json", "md_json")
LIMIT = 8_000
SCHEMA_KEY = re.compile(r'"\$defs\\?":')  # once in each copy of the schema, escaped inside a message
PRICED = ("messages", "tools", "tool_choice", "response_format")
VALUES = "count_qualifier (exact | at_least | more_than | about)"

KYIV = "Officials said at least 32 people were killed in Kyiv on Monday.\n"
CASUALTY = {
    "kind": "casualty",
    "quote": "at least 32 people were killed in Kyiv on Monday",
    "count": 32,
    "count_qualifier": "at_least",
    "outcome": "killed",
    "location": "Kyiv",
}


def answer(content: dict, request: dict) -> Reply:
    """`content` as a model answers in the request's mode."""
    text = json.dumps(content)
    if request.get("tools"):
        reply = completion("")
        message = reply.body["choices"][0]["message"]  # type: ignore[index]
        name = request["tools"][0]["function"]["name"]
        message["content"] = None
        message["tool_calls"] = [
            {"id": "c1", "type": "function", "function": {"name": name, "arguments": text}}
        ]
        reply.body["choices"][0]["finish_reason"] = "tool_calls"  # type: ignore[index]
        return reply
    if "response_format" not in request:  # md_json: a server without structured output
        return completion(f"Here are the facts I found.\n\n```json\n{text}\n```\n")
    return completion(text)


def settings(server: ScriptedServer, mode: str, tmp_path) -> dict:
    return {
        "base_url": server.url,
        "model": "scripted-model",
        "mode": mode,
        "api_key": "sk-test",
        "cache_dir": tmp_path / "cache",
        "http_retries": 0,
        "timeout": 10.0,
    }


def beyond_article(raw: bytes) -> int:
    """Characters of the priced fields as received (compact JSON), less the article's."""
    request = json.loads(raw)
    sent = json.dumps(
        {k: request[k] for k in PRICED if k in request}, ensure_ascii=False, separators=(",", ":")
    )
    user = next(m["content"] for m in request["messages"] if m["role"] == "user")
    article = user.split("Text:\n", 1)[1].removesuffix(MD_JSON_REMINDER)
    return len(sent) - (len(json.dumps(article, ensure_ascii=False)) - 2)


def where_the_schema_is(request: dict) -> list[str]:
    system = next(m["content"] for m in request["messages"] if m["role"] == "system")
    parts = {
        "system message": system,
        "tools": request.get("tools"),
        "response_format": request.get("response_format"),
    }
    return [name for name, part in parts.items() if part and SCHEMA_KEY.search(json.dumps(part))]


@pytest.mark.parametrize("mode", MODES)
def test_a_request_carries_the_schema_once_and_costs_what_request_overhead_says(mode, tmp_path):
    folder = article_folder(tmp_path / "in", "2025-08-06", {"kyiv": KYIV})
    with ScriptedServer(lambda request: answer({"facts": [CASUALTY]}, request)) as server:
        result = run(
            [folder],
            RunOptions(
                out=tmp_path / "out", extractor="llm", extractor_options=settings(server, mode, tmp_path)
            ),
        )
        said = request_overhead(LLMSettings(base_url=server.url, mode=mode))  # type: ignore[arg-type]
    assert len(server.requests) == 1
    raw, request = server.bodies[0], server.requests[0]
    assert len(SCHEMA_KEY.findall(raw.decode())) == 1
    assert where_the_schema_is(request) == [SCHEMA_IN[mode]] == [said.schema_in]
    assert said.mode == mode
    assert beyond_article(raw) == said.characters <= LIMIT
    # The perfect answer, in this mode's form, is read and published as it was.
    assert [(f.kind, f.check.status) for f in result.briefing.facts] == [("casualty", "verified")]
    manifest = json.loads((result.out_dir / "run.json").read_text())
    assert manifest["extractor_stats"]["request_overhead"] == said.as_dict()


@pytest.mark.parametrize("mode", ["json", "json_schema"])
def test_where_only_the_server_reads_the_schema_the_system_message_lists_the_values(mode, tmp_path):
    folder = article_folder(tmp_path / "in", "2025-08-06", {"kyiv": KYIV})
    with ScriptedServer(lambda request: answer({"facts": [CASUALTY]}, request)) as server:
        run(
            [folder],
            RunOptions(
                out=tmp_path / "out", extractor="llm", extractor_options=settings(server, mode, tmp_path)
            ),
        )
    system = server.requests[0]["messages"][0]["content"]
    assert VALUES in system and "JSON" in system  # OpenAI's json_object wants the word in the messages
    if mode == "json":
        assert server.requests[0]["response_format"]["type"] == "json_object"  # llama.cpp decodes against it


@pytest.mark.parametrize("mode", ["tools", "md_json"])
def test_where_the_model_reads_the_schema_the_values_are_not_said_twice(mode, tmp_path):
    folder = article_folder(tmp_path / "in", "2025-08-06", {"kyiv": KYIV})
    with ScriptedServer(lambda request: answer({"facts": [CASUALTY]}, request)) as server:
        run(
            [folder],
            RunOptions(
                out=tmp_path / "out", extractor="llm", extractor_options=settings(server, mode, tmp_path)
            ),
        )
    system = server.requests[0]["messages"][0]["content"]
    assert "at_least | more_than" not in system and "count_qualifier" in system


@pytest.mark.parametrize("mode", MODES)
def test_the_five_seeds_are_five_requests_within_8000_characters_each_beyond_the_article(
    mode, seeds_dir, tmp_path
):
    with ScriptedServer(lambda request: answer({"facts": []}, request)) as server:
        options = {**settings(server, mode, tmp_path), "use_cache": False}
        run([seeds_dir], RunOptions(out=tmp_path / "out", extractor="llm", extractor_options=options))
    sizes = [beyond_article(raw) for raw in server.bodies]
    assert len(sizes) == 5
    assert max(sizes) <= LIMIT, sizes
    assert all(len(SCHEMA_KEY.findall(raw.decode())) == 1 for raw in server.bodies)


def test_request_overhead_is_the_mode_in_effect_and_sends_nothing():
    unreachable = "http://127.0.0.1:9/v1"  # the discard port: nothing listens, nothing is asked
    local = request_overhead(LLMSettings(base_url=unreachable))
    assert isinstance(local, RequestOverhead)
    assert (local.mode, local.schema_in) == ("json", "response_format")
    assert request_overhead(LLMSettings()).mode == "tools"  # api.openai.com
    md = request_overhead(LLMSettings(base_url=unreachable, mode="md_json"))
    assert (md.mode, md.schema_in) == ("md_json", "system message")
    for said in (local, md):
        assert 3_000 < said.characters <= LIMIT
        assert said.characters / 4.5 < said.tokens < said.characters / 2.5
        assert json.loads(json.dumps(said.as_dict())) == {
            "mode": said.mode,
            "schema_in": said.schema_in,
            "characters": said.characters,
            "tokens": said.tokens,
        }
    assert local.describe() == (
        f"{local.characters:,} characters (~{local.tokens:,} tokens) per request beyond the article; "
        "the schema goes in response_format"
    )


def test_an_answer_is_read_from_a_fenced_block_or_after_a_sentence():
    facts = '{"facts": []}'
    assert answer_json(facts) == facts
    assert answer_json(f"  {facts}\n") == facts
    assert answer_json(f"Sure.\n```json\n{facts}\n```") == facts
    assert answer_json(f'```json\n{{"facts": [1]}}\n```\nor better:\n```json\n{facts}\n```') == facts
    assert answer_json(f"The facts are {facts}, all of them.") == facts
    assert answer_json("no JSON here") == "no JSON here"  # left for the parser to refuse
