"""The `factsheet review` command: decisions from flags or a file, or the review page.

Command-line decisions go through the same checks as the page: an edit is validated by
the fact's model and bounds, accepting a fact the validator rejected needs an override
with a reason, and every change is one transaction in `factsheet.db`.
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

from factsheet.printable import printable
from factsheet.review.decisions import EditError, attention_reason, check_edits, check_verdict, coerce
from factsheet.review.migrations import SchemaTooNew
from factsheet.review.publish import load_run, open_store, reviewer_name
from factsheet.review.server import parse_value
from factsheet.review.store import Refused, ReviewStore, Stale

ACTIONS = ("accept", "reject", "override", "clear", "edit")


def review_command(
    run_dir: Path,
    *,
    list_facts: bool,
    accept: list[str],
    reject: list[str],
    reason: str | None,
    edit: list[str],
    decisions_file: Path | None,
    reviewer: str | None,
    port: int,
    open_browser: bool,
    console: Any,
    err: Any,
    override: list[str] | None = None,
    clear: list[str] | None = None,
) -> int:
    from factsheet.desk.days import locate
    from factsheet.desk.store import DeskError

    if not 0 <= port <= 65535:
        err.print(
            f"error: --port {port}: not a port (0 to 65535; 0 picks a free one)", markup=False, soft_wrap=True
        )
        return 2
    try:
        _, run_dir = locate(run_dir)
        briefing = load_run(run_dir)
        store = open_store(run_dir)
    except (FileNotFoundError, ValueError, SchemaTooNew, DeskError) as exc:
        err.print(f"error: {printable(str(exc))}", markup=False, soft_wrap=True)
        return 2
    wanted: list[dict] = [{"id": i, "action": "accept"} for i in accept]
    wanted += [{"id": i, "action": "reject", "reason": reason} for i in reject]
    wanted += [{"id": i, "action": "override", "reason": reason} for i in override or []]
    wanted += [{"id": i, "action": "clear"} for i in clear or []]
    for spec in edit:
        fact_id, _, assignment = spec.partition(":")
        name, _, value = assignment.partition("=")
        wanted.append({"id": fact_id, "action": "edit", "edits": {name: parse_value(value)}})
    if decisions_file is not None:
        try:
            lines = decisions_file.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError) as exc:
            err.print(f"error: {decisions_file}: {exc}", markup=False, soft_wrap=True)
            return 2
        for lineno, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            try:
                item = json.loads(line, parse_constant=lambda name: name)
            except (ValueError, RecursionError):
                item = None
            if not isinstance(item, dict):
                err.print(
                    f"error: {decisions_file}:{lineno}: not a JSON object", markup=False, soft_wrap=True
                )
                return 2
            wanted.append(item)
    facts = {f.id: f for f in briefing.facts}
    who = reviewer_name(reviewer)
    failed = 0
    for item in wanted:
        problem = _apply(store, facts, item, who)
        if problem:
            err.print(
                f"error: {printable(str(item.get('id')))}: {printable(problem)}", markup=False, soft_wrap=True
            )
            failed += 1
    if list_facts or wanted:
        decisions = store.decisions()
        conflicted = {s.fact_id for e in briefing.events if e.conflict for s in e.sources}
        for fact in briefing.facts:
            decision = decisions.get(fact.id)
            waiting = attention_reason(fact, conflicted) is not None and decision is None
            console.print(
                f"{'!' if waiting else ' '} {fact.id}  {fact.kind:8} {fact.check.status:9} "
                f"{(decision.action if decision else None) or '-':6}  {printable(fact.quote[:70])}",
                markup=False,
                soft_wrap=True,
            )
        orphans = sorted(set(decisions) - set(facts))
        if orphans:
            err.print(
                f"note: {len(orphans)} saved decision(s) name facts not in this run: {', '.join(orphans)}",
                markup=False,
                soft_wrap=True,
            )
        return 1 if failed else 0
    return _serve(run_dir, port, reviewer, open_browser, console, err)


def _apply(store: ReviewStore, facts: dict, item: dict, who: str) -> str | None:
    """Record one decision; the reason it was refused, or None."""
    fact = facts.get(str(item.get("id", "")))
    action = item.get("action")
    if fact is None:
        return "no fact with this id in the run"
    if action not in ACTIONS:
        return f"unknown action {action!r} (one of {', '.join(ACTIONS)})"
    reason = item.get("reason")
    reason = str(reason) if reason not in (None, "") else None
    try:
        if action == "clear":
            store.clear(fact.id, who)
        elif action == "edit":
            edits = item.get("edits")
            if not isinstance(edits, dict) or not edits:
                return "an edit needs {field: value}"
            for name, value in edits.items():
                store.edit(
                    fact.id,
                    name,
                    coerce(fact, name, value),
                    who,
                    check=lambda all_edits, current: check_edits(fact, all_edits, current),
                )
        else:
            check_verdict(fact, action)
            if action == "override" and reason is None:
                return "an override needs --reason (why publish a fact whose quote is not in the article)"
            store.set_verdict(fact.id, action, who, reason=reason)
    except (EditError, Refused, Stale) as exc:
        return str(exc)
    return None


def _serve(
    run_dir: Path, port: int, reviewer: str | None, open_browser: bool, console: Any, err: Any
) -> int:
    from factsheet.review.server import ReviewServer

    try:
        server = ReviewServer(run_dir, port=port, reviewer=reviewer).start()
    except OSError as exc:
        err.print(
            f"error: cannot serve the review page on port {port} ({exc.strerror or exc})",
            markup=False,
            soft_wrap=True,
        )
        return 2
    console.print(f"Review page: {server.url}", markup=False, soft_wrap=True)
    console.print("Press Ctrl+C to stop.")
    if open_browser:
        import webbrowser

        webbrowser.open(server.url)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()
    return 0
