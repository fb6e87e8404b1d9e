"""Article metadata from a `docs.jsonl` sidecar beside plain-text articles.

Every line stands alone: a malformed line, a line that is not UTF-8, a bad field or
an id given twice is reported for that line, and every other line still applies.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from factsheet.ingest.decode import shown
from factsheet.ingest.lines import bounded_lines
from factsheet.ingest.metadata import ArticleMetadata, clean_metadata
from factsheet.models import FileProblem

__all__ = ["SIDECAR_NAME", "ArticleMetadata", "Sidecar", "read_sidecar"]

SIDECAR_NAME = "docs.jsonl"
MAX_SIDECAR_BYTES = 50 * 1024 * 1024
MAX_SIDECAR_LINE = 64 * 1024


@dataclass
class Sidecar:
    metadata: dict[str, ArticleMetadata] = field(default_factory=dict)
    problems: list[FileProblem] = field(default_factory=list)
    warnings: list[FileProblem] = field(default_factory=list)


def read_sidecar(path: Path) -> Sidecar:
    """Read `docs.jsonl`: one JSON object per line keyed by `id`; the first line for an id wins."""
    result = Sidecar()
    first_line: dict[str, int] = {}
    for line in bounded_lines(path, MAX_SIDECAR_BYTES, MAX_SIDECAR_LINE):
        where = f"{shown(str(path))}:{line.number}"

        def problem(reason: str, where: str = where) -> None:
            result.problems.append(FileProblem(path=where, reason=reason))

        def warn(reason: str, where: str = where) -> None:
            result.warnings.append(FileProblem(path=where, reason=reason))

        if line.text is None:
            problem(f"metadata line is over the {MAX_SIDECAR_LINE // 1024} KB limit; ignored")
            continue
        if not line.text.strip():
            continue
        if line.legacy:
            warn("not UTF-8; read as Windows-1252")
        try:
            record = json.loads(line.text.rstrip("\r\n"))
        except json.JSONDecodeError as exc:
            problem(f"invalid JSON in metadata ({exc.msg})")
            continue
        except RecursionError:
            problem("invalid JSON in metadata (nested too deeply)")
            continue
        if not isinstance(record, dict) or record.get("id") in (None, ""):
            problem('metadata line has no "id"')
            continue
        meta = clean_metadata(record, warn)
        if meta.id is None:
            problem('metadata line has no usable "id"')
            continue
        if meta.id in first_line:
            problem(f"id {shown(meta.id)!r} already given on line {first_line[meta.id]}; this line ignored")
            continue
        first_line[meta.id] = line.number
        result.metadata[meta.id] = meta
    return result
