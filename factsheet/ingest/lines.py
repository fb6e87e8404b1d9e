"""Line-by-line reading of JSONL files with every line bounded, and lines decoded one at a time.

A JSONL file is a batch: one bad line (broken JSON, a stray Latin-1 byte, a line of
a gigabyte) must cost that line only, never the lines after it.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from factsheet.ingest.decode import open_regular


@dataclass(frozen=True)
class Line:
    number: int
    text: str | None  # None: the line was over the limit and was not kept
    legacy: bool = False  # not UTF-8, read as Windows-1252
    size: int = 0


def bounded_lines(path: Path, max_file_bytes: int, max_line_bytes: int) -> Iterator[Line]:
    """Each line of a regular file, decoded; a line over `max_line_bytes` is skipped unread."""
    fd = open_regular(path, max_file_bytes)
    with os.fdopen(fd, "rb") as handle:
        number = 0
        while True:
            raw = handle.readline(max_line_bytes + 1)
            if not raw:
                return
            number += 1
            if len(raw) > max_line_bytes and not raw.endswith(b"\n"):
                size = len(raw)
                while raw and not raw.endswith(b"\n"):  # skip the rest of the line in pieces
                    raw = handle.readline(1 << 20)
                    size += len(raw)
                yield Line(number, None, size=size)
                continue
            if number == 1 and raw.startswith(b"\xef\xbb\xbf"):
                raw = raw[3:]
            try:
                yield Line(number, raw.decode("utf-8"), size=len(raw))
            except UnicodeDecodeError:
                text = raw.decode("cp1252", errors="factsheet-cp1252")
                yield Line(number, text, legacy=True, size=len(raw))
