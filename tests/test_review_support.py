"""Shared parts of the review tests: a real run to review, and HTTP on 127.0.0.1 without
a client library's help (so malformed requests can be sent as they are)."""

from __future__ import annotations

import html
import json
import re
import socket
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from articles import article_folder

from factsheet.pipeline import RunOptions, run

# A title carrying an unclosed RIGHT-TO-LEFT OVERRIDE: unisolated, it reverses the rest of its line.
RLO_TITLE = "Strike \u202eon Kharkiv 40011\u201380011"
KHARKIV = (
    "Officials said 5 people were killed and 12 were injured when a missile hit Kharkiv on Monday.\n\n"
    "The European Union approved 50 million euros in aid to Moldova on Tuesday, the commission said.\n"
)
TALKS = (
    "President Volodymyr Zelensky met French President Emmanuel Macron in Paris on Tuesday, "
    "his office said.\n"
)


def offline_run(tmp_path: Path) -> Path:
    """A run of the offline extractor over two short articles (casualties, aid, a meeting)."""
    folder = article_folder(
        tmp_path / "in",
        "2025-08-07",
        {"kharkiv": KHARKIV, "talks": TALKS},
        titles={"kharkiv": RLO_TITLE, "talks": "Talks in Paris"},
    )
    return run([folder], RunOptions(out=tmp_path / "out")).out_dir


def facts_of(run_dir: Path) -> list[dict]:
    return json.loads((run_dir / "facts.json").read_text(encoding="utf-8"))["facts"]


def find(run_dir: Path, kind: str, **values) -> dict:
    """The one fact of `kind` whose fields have `values`."""
    found = [
        f for f in facts_of(run_dir) if f["kind"] == kind and all(f.get(k) == v for k, v in values.items())
    ]
    assert len(found) == 1, (kind, values, found)
    return found[0]


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def request(
    url: str, data: dict | None = None, headers: dict | None = None
) -> tuple[int, dict[str, str], str]:
    """(status, headers, body) of one GET (or POST when `data`), redirects not followed."""
    body = urllib.parse.urlencode(data).encode() if data is not None else None
    opener = urllib.request.build_opener(_NoRedirect)
    try:
        with opener.open(urllib.request.Request(url, data=body, headers=headers or {}), timeout=60) as r:
            return r.status, dict(r.headers), r.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, dict(exc.headers), exc.read().decode()


def view(page: str) -> dict[str, str]:
    """The revision fields a fact page's forms carry: what a decision says it saw."""
    return {
        "etag": re.search(r'name="etag" value="([^"]+)"', page).group(1),
        "rev": re.search(r'name="rev" value="([^"]+)"', page).group(1),
    }


def error_of(page: str) -> str:
    found = re.search(r'id="error"[^>]*>(.*?)</p>', page, re.S)
    return html.unescape(re.sub(r"<[^>]+>", "", found.group(1))) if found else ""


def raw_http(
    port: int, head: str, body: bytes = b"", *, keep_open: bool = False, timeout: float = 60
) -> tuple[int, str]:
    """Send bytes as they are; return the status code and the whole answer (0: no answer).

    `keep_open`: do not signal the end of the body, as a client that stalls would not.
    """
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as sock:
        sock.sendall(head.strip().replace("\n", "\r\n").encode("utf-8") + b"\r\n\r\n" + body)
        if not keep_open:
            sock.shutdown(socket.SHUT_WR)
        chunks = []
        try:
            while chunk := sock.recv(65536):
                chunks.append(chunk)
        except ConnectionResetError:
            pass
    answer = b"".join(chunks).decode("utf-8", "replace")
    status = re.match(r"HTTP/1\.[01] (\d{3})", answer)
    return (int(status.group(1)) if status else 0), answer
