"""`factsheet review`: a local review page, on 127.0.0.1 only, behind a per-run token.

Every request must carry the token in its URL (as notebook servers do); state
changes are POST forms carrying a CSRF secret and, when the browser sends one, a
same-origin Origin header. Article text is untrusted: it is escaped by the
templates, and a Content-Security-Policy lets only the page's own script run.
"""

from __future__ import annotations

import contextlib
import html
import json
import secrets
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlencode, urlparse

from factsheet.models import Briefing, FactBase, content_fields
from factsheet.review.decisions import EditError, apply_edit, final_facts, needs_review
from factsheet.review.publish import (
    change_lines,
    load_run,
    open_store,
    reviewer_name,
    since_last,
    snapshot_of,
)


def load_texts(run_dir: Path) -> dict[str, str]:
    path = run_dir / "articles.jsonl"
    texts: dict[str, str] = {}
    if path.is_file():
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                record = json.loads(line)
                texts[record["id"]] = record["text"]
    return texts


def parse_value(raw: str) -> object:
    """A form value as JSON when it is JSON (numbers, null, lists), else as text."""
    try:
        return json.loads(raw)
    except ValueError:
        return raw


class ReviewApp:
    def __init__(self, run_dir: Path, reviewer: str | None = None) -> None:
        from factsheet.render.environment import environment

        self.run_dir = run_dir
        self.briefing: Briefing = load_run(run_dir)
        self.texts = load_texts(run_dir)
        self.store = open_store(run_dir)
        self.reviewer = reviewer_name(reviewer)
        self.token = secrets.token_urlsafe(24)
        self.csrf = secrets.token_urlsafe(24)
        self.env = environment(None, html=True)
        self.facts = {f.id: f for f in self.briefing.facts}

    def attention(self) -> list[FactBase]:
        """Facts a person should look at: flagged, corrected, rejected, or in a conflict."""
        conflicted = {s.fact_id for e in self.briefing.events if e.conflict for s in e.sources}
        return [
            f
            for f in self.briefing.facts
            if f.check.status in ("flagged", "corrected", "rejected") or f.id in conflicted
        ]

    def render(self, name: str, **values) -> str:
        return self.env.get_template(name).render(app=self, token=self.token, csrf=self.csrf, **values)

    def page_list(self, query: dict[str, str], nonce: str) -> str:
        kind, status = query.get("kind", ""), query.get("status", "")
        facts = [
            f
            for f in self.briefing.facts
            if (not kind or f.kind == kind) and (not status or f.check.status == status)
        ]
        decisions = self.store.decisions()
        previous = self.store.last_publication()
        since: list[str] = []
        if previous is not None:
            try:
                current = snapshot_of(final_facts(self.briefing, decisions))
                since = change_lines(since_last(previous, current), current, previous)
            except EditError:
                since = []
        return self.render(
            "review_list.html.j2",
            facts=facts,
            since=since,
            decisions=decisions,
            attention={f.id for f in self.attention()},
            kind=kind,
            status=status,
            nonce=nonce,
        )

    def page_fact(self, fact_id: str, nonce: str, error: str | None = None) -> str:
        fact = self.facts[fact_id]
        text = self.texts.get(fact.doc, "")
        start, end = fact.start or 0, fact.end or 0
        window = (
            (text[max(0, start - 400) : start], text[start:end], text[end : end + 400])
            if text
            else ("", fact.quote, "")
        )
        event = next((e for e in self.briefing.events if e.id == fact.event_id), None)
        order = [f.id for f in self.attention()] or list(self.facts)
        position = order.index(fact_id) if fact_id in order else -1
        return self.render(
            "review_fact.html.j2",
            fact=fact,
            window=window,
            event=event,
            needs_review=needs_review(fact),
            decision=self.store.decisions().get(fact_id),
            fields=content_fields(fact.kind),
            error=error,
            next_id=order[position + 1] if 0 <= position < len(order) - 1 else None,
            previous_id=order[position - 1] if position > 0 else None,
            nonce=nonce,
            source=self.briefing.source(fact.doc),
        )

    def decide(self, fact_id: str, form: dict[str, str]) -> str | None:
        """Apply a posted decision; return an error message, or None when saved."""
        fact = self.facts[fact_id]
        action = form.get("action", "")
        if action == "edit":
            field = form.get("field", "")
            edits = {field: parse_value(form.get("value", ""))}
            try:
                decision = self.store.decisions().get(fact_id)
                apply_edit(
                    fact, {**(decision.edits if decision and decision.action == "edit" else {}), **edits}
                )
            except EditError as exc:
                return str(exc)
            self.store.decide(fact_id, "edit", self.reviewer, edits=edits, reason=form.get("reason") or None)
        elif action in ("accept", "reject"):
            self.store.decide(fact_id, action, self.reviewer, reason=form.get("reason") or None)
        else:
            return f"unknown action {action!r}"
        return None


def make_handler(app: ReviewApp, origin: list[str]):
    class Handler(BaseHTTPRequestHandler):
        server_version = "factsheet-review"

        def _authorised(self, query: dict[str, str]) -> bool:
            if not secrets.compare_digest(query.get("token", ""), app.token):
                self._send(403, "<h1>403</h1><p>Open the URL that <code>factsheet review</code> printed.</p>")
                return False
            return True

        def _send(
            self, status: int, body: str, headers: dict[str, str] | None = None, nonce: str = ""
        ) -> None:
            data = body.encode("utf-8")
            self.send_response(status)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            self.send_header(
                "Content-Security-Policy",
                f"default-src 'none'; style-src 'unsafe-inline'; "
                f"script-src 'nonce-{nonce or secrets.token_urlsafe(8)}'; "
                "form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
            )
            self.send_header("X-Content-Type-Options", "nosniff")
            self.send_header("Referrer-Policy", "no-referrer")
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.end_headers()
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                self.wfile.write(data)  # the browser may have gone away mid-answer

        def _query(self) -> tuple[str, dict[str, str]]:
            parsed = urlparse(self.path)
            return parsed.path, {k: v[0] for k, v in parse_qs(parsed.query).items()}

        def do_GET(self):
            path, query = self._query()
            if not self._authorised(query):
                return
            nonce = secrets.token_urlsafe(12)
            if path == "/":
                self._send(200, app.page_list(query, nonce), nonce=nonce)
            elif path.startswith("/fact/") and path[6:] in app.facts:
                self._send(200, app.page_fact(path[6:], nonce, query.get("error")), nonce=nonce)
            else:
                self._send(404, "<h1>404</h1>")

        def do_POST(self):
            path, query = self._query()
            if not self._authorised(query):
                return
            length = int(self.headers.get("Content-Length", 0) or 0)
            form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode("utf-8")).items()}
            sent_origin = self.headers.get("Origin")
            if not secrets.compare_digest(form.get("csrf", ""), app.csrf) or (
                sent_origin not in (None, "null") and sent_origin != origin[0]
            ):
                self._send(403, "<h1>403</h1><p>Cross-site request refused.</p>")
                return
            fact_id = path[6:-7] if path.startswith("/fact/") and path.endswith("/decide") else ""
            if fact_id not in app.facts:
                self._send(404, "<h1>404</h1>")
                return
            error = app.decide(fact_id, form)
            target = f"/fact/{fact_id}?" + urlencode(
                {"token": app.token, **({"error": error} if error else {})}
            )
            self._send(303, f"<a href='{html.escape(target)}'>continue</a>", {"Location": target})

        def log_message(self, *args):
            pass

    return Handler


class ReviewServer:
    def __init__(self, run_dir: Path, *, port: int = 0, reviewer: str | None = None) -> None:
        self.app = ReviewApp(run_dir, reviewer)
        origin: list[str] = [""]
        self.httpd = ThreadingHTTPServer(("127.0.0.1", port), make_handler(self.app, origin))
        self.port = self.httpd.server_address[1]
        origin[0] = f"http://127.0.0.1:{self.port}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/?token={self.app.token}"

    def start(self) -> ReviewServer:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        self.app.store.close()
