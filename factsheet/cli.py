"""The `factsheet` command line.

Exit codes of `factsheet run`:
  0  every input file was read and all outputs were written
  1  outputs were written, but some files, lines or articles could not be read (one line each on stderr)
  2  nothing was written: no readable article, a bad option, an --out that cannot be written,
     a broken template, or an LLM endpoint that failed every request the same way
  3  crashed: an unexpected error, said in one line (--debug shows the traceback); earlier
     outputs are untouched
Heavy libraries (spaCy, WeasyPrint) are imported inside commands so `--help` is quick.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated

import typer

app = typer.Typer(
    name="factsheet",
    help="Turn a folder of news articles into typed, source-checked facts and briefing sheets.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _console(stderr: bool = False):
    from rich.console import Console

    return Console(stderr=stderr, highlight=False)


def _parse_date(value: str | None, option: str) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not a date like 2025-08-07", param_hint=option) from None


@app.command()
def run(
    inputs: Annotated[list[Path], typer.Argument(help="Article files or folders.", readable=False)],
    out: Annotated[
        Path, typer.Option("--out", "-o", help="Output folder; a subfolder per briefing date.")
    ] = Path("out"),
    extractor: Annotated[str, typer.Option(help="offline (embedded, no network) or llm.")] = "offline",
    published: Annotated[
        str | None, typer.Option(help="Publication date (YYYY-MM-DD) for articles that give none.")
    ] = None,
    date: Annotated[
        str | None, typer.Option("--date", help="Briefing date; default: newest article's date.")
    ] = None,
    title: Annotated[str, typer.Option(help="Briefing title.")] = "Daily Briefing",
    templates: Annotated[
        Path | None, typer.Option(help="Folder of templates overriding the bundled ones.")
    ] = None,
    paper: Annotated[str, typer.Option(help="A4 or Letter.")] = "A4",
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print nothing but errors.")] = False,
    debug: Annotated[
        bool, typer.Option("--debug", help="Show the traceback of an unexpected error.")
    ] = False,
    model: Annotated[str | None, typer.Option(help="LLM model name (llm extractor).")] = None,
    base_url: Annotated[
        str | None, typer.Option(help="OpenAI-compatible endpoint, e.g. http://localhost:8000/v1.")
    ] = None,
    mode: Annotated[str | None, typer.Option(help="tools, json_schema, json or md_json.")] = None,
    max_retries: Annotated[
        int | None, typer.Option(help="Validation feedback rounds per chunk (default 2).")
    ] = None,
    concurrency: Annotated[int | None, typer.Option(help="Requests in flight at once (default 4).")] = None,
    timeout: Annotated[float | None, typer.Option(help="Seconds to wait for one answer.")] = None,
    max_tokens: Annotated[int | None, typer.Option(help="Cap on each LLM answer's length in tokens.")] = None,
    no_cache: Annotated[
        bool, typer.Option("--no-cache", help="Ask the endpoint even for unchanged text.")
    ] = False,
    reextract: Annotated[
        bool,
        typer.Option("--reextract", help="Extract every article again, even those the desk holds unchanged."),
    ] = False,
    workers: Annotated[
        int | None,
        typer.Option(min=1, help="Extraction processes (offline extractor); default: one per core."),
    ] = None,
    max_rows: Annotated[
        int | None,
        typer.Option(
            min=0,
            help="Rows per briefing section, most salient first (default 8); 0: all (see briefing-full.md).",
        ),
    ] = None,
    chunk_chars: Annotated[
        int | None,
        typer.Option(min=500, help="Longest piece of an article sent in one LLM request (characters)."),
    ] = None,
    max_tokens_total: Annotated[
        int | None,
        typer.Option(min=1, help="Token budget of the run's LLM requests, retries included."),
    ] = None,
    follow_links: Annotated[
        bool, typer.Option("--follow-links", help="Read links in input folders that lead outside them.")
    ] = False,
    article_timeout: Annotated[
        float, typer.Option(min=0.1, help="Seconds of offline extraction per article before it is cut short.")
    ] = 60.0,
) -> None:
    """Extract, check and publish facts from INPUTS into OUT/<date>/."""
    from factsheet.errors import FactsheetError, OutputError
    from factsheet.extraction import ExtractorError
    from factsheet.pipeline import NothingToDo, RunOptions
    from factsheet.pipeline import run as run_pipeline
    from factsheet.render import TemplateError
    from factsheet.render.salience import DEFAULT_MAX_ROWS

    err = _console(stderr=True)
    if paper.lower() not in ("a4", "letter"):
        raise typer.BadParameter("choose A4 or Letter", param_hint="--paper")
    llm_flags = {
        "model": model,
        "base_url": base_url,
        "mode": mode,
        "max_retries": max_retries,
        "concurrency": concurrency,
        "timeout": timeout,
        "max_tokens": max_tokens,
        "use_cache": False if no_cache else None,
        "max_chunk_chars": chunk_chars,
        "max_tokens_total": max_tokens_total,
    }
    options = RunOptions(
        out=out,
        extractor=extractor,
        extractor_options={k: v for k, v in llm_flags.items() if v is not None} if extractor == "llm" else {},
        published=_parse_date(published, "--published"),
        briefing_date=_parse_date(date, "--date"),
        title=title,
        templates=templates,
        paper=paper,
        workers=workers,
        max_rows=DEFAULT_MAX_ROWS if max_rows is None else (max_rows or None),
        reextract=reextract,
        follow_links=follow_links,
    )
    if extractor == "offline":
        options.extractor_options["article_timeout"] = article_timeout
    try:
        with _progress(quiet or not err.is_terminal, err) as progress:
            result = run_pipeline(
                inputs,
                options,
                progress,
                notify=lambda line: err.print(f"note: {_escape(line)}", soft_wrap=True),
            )
    except (NothingToDo, ExtractorError, TemplateError, OutputError, FactsheetError) as exc:
        err.print(f"[bold red]error:[/] {_escape(str(exc))}", markup=True, soft_wrap=True)
        raise typer.Exit(2) from None
    except Exception as exc:
        if debug:
            raise
        first_line = (str(exc).splitlines() or [""])[0]
        err.print(
            f"[bold red]crashed:[/] {type(exc).__name__}: {_escape(first_line)} "
            "(run with --debug for the traceback)",
            soft_wrap=True,
        )
        raise typer.Exit(3) from None
    from factsheet.printable import printable

    for problem in result.problems:
        err.print(f"[red]error:[/] {_escape(printable(str(problem)))}", soft_wrap=True)
    if not quiet:
        for warning in result.warnings:
            err.print(f"[yellow]warning:[/] {_escape(printable(str(warning)))}", soft_wrap=True)
        _summary(result)
    raise typer.Exit(1 if result.problems else 0)


def _escape(text: str) -> str:
    from rich.markup import escape

    return escape(text)


class _NoProgress:
    def __enter__(self):
        return None

    def __exit__(self, *exc):
        return False


class _BarProgress:
    """A rich progress bar over articles, shown only on a terminal."""

    def __init__(self, console) -> None:
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TaskID,
            TextColumn,
            TimeElapsedColumn,
        )

        self.progress = Progress(
            TextColumn("[bold]Reading articles"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            TextColumn("{task.description}"),
            console=console,
            transient=True,
        )
        self.task: TaskID | None = None

    def __enter__(self):
        self.progress.__enter__()

        def advance(article, done: int, total: int) -> None:
            if self.task is None:
                self.task = self.progress.add_task("", total=total)
            self.progress.update(self.task, completed=done, description=article.id)

        return advance

    def __exit__(self, *exc):
        return self.progress.__exit__(*exc)


def _progress(disabled: bool, console):
    return _NoProgress() if disabled else _BarProgress(console)


def _summary(result) -> None:
    from rich.table import Table

    from factsheet.kinds import names

    console = _console()
    briefing = result.briefing
    counts = briefing.status_counts()
    table = Table(
        title=f"factsheet · briefing {briefing.briefing_date}",
        title_justify="left",
        show_edge=False,
        pad_edge=False,
    )
    table.add_column("kind")
    for status in ("verified", "corrected", "flagged", "rejected"):
        table.add_column(status, justify="right")
    for kind in names():
        facts = [f for f in briefing.facts if f.kind == kind]
        table.add_row(
            kind,
            *[
                str(sum(1 for f in facts if f.check.status == s))
                for s in ("verified", "corrected", "flagged", "rejected")
            ],
        )
    console.print(table)
    published = counts.get("verified", 0) + counts.get("corrected", 0)
    console.print(
        f"{result.articles} articles read · {len(briefing.facts)} facts · {published} published · "
        f"{counts.get('flagged', 0)} await review · {counts.get('rejected', 0)} rejected · "
        f"{result.failed_files} files failed · {result.seconds:.1f} s"
        + (f" · {result.already_on_desk} already on the desk" if result.already_on_desk else "")
    )
    total = result.extractor_stats.get("total")
    if total:
        console.print(
            f"LLM: {total['requests']} requests · {total['total_tokens']:,} tokens "
            f"({total['prompt_tokens']:,} in, {total['completion_tokens']:,} out) · "
            f"{total['cached_chunks']} of {total['chunks']} chunks from cache"
        )
    console.print(f"Outputs in [bold]{result.out_dir}[/]: " + ", ".join(p.name for p in result.outputs))


@app.command("eval")
def eval_command(
    gold_dir: Annotated[
        list[Path] | None, typer.Argument(help="Labelled set(s): docs/, docs.jsonl, gold.jsonl.")
    ] = None,
    extractor: Annotated[str, typer.Option(help="Extractor to score.")] = "offline",
    as_json: Annotated[bool, typer.Option("--json", help="Print the scores as JSON.")] = False,
    show_errors: Annotated[
        bool, typer.Option("--show-errors", help="List missed and spurious facts.")
    ] = False,
    by_rule: Annotated[
        bool, typer.Option("--by-rule", help="Precision of each extraction rule (from the facts' extractor).")
    ] = False,
    model: Annotated[str | None, typer.Option(help="LLM model name (llm extractor).")] = None,
    base_url: Annotated[str | None, typer.Option(help="OpenAI-compatible endpoint (llm extractor).")] = None,
    mode: Annotated[str | None, typer.Option(help="tools, json_schema, json or md_json.")] = None,
    no_cache: Annotated[
        bool, typer.Option("--no-cache", help="Ask the endpoint even for unchanged text.")
    ] = False,
    desk: Annotated[
        Path | None, typer.Option(help="Measure the desk's facts by its editors' decisions instead.")
    ] = None,
    since: Annotated[
        str | None, typer.Option(help="--desk: articles published on or after (YYYY-MM-DD).")
    ] = None,
    until: Annotated[
        str | None, typer.Option(help="--desk: articles published on or before (YYYY-MM-DD).")
    ] = None,
    events: Annotated[
        Path | None, typer.Option("--events", help="Event labels (JSON lines): score the grouping too.")
    ] = None,
) -> None:
    """Score an extractor against hand-labelled gold facts (precision, recall, F1), or --desk:
    the precision its editors measured."""
    import json

    from factsheet.errors import FactsheetError
    from factsheet.evaluate import evaluate

    if desk is not None or not gold_dir:
        period = (_parse_date(since, "--since"), _parse_date(until, "--until"))
        _eval_desk(desk, gold_dir or None, *period, as_json)
        return
    flags = {"model": model, "base_url": base_url, "mode": mode, "use_cache": False if no_cache else None}
    options = {k: v for k, v in flags.items() if v is not None} if extractor == "llm" else {}
    try:
        report = evaluate(gold_dir, extractor, options, events=events)
    except FactsheetError as exc:
        _console(stderr=True).print(f"error: {_escape(str(exc))}")
        raise typer.Exit(2) from None
    if as_json:
        data = report.as_dict(errors=show_errors)
        if by_rule:
            data["by_rule"] = report.by_rule()
        print(json.dumps(data, indent=2, ensure_ascii=False))
        return
    _print_report(report, show_errors)
    if report.events:
        from factsheet.event_score import event_table

        _console().print(event_table(report.events))
    if by_rule:
        _print_rules(report)


def _eval_desk(desk: Path | None, gold_dir: list[Path] | None, since, until, as_json: bool) -> None:
    """`factsheet eval --desk DESK`: see `factsheet.desk.measure`."""
    import json

    from factsheet.desk.measure import measure, print_measurement
    from factsheet.desk.store import DeskError

    err = _console(stderr=True)
    if desk is None or gold_dir is not None:
        err.print(
            "error: give a labelled set (factsheet eval DIR) or a desk (--desk DESK), not both or neither",
            soft_wrap=True,
        )
        raise typer.Exit(2)
    try:
        from factsheet.desk import Desk

        with Desk.open(desk, create=False) as opened:
            result = measure(opened.store, since, until)
    except DeskError as exc:
        err.print(f"error: {_escape(str(exc))}", soft_wrap=True)
        raise typer.Exit(2) from None
    if as_json:
        print(json.dumps(result.as_dict(), indent=2, ensure_ascii=False))
        return
    print_measurement(result, _console())


def _print_rules(report) -> None:
    from rich.table import Table

    table = Table(title="Precision per rule", title_justify="left", show_edge=False, pad_edge=False)
    for column in ("rule", "predicted", "matched", "precision"):
        table.add_column(column, justify="left" if column == "rule" else "right")
    for rule, row in report.by_rule().items():
        table.add_row(rule, str(row["predicted"]), str(row["matched"]), f"{row['precision']:.2f}")
    _console().print(table)


def _print_report(report, show_errors: bool) -> None:
    from rich.table import Table

    console = _console()
    table = Table(title="Extraction scores", title_justify="left", show_edge=False, pad_edge=False)
    for column in ("kind", "gold", "predicted", "matched", "precision", "recall", "F1"):
        table.add_column(column, justify="left" if column == "kind" else "right")
    rows = [*report.per_kind.items(), ("overall", report.overall)]
    for kind, s in rows:
        table.add_row(
            kind,
            str(s.gold),
            str(s.predicted),
            str(s.matched),
            f"{s.precision:.2f}",
            f"{s.recall:.2f}",
            f"{s.f1:.2f}",
            style="bold" if kind == "overall" else None,
        )
    console.print(table)
    fields = Table(
        title="Field accuracy on matched pairs", title_justify="left", show_edge=False, pad_edge=False
    )
    fields.add_column("kind")
    fields.add_column("field accuracy")
    for kind, accuracy in report.field_accuracy.items():
        fields.add_row(kind, ", ".join(f"{f} {v:.2f}" for f, v in accuracy.items()))
    console.print(fields)
    if show_errors:
        console.print(f"\n[bold]Missed gold facts ({len(report.missed)})[/]")
        for fact in report.missed:
            console.print(
                f"  {fact.doc[:12]} {fact.kind:8} {_escape(_key_text(fact))} · “{_escape(fact.quote)}”"
            )
        console.print(f"\n[bold]Unmatched predictions ({len(report.spurious)})[/]")
        for fact in report.spurious:
            console.print(
                f"  {fact.doc[:12]} {fact.kind:8} {_escape(_key_text(fact))} · “{_escape(fact.quote)}”"
            )


def _key_text(fact) -> str:
    from factsheet.kinds import get

    return get(fact.kind).describe_key(fact)


@app.command()
def schema(
    out: Annotated[
        Path | None,
        typer.Option("--out", "-o", help="Folder for the JSON Schema files (default: ./schemas)."),
    ] = None,
    check: Annotated[
        bool,
        typer.Option(
            "--check",
            help="Fail if the files are stale: ./schemas if there is one, else those shipped with factsheet.",
        ),
    ] = False,
) -> None:
    """Write (or check) the JSON Schemas generated from the fact models."""
    from factsheet.schemas import bundled_schemas, check_schemas, write_schemas

    if out is None:
        out = Path("schemas") if Path("schemas").is_dir() or not check else bundled_schemas()
    if check:
        stale = check_schemas(out)
        if stale:
            _console(stderr=True).print(f"stale schemas (run `factsheet schema`): {', '.join(stale)}")
            raise typer.Exit(1)
        return
    for path in write_schemas(out):
        _console().print(f"wrote {path}")


@app.command()
def review(
    run_dir: Annotated[
        Path, typer.Argument(help="A day folder of a desk (out/2025-08-07), or the desk for its newest day.")
    ],
    list_facts: Annotated[
        bool, typer.Option("--list", help="List the facts and decisions, then exit.")
    ] = False,
    accept: Annotated[list[str] | None, typer.Option("--accept", help="Accept fact ID (repeatable).")] = None,
    reject: Annotated[list[str] | None, typer.Option("--reject", help="Reject fact ID (repeatable).")] = None,
    reason: Annotated[str | None, typer.Option(help="Why, for --reject or --override.")] = None,
    override: Annotated[
        list[str] | None,
        typer.Option("--override", help="Publish fact ID the validator rejected (needs --reason)."),
    ] = None,
    clear: Annotated[
        list[str] | None, typer.Option("--clear", help="Clear the decision on fact ID (repeatable).")
    ] = None,
    edit: Annotated[
        list[str] | None, typer.Option("--edit", help="ID:FIELD=VALUE (VALUE as JSON or text).")
    ] = None,
    decisions_file: Annotated[
        Path | None, typer.Option("--decisions", help="JSONL of {id, action, reason?, edits?}.")
    ] = None,
    reviewer: Annotated[
        str | None, typer.Option(help="Your name for the audit trail (default: OS user).")
    ] = None,
    port: Annotated[int, typer.Option(help="Port for the review page (0: any free port).")] = 0,
    no_browser: Annotated[
        bool, typer.Option("--no-browser", help="Print the URL but do not open a browser.")
    ] = False,
) -> None:
    """Review a run's facts: the local review page, or decisions from the command line."""
    from factsheet.review.cli import review_command

    code = review_command(
        run_dir,
        list_facts=list_facts,
        accept=accept or [],
        reject=reject or [],
        override=override or [],
        clear=clear or [],
        reason=reason,
        edit=edit or [],
        decisions_file=decisions_file,
        reviewer=reviewer,
        port=port,
        open_browser=not no_browser,
        console=_console(),
        err=_console(stderr=True),
    )
    raise typer.Exit(code)


@app.command()
def publish(
    run_dir: Annotated[
        Path, typer.Argument(help="A day folder of a desk (DESK/<date>), or the desk for its newest day.")
    ],
    accept_flagged: Annotated[
        bool, typer.Option("--accept-flagged", help="Publish flagged facts unreviewed.")
    ] = False,
    reviewer: Annotated[
        str | None, typer.Option(help="Publisher name for the manifest (default: OS user).")
    ] = None,
    templates: Annotated[
        Path | None, typer.Option(help="Folder of templates overriding the bundled ones.")
    ] = None,
    paper: Annotated[str, typer.Option(help="A4 or Letter.")] = "A4",
) -> None:
    """Render the final briefing with reviewed facts only; refuse while flagged facts await review."""
    from factsheet.errors import FactsheetError
    from factsheet.printable import printable
    from factsheet.render import TemplateError
    from factsheet.review.publish import PublishRefused
    from factsheet.review.publish import publish as publish_run

    err = _console(stderr=True)
    try:
        out, changes = publish_run(
            run_dir, accept_flagged=accept_flagged, reviewer=reviewer, templates=templates, paper=paper
        )
    except PublishRefused as exc:
        err.print(f"error: {_escape(printable(str(exc)))}", soft_wrap=True)
        raise typer.Exit(1) from None
    except (FileNotFoundError, TemplateError, FactsheetError) as exc:
        err.print(f"error: {_escape(printable(str(exc)))}", soft_wrap=True)
        raise typer.Exit(2) from None
    _console().print(
        f"Published to [bold]{_escape(str(out))}[/]: briefing.pdf, briefing.md, facts.json, manifest.json · "
        f"since the last briefing: {len(changes.new)} new, {len(changes.changed)} changed, "
        f"{len(changes.withdrawn)} withdrawn"
    )


@app.command("export")
def export_command(
    desk: Annotated[Path, typer.Argument(help="The desk: the folder given to `factsheet run --out`.")],
    gold: Annotated[
        Path, typer.Option("--gold", help="Folder for the labelled set (docs/, docs.jsonl, gold.jsonl).")
    ],
    since: Annotated[
        str | None, typer.Option(help="Only articles published on or after this date (YYYY-MM-DD).")
    ] = None,
) -> None:
    """Write the desk's reviewed facts as a labelled set, for `factsheet eval DIR`."""
    from factsheet.desk import Desk, DeskError
    from factsheet.desk.gold import export_gold
    from factsheet.errors import FactsheetError

    start = _parse_date(since, "--since")
    try:
        with Desk.open(desk, create=False) as opened:
            done = export_gold(opened.store, gold, start)
    except (DeskError, FactsheetError, OSError) as exc:
        _console(stderr=True).print(f"error: {_escape(str(exc))}", soft_wrap=True)
        raise typer.Exit(2) from None
    _console().print(f"Wrote {_escape(str(done.folder))}: {done.summary()}", soft_wrap=True)


@app.command()
def config() -> None:
    """Show the LLM settings in effect (flags aside), with the API key masked."""
    from factsheet.errors import FactsheetError
    from factsheet.extraction.llm.settings import config_path, load_settings

    try:
        settings = load_settings()
    except FactsheetError as exc:
        _console(stderr=True).print(f"error: {_escape(str(exc))}", soft_wrap=True)
        raise typer.Exit(2) from None
    console = _console()
    console.print(f"config file: {config_path()}{'' if config_path().is_file() else ' (not present)'}")
    for name, value in settings.describe().items():
        console.print(f"{name:12} {_escape(value)}")
    from factsheet.extraction.llm import request_overhead

    console.print(f"{'request':12} {_escape(request_overhead(settings).describe())}")


def _desk_commands() -> None:
    """`factsheet events` and `factsheet event ID`: what the desk knows, across days."""
    from factsheet.desk.commands import event_command, events_command

    app.command("events")(events_command)
    app.command("event")(event_command)


_desk_commands()


@app.command()
def version() -> None:
    """Print the factsheet version."""
    from factsheet import __version__

    print(__version__)


def main() -> None:  # pragma: no cover - console entry point
    app()


if __name__ == "__main__":  # pragma: no cover
    main()
