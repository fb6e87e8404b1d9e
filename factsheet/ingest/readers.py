"""One reader per article format; each turns a file into Articles or raises InputError."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from pathlib import Path

import yaml
from pydantic import ValidationError

from factsheet.ingest.chrome import find_chrome_spans
from factsheet.ingest.decode import MAX_ARTICLE_BYTES, InputError, decode_article_bytes
from factsheet.ingest.sidecar import ArticleMetadata
from factsheet.models import Article

MAX_JSONL_BYTES = 200 * 1024 * 1024
_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?)\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.DOTALL)

Reader = Callable[[Path, bytes, ArticleMetadata], Iterator[Article]]


def _article(text: str, meta: ArticleMetadata, *, fallback_id: str, path: Path) -> Article:
    return Article(
        id=meta.id or fallback_id,
        text=text,
        title=meta.title,
        outlet=meta.outlet,
        url=meta.url,
        published=meta.published,
        source_path=str(path),
        skip_spans=find_chrome_spans(text, meta.title),
    )


def read_text(path: Path, data: bytes, meta: ArticleMetadata) -> Iterator[Article]:
    """Plain text: the whole file is the article; metadata comes from the sidecar."""
    text = decode_article_bytes(data).text
    yield _article(text, meta, fallback_id=path.stem, path=path)


def read_markdown(path: Path, data: bytes, meta: ArticleMetadata) -> Iterator[Article]:
    """Markdown with optional YAML front matter; the article text is the body after it."""
    text = decode_article_bytes(data).text
    match = _FRONT_MATTER.match(text)
    if match:
        try:
            front = yaml.safe_load(match.group(1)) or {}
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            where = f" at line {mark.line + 1}" if mark else ""
            raise InputError(f"invalid YAML front matter{where}") from None
        if not isinstance(front, dict):
            raise InputError("front matter is not a mapping of fields")
        merged = {
            **meta.model_dump(exclude_none=True),
            **{k: front[k] for k in ArticleMetadata.model_fields if front.get(k) is not None},
        }
        meta = _validated_meta(merged)
        text = text[match.end() :]
        if not text.strip():
            raise InputError("front matter but no article body")
    yield _article(text, meta, fallback_id=path.stem, path=path)


def read_html(path: Path, data: bytes, meta: ArticleMetadata) -> Iterator[Article]:
    """HTML page: main text and metadata via trafilatura (which never fetches anything here)."""
    import trafilatura

    html = decode_article_bytes(data).text
    text = trafilatura.extract(
        html, include_comments=False, include_tables=False, favor_precision=True, deduplicate=True
    )
    if not text or not text.strip():
        raise InputError("no article text found in the HTML")
    page = trafilatura.extract_metadata(html)
    found: dict[str, object] = {}
    if page is not None:
        found = {"title": page.title, "outlet": page.sitename, "url": page.url, "published": page.date}
    merged = {**{k: v for k, v in found.items() if v}, **meta.model_dump(exclude_none=True)}
    try:
        meta = _validated_meta(merged)
    except InputError:
        merged.pop("published", None)
        meta = _validated_meta(merged)
    yield _article(text, meta, fallback_id=path.stem, path=path)


def read_jsonl(path: Path, data: bytes, meta: ArticleMetadata) -> Iterator[Article]:
    """One article per line: {"id", "text", "title", "published", "outlet", "url"}.

    A bad line raises InputError naming the line; lines before it are already yielded.
    """
    text = decode_article_bytes(data, max_bytes=MAX_JSONL_BYTES).text
    for lineno, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(f"line {lineno}: invalid JSON ({exc.msg})") from None
        body = (
            record.get("text") or record.get("body") or record.get("content")
            if isinstance(record, dict)
            else None
        )
        if not isinstance(body, str) or not body.strip():
            raise InputError(f'line {lineno}: no "text" field')
        if len(body.encode("utf-8")) > MAX_ARTICLE_BYTES:
            raise InputError(f"line {lineno}: article over the {MAX_ARTICLE_BYTES // 1_048_576} MB limit")
        line_meta = _validated_meta(
            {k: record.get(k) for k in ArticleMetadata.model_fields}, where=f"line {lineno}: "
        )
        yield _article(body, line_meta, fallback_id=f"{path.stem}-{lineno}", path=path)


def _validated_meta(values: dict, where: str = "") -> ArticleMetadata:
    clean = {
        k: (str(v) if k in ("id", "title", "outlet", "url") and v is not None else v)
        for k, v in values.items()
    }
    try:
        return ArticleMetadata.model_validate(clean)
    except ValidationError as exc:
        first = exc.errors()[0]
        field = ".".join(str(p) for p in first["loc"])
        raise InputError(f"{where}bad metadata field {field}: {first['msg']}") from None


READERS: dict[str, Reader] = {
    ".txt": read_text,
    ".text": read_text,
    ".md": read_markdown,
    ".markdown": read_markdown,
    ".html": read_html,
    ".htm": read_html,
    ".jsonl": read_jsonl,
}
