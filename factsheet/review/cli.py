"""The `factsheet review` command: decisions from flags or a file, or the review page."""

from __future__ import annotations

import json
import time
from pathlib import Path

from factsheet.review.decisions import EditError, apply_edit, needs_review
from factsheet.review.publish import load_run, open_store, reviewer_name
from factsheet.review.server import parse_value


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
    console,
    err,
) -> int:
    try:
        briefing = load_run(run_dir)
    except (FileNotFoundError, ValueError) as exc:
        err.print(f"error: {exc}")
        return 2
    facts = {f.id: f for f in briefing.facts}
    who = reviewer_name(reviewer)
    wanted: list[dict] = [{"id": i, "action": "accept"} for i in accept]
    wanted += [{"id": i, "action": "reject", "reason": reason} for i in reject]
    for spec in edit:
        fact_id, _, assignment = spec.partition(":")
        field, _, value = assignment.partition("=")
        wanted.append({"id": fact_id, "action": "edit", "edits": {field: parse_value(value)}})
    if decisions_file is not None:
        for lineno, line in enumerate(decisions_file.read_text(encoding="utf-8").splitlines(), start=1):
            if line.strip():
                try:
                    wanted.append(json.loads(line))
                except ValueError:
                    err.print(f"error: {decisions_file}:{lineno}: invalid JSON")
                    return 2
    store = open_store(run_dir)
    failed = 0
    try:
        for item in wanted:
            fact = facts.get(item.get("id", ""))
            action = item.get("action")
            if fact is None or action not in ("accept", "reject", "edit"):
                err.print(f"error: {item.get('id')}: unknown fact id or action")
                failed += 1
                continue
            if action == "edit":
                try:
                    apply_edit(fact, item.get("edits") or {})
                except EditError as exc:
                    err.print(f"error: {fact.id}: {exc}")
                    failed += 1
                    continue
            store.decide(fact.id, action, who, reason=item.get("reason"), edits=item.get("edits"))
        if list_facts or wanted:
            decisions = store.decisions()
            for fact in briefing.facts:
                decision = decisions.get(fact.id)
                mark = "!" if needs_review(fact) and decision is None else " "
                console.print(
                    f"{mark} {fact.id}  {fact.kind:8} {fact.check.status:9} "
                    f"{(decision.action if decision else '-'):6}  {fact.quote[:70]}",
                    markup=False,
                    soft_wrap=True,
                )
            return 1 if failed else 0
    finally:
        store.close()
    from factsheet.review.server import ReviewServer

    server = ReviewServer(run_dir, port=port, reviewer=reviewer).start()
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
