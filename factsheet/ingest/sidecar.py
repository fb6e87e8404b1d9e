"""Article metadata from a `docs.jsonl` sidecar beside plain-text articles."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from pydantic import BaseModel, ValidationError

from factsheet.models import FileProblem

SIDECAR_NAME = "docs.jsonl"


class ArticleMetadata(BaseModel):
    """What a sidecar line, front matter or JSONL record may say about an article."""

    id: str | None = None
    title: str | None = None
    outlet: str | None = None
    url: str | None = None
    published: dt.date | None = None


def read_sidecar(path: Path) -> tuple[dict[str, ArticleMetadata], list[FileProblem]]:
    """Read `docs.jsonl`: one JSON object per line keyed by `id`.

    A malformed line is reported and skipped; the good lines still apply.
    """
    metadata: dict[str, ArticleMetadata] = {}
    problems: list[FileProblem] = []
    for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        where = f"{path}:{lineno}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            problems.append(FileProblem(path=where, reason=f"invalid JSON in metadata ({exc.msg})"))
            continue
        if not isinstance(record, dict) or not record.get("id"):
            problems.append(FileProblem(path=where, reason='metadata line has no "id"'))
            continue
        try:
            meta = ArticleMetadata.model_validate({k: record.get(k) for k in ArticleMetadata.model_fields})
        except ValidationError as exc:
            first = exc.errors()[0]
            field = ".".join(str(p) for p in first["loc"])
            problems.append(FileProblem(path=where, reason=f"bad metadata field {field}: {first['msg']}"))
            continue
        metadata[str(record["id"])] = meta
    return metadata, problems
