"""A real OpenAI-compatible HTTP server on loopback that answers from a script.

Tests and benchmarks start it in a thread; every request is recorded. A responder
is a function from the request body to a `Reply` (status, JSON body, headers,
delay), so scripts can depend on what was asked.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Reply:
    status: int = 200
    body: dict | str | None = None
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    hold: threading.Event | None = None  # answer only once this is set (or after 30 s)


def completion(
    content: dict | str, *, finish_reason: str = "stop", prompt_tokens: int = 120, completion_tokens: int = 40
) -> Reply:
    text = content if isinstance(content, str) else json.dumps(content)
    return Reply(
        body={
            "id": "chatcmpl-test",
            "object": "chat.completion",
            "created": int(time.time()),
            "model": "scripted",
            "choices": [
                {
                    "index": 0,
                    "finish_reason": finish_reason,
                    "message": {"role": "assistant", "content": text},
                }
            ],
            "usage": {
                "prompt_tokens": prompt_tokens,
                "completion_tokens": completion_tokens,
                "total_tokens": prompt_tokens + completion_tokens,
            },
        }
    )


def user_text(request: dict) -> str:
    """Everything the user side said in the conversation (the article and any follow-ups)."""
    return "\n".join(m["content"] for m in request["messages"] if m["role"] == "user" and m.get("content"))


def last_user_text(request: dict) -> str:
    return next((m["content"] for m in reversed(request["messages"]) if m["role"] == "user"), "")


class ScriptedServer:
    def __init__(self, responder: Callable[[dict], Reply] | list[Reply], *, delay: float = 0.0) -> None:
        self.requests: list[dict] = []
        self.bodies: list[bytes] = []  # each request's body as received
        self.answered = 0
        self.headers: list[dict[str, str]] = []
        self._lock = threading.Lock()
        script = list(responder) if isinstance(responder, list) else None
        self._respond = (lambda _req: script.pop(0)) if script is not None else responder
        self.delay = delay
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            # Headers and body go out in separate writes; with Nagle's algorithm on, the body
            # waits for the client's delayed ACK (~40 ms per answer on loopback). Real servers
            # (uvicorn, llama.cpp) set TCP_NODELAY too.
            disable_nagle_algorithm = True

            def do_POST(self):
                length = int(self.headers.get("Content-Length", 0))
                raw = self.rfile.read(length)
                body = json.loads(raw or b"{}")
                with server._lock:
                    server.requests.append(body)
                    server.bodies.append(raw)
                    server.headers.append({k.lower(): v for k, v in self.headers.items()})
                    reply = server._respond(body)
                time.sleep(server.delay + reply.delay)
                if reply.hold is not None:
                    reply.hold.wait(30)
                payload = (
                    reply.body if isinstance(reply.body, str) else json.dumps(reply.body or {})
                ).encode()
                try:
                    self.send_response(reply.status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(payload)))
                    for name, value in reply.headers.items():
                        self.send_header(name, value)
                    self.end_headers()
                    self.wfile.write(payload)
                    with server._lock:
                        server.answered += 1
                except (BrokenPipeError, ConnectionResetError):
                    pass

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}/v1"

    def __enter__(self) -> ScriptedServer:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
