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
from factsheet.printable import printable
from factsheet.reconcile import events_by_id
from factsheet.review.decisions import ACCEPTED_AT_PUBLICATION, AnyFact, EditError, final_facts, unreviewed
from factsheet.review.store import Decision, ReviewStore
from factsheet.validation import VALIDATOR_VERSION

STORE_NAME = "factsheet.db"


def awaiting_review(facts: list[AnyFact]) -> PublishRefused:
    """The refusal that lists the flagged facts nobody has decided on."""
    listing = "; ".join(f"{f.id} ({f.kind}: {printable(f.quote[:60])})" for f in facts)
    return PublishRefused(
        f"{len(facts)} flagged fact(s) await review: {listing}", fact_ids=[f.id for f in facts]
    )


@dataclass
class Changes:
    """What a publication lists since the last briefing: desk event ids."""

    new: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    withdrawn: list[str] = field(default_factory=list)


def load_run(run_dir: Path) -> Briefing:
    path = run_dir / "facts.json"
    if not path.is_file():
        raise FileNotFoundError(f"{run_dir}: no facts.json (is this a `factsheet run` output folder?)")
    try:
        return Briefing.model_validate_json(path.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError) as exc:
        first = str(exc).splitlines()[0]
        raise FileNotFoundError(
            f"{path}: not a readable facts.json ({first}); run `factsheet run` again"
        ) from None


def open_store(run_dir: Path) -> ReviewStore:
    """The review decisions of the desk this day folder belongs to (migrating old day stores)."""
    from factsheet.desk import Desk
    from factsheet.desk.days import locate

    desk_dir, _ = locate(run_dir)
    with Desk.open(desk_dir, create=False) as desk:
        return desk.review_store()


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


def publish(
    run_dir: Path,
    *,
    accept_flagged: bool = False,
    reviewer: str | None = None,
    templates: Path | None = None,
    paper: str = "A4",
) -> tuple[Path, Changes]:
    """Render the final briefing into DAY/published/ and record the publication on the desk.

    Refuses while flagged facts are unreviewed (unless accept_flagged). The published set is
    written into a staging folder and swapped in whole, and the publication (its events,
    facts and since lists) is recorded on the desk in the same step: a killed publish
    leaves the previous publication, on disk and on the desk.
    """
    from factsheet.atomic import output_set
    from factsheet.desk import Desk
    from factsheet.desk.days import locate
    from factsheet.desk.since_last import briefing_since
    from factsheet.render import render_briefing_markdown, render_briefing_pdf

    desk_dir, run_dir = locate(run_dir)
    briefing = load_run(run_dir)
    out = run_dir / "published"
    if out.exists() and not out.is_dir():
        raise PublishRefused(f"{out}: is a file, not a folder; move it aside to publish")
    with Desk.open(desk_dir, create=False) as desk:
        desk.sync_decisions(briefing.briefing_date)
        store = desk.review_store()
        decisions = store.decisions()
        waiting = unreviewed(briefing, decisions)
        if waiting and not accept_flagged:
            raise awaiting_review(waiting)
        try:
            chosen: list[FactBase] = list(final_facts(briefing, decisions, accept_flagged=accept_flagged))
        except EditError as exc:
            raise PublishRefused(f"{desk.store.path}: a saved edit is not valid: {exc}") from None
        events = events_by_id(chosen, briefing.sources)
        report, since, snap = briefing_since(desk, briefing.briefing_date, events)
        final = briefing.model_copy(
            update={
                "facts": chosen,
                "events": events,
                "since": since.lines(),
                "desk": since.model_dump(mode="json"),
            }
        )
        changes = Changes(**report.ids())
        markdown = render_briefing_markdown(final, templates, since=since)
        pdf = render_briefing_pdf(final, templates, paper, since=since)
        publisher = reviewer_name(reviewer)
        day_ids = {f.id for f in briefing.facts}
        decisions = {fact_id: d for fact_id, d in decisions.items() if fact_id in day_ids}
        with output_set(out) as staged:
            write_text(staged.path("briefing.md"), markdown)
            write_bytes(staged.path("briefing.pdf"), pdf)
            write_text(staged.path("facts.json"), final.model_dump_json(indent=2) + "\n")
            manifest = _manifest(
                run_dir, staged.staging, final, decisions, publisher, accept_flagged, changes
            )
            write_text(
                staged.path("manifest.json"), json.dumps(manifest, indent=2, ensure_ascii=False) + "\n"
            )
            desk.record_publication(
                briefing.briefing_date,
                path=str(out),
                events=snap,
                facts=snapshot_of(chosen),
                since_last=report.ids(),
                published_by=publisher,
            )
        return out, changes


def since_preview(store_path: Path, briefing: Briefing, chosen: list[FactBase]) -> list[str]:
    """What publishing these facts now would list as new, changed and withdrawn (the review page)."""
    from factsheet.desk.since_last import since_last, since_lines, snapshot
    from factsheet.desk.store import Store

    current = snapshot(events_by_id(chosen, briefing.sources))
    with Store(store_path) as store:
        report = since_last(store, briefing.briefing_date, current)
    return since_lines(report, current) if report.base else []


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
        "since_last": {"new": changes.new, "changed": changes.changed, "withdrawn": changes.withdrawn},
        "accepted_flagged": [f.id for f in final.facts if f.check.reviewed_by == ACCEPTED_AT_PUBLICATION],
        "outputs": {
            p.name: _sha(p)
            for p in sorted(out.iterdir())
            if p.name != "manifest.json" and not p.name.endswith(".part")
        },
    }
