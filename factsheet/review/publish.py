"""`factsheet publish`: the final briefing with reviewed facts only, and an audit manifest."""

from __future__ import annotations

import datetime as dt
import getpass
import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

from factsheet import __version__
from factsheet.atomic import write_bytes, write_text
from factsheet.errors import PublishRefused
from factsheet.models import Briefing, FactBase, content_fields
from factsheet.reconcile import reconcile
from factsheet.review.decisions import AnyFact, EditError, final_facts, human, unreviewed
from factsheet.review.migrations import SchemaTooNew
from factsheet.review.store import Decision, ReviewStore
from factsheet.validation import VALIDATOR_VERSION

STORE_NAME = "factsheet.db"


def awaiting_review(facts: list[AnyFact]) -> PublishRefused:
    """The refusal that lists the flagged facts nobody has decided on."""
    listing = "; ".join(f"{f.id} ({f.kind}: {f.quote[:60]})" for f in facts)
    return PublishRefused(
        f"{len(facts)} flagged fact(s) await review: {listing}", fact_ids=[f.id for f in facts]
    )


@dataclass
class Changes:
    new: list[str] = field(default_factory=list)
    changed: list[tuple[str, dict]] = field(default_factory=list)
    withdrawn: list[str] = field(default_factory=list)


def load_run(run_dir: Path) -> Briefing:
    path = run_dir / "facts.json"
    if not path.is_file():
        raise FileNotFoundError(f"{run_dir}: no facts.json (is this a `factsheet run` output folder?)")
    return Briefing.model_validate_json(path.read_text(encoding="utf-8"))


def open_store(run_dir: Path) -> ReviewStore:
    return ReviewStore(run_dir / STORE_NAME)


def reviewer_name(given: str | None) -> str:
    if given:
        return given
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


def snapshot_of(facts: list[AnyFact]) -> dict[str, dict]:
    """What a publication said about each fact: its content fields and quote."""
    return {f.id: f.model_dump(mode="json", include=set(content_fields(f.kind)) | {"quote"}) for f in facts}


def since_last(previous: dict[str, dict] | None, current: dict[str, dict]) -> Changes:
    """New, changed (old -> new per field) and withdrawn facts against the last publication."""
    changes = Changes()
    if previous is None:
        return changes
    for fact_id, values in current.items():
        if fact_id not in previous:
            changes.new.append(fact_id)
        elif previous[fact_id] != values:
            diff = {
                k: [previous[fact_id].get(k), v] for k, v in values.items() if previous[fact_id].get(k) != v
            }
            changes.changed.append((fact_id, diff))
    changes.withdrawn = [fact_id for fact_id in previous if fact_id not in current]
    return changes


def publish(
    run_dir: Path,
    *,
    accept_flagged: bool = False,
    reviewer: str | None = None,
    templates: Path | None = None,
    paper: str = "A4",
) -> tuple[Path, Changes]:
    """Render the final briefing into RUN/published/ and write its manifest; refuse while
    flagged facts are unreviewed (unless accept_flagged)."""
    from factsheet.render import render_briefing_markdown, render_briefing_pdf

    briefing = load_run(run_dir)
    try:
        store = open_store(run_dir)
    except SchemaTooNew as exc:
        raise PublishRefused(f"{run_dir / STORE_NAME}: {exc}") from None
    try:
        decisions = store.decisions()
        waiting = unreviewed(briefing, decisions)
        if waiting and not accept_flagged:
            raise awaiting_review(waiting)
        try:
            chosen: list[FactBase] = list(final_facts(briefing, decisions, accept_flagged=accept_flagged))
        except EditError as exc:
            raise PublishRefused(f"{run_dir / STORE_NAME}: a saved edit is not valid: {exc}") from None
        facts, events = reconcile(chosen, briefing.sources)
        final = briefing.model_copy(update={"facts": facts, "events": events, "title": briefing.title})
        snapshot = snapshot_of(facts)
        changes = since_last(store.last_publication(), snapshot)
        out = run_dir / "published"
        lines = change_lines(changes, snapshot, store.last_publication() or {})
        markdown = render_briefing_markdown(final, templates, since=lines)
        pdf = render_briefing_pdf(final, templates, paper, since=lines)
        write_text(out / "briefing.md", markdown)
        write_bytes(out / "briefing.pdf", pdf)
        write_text(out / "facts.json", final.model_dump_json(indent=2) + "\n")
        publisher = reviewer_name(reviewer)
        manifest = _manifest(run_dir, out, final, decisions, publisher, accept_flagged, changes)
        write_text(out / "manifest.json", json.dumps(manifest, indent=2, ensure_ascii=False) + "\n")
        store.record_publication(briefing.briefing_date.isoformat(), snapshot, publisher)
        return out, changes
    finally:
        store.close()


def change_lines(changes: Changes, current: dict[str, dict], previous: dict[str, dict]) -> list[str]:
    """Readable lines for new, changed (old -> new) and withdrawn facts."""

    def label(values: dict) -> str:
        return values.get("quote", "")[:90]

    lines = [f"New: {label(current[i])}" for i in changes.new]
    for fact_id, diff in changes.changed:
        detail = ", ".join(
            f"{k}: {human(old)} → {human(new)}" for k, (old, new) in diff.items() if k != "quote"
        )
        lines.append(f"Changed: {label(current[fact_id])} ({detail})")
    lines += [f"Withdrawn: {label(previous[i])}" for i in changes.withdrawn]
    return lines


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _manifest(
    run_dir: Path,
    out: Path,
    final: Briefing,
    decisions: dict[str, Decision],
    publisher: str,
    accept_flagged: bool,
    changes: Changes,
) -> dict:
    run_manifest = {}
    if (run_dir / "run.json").is_file():
        run_manifest = json.loads((run_dir / "run.json").read_text(encoding="utf-8"))
    return {
        "factsheet_version": __version__,
        "validator_version": VALIDATOR_VERSION,
        "published_at": dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat(),
        "published_by": publisher,
        "accept_flagged": accept_flagged,
        "briefing_date": final.briefing_date.isoformat(),
        "extractor": final.extractor,
        "model": run_manifest.get("extractor_stats", {}).get("model"),
        "inputs": run_manifest.get("inputs", [{"id": s.id, "sha256": s.sha256} for s in final.sources]),
        "decisions": [
            {
                "fact_id": d.fact_id,
                "action": d.action,
                "verdict": d.verdict,
                "edits": d.edits,
                "reason": d.reason,
                "reviewer": d.reviewer,
                "decided_at": d.decided_at,
            }
            for d in decisions.values()
            if d.decided
        ],
        "published_facts": [f.id for f in final.facts],
        "since_last": {
            "new": changes.new,
            "changed": [c[0] for c in changes.changed],
            "withdrawn": changes.withdrawn,
        },
        "outputs": {p.name: _sha(p) for p in sorted(out.iterdir()) if p.name != "manifest.json"},
    }
