"""Turn a file's bytes into article text, or a one-line reason why not."""

from __future__ import annotations

from dataclasses import dataclass

MAX_ARTICLE_BYTES = 5 * 1024 * 1024
"""No news article is 5 MB of text; a bigger file is a dump or a mistake."""


class InputError(Exception):
    """An input file that cannot become an article; str() is the user-facing reason."""


@dataclass(frozen=True)
class Decoded:
    text: str
    warning: str | None = None


def decode_article_bytes(data: bytes, *, max_bytes: int = MAX_ARTICLE_BYTES) -> Decoded:
    """Decode bytes as UTF-8 text, refusing empty, oversized and binary files.

    Non-UTF-8 text is decoded as Windows-1252 (the usual encoding of such news
    exports) with a warning, rather than failing the article.
    """
    if len(data) > max_bytes:
        raise InputError(
            f"file is {len(data) / 1_048_576:.1f} MB, over the "
            f"{max_bytes / 1_048_576:.0f} MB limit for one article"
        )
    if not data.strip():
        raise InputError("empty file")
    if b"\x00" in data[:8192] or _control_ratio(data[:8192]) > 0.1:
        raise InputError("binary file, not text")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return Decoded(data.decode("utf-8"))
    except UnicodeDecodeError as exc:
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            raise InputError(f"not UTF-8 text (bad byte at offset {exc.start})") from None
        return Decoded(text, f"not UTF-8 (bad byte at offset {exc.start}); read as Windows-1252")


def _control_ratio(sample: bytes) -> float:
    if not sample:
        return 0.0
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13))
    return controls / len(sample)
