"""The library: what `import factsheet` offers, and what the CLI is a thin client of.

Extraction, validation and whole runs as plain functions over the models. Every
function here takes and returns the Pydantic models of `factsheet.models` and
`factsheet.kinds`, and raises only subclasses of `factsheet.FactsheetError`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from pathlib import Path

from factsheet.models import Article, FactBase
from factsheet.pipeline import RunOptions, RunResult, extract_and_validate
from factsheet.pipeline import run as run_pipeline

TextOrArticle = str | Article


def _as_articles(items: TextOrArticle | Iterable[TextOrArticle], published: dt.date | None) -> list[Article]:
    if isinstance(items, str | Article):
        items = [items]
    articles: list[Article] = []
    for number, item in enumerate(items, start=1):
        if isinstance(item, Article):
            articles.append(item)
        else:
            articles.append(Article(id=f"text-{number}", text=item, published=published))
    return articles


def _as_date(value: dt.date | str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if isinstance(value, str) else value


def extract(
    items: TextOrArticle | Iterable[TextOrArticle],
    *,
    extractor: str = "offline",
    published: dt.date | str | None = None,
    **options: object,
) -> list[FactBase]:
    """Facts from texts or `Article`s, each already checked against its text.

    A plain string becomes an article `text-1`, `text-2`, … published on `published`
    (relative dates such as "Friday" resolve against it). `extractor` is "offline"
    (embedded, no network) or "llm" (options as `factsheet run --extractor llm`:
    model, base_url, mode, api_key, …). Every fact carries `check.status`; only
    verified and corrected facts are publishable (`fact.publishable`).
    """
    articles = _as_articles(items, _as_date(published))
    facts, _problems, _stats = extract_and_validate(articles, extractor, dict(options))
    return facts


def validate(facts: Iterable[FactBase], articles: Iterable[Article]) -> list[FactBase]:
    """Check facts from anywhere (your own model's output, say) against their articles.

    Each fact's `doc` names its article. Returns checked copies; a fact whose article
    is not given is rejected with the reason `unknown_article`.
    """
    from factsheet.models import Check
    from factsheet.validation import validate_fact
    from factsheet.validation.checks import batch_names

    by_id = {a.id: a for a in articles}
    names = batch_names(list(by_id.values()))
    checked: list[FactBase] = []
    for fact in facts:
        article = by_id.get(fact.doc)
        if article is None:
            rejected = fact.model_copy(deep=True)
            reason = f"no article {fact.doc!r}"
            rejected.check = Check(
                status="rejected", grounding="none", reasons=[reason], codes=["unknown_article"]
            )
            checked.append(rejected)
        else:
            checked.append(validate_fact(fact, article, batch=names))
    from factsheet.breakdown import mark_parts_by_article

    return mark_parts_by_article(checked, {doc: a.text for doc, a in by_id.items()})


def read_articles(
    inputs: Path | str | Iterable[Path | str],
    *,
    published: dt.date | str | None = None,
    follow_links: bool = False,
) -> list[Article]:
    """The articles in files or folders (.txt with docs.jsonl, .md, .html, .jsonl).

    Files that cannot be read are skipped; use `factsheet.run` or the CLI to see why. A
    link inside a folder that leads outside the folders given is not read unless
    `follow_links`.
    """
    from factsheet.ingest import load_articles

    paths = [Path(inputs)] if isinstance(inputs, Path | str) else [Path(p) for p in inputs]
    return load_articles(paths, published=_as_date(published), follow_links=follow_links).articles


def run(
    inputs: Path | str | Iterable[Path | str], *, out: Path | str = "out", **options: object
) -> RunResult:
    """`factsheet run` as a function: read, extract, check, reconcile, and write every output.

    `options` are the fields of `RunOptions` (extractor, extractor_options, published,
    briefing_date, title, templates, paper). Returns what was written and what failed.
    """
    paths = [Path(inputs)] if isinstance(inputs, Path | str) else [Path(p) for p in inputs]
    run_options = RunOptions(out=Path(out), **options)  # type: ignore[arg-type]
    return run_pipeline(paths, run_options)
