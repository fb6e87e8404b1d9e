"""Find scraped page chrome so extraction can skip it without moving offsets.

Copy-pasted and scraped articles carry menus, photo credits, app adverts,
comment-policy footers and repeated headlines. Facts are never read from these
lines, but the article text is kept whole so quote offsets index the original.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

_CHROME_LINE = re.compile(
    r"""^(?:
        home\s*[»>›/|] .*                                  # breadcrumbs
      | (?:photo(?:graph(?:er)?)?|image|credit|source)s?\s*:.*
      | \(\s*photo\s*:.*\)
      | .*\bview\s+gallery\b.*
      | (?:you\s+may\s+also\s+like|related(?:\s+(?:articles|stories))?|read\s+more)
      | (?:more|most\s+read)\s+from\s.*
      | leave\s+a\s+(?:comment|reply)
      | comments?
      | .*\bthis\s+site\s+uses\s+akismet\b.*
      | .*\byour\s+email\s+address\s+will\s+not\s+be\s+published\b.*
      | .*\brequired\s+fields\s+are\s+marked\b.*
      | .*\bthe\s+commenter\s+agrees\b.*
      | get\s+the\s+.{1,40}\s+app\b.*
      | .*\bfollow\s+\S+(?:\s+\S+)?\s+on\s+(?:facebook|twitter|x|instagram|telegram)\b.*
      | (?:share|tweet|email|print)(?:\s+(?:this|on\s+\w+))?
      | (?:sign\s+up|subscribe)\b.{0,80}
      | advertisement
      | all\s+rights\s+reserved.*
      | (?:©|\(c\)|copyright)\s.*
      | ["“”'\s]*
    )$""",
    re.IGNORECASE | re.VERBOSE,
)
MAX_CHROME_LINE = 2_000
"""Longer lines are never chrome, headings or repeats, and are not scanned for it."""
_LATIN_LETTER = re.compile(r"[A-Za-z]")
_ANY_LETTER = re.compile(r"[^\W\d_]")


def find_chrome_spans(text: str, title: str | None = None) -> list[tuple[int, int]]:
    """Character ranges of lines that are page chrome, headings, repeats, or not in a Latin script.

    Headlines and subheadings are skipped too: they restate the body in clipped
    headline grammar, which parses badly and would only duplicate the body's facts.
    """
    spans: list[tuple[int, int]] = []
    seen: set[str] = set()
    if title:
        seen.add(" ".join(title.split()).casefold())
    offset = 0
    for line in text.splitlines(keepends=True):
        body = line.strip()
        start = offset + (len(line) - len(line.lstrip()))
        end = start + len(body)
        offset += len(line)
        if not body:
            continue
        if len(body) > MAX_CHROME_LINE:  # page chrome is short; a long line is body text
            continue
        key = " ".join(body.split()).casefold()
        if _is_chrome(body) or key in seen or _is_heading(body):
            spans.append((start, end))
        seen.add(key)
    return spans


def _is_chrome(line: str) -> bool:
    if _CHROME_LINE.match(line):
        return True
    letters = _ANY_LETTER.findall(line)
    # A line mostly in another script (a caption in Hebrew, say) is not for an English reader.
    return bool(letters) and len(_LATIN_LETTER.findall(line)) < 0.5 * len(letters)


_TERMINAL = tuple('.!?:;"”’)…')


def _is_heading(line: str) -> bool:
    """A short line in Title Case with no closing punctuation: a headline or subheading."""
    if line.endswith(_TERMINAL):
        return False
    words = [w for w in line.split() if w[:1].isalpha()]
    if not words or len(words) > 16:
        return False
    long_words = [w for w in words if len(w) > 3]
    capitalised = [w for w in long_words if w[0].isupper()]
    return bool(long_words) and len(capitalised) >= 0.6 * len(long_words)


MAX_PIECE_CHARS = 2_000
"""Longest piece of text handed to the parser at once.

spaCy refuses texts over `nlp.max_length` (1,000,000 characters) and needs about
1 GB of memory per 100,000 characters it parses in one go; the rules then ask each
sentence for its entities, which walks the whole piece, so the cost of a piece
grows with its square. A pasted article can be a single line of megabytes. Lines
are cut into pieces this long at sentence ends (or, failing that, at spaces)
instead of raising the limit. News paragraphs are shorter than this, so ordinary
articles are never cut.
"""

# A sentence end: not after a capital ("U.S.") or a two-letter title ("Mr."), and
# followed by what starts a sentence.
_PIECE_END = re.compile(r"(?<![A-Z])(?<!\b[A-Z][a-z])[.!?…][\"”’)\]]*\s+(?=[\"“‘(\[]?[A-Z0-9])")


def bounded_pieces(text: str, offset: int = 0, max_chars: int = MAX_PIECE_CHARS) -> Iterator[tuple[int, str]]:
    """`text` as (offset, piece) pairs of at most `max_chars`, cut after a sentence end where possible.

    Each piece is `text[start:start + len(piece)]` with `offset` added to `start`, so
    offsets computed inside a piece still index the original article.
    """
    start = 0
    while len(text) - start > max_chars:
        window = text[start : start + max_chars]
        cut = 0
        for match in _PIECE_END.finditer(window, max_chars // 2):
            cut = match.end()
        if not cut:
            cut = window.rfind(" ", max_chars // 2) + 1 or max_chars
        piece = text[start : start + cut]
        stripped = piece.strip()
        if stripped:
            yield offset + start + (len(piece) - len(piece.lstrip())), stripped
        start += cut
    piece = text[start:]
    if piece.strip():
        yield offset + start + (len(piece) - len(piece.lstrip())), piece.strip()


def content_segments(
    text: str, skip: list[tuple[int, int]], max_chars: int = MAX_PIECE_CHARS
) -> list[tuple[int, str]]:
    """The article's non-chrome paragraphs as (offset, text) pairs, one per line or piece of a line.

    Lines longer than `max_chars` come as several pieces (see `bounded_pieces`).
    Linear in the article: the skipped spans are walked once, in order, beside the lines.
    """
    skipped = sorted(skip)
    segments: list[tuple[int, str]] = []
    offset = 0
    next_skip = 0
    for line in text.splitlines(keepends=True):
        body = line.rstrip("\r\n")
        stripped = body.strip()
        start = offset + (len(body) - len(body.lstrip()))
        offset += len(line)
        if not stripped:
            continue
        while next_skip < len(skipped) and skipped[next_skip][1] <= start:
            next_skip += 1
        if next_skip < len(skipped) and skipped[next_skip][0] <= start < skipped[next_skip][1]:
            continue
        if len(stripped) <= max_chars:
            segments.append((start, stripped))
        else:
            segments.extend(bounded_pieces(stripped, start, max_chars))
    return segments
