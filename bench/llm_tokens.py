"""What one LLM request costs beyond the article: characters the endpoint receives.

Runs the LLM extractor over the seed articles against the scripted loopback server
(tests/fake_openai.py) in each mode and prints, per mode: requests, and per request
the characters of messages + tools + response_format (as JSON, as sent) minus the
article text itself; also whether the fixed part is byte-identical across requests.

    PYTHONPATH=$PWD /work/main/.venv/bin/python bench/llm_tokens.py [--chunk-chars N] [FOLDER]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from fake_openai import Reply, ScriptedServer, completion

from factsheet.pipeline import RunOptions, run

SENT = ("messages", "tools", "tool_choice", "response_format")


def overhead(request: dict) -> tuple[int, int, str]:
    """(characters sent, characters of that beyond the article chunk, the fixed prefix)."""
    sent = {k: request[k] for k in SENT if k in request}
    total = len(json.dumps(sent, ensure_ascii=False))
    user = next(m["content"] for m in request["messages"] if m["role"] == "user")
    chunk = user.split("Text:\n", 1)[1] if "Text:\n" in user else user
    chunk = chunk.split("\n\nReturn the correct JSON", 1)[0]  # md_json: instructor's own line
    article = len(json.dumps(chunk, ensure_ascii=False)) - 2
    fixed = json.dumps(
        {k: v for k, v in sent.items() if k != "messages"}, ensure_ascii=False, sort_keys=True
    ) + json.dumps([m for m in request["messages"] if m["role"] == "system"], ensure_ascii=False)
    return total, total - article, fixed


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


def measure(folder: Path, mode: str, chunk_chars: int | None) -> dict:
    with tempfile.TemporaryDirectory() as tmp, ScriptedServer(answer) as server:
        settings = {
            "base_url": server.url,
            "model": "scripted-model",
            "mode": mode,
            "api_key": "sk-bench",
            "use_cache": False,
        }
        if chunk_chars:
            settings["max_chunk_chars"] = chunk_chars
        run([folder], RunOptions(out=Path(tmp), extractor="llm", extractor_options=settings))
        rows = [overhead(r) for r in server.requests]
    beyond = [b for _, b, _ in rows]
    return {
        "mode": mode,
        "requests": len(rows),
        "beyond_article_max": max(beyond),
        "beyond_article_mean": round(sum(beyond) / len(beyond)),
        "fixed_part_identical": len({f for _, _, f in rows}) == 1,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?", type=Path, default=Path("seeds"))
    parser.add_argument("--chunk-chars", type=int, default=None)
    args = parser.parse_args()
    for mode in ("json", "tools", "json_schema", "md_json"):
        print(json.dumps(measure(args.folder, mode, args.chunk_chars)))


if __name__ == "__main__":
    main()
