"""One reader per article format; each turns a file into Articles or raises InputError.

A reader reads its file itself (bounded: see `decode.read_bounded`) and tells what
else it found through `Notes`: warnings (an encoding guessed, a field ignored) and,
for files of many articles, problems with single records that cost only that record.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from factsheet.ingest.chrome import find_chrome_spans
from factsheet.ingest.decode import (
    MAX_ARTICLE_BYTES,
    InputError,
    declared_charset,
    decode_article_bytes,
    read_bounded,
    shown,
)
from factsheet.ingest.lines import bounded_lines
from factsheet.ingest.metadata import ArticleMetadata, clean_metadata
from factsheet.models import Article

MAX_JSONL_BYTES = 200 * 1024 * 1024
MAX_FRONT_MATTER_CHARS = 64 * 1024
_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?)\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.DOTALL)


@dataclass
class Notes:
    """What reading one file found besides its articles."""

    warnings: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    def warn(self, reason: str) -> None:
        self.warnings.append(reason)

    def problem(self, reason: str) -> None:
        self.problems.append(reason)


Reader = Callable[[Path, ArticleMetadata, Notes], Iterator[Article]]


def _article(text: str, meta: ArticleMetadata, *, fallback_id: str, path: Path) -> Article:
    return Article(
        id=meta.id or shown(fallback_id),
        text=text,
        title=meta.title,
        outlet=meta.outlet,
        url=meta.url,
        published=meta.published,
        source_path=shown(str(path)),
        skip_spans=find_chrome_spans(text, meta.title),
    )


def _decode(data: bytes, notes: Notes, declared: str | None = None) -> str:
    decoded = decode_article_bytes(data, declared=declared)
    for warning in decoded.warnings:
        notes.warn(warning)
    return decoded.text


def read_text(path: Path, meta: ArticleMetadata, notes: Notes) -> Iterator[Article]:
    """Plain text: the whole file is the article; metadata comes from the sidecar."""
    text = _decode(read_bounded(path, MAX_ARTICLE_BYTES), notes)
    yield _article(text, meta, fallback_id=path.stem, path=path)


class _FrontMatterLoader(yaml.SafeLoader):
    """Safe YAML that refuses aliases and leaves dates as text.

    Aliases are how a few hundred bytes expand to gigabytes ("billion laughs"); no
    article's metadata needs them. Dates stay strings so that our own parser reports
    `2025-02-30` instead of the loader raising on it.
    """

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            raise InputError("front matter uses a YAML alias (*name); aliases are not accepted")
        return super().compose_node(parent, index)


_FrontMatterLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def load_front_matter(source: str) -> dict:
    """The fields of a YAML front matter block, or InputError with the reason."""
    if len(source) > MAX_FRONT_MATTER_CHARS:
        raise InputError(f"front matter is over {MAX_FRONT_MATTER_CHARS // 1024} KB")
    try:
        front = yaml.load(source, Loader=_FrontMatterLoader)  # a safe loader, subclassed
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark else ""
        raise InputError(f"invalid YAML front matter{where}") from None
    except RecursionError:
        raise InputError("invalid YAML front matter (nested too deeply)") from None
    if front is None:
        return {}
    if not isinstance(front, dict):
        raise InputError("front matter is not a mapping of fields")
    return front


def read_markdown(path: Path, meta: ArticleMetadata, notes: Notes) -> Iterator[Article]:
    """Markdown with optional YAML front matter; the article text is the body after it."""
    text = _decode(read_bounded(path, MAX_ARTICLE_BYTES), notes)
    match = _FRONT_MATTER.match(text)
    if match:
        front = load_front_matter(match.group(1))
        meta = clean_metadata(front, lambda reason: notes.warn(f"front matter: {reason}"), base=meta)
        text = text[match.end() :]
        if not text.strip():
            raise InputError("front matter but no article body")
    yield _article(text, meta, fallback_id=path.stem, path=path)


def read_html(path: Path, meta: ArticleMetadata, notes: Notes) -> Iterator[Article]:
    """HTML page: main text and metadata via trafilatura (which never fetches anything here).

    The page's declared charset is honoured (unless the bytes are plainly UTF-8), so
    a windows-1251 page is not read as mojibake.
    """
    try:
        import trafilatura
    except ImportError:
        raise InputError("reading .html needs the html extra: pip install 'factsheet[html]'") from None

    data = read_bounded(path, MAX_ARTICLE_BYTES)
    html = _decode(data, notes, declared=declared_charset(data))
    text = trafilatura.extract(
        html, include_comments=False, include_tables=False, favor_precision=True, deduplicate=True
    )
    if not text or not text.strip():
        raise InputError("no article text found in the HTML")
    page = trafilatura.extract_metadata(html)
    found: dict[str, object] = {}
    if page is not None:
        found = {"title": page.title, "outlet": page.sitename, "url": page.url, "published": page.date}
    from_page = clean_metadata(
        {k: v for k, v in found.items() if v}, lambda reason: notes.warn(f"page metadata: {reason}")
    )
    merged = {**from_page.model_dump(exclude_none=True), **meta.model_dump(exclude_none=True)}
    yield _article(text, ArticleMetadata.model_validate(merged), fallback_id=path.stem, path=path)


def read_jsonl(path: Path, meta: ArticleMetadata, notes: Notes) -> Iterator[Article]:
    """One article per line: {"id", "text", "title", "published", "outlet", "url"}.

    Each bad line is one problem naming the line; the lines after it are still read.
    """
    for line in bounded_lines(path, MAX_JSONL_BYTES, MAX_ARTICLE_BYTES * 2):
        where = f"line {line.number}: "
        if line.text is None:
            notes.problem(f"{where}over the {MAX_ARTICLE_BYTES * 2 // 1_048_576} MB limit for one line")
            continue
        if not line.text.strip():
            continue
        if line.legacy:
            notes.warn(f"{where}not UTF-8; read as Windows-1252")
        try:
            record = json.loads(line.text.rstrip("\r\n"))
        except json.JSONDecodeError as exc:
            notes.problem(f"{where}invalid JSON ({exc.msg})")
            continue
        except RecursionError:
            notes.problem(f"{where}invalid JSON (nested too deeply)")
            continue
        if not isinstance(record, dict):
            notes.problem(f"{where}not a JSON object")
            continue
        key = next((k for k in ("text", "body", "content") if k in record), None)
        body = record.get(key) if key else None
        if key is None:
            notes.problem(f'{where}no "text" field')
            continue
        if not isinstance(body, str):
            notes.problem(f'{where}"{key}" is not a string')
            continue
        if not body.strip():
            notes.problem(f'{where}"{key}" is empty')
            continue
        try:
            size = len(body.encode("utf-8"))
        except UnicodeEncodeError as exc:
            notes.problem(f'{where}"{key}" holds an unpaired surrogate at character {exc.start}')
            continue
        if size > MAX_ARTICLE_BYTES:
            notes.problem(f"{where}article over the {MAX_ARTICLE_BYTES // 1_048_576} MB limit")
            continue
        line_meta = clean_metadata(record, _prefixed(notes, where))
        yield _article(body, line_meta, fallback_id=f"{path.stem}-{line.number}", path=path)


def _prefixed(notes: Notes, where: str) -> Callable[[str], None]:
    return lambda reason: notes.warn(f"{where}{reason}")


READERS: dict[str, Reader] = {
    ".txt": read_text,
    ".text": read_text,
    ".md": read_markdown,
    ".markdown": read_markdown,
    ".html": read_html,
    ".htm": read_html,
    ".jsonl": read_jsonl,
}
