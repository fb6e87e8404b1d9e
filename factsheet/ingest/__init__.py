"""Ingest: files and folders in, `Article`s (and one-line problems) out."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from factsheet.ingest.decode import InputError
from factsheet.ingest.readers import READERS
from factsheet.ingest.sidecar import SIDECAR_NAME, ArticleMetadata, read_sidecar
from factsheet.models import Article, FileProblem

__all__ = ["IngestResult", "InputError", "load_articles"]


@dataclass
class IngestResult:
    articles: list[Article] = field(default_factory=list)
    problems: list[FileProblem] = field(default_factory=list)
    warnings: list[FileProblem] = field(default_factory=list)


def load_articles(
    inputs: Iterable[Path], *, published: dt.date | None = None, metadata: Path | None = None
) -> IngestResult:
    """Read every article under `inputs` (files or folders, not recursive into hidden ones).

    Each unreadable file becomes one `FileProblem`; the others are still read.
    `published` fills in the date of articles whose metadata gives none; `metadata`
    names a docs.jsonl to use instead of the one beside each file.
    """
    result = IngestResult()
    explicit: dict[str, ArticleMetadata] | None = None
    if metadata is not None:
        explicit, problems = read_sidecar(metadata)
        result.problems.extend(problems)
    seen_ids: dict[str, str] = {}
    sidecars: dict[Path, dict[str, ArticleMetadata]] = {}  # one read per folder in this call
    for path in _article_files(inputs, result):
        sidecar = explicit if explicit is not None else _sidecar_for(path.parent, result, sidecars)
        meta = sidecar.get(path.stem, ArticleMetadata())
        reader = READERS[path.suffix.lower()]
        try:
            data = path.read_bytes()
            for article in reader(path, data, meta):
                if article.published is None and published is not None:
                    article = article.model_copy(update={"published": published})
                if article.id in seen_ids:
                    result.problems.append(
                        FileProblem(
                            path=str(path),
                            reason=f"duplicate article id {article.id!r} "
                            f"(also in {seen_ids[article.id]}); skipped",
                        )
                    )
                    continue
                seen_ids[article.id] = str(path)
                result.articles.append(article)
        except InputError as exc:
            result.problems.append(FileProblem(path=str(path), reason=str(exc)))
        except OSError as exc:
            result.problems.append(FileProblem(path=str(path), reason=f"cannot read: {exc.strerror}"))
    _warn_undated(result)
    return result


def _sidecar_for(
    folder: Path, result: IngestResult, sidecars: dict[Path, dict[str, ArticleMetadata]]
) -> dict[str, ArticleMetadata]:
    key = folder.resolve()
    if key not in sidecars:
        path = folder / SIDECAR_NAME
        if path.is_file():
            try:
                metadata, problems = read_sidecar(path)
            except (OSError, UnicodeDecodeError) as exc:
                metadata, problems = {}, [FileProblem(path=str(path), reason=f"cannot read: {exc}")]
            result.problems.extend(problems)
        else:
            metadata = {}
        sidecars[key] = metadata
    return sidecars[key]


def _article_files(inputs: Iterable[Path], result: IngestResult) -> Iterator[Path]:
    for given in inputs:
        path = Path(given)
        if path.is_dir():
            for child in sorted(path.iterdir()):
                if child.name.startswith(".") or child.is_dir() or child.name == SIDECAR_NAME:
                    continue
                yield from _accept(child, result)
        elif path.is_file():
            yield from _accept(path, result)
        else:
            result.problems.append(FileProblem(path=str(path), reason="no such file or folder"))


def _accept(path: Path, result: IngestResult) -> Iterator[Path]:
    if path.suffix.lower() in READERS:
        yield path
    else:
        known = ", ".join(sorted(READERS))
        result.problems.append(
            FileProblem(
                path=str(path),
                reason=f"unsupported file type {path.suffix or '(none)'!r}; expected one of {known}",
            )
        )


def _warn_undated(result: IngestResult) -> None:
    for article in result.articles:
        if article.published is None:
            result.warnings.append(
                FileProblem(
                    path=article.source_path or article.id,
                    reason="no publication date (give --published or a docs.jsonl); relative dates left open",
                )
            )
