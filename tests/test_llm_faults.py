"""The LLM path against a faulty endpoint: a real loopback server that misbehaves on purpose.

Connections refused, reset or cut short, a wrong model, an answer dripping one byte
at a time, an answer of 50 MB: each is named for what it is, a run whose requests
all fail the same way is one line and writes nothing, and the key appears nowhere.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import resource
import socket
import socketserver
import struct
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from articles import article_folder
from fake_openai import Reply, ScriptedServer, completion, user_text

from factsheet.extraction.llm.errors import EndpointDown
from factsheet.pipeline import OUTPUT_FILES, RunOptions, run

KEY = "sk-fault-DO-NOT-LEAK-90210-abcdef"
KYIV = "Officials said at least 32 people were killed in Kyiv on Monday.\n"
AID = "On Tuesday, the US approved $200 million in military sales to Ukraine.\n"
CASUALTY = {
    "kind": "casualty",
    "quote": "at least 32 people were killed in Kyiv on Monday",
    "count": 32,
    "count_qualifier": "at_least",
    "outcome": "killed",
    "location": "Kyiv",
}
AID_FACT = {
    "kind": "aid",
    "quote": "the US approved $200 million in military sales to Ukraine",
    "donor": "United States",
    "recipient": "Ukraine",
    "amount": 200000000,
    "currency": "USD",
    "amount_qualifier": "exact",
    "form": "sale",
    "status": "approved",
}


def _answer(request: dict) -> bytes:
    facts = [CASUALTY] if "Kyiv" in user_text(request) else [AID_FACT]
    return json.dumps(completion({"facts": facts}).body).encode()


Behaviour = Callable[[dict, socket.socket], None]


class FaultServer:
    """A raw HTTP server on 127.0.0.1 that reads each request, then does what `behaviour` says.

    `behaviour(request_json, connection)` writes (or fails to write) the answer itself.
    """

    def __init__(self, behaviour: Behaviour) -> None:
        self.requests: list[dict] = []

        class Handler(socketserver.BaseRequestHandler):
            def handle(inner) -> None:  # type: ignore[no-untyped-def]
                conn: socket.socket = inner.request
                reader = conn.makefile("rb")
                length = 0
                while (line := reader.readline()) not in (b"\r\n", b"\n", b""):
                    if line.lower().startswith(b"content-length:"):
                        length = int(line.split(b":")[1])
                body = json.loads(reader.read(length) or b"{}")
                self.requests.append(body)
                with contextlib.suppress(OSError):
                    behaviour(body, conn)

        self.server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/v1"

    def __enter__(self) -> FaultServer:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()


def _headers(length: int | None) -> bytes:
    lines = ["HTTP/1.1 200 OK", "Content-Type: application/json", "Connection: close"]
    if length is not None:
        lines.append(f"Content-Length: {length}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode()


def reset(_request: dict, conn: socket.socket) -> None:
    conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    conn.close()  # an RST, not a FIN


def cut_short(request: dict, conn: socket.socket) -> None:
    body = _answer(request)
    conn.sendall(_headers(len(body)) + body[: len(body) // 3])
    conn.shutdown(socket.SHUT_RDWR)


def good(request: dict, conn: socket.socket) -> None:
    body = _answer(request)
    conn.sendall(_headers(len(body)) + body)


def drip_kyiv(request: dict, conn: socket.socket) -> None:
    if "Kyiv" not in user_text(request):
        return good(request, conn)
    body = _answer(request)
    conn.sendall(_headers(len(body)))
    for byte in body:  # one byte every 50 ms: each read is quick, the whole takes ~25 s
        conn.sendall(bytes([byte]))
        time.sleep(0.05)


def huge(declared: bool) -> Behaviour:
    def send(request: dict, conn: socket.socket) -> None:
        if "Kyiv" not in user_text(request):
            return good(request, conn)
        size = 50 * 1024 * 1024
        conn.sendall(_headers(size if declared else None))
        chunk = b" " * 65536
        for _ in range(size // len(chunk)):
            conn.sendall(chunk)

    return send


def _closed_port_url() -> str:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}/v1"


@pytest.fixture
def folder(tmp_path) -> Path:
    texts = {"kyiv": KYIV, "aid": AID, "kyiv2": KYIV.replace("Monday", "Sunday"), "aid2": AID}
    return article_folder(tmp_path / "in", "2025-08-06", texts)


def _options(url: str, tmp_path: Path, **extra) -> RunOptions:
    settings = {
        "base_url": url,
        "model": "fault-model",
        "mode": "json",
        "api_key": KEY,
        "cache_dir": tmp_path / "cache",
        "use_cache": False,
        "http_retries": 1,
        "timeout": 5.0,
        "concurrency": 2,
        **extra,
    }
    return RunOptions(out=tmp_path / "out", extractor="llm", extractor_options=settings)


def _snapshot(out: Path) -> dict[str, str]:
    files = [p for p in out.rglob("*") if p.is_file()]
    return {str(p.relative_to(out)): hashlib.sha256(p.read_bytes()).hexdigest() for p in files}


def _down(folder: Path, url: str, tmp_path: Path, **extra) -> str:
    options = _options(url, tmp_path, **extra)
    options.reextract = True  # the desk may hold the articles already: ask the endpoint regardless
    with pytest.raises(EndpointDown) as caught:
        run([folder], options)
    message = str(caught.value)
    assert KEY not in message and "\n" not in message
    return message


def test_connection_refused_is_one_line_for_the_run_and_the_good_briefing_stays(folder, tmp_path):
    with ScriptedServer(lambda request: completion({"facts": [CASUALTY] if "Kyiv" in user_text(request)
                                                    else [AID_FACT]})) as server:
        good_run = run([folder], _options(server.url, tmp_path))
    before = _snapshot(tmp_path / "out" / "2025-08-06")
    assert len(good_run.briefing.published_facts()) == 4
    url = _closed_port_url()
    started = time.perf_counter()
    message = _down(folder, url, tmp_path)
    assert time.perf_counter() - started < 20
    assert message.startswith(f"cannot connect to {url}: connection refused (")
    assert "failed the same way; nothing was written" in message
    assert _snapshot(tmp_path / "out" / "2025-08-06") == before  # no empty briefing replaced the good one
    assert sorted(p.name for p in (tmp_path / "out").iterdir() if p.is_dir()) == ["2025-08-06"]


def test_connection_reset_is_named(folder, tmp_path):
    with FaultServer(reset) as server:
        message = _down(folder, server.url, tmp_path)
    assert message.startswith(f"connection to {server.url} reset by the endpoint (")


def test_an_answer_cut_short_is_named(folder, tmp_path):
    with FaultServer(cut_short) as server:
        message = _down(folder, server.url, tmp_path)
    assert message.startswith(
        f"the endpoint at {server.url} closed the connection before the answer was complete ("
    )


def test_a_wrong_model_names_the_model_once(tmp_path):
    many = article_folder(tmp_path / "many", "2025-08-06", {f"a{n}": AID for n in range(12)})
    missing = Reply(status=404, body={"error": {"message": "model not found", "code": "model_not_found"}})
    with ScriptedServer(lambda _request: missing) as server:
        message = _down(many, server.url, tmp_path)
    assert message.startswith(f"HTTP 404 from {server.url}: no model 'fault-model' there")
    assert "the first 3 articles' requests failed the same way" in message
    assert len(server.requests) <= 4  # stopped once the endpoint was plainly wrong, not per article


def test_the_key_never_appears_even_when_the_endpoint_echoes_it(folder, tmp_path):
    echo = Reply(status=401, body={"error": {"message": f"Incorrect API key provided: {KEY[:20]}...{KEY}"}})
    with ScriptedServer(lambda _request: echo) as server:
        message = _down(folder, server.url, tmp_path)
    assert message.startswith(f"HTTP 401 from {server.url}: the API key was refused")
    assert KEY[:12] not in message


def test_a_slow_drip_cannot_stretch_the_deadline(folder, tmp_path):
    with FaultServer(drip_kyiv) as server:
        started = time.perf_counter()
        result = run([folder], _options(server.url, tmp_path, timeout=1.5, http_retries=4))
        elapsed = time.perf_counter() - started
    assert elapsed < 10  # two dripping articles, two at a time: one deadline each, not retried
    reasons = sorted(p.reason for p in result.problems)
    assert reasons == ["LLM extraction failed: the endpoint did not answer in time"] * 2
    assert sorted(f.kind for f in result.briefing.published_facts()) == ["aid", "aid"]


@pytest.mark.parametrize("declared", [True, False], ids=["content-length", "streamed"])
def test_a_50_mb_answer_is_refused_without_holding_it(folder, tmp_path, declared):
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    with FaultServer(huge(declared)) as server:
        result = run([folder], _options(server.url, tmp_path))
    grew_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
    assert grew_mb < 60
    reasons = {p.reason for p in result.problems}
    expected = (
        "the answer was 50.0 MB by its Content-Length, over the 4 MB limit"
        if declared
        else "the answer was over 4 MB and still coming, over the 4 MB limit"
    )
    assert reasons == {f"LLM extraction failed: {expected}"}
    assert sorted(f.kind for f in result.briefing.published_facts()) == ["aid", "aid"]


def test_articles_failing_in_different_ways_write_no_empty_briefing(tmp_path):
    folder = article_folder(tmp_path / "in", "2025-08-06", {"kyiv": KYIV, "aid": AID})

    def respond(request: dict) -> Reply:
        if "Kyiv" in user_text(request):
            return Reply(status=500, body={"error": {"message": "boom"}})
        return completion('{"facts": [{"kind": "aid", "quote": "the US appr', finish_reason="length")

    with ScriptedServer(respond) as server, pytest.raises(EndpointDown) as caught:
        run([folder], _options(server.url, tmp_path, max_retries=0))
    assert "LLM extraction failed for every article (" in str(caught.value)
    assert "HTTP 500" in str(caught.value) and "cut off" in str(caught.value)
    out = tmp_path / "out"  # the desk's store may be there; no briefing is
    assert not out.exists() or not [p for p in out.iterdir() if p.is_dir()]


def test_the_cli_says_it_once_exits_2_and_never_prints_the_key(folder, tmp_path):
    factsheet = str(Path(sys.executable).with_name("factsheet"))
    url = _closed_port_url()
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "OPENAI_API_KEY": KEY}
    env["PYTHONPATH"] = os.environ.get("PYTHONPATH", "")
    done = subprocess.run(
        [factsheet, "run", str(folder), "--out", str(tmp_path / "out"), "--extractor", "llm",
         "--base-url", url, "--model", "fault-model", "--no-cache", "--quiet"],
        capture_output=True, text=True, env=env, timeout=120,
    )
    assert done.returncode == 2
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and f"cannot connect to {url}: connection refused" in lines[0], done.stderr
    assert KEY not in done.stderr + done.stdout
    out = tmp_path / "out"  # the desk's store may be there; no briefing is
    assert not out.exists() or not [p for p in out.iterdir() if p.is_dir()]
    assert set(OUTPUT_FILES)  # the set that would have been written
    if out.exists():
        for path in out.rglob("*"):
            assert not path.is_file() or KEY.encode() not in path.read_bytes(), path


def test_a_long_line_without_a_sentence_end_is_sent_in_bounded_chunks():
    from factsheet.extraction.llm.chunks import chunk_article
    from factsheet.models import Article

    text = "Officials met in Geneva; " * 4_000 + "Talks ended."
    chunks = chunk_article(Article(id="long", text=text), 24_000)
    assert len(chunks) > 1 and all(len(c.text) <= 24_000 for c in chunks)
    assert all(text[c.offset : c.offset + len(c.text)] == c.text for c in chunks)
    assert "".join(c.text for c in chunks).replace(" ", "") == text.replace(" ", "")
