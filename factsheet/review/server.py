"""`factsheet review`: a local review page, on 127.0.0.1 only, behind a per-run token.

Every request must carry the token in its URL (as notebook servers do). A state change
is a POST form that carries a CSRF secret, comes from the page's own origin (the
`Origin` header, which `Referrer-Policy: same-origin` lets Chromium send, and
`Sec-Fetch-Site`), and names the revision of the decision the reviewer saw, so a stale
tab cannot overwrite what it never showed. Request bodies are read defensively: a
malformed length, body or encoding is answered 400 and an oversized one 413, never a
traceback or a hung connection. Article text is untrusted: the templates escape it and
isolate its direction, and a Content-Security-Policy lets only the page's own script run.
"""

from __future__ import annotations

import contextlib
import json
import re
import secrets
import socket
import sys
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlparse

import jinja2

from factsheet.models import Briefing, content_fields
from factsheet.render.environment import template_dirs
from factsheet.review import text as textfilters
from factsheet.review.decisions import (
    AnyFact,
    EditError,
    apply_edit,
    attention_reason,
    check_edits,
    check_verdict,
    choices,
    conflicted_ids,
    edit_lines,
    fact_etag,
    final_facts,
    human,
    key_values,
    pending,
)
from factsheet.review.publish import load_run, open_store, reviewer_name, since_preview
from factsheet.review.queue import Records, Risk, assess, load_records, ordered, stamp
from factsheet.review.store import Decision, Refused, Stale

MAX_BODY = 16 * 1024  # a decision form is a few hundred bytes
MAX_REASON = 1_000
MAX_FIELDS = 16
ACTIONS = ("accept", "reject", "override", "clear", "edit")


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
    """A command-line value as JSON when it is JSON (numbers, lists), else as text."""
    try:
        return json.loads(raw, parse_constant=lambda name: name)  # "Infinity" stays text
    except (ValueError, RecursionError):  # not JSON, or nested past any field's shape: text
        return raw


@dataclass
class Outcome:
    """What a POST led to: saved (redirect), or the page again with a message."""

    status: int
    saved: str | None = None
    error: str | None = None
    form: dict[str, str] = field(default_factory=dict)


class ReviewApp:
    def __init__(self, run_dir: Path, reviewer: str | None = None) -> None:
        self.run_dir = run_dir
        self.store = open_store(run_dir)
        self.reviewer = reviewer_name(reviewer)
        self.token = secrets.token_urlsafe(24)
        self.csrf = secrets.token_urlsafe(24)
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader([str(d) for d in template_dirs(None)]),
            autoescape=True,
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
        )
        self.env.filters.update(
            bidi=textfilters.visible_bidi,
            clip=textfilters.clip,
            human=human,
            fromjson=json.loads,
            stamp=textfilters.stamp,
        )
        self._lock = threading.Lock()
        self._stamp: tuple[int, int] | None = None
        self._records: tuple[tuple[int, int], Records] | None = None
        self._risks: tuple[Briefing, Records, dict[str, Risk]] | None = None
        self.briefing: Briefing
        self.facts: dict[str, AnyFact] = {}
        self.texts: dict[str, str] = {}
        self.refresh()

    def refresh(self) -> None:
        """Read the run again when facts.json changed on disk (a re-run while the page is open)."""
        path = self.run_dir / "facts.json"
        stat = path.stat()
        stamp = (stat.st_mtime_ns, stat.st_size)
        with self._lock:
            if stamp == self._stamp:
                return
            self.briefing = load_run(self.run_dir)
            self.facts = {f.id: f for f in self.briefing.facts}
            self.texts = load_texts(self.run_dir)
            self.conflicted = conflicted_ids(self.briefing)
            self._stamp = stamp

    def render(self, name: str, **values: object) -> str:
        return self.env.get_template(name).render(app=self, token=self.token, csrf=self.csrf, **values)

    def records(self) -> Records:
        """What the desk's editors measured, read again when a decision or a fact was added."""
        now = stamp(self.store.path)
        with self._lock:
            if self._records is None or self._records[0] != now:
                self._records = (now, load_records(self.store.path))
            return self._records[1]

    def risks(self) -> dict[str, Risk]:
        """Each fact's risk; assessed again only when the run or the records changed."""
        briefing, records = self.briefing, self.records()
        cached = self._risks
        if cached is not None and cached[0] is briefing and cached[1] is records:
            return cached[2]
        risks = assess(briefing, records)
        self._risks = (briefing, records, risks)
        return risks

    def queue(self, decisions: dict[str, Decision], risks: dict[str, Risk]) -> list[AnyFact]:
        """The run's facts in review order: undecided ones by risk, then the decided ones."""
        decided = {fact_id for fact_id, d in decisions.items() if d.decided}
        return ordered(self.briefing.facts, risks, decided)

    def next_pending(
        self, after: str | None, decisions: dict[str, Decision], risks: dict[str, Risk] | None = None
    ) -> AnyFact | None:
        """The riskiest fact that needs attention and has no decision, other than `after`."""
        waiting = {f.id for f in pending(self.briefing, decisions)}
        order = self.queue(decisions, risks if risks is not None else self.risks())
        return next((f for f in order if f.id in waiting and f.id != after), None)

    def page_list(self, query: dict[str, str], nonce: str) -> str:
        kind, status = query.get("kind", ""), query.get("status", "")
        decisions = self.store.decisions()
        waiting = {f.id for f in pending(self.briefing, decisions)}
        risks = self.risks()
        rows = []
        for f in self.queue(decisions, risks):
            if kind and f.kind != kind:
                continue
            if status == "attention" and f.id not in waiting:
                continue
            if status and status != "attention" and f.check.status != status:
                continue
            rows.append(
                {
                    "fact": f,
                    "values": key_values(f),
                    "reason": attention_reason(f, self.conflicted),
                    "decision": decisions.get(f.id),
                    "waiting": f.id in waiting,
                    "risk": risks[f.id],
                }
            )
        try:
            since = since_preview(self.store.path, self.briefing, final_facts(self.briefing, decisions))
        except EditError:
            since = []
        first = self.next_pending(None, decisions, risks)
        records = self.records()
        outlets = {records.outlet(s.outlet).name: records.outlet(s.outlet) for s in self.briefing.sources}
        return self.render(
            "review_list.html.j2",
            rows=rows,
            waiting=len(waiting),
            since=since,
            decided=sum(1 for d in decisions.values() if d.decided),
            kind=kind,
            kinds=sorted({f.kind for f in self.briefing.facts}),
            status=status,
            nonce=nonce,
            first_pending=first.id if first else None,
            outlets=sorted(outlets.values(), key=lambda r: (r.estimate, r.name)),
            overall=records.measurement.overall,
        )

    def page_fact(self, fact_id: str, nonce: str, outcome: Outcome | None = None) -> str:
        fact = self.facts[fact_id]
        text = self.texts.get(fact.doc, "")
        start, end = fact.start or 0, fact.end or 0
        window = (
            (text[max(0, start - 400) : start], text[start:end], text[end : end + 400])
            if text and fact.start is not None
            else ("", fact.quote, "")
        )
        event = next((e for e in self.briefing.events if e.id == fact.event_id), None)
        decisions, rev = self.store.drawn(fact_id)
        decision = decisions.get(fact_id)
        ids = list(self.facts)
        position = ids.index(fact_id)
        risks = self.risks()
        upcoming = self.next_pending(fact_id, decisions, risks)
        outcome = outcome or Outcome(200)
        return self.render(
            "review_fact.html.j2",
            fact=fact,
            window=window,
            event=event,
            reason=attention_reason(fact, self.conflicted),
            decision=decision if decision is not None and decision.decided else None,
            edits=edit_lines(fact, decision),
            fields=_field_rows(fact, decision),
            history=self.store.history(fact_id),
            etag=fact_etag(fact),
            rev=rev,
            outcome=outcome,
            next_id=ids[position + 1] if position + 1 < len(ids) else None,
            previous_id=ids[position - 1] if position > 0 else None,
            next_pending=upcoming.id if upcoming else None,
            waiting=len(pending(self.briefing, decisions)),
            nonce=nonce,
            source=self.briefing.source(fact.doc),
            risk=risks[fact_id],
        )

    def decide(self, fact_id: str, form: dict[str, str]) -> Outcome:
        """Apply one posted decision, or say in plain words why it was not saved."""
        fact = self.facts[fact_id]
        action = form.get("action", "")
        reason = " ".join(form.get("reason", "").split()) or None
        if action not in ACTIONS:
            return Outcome(400, error=f"unknown action “{textfilters.clip(action, 40)}”", form=form)
        if not re.fullmatch(r"\d{1,18}", form.get("rev", "")) or not form.get("etag"):
            return Outcome(
                400, error="the form lacks the revision it was drawn at; reload the page", form=form
            )
        seen = int(form["rev"])
        if not secrets.compare_digest(form["etag"].encode(), fact_etag(fact).encode()):
            return Outcome(
                409,
                error="Not saved: this fact changed after your page was drawn (the run was redone). "
                "Look at it as it is now and decide again.",
                form=form,
            )
        if reason is not None and len(reason) > MAX_REASON:
            return Outcome(422, error=f"the reason takes at most {MAX_REASON:,} characters", form=form)
        try:
            if action == "clear":
                self.store.clear(fact_id, self.reviewer, seen=seen)
            elif action == "edit":
                name = form.get("field", "")
                self.store.edit(
                    fact_id,
                    name,
                    _typed(fact, name, form.get("value", "")),
                    self.reviewer,
                    seen=seen,
                    check=lambda edits, current: check_edits(fact, edits, current),
                )
            else:
                check_verdict(fact, action)
                if action == "override" and reason is None:
                    raise EditError("say why this fact is published though its quote is not in the article")
                self.store.set_verdict(fact_id, action, self.reviewer, reason=reason, seen=seen)
        except Stale as exc:
            return Outcome(409, error=str(exc), form=form)
        except (EditError, Refused) as exc:
            return Outcome(422, error=f"Not saved: {exc}", form=form)
        except RecursionError:
            too_deep = "Not saved: the value is nested too deeply to be a field's value"
            return Outcome(422, error=too_deep, form=form)
        return Outcome(303, saved=action)


def _field_rows(fact: AnyFact, decision: Decision | None) -> list[tuple[str, object, tuple, object]]:
    """(name, value as it will be published, allowed values, value before the edit or None)."""
    shown = fact
    if decision is not None and decision.edits:
        try:
            shown = apply_edit(fact, decision.edits)
        except EditError:
            shown = fact  # an edit saved by an older release that no longer passes: shown in the list
    rows = []
    for name in content_fields(fact.kind):
        before, after = getattr(fact, name), getattr(shown, name)
        rows.append((name, after, choices(fact, name), before if before != after else None))
    return rows


def _typed(fact: AnyFact, name: str, raw: str) -> object:
    """The stored form of an edit: the field's own type, so the log reads as the fact will."""
    from factsheet.review.decisions import coerce

    return coerce(fact, name, raw)


class BadRequest(Exception):
    """A request that cannot be a form post from the page: (status, one-line reason)."""

    def __init__(self, status: int, reason: str) -> None:
        super().__init__(reason)
        self.status = status


def make_handler(app: ReviewApp, origin: list[str], body_timeout: float) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        server_version = "factsheet-review"
        sys_version = ""
        timeout = body_timeout  # a body shorter than its Content-Length ends in 400, not a hang

        def version_string(self) -> str:
            return self.server_version  # no Python version for a scanner to read

        def end_headers(self) -> None:
            self.send_header("Cache-Control", "no-store")
            self.send_header("X-Content-Type-Options", "nosniff")
            self.send_header("Referrer-Policy", "same-origin")
            self.send_header("X-Frame-Options", "DENY")
            super().end_headers()

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
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.end_headers()
            with contextlib.suppress(OSError):  # the browser went away mid-answer
                self.wfile.write(data)

        def _plain(self, status: int, message: str) -> None:
            self._send(status, f"<!DOCTYPE html><title>{status}</title><h1>{status}</h1><p>{message}</p>")

        def _query(self) -> tuple[str, dict[str, str]]:
            parsed = urlparse(self.path)
            try:
                pairs = parse_qsl(parsed.query, encoding="utf-8", errors="strict", max_num_fields=MAX_FIELDS)
            except (UnicodeDecodeError, ValueError):
                raise BadRequest(400, "The address is not valid.") from None
            return parsed.path, dict(reversed(pairs))

        def _authorise(self, query: dict[str, str]) -> None:
            host = self.headers.get("Host", "")
            port = origin[0].rsplit(":", 1)[1]
            if host not in (f"127.0.0.1:{port}", f"localhost:{port}"):
                raise BadRequest(400, "Unexpected Host header.")
            if not secrets.compare_digest(query.get("token", "").encode(), app.token.encode()):
                raise BadRequest(403, "Open the URL that <code>factsheet review</code> printed.")

        def _same_origin(self) -> None:
            site = self.headers.get("Sec-Fetch-Site")
            if site is not None and site != "same-origin":
                raise BadRequest(403, "Cross-site request refused.")
            sent = self.headers.get("Origin")
            if sent is not None and sent != f"http://{self.headers.get('Host', '')}":
                raise BadRequest(403, "Cross-site request refused.")  # "null" included

        def _form(self) -> dict[str, str]:
            if self.headers.get("Transfer-Encoding"):
                raise BadRequest(411, "Send the form with a Content-Length, not chunked.")
            lengths = self.headers.get_all("Content-Length") or []
            if not lengths:
                raise BadRequest(411, "A Content-Length is required.")
            if len(set(lengths)) != 1 or not re.fullmatch(r"[0-9]{1,12}", lengths[0].strip()):
                raise BadRequest(400, "The Content-Length is not a number of bytes.")
            length = int(lengths[0])
            if length > MAX_BODY:
                self.close_connection = True
                raise BadRequest(413, f"The form is larger than {MAX_BODY // 1024} KiB.")
            ctype = self.headers.get("Content-Type", "")
            mime, _, params = ctype.partition(";")
            if mime.strip().lower() != "application/x-www-form-urlencoded":
                raise BadRequest(415, "Only form posts are accepted.")
            charset = re.search(r"charset\s*=\s*\"?([^\";\s]+)", params, re.I)
            if charset and charset.group(1).lower() not in ("utf-8", "utf8"):
                raise BadRequest(400, "The form must be sent as UTF-8.")
            try:
                body = self.rfile.read(length)
            except OSError:  # the socket timeout: fewer bytes came than announced
                body = b""
            self.body_read = len(body) == length
            if len(body) != length:
                self.close_connection = True
                raise BadRequest(400, "The form is shorter than its Content-Length.")
            try:
                text = body.decode("utf-8")
                pairs = parse_qsl(
                    text, keep_blank_values=True, encoding="utf-8", errors="strict", max_num_fields=MAX_FIELDS
                )
            except UnicodeDecodeError:
                raise BadRequest(400, "The form is not valid UTF-8.") from None
            except ValueError:
                raise BadRequest(400, "The form has too many fields.") from None
            form = dict(reversed(pairs))  # the first of repeated fields wins
            if any("\x00" in v for v in form.values()):
                raise BadRequest(400, "The form holds a NUL character.")
            return form

        def do_GET(self) -> None:
            self._guarded(self._get)

        def do_POST(self) -> None:
            self._guarded(self._post)

        def _guarded(self, work) -> None:
            self.body_read = self.command != "POST"
            try:
                work()
            except BadRequest as exc:
                self._plain(exc.status, str(exc))
            except Exception as exc:  # one line in the log, a plain page for the browser
                sys.stderr.write(f"review page: {type(exc).__name__}: {exc}\n")
                self.close_connection = True
                self._plain(500, "Something went wrong; nothing was saved. Reload the page.")
            if not self.body_read:
                self._linger()

        def _linger(self) -> None:
            """Close after an answer given before the body was read, without losing the answer.

            Closing a socket with unread data sends a reset, and a reset can destroy the
            answer before the client reads it: so say we are done writing, then read and
            drop what the client still sends (up to a limit), and only then close.
            """
            self.close_connection = True
            budget = 1024 * 1024
            with contextlib.suppress(OSError):
                self.connection.shutdown(socket.SHUT_WR)
                self.connection.settimeout(2.0)
                while budget > 0:
                    chunk = self.connection.recv(65536)
                    if not chunk:
                        break
                    budget -= len(chunk)

        def _get(self) -> None:
            path, query = self._query()
            self._authorise(query)
            app.refresh()
            nonce = secrets.token_urlsafe(12)
            if path == "/":
                self._send(200, app.page_list(query, nonce), nonce=nonce)
            elif path.startswith("/fact/") and path[6:] in app.facts:
                saved = query.get("saved")
                outcome = Outcome(200, saved=saved if saved in ACTIONS else None)
                self._send(200, app.page_fact(path[6:], nonce, outcome), nonce=nonce)
            else:
                self._plain(404, "No such page.")

        def _post(self) -> None:
            path, query = self._query()
            self._authorise(query)
            self._same_origin()
            form = self._form()
            if not secrets.compare_digest(form.get("csrf", "").encode(), app.csrf.encode()):
                raise BadRequest(403, "Cross-site request refused.")
            app.refresh()
            fact_id = path[6:-7] if path.startswith("/fact/") and path.endswith("/decide") else ""
            if fact_id not in app.facts:
                self._plain(404, "No such fact.")
                return
            outcome = app.decide(fact_id, form)
            if outcome.status == 303:
                target = f"/fact/{fact_id}?" + urlencode({"token": app.token, "saved": outcome.saved})
                link = target.replace("&", "&amp;")
                self._send(303, f"<a href='{link}'>continue</a>", {"Location": target})
                return
            nonce = secrets.token_urlsafe(12)
            self._send(outcome.status, app.page_fact(fact_id, nonce, outcome), nonce=nonce)

        def log_message(self, format: str, *args: object) -> None:
            pass

    return Handler


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address) -> None:
        exc = sys.exc_info()[1]
        sys.stderr.write(f"review page: connection from {client_address[0]}: {type(exc).__name__}\n")


class ReviewServer:
    def __init__(
        self, run_dir: Path, *, port: int = 0, reviewer: str | None = None, body_timeout: float = 10.0
    ) -> None:
        self.app = ReviewApp(run_dir, reviewer)
        origin: list[str] = [""]
        self.httpd = _Server(("127.0.0.1", port), make_handler(self.app, origin, body_timeout))
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
