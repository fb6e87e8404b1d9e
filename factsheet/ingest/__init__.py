"""Ingest: files and folders in, `Article`s (and one-line problems) out.

Nothing a folder holds stops the batch: each file that cannot be read, and each
bad record of a multi-article file, is one line naming it and the reason. A folder
that cannot be listed or entered is one line too, and the other inputs are read.

A symbolic link inside an input folder is read only when it resolves inside one of
the folders given (`follow_links` lifts that): otherwise a link to /etc/passwd or to
the user's own config file would put that file into every output.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import stat
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
    follow_links: bool = False,
) -> IngestResult:
    """Read every article under `inputs` (files or folders; folders are not searched below
    their own files, and hidden files are skipped).

    Each unreadable file becomes one `FileProblem`; the others are still read.
    `published` fills in the date of articles whose metadata gives none; `metadata`
    names a docs.jsonl to use instead of the one beside each file. A link inside a
    folder that resolves outside every folder given is refused unless `follow_links`.
    """
    result = IngestResult()
    explicit: dict[str, ArticleMetadata] | None = None
    if metadata is not None:
        explicit = _read_sidecar(Path(metadata), result)
    seen_ids: dict[str, str] = {}
    sidecars: dict[Path, dict[str, ArticleMetadata]] = {}  # one read per folder in this call
    inputs = [Path(p) for p in inputs]
    links = Links(inputs, follow=follow_links)
    for path in _article_files(inputs, result, links):
        name = shown(str(path))
        sidecar = explicit if explicit is not None else _sidecar_for(path.parent, result, sidecars, links)
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
    folder: Path,
    result: IngestResult,
    sidecars: dict[Path, dict[str, ArticleMetadata]],
    links: Links,
) -> dict[str, ArticleMetadata]:
    key = folder.resolve()
    if key not in sidecars:
        path = folder / SIDECAR_NAME
        sidecars[key] = {}
        if os.path.lexists(path):
            refused = links.refusal(path)
            if refused:
                result.problems.append(FileProblem(path=shown(str(path)), reason=refused))
            else:
                sidecars[key] = _read_sidecar(path, result)
    return sidecars[key]


def _article_files(inputs: list[Path], result: IngestResult, links: Links) -> Iterator[Path]:
    for path in inputs:
        try:
            mode = path.stat().st_mode
        except PermissionError:
            reason = "cannot be reached: permission denied"
            result.problems.append(FileProblem(path=shown(str(path)), reason=reason))
            continue
        except OSError:
            result.problems.append(FileProblem(path=shown(str(path)), reason="no such file or folder"))
            continue
        if file_kind(mode) == "a folder":
            yield from _folder_files(path, result, links)
        else:
            yield from _accept(path, result)


def _folder_files(folder: Path, result: IngestResult, links: Links) -> Iterator[Path]:
    """The article files directly in `folder`; a folder that cannot be read is one problem."""
    try:
        children = sorted(folder.iterdir())
    except OSError as exc:
        reason = f"cannot list the folder: {exc.strerror or exc}; its files were not read"
        result.problems.append(FileProblem(path=shown(str(folder)), reason=reason))
        return
    accepted: list[Path] = []
    for child in children:
        if child.name.startswith(".") or child.name == SIDECAR_NAME:
            continue
        try:
            info = child.lstat()
        except PermissionError as exc:  # listed but not entered (no x permission): one line
            reason = f"cannot open the folder's files: {exc.strerror or exc}; none of its files were read"
            result.problems.append(FileProblem(path=shown(str(folder)), reason=reason))
            return
        except OSError:
            continue  # gone since the folder was listed
        if stat.S_ISLNK(info.st_mode):
            with contextlib.suppress(OSError):  # a broken link or unreadable target: the reader says
                info = child.stat()
        if stat.S_ISDIR(info.st_mode):  # never read, so a link to a folder is no leak
            if child.suffix.lower() in READERS:  # named like an article: say why it is not read
                result.problems.append(
                    FileProblem(
                        path=shown(str(child)),
                        reason="a folder, not a regular file; folders inside an input folder are not read",
                    )
                )
            continue
        refused = links.refusal(child)
        if refused:
            result.problems.append(FileProblem(path=shown(str(child)), reason=refused))
            continue
        accepted.append(child)
    for child in accepted:
        yield from _accept(child, result)


class Links:
    """Which symbolic links may be read: those resolving inside the folders given."""

    def __init__(self, inputs: list[Path], *, follow: bool) -> None:
        self.follow = follow
        self.roots: list[Path] = []
        for path in inputs:
            try:
                if path.is_dir():
                    self.roots.append(path.resolve())
            except OSError:
                continue

    def refusal(self, path: Path) -> str | None:
        """Why the link `path` is not read, or None when it may be (or is no link)."""
        if self.follow or not path.is_symlink():
            return None
        try:
            target = path.resolve()
        except (OSError, RuntimeError):  # a loop: the reader reports it
            return None
        if any(target.is_relative_to(root) for root in self.roots):
            return None
        return (
            f"a symbolic link to {shown(str(target))}, outside the folders given; not read "
            "(run with --follow-links to read links that leave the input folders)"
        )


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
