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

from factsheet import __version__
from factsheet.atomic import write_bytes, write_text
from factsheet.errors import NothingToDo
from factsheet.ingest import load_articles
from factsheet.models import Article, Briefing, FactBase, FileProblem, number_twins
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

    @property
    def failed_files(self) -> int:
        return len({p.path.split(":")[0] for p in self.problems})


def extract_and_validate(
    articles: list[Article],
    extractor_name: str,
    options: dict | None = None,
    progress: Progress | None = None,
    workers: int | None = 1,
) -> tuple[list[FactBase], list[FileProblem], dict]:
    """Run the extractor over `articles` and validate each fact against its article.

    Returns the validated facts, the articles the extractor could not read, and the
    extractor's own statistics (requests and tokens for the LLM path). The offline
    extractor runs in `workers` processes (None: one per core) when there is more
    than one batch of work; the LLM extractor is network-bound and runs here.
    """
    from factsheet.extract import Extractor, get_extractor
    from factsheet.extract.parallel import ParallelExtractor, default_workers
    from factsheet.validate import validate_fact
    from factsheet.validate.checks import batch_names

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
        facts.extend(found if validated else (validate_fact(f, article, batch=names) for f in found))
        problems.extend(getattr(extractor, "problems_for", lambda _a: [])(article))
        if progress is not None:
            progress(article, done, len(articles))
    stats = extractor.stats() if hasattr(extractor, "stats") else {}
    return facts, problems, stats


def run(inputs: Iterable[Path], options: RunOptions, progress: Progress | None = None) -> RunResult:
    """Read `inputs`, extract and check facts, and write every output under `options.out`."""
    started = time.perf_counter()
    ingested = load_articles(inputs, published=options.published)
    if not ingested.articles:
        reasons = "; ".join(str(p) for p in ingested.problems[:3])
        raise NothingToDo(
            "no articles could be read"
            + (f" ({reasons})" if reasons else " (looked for .txt, .md, .html, .jsonl)")
        )
    facts, extractor_problems, stats = extract_and_validate(
        ingested.articles, options.extractor, options.extractor_options, progress, options.workers
    )
    problems = ingested.problems + extractor_problems
    number_twins(facts)

    from factsheet.reconcile import reconcile

    facts, events = reconcile(facts, [a.meta() for a in ingested.articles])
    briefing_date = options.briefing_date or max(
        (a.published for a in ingested.articles if a.published), default=dt.date.today()
    )
    briefing = Briefing(
        title=options.title,
        briefing_date=briefing_date,
        generated_at=dt.datetime.now(dt.UTC).replace(microsecond=0),
        extractor=options.extractor,
        sources=[a.meta() for a in ingested.articles],
        facts=facts,
        events=events,
        problems=problems,
    )
    out_dir = options.out / briefing_date.isoformat()
    from factsheet.render import briefing_rows, render_briefing_full_markdown

    full_md = render_briefing_full_markdown(briefing, options.templates)
    with briefing_rows(options.max_rows):
        outputs = write_outputs(briefing, out_dir, options)
    outputs.append(write_text(out_dir / "briefing-full.md", full_md))
    outputs.append(write_articles(ingested.articles, out_dir / "articles.jsonl"))
    seconds = time.perf_counter() - started
    outputs.append(write_manifest(briefing, out_dir, ingested.articles, seconds, stats))
    return RunResult(
        briefing, out_dir, outputs, problems, ingested.warnings, seconds, len(ingested.articles), stats
    )


def write_outputs(briefing: Briefing, out_dir: Path, options: RunOptions) -> list[Path]:
    """Render everything first, then write each file atomically: a template error writes nothing."""
    from factsheet.export import (
        write_csv,
        write_events_json,
        write_facts_json,
        write_validation_json,
        write_xlsx,
    )
    from factsheet.render import (
        render_briefing_markdown,
        render_briefing_pdf,
        render_validation_markdown,
    )

    briefing_md = render_briefing_markdown(briefing, options.templates)
    validation_md = render_validation_markdown(briefing, options.templates)
    briefing_pdf = render_briefing_pdf(briefing, options.templates, options.paper)
    out_dir.mkdir(parents=True, exist_ok=True)
    return [
        write_facts_json(briefing, out_dir / "facts.json"),
        write_events_json(briefing, out_dir / "events.json"),
        write_csv(briefing, out_dir / "facts.csv"),
        write_xlsx(briefing, out_dir / "facts.xlsx"),
        write_validation_json(briefing, out_dir / "validation.json"),
        write_text(out_dir / "validation.md", validation_md),
        write_text(out_dir / "briefing.md", briefing_md),
        write_bytes(out_dir / "briefing.pdf", briefing_pdf),
    ]


def write_articles(articles: list[Article], path: Path) -> Path:
    """articles.jsonl: each article's exact text, so reviewers see quotes in context later."""
    lines = [json.dumps({"id": a.id, "text": a.text}, ensure_ascii=False) for a in articles]
    return write_text(path, "\n".join(lines) + "\n")


def write_manifest(
    briefing: Briefing, out_dir: Path, articles: list[Article], seconds: float, stats: dict | None = None
) -> Path:
    """run.json: what went in, what came out, how long it took."""
    import hashlib

    outputs = {}
    for name in OUTPUT_FILES:
        path = out_dir / name
        if path.is_file() and name != "run.json":
            outputs[name] = hashlib.sha256(path.read_bytes()).hexdigest()
    manifest = {
        "factsheet_version": __version__,
        "extractor": briefing.extractor,
        "briefing_date": briefing.briefing_date.isoformat(),
        "generated_at": briefing.generated_at.isoformat(),
        "seconds": round(seconds, 3),
        "inputs": [{"id": a.id, "path": a.source_path, "sha256": a.sha256} for a in articles],
        "counts": briefing.status_counts(),
        "extractor_stats": stats or {},
        "problems": [str(p) for p in briefing.problems],
        "outputs": outputs,
    }
    return write_text(out_dir / "run.json", json.dumps(manifest, indent=2) + "\n")
