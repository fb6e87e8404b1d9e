"""Ingest: files and folders in, `Article`s (and one-line problems) out.

Nothing a folder holds stops the batch: each file that cannot be read, and each
bad record of a multi-article file, is one line naming it and the reason.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from factsheet.ingest.decode import InputError, file_kind, shown
from factsheet.ingest.metadata import future_warning
from factsheet.ingest.readers import READERS, Notes
from factsheet.ingest.sidecar import SIDECAR_NAME, ArticleMetadata, Sidecar, read_sidecar
from factsheet.models import Article, FileProblem

__all__ = ["IngestResult", "InputError", "load_articles"]


@dataclass
class IngestResult:
    articles: list[Article] = field(default_factory=list)
    problems: list[FileProblem] = field(default_factory=list)
    warnings: list[FileProblem] = field(default_factory=list)


def load_articles(
    inputs: Iterable[Path],
    *,
    published: dt.date | None = None,
    metadata: Path | None = None,
    today: dt.date | None = None,
) -> IngestResult:
    """Read every article under `inputs` (files or folders, not recursive into hidden ones).

    Each unreadable file becomes one `FileProblem`; the others are still read.
    `published` fills in the date of articles whose metadata gives none; `metadata`
    names a docs.jsonl to use instead of the one beside each file.
    """
    result = IngestResult()
    explicit: dict[str, ArticleMetadata] | None = None
    if metadata is not None:
        explicit = _read_sidecar(Path(metadata), result)
    seen_ids: dict[str, str] = {}
    sidecars: dict[Path, dict[str, ArticleMetadata]] = {}  # one read per folder in this call
    for path in _article_files(inputs, result):
        name = shown(str(path))
        sidecar = explicit if explicit is not None else _sidecar_for(path.parent, result, sidecars)
        meta = sidecar.get(path.stem, ArticleMetadata())
        notes = Notes()
        try:
            for article in READERS[path.suffix.lower()](path, meta, notes):
                if article.published is None and published is not None:
                    article = article.model_copy(update={"published": published})
                if article.id in seen_ids:
                    notes.problem(
                        f"duplicate article id {article.id!r} (also in {seen_ids[article.id]}); skipped"
                    )
                    continue
                if warning := future_warning(article.published, today):
                    notes.warn(f"{article.id}: {warning}")
                seen_ids[article.id] = name
                result.articles.append(article)
        except InputError as exc:
            notes.problem(str(exc))
        except OSError as exc:
            notes.problem(f"cannot read: {exc.strerror or exc}")
        except Exception as exc:  # a reader's own failure costs this file, never the batch
            first = (str(exc).splitlines() or [""])[0][:200]
            notes.problem(f"could not be read ({type(exc).__name__}: {first})")
        result.problems.extend(FileProblem(path=name, reason=shown(r)) for r in notes.problems)
        result.warnings.extend(FileProblem(path=name, reason=shown(r)) for r in notes.warnings)
    _warn_undated(result)
    return result


def _read_sidecar(path: Path, result: IngestResult) -> dict[str, ArticleMetadata]:
    try:
        sidecar = read_sidecar(path)
    except InputError as exc:
        sidecar = Sidecar(problems=[FileProblem(path=shown(str(path)), reason=str(exc))])
    except OSError as exc:
        sidecar = Sidecar(
            problems=[FileProblem(path=shown(str(path)), reason=f"cannot read: {exc.strerror or exc}")]
        )
    result.problems.extend(sidecar.problems)
    result.warnings.extend(sidecar.warnings)
    return sidecar.metadata


def _sidecar_for(
    folder: Path, result: IngestResult, sidecars: dict[Path, dict[str, ArticleMetadata]]
) -> dict[str, ArticleMetadata]:
    key = folder.resolve()
    if key not in sidecars:
        path = folder / SIDECAR_NAME
        sidecars[key] = _read_sidecar(path, result) if os.path.lexists(path) else {}
    return sidecars[key]


def _article_files(inputs: Iterable[Path], result: IngestResult) -> Iterator[Path]:
    for given in inputs:
        path = Path(given)
        try:
            mode = path.stat().st_mode
        except OSError:
            result.problems.append(FileProblem(path=shown(str(path)), reason="no such file or folder"))
            continue
        if file_kind(mode) == "a folder":
            try:
                children = sorted(path.iterdir())
            except OSError as exc:
                reason = f"cannot list the folder: {exc.strerror or exc}"
                result.problems.append(FileProblem(path=shown(str(path)), reason=reason))
                continue
            for child in children:
                if child.name.startswith(".") or child.name == SIDECAR_NAME or child.is_dir():
                    continue
                yield from _accept(child, result)
        else:
            yield from _accept(path, result)


def _accept(path: Path, result: IngestResult) -> Iterator[Path]:
    if path.suffix.lower() in READERS:
        yield path
    else:
        known = ", ".join(sorted(READERS))
        suffix = shown(path.suffix) or "(none)"
        result.problems.append(
            FileProblem(
                path=shown(str(path)),
                reason=f"unsupported file type {suffix!r}; expected one of {known}",
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
