"""`factsheet run` as a function: ingest -> extract -> validate -> reconcile -> render/export.

The CLI is a thin shell around `run()`; tests and other programs call it directly.
"""

from __future__ import annotations

import datetime as dt
import json
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from factsheet import __version__
from factsheet.atomic import write_bytes, write_text
from factsheet.errors import NothingToDo, OutputError
from factsheet.ingest import load_articles
from factsheet.ingest.metadata import date_warning
from factsheet.models import Article, Briefing, FactBase, FileProblem, number_twins

if TYPE_CHECKING:
    from factsheet.desk import Desk
from factsheet.render.salience import DEFAULT_MAX_ROWS

Progress = Callable[[Article, int, int], None]
OUTPUT_FILES = (
    "facts.json",
    "events.json",
    "facts.csv",
    "facts.xlsx",
    "validation.json",
    "validation.md",
    "briefing.md",
    "briefing-full.md",
    "briefing.pdf",
    "articles.jsonl",
    "run.json",
)


@dataclass
class RunOptions:
    out: Path = Path("out")
    extractor: str = "offline"
    extractor_options: dict = field(default_factory=dict)
    published: dt.date | None = None
    briefing_date: dt.date | None = None
    title: str = "Daily Briefing"
    templates: Path | None = None
    paper: str = "A4"
    workers: int | None = None
    """Extraction processes (offline extractor); None: one per core, 1: in this process."""
    max_rows: int | None = DEFAULT_MAX_ROWS
    """Rows per briefing section (the most salient events); None: every event."""
    reextract: bool = False
    """Extract every article again, even those the desk already holds unchanged."""
    follow_links: bool = False
    """Read symbolic links in input folders that resolve outside the folders given."""


@dataclass
class RunResult:
    briefing: Briefing
    out_dir: Path
    outputs: list[Path]
    problems: list[FileProblem]
    warnings: list[FileProblem]
    seconds: float
    articles: int
    extractor_stats: dict = field(default_factory=dict)
    already_on_desk: int = 0
    """Articles the desk held unchanged, read by the same extractor: not extracted again."""

    @property
    def failed_files(self) -> int:
        return len({p.path.split(":")[0] for p in self.problems})


def ensure_writable(out: Path) -> None:
    """Fail before any extraction (which the LLM path pays for) when `out` cannot be written.

    Nothing is created here: the nearest existing folder on the way to `out` must be a
    folder this process may write into.
    """
    import os

    existing = out
    while not existing.exists() and existing != existing.parent:
        existing = existing.parent
    if not existing.is_dir():
        raise OutputError(f"{out}: cannot write outputs there ({existing} is not a folder)", path=str(out))
    if not os.access(existing, os.W_OK | os.X_OK):
        raise OutputError(f"{out}: cannot write outputs there ({existing} is not writable)", path=str(out))


def extract_and_validate(
    articles: list[Article],
    extractor_name: str,
    options: dict | None = None,
    progress: Progress | None = None,
    workers: int | None = 1,
    failed: set[str] | None = None,
) -> tuple[list[FactBase], list[FileProblem], dict]:
    """Run the extractor over `articles` and validate each fact against its article.

    Returns the validated facts, the articles the extractor could not read, and the
    extractor's own statistics (requests and tokens for the LLM path). The offline
    extractor runs in `workers` processes (None: one per core) when there is more
    than one batch of work; the LLM extractor is network-bound and runs here. The ids of
    articles the extractor failed on (problems and no fact) are added to `failed`.
    """
    from factsheet.breakdown import mark_parts
    from factsheet.extraction import Extractor, get_extractor
    from factsheet.extraction.parallel import ParallelExtractor, default_workers
    from factsheet.validation import validate_fact
    from factsheet.validation.checks import batch_names

    names = batch_names(articles)
    count = min(workers or default_workers(), max(1, len(articles) // 8))
    extractor: Extractor
    validated = extractor_name == "offline" and count > 1  # workers extract and validate
    if validated:  # the caller's process never loads the model; a worker's error is raised here
        extractor = ParallelExtractor(extractor_name, options, workers=count, validate_with=names)
    else:
        extractor = get_extractor(extractor_name, **(options or {}))
    facts: list[FactBase] = []
    problems: list[FileProblem] = []
    for done, (article, found) in enumerate(extractor.extract(articles), start=1):
        checked = found if validated else [validate_fact(f, article, batch=names) for f in found]
        facts.extend(mark_parts(checked, article.text))  # "250 of them in …": a part, never a total
        reported = extractor.problems_for(article)
        problems.extend(reported)
        if failed is not None and reported and not found:
            failed.add(article.id)
        if progress is not None:
            progress(article, done, len(articles))
    return facts, problems, extractor.stats()


def run(
    inputs: Iterable[Path],
    options: RunOptions,
    progress: Progress | None = None,
    notify: Callable[[str], None] | None = None,
) -> RunResult:
    """Read `inputs`, extract and check facts, and write every output under `options.out`.

    The desk (`options.out/factsheet.db`) is the one truth: the day's facts join its
    events, review decisions already on it apply, and "since the last briefing" compares
    with the briefings it recorded. `notify` hears one-line notices (a busy desk).
    """
    started = time.perf_counter()
    from factsheet.desk.days import refuse_day_folder

    refuse_day_folder(options.out)
    ensure_writable(options.out)
    ingested = load_articles(inputs, published=options.published, follow_links=options.follow_links)
    if warning := date_warning("the briefing date", options.briefing_date):
        ingested.warnings.append(FileProblem(path="--date", reason=warning))
    if not ingested.articles:
        reasons = "; ".join(str(p) for p in ingested.problems[:3])
        raise NothingToDo(
            "no articles could be read"
            + (f" ({reasons})" if reasons else " (looked for .txt, .md, .html, .jsonl)")
        )
    # A `published` after tomorrow is a typo or a scheduled post (warned about on reading):
    # it does not date the briefing.
    latest_plausible = dt.date.today() + dt.timedelta(days=1)
    briefing_date = options.briefing_date or max(
        (a.published for a in ingested.articles if a.published and a.published <= latest_plausible),
        default=dt.date.today(),
    )
    from factsheet.desk import Desk, extractor_signature
    from factsheet.desk.lock import desk_lock

    signature = extractor_signature(options.extractor, options.extractor_options)
    with desk_lock(options.out, notify), Desk.open(options.out) as desk:
        desk.sync_decisions(briefing_date)
        run_id = desk.begin_run(briefing_date, signature)
        todo = [a for a in ingested.articles if options.reextract or desk.needs_extraction(a, signature)]
        failed: set[str] = set()
        fresh: list[FactBase] = []
        extractor_problems: list[FileProblem] = []
        stats: dict = {}
        if todo:  # nothing new: no model is loaded
            fresh, extractor_problems, stats = extract_and_validate(
                todo, options.extractor, options.extractor_options, progress, options.workers, failed
            )
        number_twins(fresh)
        _store_on_desk(desk, run_id, todo, fresh, failed, signature, briefing_date)
        facts = _facts_in_order(ingested.articles, fresh, {a.id for a in todo}, desk)
        event_of = desk.event_ids([a.id for a in ingested.articles])
        facts = [f.model_copy(update={"event_id": event_of.get(f.id)}) for f in facts]
        shown = desk.decided(facts)
        from factsheet.desk.since_last import briefing_since
        from factsheet.reconcile import events_by_id

        sources = [a.meta() for a in ingested.articles]
        events = events_by_id(shown, sources)
        report, since, snap = briefing_since(desk, briefing_date, events)
        desk.finish_run(run_id, snap)
    problems = ingested.problems + extractor_problems
    warnings = list(ingested.warnings)
    if report.later:
        warnings.append(
            FileProblem(
                path=str(options.out),
                reason=f"briefings dated after {briefing_date} ({', '.join(report.later)}) were made "
                "before this run: they may be stale",
            )
        )
    briefing = Briefing(
        title=options.title,
        briefing_date=briefing_date,
        generated_at=dt.datetime.now(dt.UTC).replace(microsecond=0),
        extractor=options.extractor,
        sources=sources,
        facts=shown,
        events=events,
        problems=problems,
        since=since.lines(),
        desk=since.model_dump(mode="json"),
    )
    out_dir = options.out / briefing_date.isoformat()
    from factsheet.render import briefing_rows

    with briefing_rows(options.max_rows):
        outputs = write_outputs(briefing, out_dir, options, extracted=facts)
    outputs.append(write_articles(ingested.articles, out_dir / "articles.jsonl"))
    seconds = time.perf_counter() - started
    outputs.append(write_manifest(briefing, out_dir, ingested.articles, seconds, stats, report.ids()))
    return RunResult(
        briefing,
        out_dir,
        outputs,
        problems,
        warnings,
        seconds,
        len(ingested.articles),
        stats,
        already_on_desk=len(ingested.articles) - len(todo),
    )


DESK_BATCH = 20
"""Articles stored per desk transaction: a kill loses at most the batch being written."""


def _store_on_desk(
    desk: Desk,
    run_id: int,
    articles: list[Article],
    facts: list[FactBase],
    failed: set[str],
    signature: str,
    briefing_date: dt.date,
) -> None:
    """Keep what was extracted today; an article the extractor failed on is tried again next run."""
    by_doc: dict[str, list[FactBase]] = {}
    for fact in facts:
        by_doc.setdefault(fact.doc, []).append(fact)
    kept = [(a, by_doc.get(a.id, [])) for a in articles if a.id not in failed]
    for start in range(0, len(kept), DESK_BATCH):
        desk.add_articles(run_id, kept[start : start + DESK_BATCH], signature, default_date=briefing_date)


def _facts_in_order(
    articles: list[Article], fresh: list[FactBase], extracted: set[str], desk: Desk
) -> list[FactBase]:
    """Today's facts in article order: just extracted, or as the desk holds them unchanged."""
    stored = desk.facts_for([a.id for a in articles if a.id not in extracted])
    by_doc: dict[str, list[FactBase]] = {}
    for fact in [*fresh, *stored]:
        by_doc.setdefault(fact.doc, []).append(fact)
    return [fact for article in articles for fact in by_doc.get(article.id, [])]


def write_outputs(
    briefing: Briefing, out_dir: Path, options: RunOptions, extracted: list[FactBase] | None = None
) -> list[Path]:
    """Render everything first, then write the set into a staging folder: a template error writes nothing.

    The staged set replaces `out_dir` whole when `write_manifest` has added run.json
    (see `factsheet.atomic.OutputSet`): a reader never sees new facts beside an old
    PDF, and a run killed part-way leaves the previous set as it was.
    """
    from factsheet.atomic import begin_output_set, discard_output_set
    from factsheet.export import (
        write_csv,
        write_events_json,
        write_facts_json,
        write_validation_json,
        write_xlsx,
    )
    from factsheet.render import (
        render_briefing_full_markdown,
        render_briefing_markdown,
        render_briefing_pdf,
        render_validation_markdown,
    )

    if briefing.extractor == "llm":  # the LLM package needs the llm extra: imported only on that path
        from factsheet.extraction.llm.errors import refuse_empty_briefing

        refuse_empty_briefing(briefing)
    briefing_md = render_briefing_markdown(briefing, options.templates)
    full_md = render_briefing_full_markdown(briefing, options.templates)
    briefing_pdf = render_briefing_pdf(briefing, options.templates, options.paper)
    # facts.json and the validation report are the extraction as checked (what review
    # decides on); the briefing, events and tables show it with review decisions applied.
    as_extracted = briefing.model_copy(update={"facts": extracted}) if extracted is not None else briefing
    validation_md = render_validation_markdown(as_extracted, options.templates)
    staged = begin_output_set(out_dir)
    try:
        written = [
            write_facts_json(as_extracted, staged.path("facts.json")),
            write_events_json(briefing, staged.path("events.json")),
            write_csv(briefing, staged.path("facts.csv")),
            write_xlsx(briefing, staged.path("facts.xlsx")),
            write_validation_json(as_extracted, staged.path("validation.json")),
            write_text(staged.path("validation.md"), validation_md),
            write_text(staged.path("briefing.md"), briefing_md),
            write_text(staged.path("briefing-full.md"), full_md),
            write_bytes(staged.path("briefing.pdf"), briefing_pdf),
        ]
    except BaseException:
        discard_output_set(out_dir)
        raise
    return [out_dir / path.name for path in written]


def write_articles(articles: list[Article], path: Path) -> Path:
    """articles.jsonl: each article's exact text, so reviewers see quotes in context later.

    Written into the run's staged set when one is open for that folder.
    """
    from factsheet.atomic import pending_output_set

    staged = pending_output_set(path.parent)
    lines = [json.dumps({"id": a.id, "text": a.text}, ensure_ascii=False) for a in articles]
    write_text(staged.path(path.name) if staged else path, "\n".join(lines) + "\n")
    return path


def write_manifest(
    briefing: Briefing,
    out_dir: Path,
    articles: list[Article],
    seconds: float,
    stats: dict | None = None,
    since_last: dict[str, list[str]] | None = None,
) -> Path:
    """run.json: what went in, what came out (the complete set, with hashes), how long it took.

    Written last; writing it swaps the run's staged set in for the previous one.
    """
    import hashlib

    from factsheet.atomic import finish_output_set, pending_output_set

    staged = pending_output_set(out_dir)
    folder = staged.staging if staged else out_dir
    outputs = {}
    for name in OUTPUT_FILES:
        path = folder / name
        if path.is_file() and name != "run.json":
            outputs[name] = hashlib.sha256(path.read_bytes()).hexdigest()
    from factsheet.kinds import loaded_versions
    from factsheet.validation import VALIDATOR_VERSION

    manifest = {
        "factsheet_version": __version__,
        "extractor": briefing.extractor,
        "kinds": loaded_versions(),
        "validator_version": VALIDATOR_VERSION,
        "briefing_date": briefing.briefing_date.isoformat(),
        "generated_at": briefing.generated_at.isoformat(),
        "seconds": round(seconds, 3),
        "inputs": [{"id": a.id, "path": a.source_path, "sha256": a.sha256} for a in articles],
        "counts": briefing.status_counts(),
        "extractor_stats": stats or {},
        "problems": [str(p) for p in briefing.problems],
        "since_last": since_last or {"new": [], "changed": [], "withdrawn": []},
        "outputs": outputs,
    }
    write_text(folder / "run.json", json.dumps(manifest, indent=2) + "\n")
    finish_output_set(out_dir)
    return out_dir / "run.json"
